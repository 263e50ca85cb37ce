"""lecture_utils.experiments: die drei Experimente aus den Papers, mit winzigen Daten."""

import keras
import numpy as np
import pytest

from lecture_utils import experiments, profiles, transfer_experiment

TINY = profiles.TrainSettings(epochs=2, batch_size=32, train_samples=96, test_samples=40)


def fake_images(n_train=120, n_test=40, seed=0):
    """Ein Datensatz in der Form von load_fashion_mnist: uint8 (N, 28, 28), 10 Klassen."""
    rng = np.random.default_rng(seed)
    y_train, y_test = np.arange(n_train) % 10, np.arange(n_test) % 10
    x_train = rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8)
    x_test = rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8)
    return lambda: ((x_train, y_train.astype("uint8")), (x_test, y_test.astype("uint8")))


@pytest.fixture(autouse=True)
def fresh_session():
    yield
    keras.backend.clear_session()


# --- Einstellungen aus den Profilen --------------------------------------------------


def test_every_experiment_has_settings_in_every_profile():
    for name in ("exp_relu_vs_tanh", "exp_degradation", "exp_transfer_source",
                 "exp_transfer_target"):
        for profile in profiles.PROFILES:
            assert profiles.settings(name, profile).epochs >= 1
    for table in (experiments.DEGRADATION_DEPTHS, experiments.DEGRADATION_WIDTHS,
                  transfer_experiment.TRANSFER_EXAMPLES, transfer_experiment.TRANSFER_REPEATS):
        assert set(table) == set(profiles.PROFILES)
    for shallow, deep in experiments.DEGRADATION_DEPTHS.values():
        assert shallow < deep and (shallow - 2) % 6 == 0 and (deep - 2) % 6 == 0
    assert experiments.DEGRADATION_DEPTHS["full"] == (20, 56)  # wie He et al. (2016)
    assert transfer_experiment.TRANSFER_EXAMPLES["laptop"][0] == 1
    assert profiles.settings("exp_relu_vs_tanh", "laptop").train_samples >= 10_000


# --- ReLU gegen tanh -----------------------------------------------------------------


def test_subtract_mean_keeps_the_raw_scale():
    x = np.stack([np.full((4, 4), 10, np.uint8), np.full((4, 4), 250, np.uint8)])
    centred, test = experiments.subtract_mean(x, x[:1])
    assert centred.shape == (2, 4, 4, 1) and centred.dtype == np.float32
    assert np.allclose(centred.mean(axis=0), 0)
    assert centred.max() == pytest.approx(120)  # nicht auf [0, 1] skaliert
    assert np.allclose(test, -120)
    with pytest.raises(ValueError, match=r"\(N, H, W\)"):
        experiments.subtract_mean(np.zeros(5))


def test_small_cnn_has_four_weight_layers_and_no_batchnorm():
    model = experiments.small_cnn("tanh")
    weighted = [layer for layer in model.layers if layer.weights]
    assert [layer.name for layer in weighted] == ["Conv1", "Conv2", "FC1", "FC2"]
    assert not any(isinstance(layer, keras.layers.BatchNormalization) for layer in model.layers)
    assert model.get_layer("Conv1").activation.__name__ == "tanh"
    assert model.output_shape == (None, 10)


def test_epochs_to_target_counts_from_one():
    assert experiments.epochs_to_target([0.6, 0.3, 0.25, 0.1], 0.25) == 3
    assert experiments.epochs_to_target([0.6, 0.3], 0.25) is None
    with pytest.raises(ValueError, match="1.5"):
        experiments.epochs_to_target([0.1], 1.5)


def test_relu_vs_tanh_returns_errors_per_epoch_for_both_activations(capsys):
    result = experiments.relu_vs_tanh(TINY, target_error=0.05, loader=fake_images())
    assert set(result["train_error"]) == {"relu", "tanh"}
    assert result["max_epochs"] == 2 and result["train_samples"] == 96
    for activation, errors in result["train_error"].items():
        assert 1 <= len(errors) <= 2 and all(0 <= e <= 1 for e in errors)
        expected = next((i + 1 for i, e in enumerate(errors) if e <= 0.05), None)
        assert result["epochs_to_target"][activation] == expected
    assert result["seconds"] > 0
    assert "tanh: Trainingsfehler je Epoche" in capsys.readouterr().out


