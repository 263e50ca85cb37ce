"""lecture_utils.transfer: Daten teilen, Netze für Aufgabe B bauen, winziger Vergleich."""

import keras
import numpy as np
import pytest

from lecture_utils import models, profiles, transfer
from lecture_utils.profiles import TrainSettings


def _tiny_source():
    """Aufbau wie im Kurs (Konv-Basis, Flatten, Kopf), nur winzig."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(4, 3, activation="relu", name="c1")(inputs)
    x = keras.layers.MaxPooling2D(2, name="p1")(x)
    x = keras.layers.Flatten(name="flat")(x)
    x = keras.layers.Dense(8, activation="relu", name="fc1")(x)
    outputs = keras.layers.Dense(2, activation="softmax", name="fc2")(x)
    return keras.Model(inputs, outputs)


def _toy_task(n=40, seed=0):
    """Zwei Klassen: helle linke oder helle rechte Bildhälfte."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    x = rng.random((n, 8, 8, 1)).astype("float32") * 0.2
    for i, label in enumerate(y):
        x[i, :, 4 * label:4 * label + 4] += 0.8
    return x, y


def test_select_classes_relabels_from_zero():
    x = np.arange(6)
    y = np.array([5, 0, 7, 5, 9, 1])
    xs, ys = transfer.select_classes(x, y, (5, 7))
    np.testing.assert_array_equal(xs, [0, 2, 3])
    np.testing.assert_array_equal(ys, [0, 1, 0])


def test_few_shot_takes_n_per_class_reproducibly():
    x, y = np.arange(30), np.arange(30) % 3
    xs, ys = transfer.few_shot(x, y, 4, seed=1)
    assert np.bincount(ys).tolist() == [4, 4, 4]
    np.testing.assert_array_equal(xs, transfer.few_shot(x, y, 4, seed=1)[0])
    assert not np.array_equal(xs, transfer.few_shot(x, y, 4, seed=2)[0])
    with pytest.raises(ValueError, match="nur 10 Beispiele"):
        transfer.few_shot(x, y, 11)


def test_repeat_to_keeps_the_pairs_together():
    x, y = np.arange(3) * 10, np.arange(3)
    xs, ys = transfer.repeat_to(x, y, 7)
    assert len(xs) == 9 and np.bincount(ys).tolist() == [3, 3, 3]
    np.testing.assert_array_equal(xs, ys * 10)


def test_n_values_respect_profile_and_data():
    labels = np.repeat(np.arange(5), 40)
    assert transfer.n_values(TrainSettings(1, 8, 60, None), labels) == (1, 3, 10)
    assert transfer.n_values(TrainSettings(1, 8, None, None), labels) == (1, 3, 10, 30)


def test_base_layers_are_the_conv_layers_before_flatten():
    assert transfer.base_layers(models.mnist_cnn()) == ["Conv1", "Conv2", "Conv3", "Conv4"]
    no_flatten = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="Flatten"):
        transfer.base_layers(no_flatten)


@pytest.mark.parametrize("strategy", ["scratch", "frozen", "finetune"])
def test_build_copies_and_freezes_the_base(strategy):
    source = _tiny_source()
    model = transfer.build(source, strategy, seed=3)
    copied = np.allclose(model.get_layer("c1").get_weights()[0],
                         source.get_layer("c1").get_weights()[0])
    assert copied == (strategy != "scratch")
    assert model.get_layer("c1").trainable == (strategy != "frozen")
    assert model.get_layer("fc2").trainable
    assert not np.allclose(model.get_layer("fc1").get_weights()[0],
                           source.get_layer("fc1").get_weights()[0])  # neuer Kopf
    assert model.optimizer is not None
    with pytest.raises(ValueError, match="Unbekannte Strategie 'alles'"):
        transfer.build(source, "alles")


def test_compare_returns_a_table_for_every_strategy_and_n(capsys):
    source = _tiny_source()
    train, test = _toy_task(40), _toy_task(20, seed=1)
    settings = TrainSettings(epochs=2, batch_size=8, train_samples=8, test_samples=None)
    table = transfer.compare(source, train, test, settings, repeats=1,
                             strategies=("scratch", "finetune"))
    assert table.n_per_class == (1, 3)  # 10 · 2 Klassen > 8 = train_samples
    assert list(table.labels) == ["scratch", "finetune"]
    for runs in table.accuracy.values():
        assert runs.shape == (2, 1) and ((0 <= runs) & (runs <= 1)).all()
    assert "Beispiele pro Klasse" in capsys.readouterr().out
    text = table.to_text()
    assert "pro Klasse" in text and "%" in text and len(text.splitlines()) == 4


def test_pretrain_on_digits_0_to_4(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_CHECKPOINT_DIR", str(tmp_path))
    result = transfer.pretrain(TrainSettings(1, 32, 64, 32), name="test_pretrain")
    assert result.model.output.shape[-1] == 5
    assert set(np.unique(result.train[1])) <= set(range(5)) and len(result.train[0]) == 64
    assert len(result.history["accuracy"]) == 1


def test_active_profile_has_repeats():
    assert set(profiles.PROFILES) <= set(transfer.REPEATS)  # jedes Profil hat eine Zahl
    assert all(isinstance(n, int) and n >= 1 for n in transfer.REPEATS.values())
