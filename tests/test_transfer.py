"""lecture_utils.training.transfer: Daten teilen, Netze für Aufgabe B bauen, winziger Vergleich,
das ganze Experiment für den Benchmark."""

import keras
import numpy as np
import pytest
from fakes import fake_images

from lecture_utils.core import profiles
from lecture_utils.core.profiles import TrainSettings
from lecture_utils.training import recipes, relu_vs_tanh, transfer, transfer_tasks


@pytest.fixture(autouse=True)
def fresh_session(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_CHECKPOINT_DIR", str(tmp_path))
    yield
    keras.backend.clear_session()




def _toy_task(n=40, seed=0):
    """Fünf Klassen 28×28: Klasse k hat einen hellen Streifen in Zeile 5k."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 5
    x = rng.random((n, 28, 28, 1)).astype("float32") * 0.2
    for i, label in enumerate(y):
        x[i, 5 * label:5 * label + 4] += 0.8
    return x, y


# --- Daten ---------------------------------------------------------------------------


def test_select_classes_relabels_from_zero():
    x = np.arange(6)
    y = np.array([5, 0, 7, 5, 9, 1])
    xs, ys = transfer_tasks.select_classes(x, y, (5, 7))
    np.testing.assert_array_equal(xs, [0, 2, 3])
    np.testing.assert_array_equal(ys, [0, 1, 0])
    with pytest.raises(ValueError, match="'5'"):
        transfer_tasks.select_classes(x, y, ("5",))


def test_task_data_takes_the_classes_of_the_task():
    (x, y), (xt, yt) = transfer_tasks.task_data("ziffern_5_9", loader=fake_images())
    assert x.shape == (60, 28, 28, 1) and x.dtype == np.float32 and x.max() <= 1
    assert sorted(np.unique(y)) == [0, 1, 2, 3, 4] and len(xt) == 20
    (x, _), (xt, _) = transfer_tasks.task_data("fashion", 30, 10, loader=fake_images())
    assert len(x) == 30 and len(xt) == 10
    with pytest.raises(ValueError, match="'cifar'"):
        transfer_tasks.task_data("cifar")


def test_few_shot_takes_n_per_class_reproducibly():
    x, y = np.arange(100), np.arange(100) % 10
    x1, y1 = transfer_tasks.few_shot(x, y, 3, seed=1)
    x2, _ = transfer_tasks.few_shot(x, y, 3, seed=1)
    assert np.array_equal(x1, x2) and np.all(np.bincount(y1) == 3)
    assert np.array_equal(y1, x1 % 10)  # Bilder und Labels bleiben beisammen
    assert not np.array_equal(x1, transfer_tasks.few_shot(x, y, 3, seed=2)[0])
    with pytest.raises(ValueError, match="nur 10 Beispiele"):
        transfer_tasks.few_shot(x, y, 11)
    for wrong in (0, 2.0, True):
        with pytest.raises(ValueError, match="n_per_class"):
            transfer_tasks.few_shot(x, y, wrong)


def test_repeat_to_keeps_the_pairs_together():
    x, y = np.arange(3) * 10, np.arange(3)
    xs, ys = transfer_tasks.repeat_to(x, y, 7)
    assert len(xs) == 9 and np.bincount(ys).tolist() == [3, 3, 3]
    np.testing.assert_array_equal(xs, ys * 10)
    assert len(transfer_tasks.repeat_to(x, y, None)[0]) == 3
    with pytest.raises(ValueError, match="size"):
        transfer_tasks.repeat_to(x, y, 0)


def test_n_values_respect_profile_and_data():
    many = np.repeat(np.arange(5), 1000)
    assert transfer_tasks.n_values(many, "laptop") == (1, 3, 10, 30, 100)
    assert transfer_tasks.n_values(many, "full") == (1, 3, 10, 30, 100, 300, 1000)
    assert transfer_tasks.n_values(np.repeat(np.arange(5), 40), "full") == (1, 3, 10, 30)
    with pytest.raises(ValueError, match="'laptopp'"):
        transfer_tasks.n_values(many, "laptopp")


def test_every_profile_has_examples_repeats_and_strategies():
    for table in (transfer_tasks.EXAMPLES, transfer.REPEATS, transfer.PROFILE_STRATEGIES):
        assert set(table) == set(profiles.PROFILES)
    for profile in profiles.PROFILES:
        assert transfer_tasks.EXAMPLES[profile][0] == 1  # die wenigsten Labels immer dabei
        assert set(transfer.STRATEGIES) <= set(transfer.PROFILE_STRATEGIES[profile])
        assert transfer.REPEATS[profile] >= 1
    # so beschreibt es der Text in 10.4.2: Schicht für Schicht in gpu und full,
    # im Profil full bis 1000 Beispiele pro Klasse mit drei Wiederholungen
    for profile in ("gpu", "full"):
        assert set(transfer.LAYERWISE) <= set(transfer.PROFILE_STRATEGIES[profile])
    for profile in ("quick", "laptop"):
        assert transfer.PROFILE_STRATEGIES[profile] == ("scratch", "frozen", "finetune")
    assert transfer_tasks.EXAMPLES["full"][-1] == 1000 and transfer.REPEATS["full"] == 3


# --- Netze für Aufgabe B ---------------------------------------------------------------


def test_base_layers_are_the_conv_layers_before_flatten():
    assert transfer.base_layers(relu_vs_tanh.small_cnn()) == ["Conv1", "Conv2"]
    no_flatten = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="Flatten"):
        transfer.base_layers(no_flatten)


def test_copied_layers_per_strategy():
    source = relu_vs_tanh.small_cnn()
    assert transfer.copied_layers(source, "scratch") == []
    assert transfer.copied_layers(source, "frozen") == ["Conv1", "Conv2"]
    assert transfer.copied_layers(source, "finetune1") == ["Conv1"]
    for wrong in ("gefroren", "scratch1", "frozen3", "frozen0", None):
        with pytest.raises(ValueError, match="Strategie"):
            transfer.copied_layers(source, wrong)


@pytest.mark.parametrize("strategy, copied, trainable", [
    ("scratch", [], True), ("frozen", ["Conv1", "Conv2"], False),
    ("finetune", ["Conv1", "Conv2"], True), ("frozen1", ["Conv1"], False),
    ("finetune1", ["Conv1"], True)])
def test_target_model_copies_and_freezes_the_conv_layers(strategy, copied, trainable):
    source = relu_vs_tanh.small_cnn()
    model = transfer.target_model(source, strategy)
    for name in ("Conv1", "Conv2"):
        same = np.array_equal(model.get_layer(name).get_weights()[0],
                              source.get_layer(name).get_weights()[0])
        assert same == (name in copied), name
        assert model.get_layer(name).trainable == (trainable or name not in copied), name
    assert model.get_layer("FC1").trainable and model.get_layer("FC2").trainable
    assert model.output_shape == (None, 5) and model.optimizer is not None
    with pytest.raises(ValueError, match="num_classes"):
        transfer.target_model(source, strategy, num_classes=1)


def test_compare_returns_a_table_for_every_strategy_and_n(capsys):
    source = recipes.compile_classifier(relu_vs_tanh.small_cnn(num_classes=10))
    train, test = _toy_task(40), _toy_task(20, seed=1)
    settings = TrainSettings(epochs=2, batch_size=8, train_samples=16, test_samples=None)
    table = transfer.compare(source, train, test, settings, n_per_class=(1, 3), repeats=1,
                             strategies=("scratch", "frozen1"))
    assert table.n_per_class == (1, 3)
    assert table.labels == {"scratch": "ohne Vorwissen",
                            "frozen1": "nur Conv1 kopiert, eingefroren"}
    for runs in table.accuracy.values():
        assert runs.shape == (2, 1) and ((0 <= runs) & (runs <= 1)).all()
    assert table.best(0) in table.labels
    assert "3 Beispiele pro Klasse" in capsys.readouterr().out
    text = table.to_text()
    assert "pro Klasse" in text and "%" in text and len(text.splitlines()) == 4
    with pytest.raises(ValueError, match="'alles'"):
        transfer.compare(source, train, test, settings, strategies=("alles",))


def test_table_best_and_mean():
    table = transfer.TransferTable((1, 10), {"scratch": np.array([[0.5, 0.7], [0.9, 0.9]]),
                                             "frozen": np.array([[0.7, 0.7], [0.8, 0.8]])},
                                   {"scratch": "a", "frozen": "b"})
    np.testing.assert_allclose(table.mean("scratch"), [0.6, 0.9])
    assert table.best(0) == "frozen" and table.best(1) == "scratch"
    assert table.best(1, among=("frozen",)) == "frozen"


# --- Aufgabe A und das ganze Experiment ---------------------------------------------------


def test_pretrain_on_the_source_task():
    result = transfer.pretrain(TrainSettings(1, 32, 64, 32), "fashion", name="test_pretrain",
                               verbose=0, loader=fake_images())
    assert result.model.output_shape[-1] == 10
    assert len(result.train[0]) == 64 and len(result.history["accuracy"]) == 1
    digits = transfer.pretrain(TrainSettings(1, 32, 30, 10), "ziffern_0_4", verbose=0,
                               loader=fake_images())
    assert digits.model.output_shape[-1] == 5 and set(np.unique(digits.train[1])) <= set(range(5))
    with pytest.raises(ValueError, match="'ziffern_5_9'"):
        transfer.pretrain(source="ziffern_5_9")


def test_transfer_compares_the_strategies_per_number_of_examples(capsys):
    source = TrainSettings(1, 32, 64, 20)
    target = TrainSettings(1, 16, 40, 20)
    result = transfer.transfer(source, target, examples_per_class=(1, 2), repeats=1,
                               source_loader=fake_images(seed=1),
                               target_loader=fake_images(seed=2), profile="quick")
    assert result["examples_per_class"] == [1, 2] and result["repeats"] == 1
    assert result["source"] == "Fashion-MNIST, alle 10 Klassen"
    assert result["target"] == "MNIST, Ziffern 5–9"
    assert set(result["accuracy"]) == {"scratch", "frozen", "finetune"}  # Profil quick
    assert all(len(v) == 2 and all(0 <= a <= 1 for a in v) for v in result["accuracy"].values())
    assert 0 <= result["source_test_accuracy"] <= 1 and result["seconds"] > 0
    assert "2 Beispiele pro Klasse" in capsys.readouterr().out
    with pytest.raises(ValueError, match="'cifar'"):
        transfer.transfer(source, target, source="cifar")