def test_relu_vs_tanh_stops_at_the_target():
    # Ziel 0,99: schon die erste Epoche liegt darunter, also nur eine Epoche je Netz
    result = experiments.relu_vs_tanh(TINY, target_error=0.99, loader=fake_images())
    assert result["epochs_to_target"] == {"relu": 1, "tanh": 1}
    assert all(len(e) == 1 for e in result["train_error"].values())
    with pytest.raises(ValueError, match="target_error"):
        experiments.relu_vs_tanh(TINY, target_error=0, loader=fake_images())


# --- Degradation ---------------------------------------------------------------------


def test_plain_and_resnet_differ_only_in_the_shortcuts():
    resnet = experiments.plain_or_resnet(14, True, widths=(4, 8, 8))
    plain = experiments.plain_or_resnet(14, False, widths=(4, 8, 8))
    convs = [layer for layer in plain.layers if isinstance(layer, keras.layers.Conv2D)]
    assert len(convs) == 13  # 13 Konv-Schichten + 1 FC-Schicht = 14 Schichten
    assert not any(isinstance(layer, keras.layers.Add) for layer in plain.layers)
    assert sum(isinstance(layer, keras.layers.Add) for layer in resnet.layers) == 6
    assert resnet.output_shape == plain.output_shape == (None, 10)
    with pytest.raises(ValueError, match="6n \\+ 2.*15"):
        experiments.plain_or_resnet(15, True)
    with pytest.raises(ValueError, match="drei Filterzahlen"):
        experiments.plain_or_resnet(8, True, widths=(8, 16))


def test_train_mode_error_uses_the_statistics_of_the_batch():
    # Klasse 0: x = 99, Klasse 1: x = 101. Im Trainingsmodus normiert Batch Normalization
    # auf −1/+1 und die FC-Schicht trennt; mit den Startwerten der gleitenden Mittel
    # (Mittelwert 0, Varianz 1) landen beide Klassen bei Klasse 1: Fehler 50 %.
    inputs = keras.Input((1,))
    x = keras.layers.BatchNormalization(center=False, scale=False)(inputs)
    outputs = keras.layers.Dense(2, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.layers[-1].set_weights([np.array([[-1.0, 1.0]]), np.zeros(2)])
    x = np.array([[99.0], [101.0]] * 8, dtype="float32")
    y = np.array([0, 1] * 8)
    assert experiments.train_mode_error(model, x, y, batch_size=16) == 0.0
    predicted = model.predict(x, verbose=0).argmax(axis=-1)
    assert np.mean(predicted != y) == 0.5


def test_degradation_reports_the_four_nets(capsys):
    result = experiments.degradation(TINY, depths=(8, 14), widths=(4, 4, 8),
                                     loader=fake_images())
    keys = {"plain_shallow", "plain_deep", "resnet_shallow", "resnet_deep"}
    assert result["depths"] == {"shallow": 8, "deep": 14}
    assert set(result["final_train_error"]) == keys
    assert all(0 <= e <= 1 for e in result["final_train_error"].values())
    assert all(len(result["train_error_per_epoch"][k]) == 2 for k in keys)
    assert result["parameters"]["resnet_deep"] > result["parameters"]["resnet_shallow"]
    assert "Plain-14: Trainingsfehler am Ende" in capsys.readouterr().out
    with pytest.raises(ValueError, match="kleiner"):
        experiments.degradation(TINY, depths=(14, 8), loader=fake_images())


# --- Transfer ------------------------------------------------------------------------


def test_pick_per_class_takes_n_of_each_class_reproducibly():
    x, y = np.arange(100), np.arange(100) % 10
    x1, y1 = transfer_experiment.pick_per_class(x, y, 3, seed=1)
    x2, _ = transfer_experiment.pick_per_class(x, y, 3, seed=1)
    assert np.array_equal(x1, x2) and np.all(np.bincount(y1) == 3)
    assert np.array_equal(y1, x1 % 10)  # Bilder und Labels bleiben beisammen
    with pytest.raises(ValueError, match="nur 10 Beispiele"):
        transfer_experiment.pick_per_class(x, y, 11)
    with pytest.raises(ValueError, match="n_per_class"):
        transfer_experiment.pick_per_class(x, y, 0)


def test_target_model_copies_and_freezes_the_conv_layers():
    source = experiments.small_cnn()
    frozen = transfer_experiment.target_model(source, "frozen", num_classes=5)
    finetune = transfer_experiment.target_model(source, "finetune")
    scratch = transfer_experiment.target_model(source, "scratch")
    assert transfer_experiment.feature_layers(source) == ["Conv1", "Conv2"]
    for name in ("Conv1", "Conv2"):
        kernel = source.get_layer(name).get_weights()[0]
        assert np.array_equal(frozen.get_layer(name).get_weights()[0], kernel)
        assert np.array_equal(finetune.get_layer(name).get_weights()[0], kernel)
        assert not np.array_equal(scratch.get_layer(name).get_weights()[0], kernel)
        assert not frozen.get_layer(name).trainable and finetune.get_layer(name).trainable
    assert frozen.get_layer("FC1").trainable and frozen.output_shape == (None, 5)
    with pytest.raises(ValueError, match="'gefroren'"):
        transfer_experiment.target_model(source, "gefroren")


def test_select_classes_relabels_from_zero():
    x, y = np.arange(10) * 10, np.arange(10)
    x5, y5 = transfer_experiment.select_classes(x, y, (5, 6, 7, 8, 9))
    assert list(x5) == [50, 60, 70, 80, 90] and list(y5) == [0, 1, 2, 3, 4]


def test_transfer_compares_three_strategies_per_number_of_examples(capsys):
    source = profiles.TrainSettings(1, 32, 64, 20)
    target = profiles.TrainSettings(1, 16, 40, 20)
    result = transfer_experiment.transfer(source, target, examples_per_class=(1, 2), repeats=1,
                                  source_loader=fake_images(seed=1),
                                  target_loader=fake_images(seed=2))
    assert result["examples_per_class"] == [1, 2]
    assert result["source"] == "Fashion-MNIST, alle 10 Klassen"
    assert result["target"] == "MNIST, Ziffern 5–9"
    assert set(result["accuracy"]) == {"scratch", "frozen", "finetune"}
    assert all(len(v) == 2 and all(0 <= a <= 1 for a in v) for v in result["accuracy"].values())
    assert 0 <= result["source_test_accuracy"] <= 1
    assert "2 Beispiele pro Klasse" in capsys.readouterr().out
    with pytest.raises(ValueError, match="'cifar'"):
        transfer_experiment.transfer(source, target, source="cifar")


def test_zero_init_starts_each_residual_block_as_its_shortcut():
    resnet = experiments.plain_or_resnet(8, True, widths=(4, 4, 4), zero_init=True)
    plain = experiments.plain_or_resnet(8, False, widths=(4, 4, 4), zero_init=True)
    gammas = [layer.gamma.numpy() for layer in resnet.layers if layer.name.endswith("_2_bn")]
    assert len(gammas) == 3 and all(np.all(g == 0) for g in gammas)
    assert all(np.all(layer.gamma.numpy() == 1) for layer in plain.layers
               if isinstance(layer, keras.layers.BatchNormalization))


def test_bench_effects_judges_each_experiment():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import bench_experiments

    report = {
        "relu_vs_tanh": {"epochs_to_target": {"relu": 2, "tanh": None}},
        "degradation": {"final_train_error": {"plain_shallow": 0.10, "plain_deep": 0.20,
                                              "resnet_shallow": 0.15, "resnet_deep": 0.11}},
        "transfer": {"accuracy": {"scratch": [0.57], "frozen": [0.63], "finetune": [0.61]}},
    }
    assert bench_experiments.effects(report) == {"relu_vs_tanh": True, "degradation": True,
                                                 "transfer": True}
    report["relu_vs_tanh"]["epochs_to_target"] = {"relu": 6, "tanh": 2}
    report["degradation"]["final_train_error"]["plain_deep"] = 0.09
    report["transfer"]["accuracy"]["scratch"] = [0.7]
    assert bench_experiments.effects(report) == {"relu_vs_tanh": False, "degradation": False,
                                                 "transfer": False}
