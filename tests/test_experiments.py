"""lecture_utils.training.experiments: die drei Experimente aus den Papers, mit winzigen Daten."""

import keras
import numpy as np
import pytest
from fakes import fake_images

from lecture_utils import data
from lecture_utils.core import profiles
from lecture_utils.training import experiments, plain_vs_resnet, relu_vs_tanh

TINY = profiles.TrainSettings(epochs=2, batch_size=32, train_samples=96, test_samples=40)




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
    for table in (plain_vs_resnet.DEGRADATION_DEPTHS, plain_vs_resnet.DEGRADATION_WIDTHS):
        assert set(table) == set(profiles.PROFILES)
    for shallow, deep in plain_vs_resnet.DEGRADATION_DEPTHS.values():
        assert shallow < deep and (shallow - 2) % 6 == 0 and (deep - 2) % 6 == 0
    assert plain_vs_resnet.DEGRADATION_DEPTHS["full"] == (20, 56)  # wie He et al. (2016)
    assert profiles.settings("exp_relu_vs_tanh", "laptop").train_samples >= 10_000


# --- ReLU gegen tanh -----------------------------------------------------------------


def test_subtract_mean_keeps_the_raw_scale():
    x = np.stack([np.full((4, 4), 10, np.uint8), np.full((4, 4), 250, np.uint8)])
    centred, test = relu_vs_tanh.subtract_mean(x, x[:1])
    assert centred.shape == (2, 4, 4, 1) and centred.dtype == np.float32
    assert np.allclose(centred.mean(axis=0), 0)
    assert centred.max() == pytest.approx(120)  # nicht auf [0, 1] skaliert
    assert np.allclose(test, -120)
    with pytest.raises(ValueError, match=r"\(N, H, W\)"):
        relu_vs_tanh.subtract_mean(np.zeros(5))


def test_small_cnn_has_four_weight_layers_and_no_batchnorm():
    model = relu_vs_tanh.small_cnn("tanh")
    weighted = [layer for layer in model.layers if layer.weights]
    assert [layer.name for layer in weighted] == ["Conv1", "Conv2", "FC1", "FC2"]
    assert not any(isinstance(layer, keras.layers.BatchNormalization) for layer in model.layers)
    assert model.get_layer("Conv1").activation.__name__ == "tanh"
    assert model.output_shape == (None, 10)


def test_epochs_to_target_counts_from_one():
    assert relu_vs_tanh.epochs_to_target([0.6, 0.3, 0.25, 0.1], 0.25) == 3
    assert relu_vs_tanh.epochs_to_target([0.6, 0.3], 0.25) is None
    with pytest.raises(ValueError, match="1.5"):
        relu_vs_tanh.epochs_to_target([0.1], 1.5)


def test_relu_vs_tanh_returns_errors_per_epoch_for_both_activations(capsys):
    result = relu_vs_tanh.relu_vs_tanh(TINY, target_error=0.05, loader=fake_images())
    assert set(result["train_error"]) == {"relu", "tanh"}
    assert result["max_epochs"] == 2 and result["train_samples"] == 96
    for activation, errors in result["train_error"].items():
        assert 1 <= len(errors) <= 2 and all(0 <= e <= 1 for e in errors)
        expected = next((i + 1 for i, e in enumerate(errors) if e <= 0.05), None)
        assert result["epochs_to_target"][activation] == expected
    assert result["seconds"] > 0 and result["dataset"] == "eigene Daten"
    out = capsys.readouterr().out
    assert "tanh: Trainingsfehler je Epoche" in out
    assert "relu: Epoche 1/2 · Trainingsfehler" in out  # eine Zeile je Epoche (EpochProgress)


def test_relu_vs_tanh_without_progress_prints_one_line_per_net(capsys):
    relu_vs_tanh.relu_vs_tanh(TINY, target_error=0.05, loader=fake_images(), progress=False)
    out = capsys.readouterr().out
    assert "Epoche 1/2" not in out and out.count("Trainingsfehler je Epoche") == 2
    with pytest.raises(TypeError, match="'fashion'"):
        relu_vs_tanh.relu_vs_tanh(TINY, loader="fashion")


def test_full_profile_uses_cifar10_like_the_papers():
    for table in (relu_vs_tanh.RELU_TANH_DATA, plain_vs_resnet.DEGRADATION_DATA):
        assert set(table) == set(profiles.PROFILES)
        assert table["full"] == "cifar10" and table["laptop"] == "fashion_mnist"
        assert all(name in experiments.LOADERS for name in table.values())
    loader, name = experiments.choose_loader(relu_vs_tanh.RELU_TANH_DATA, "full", None)
    assert loader is data.load_cifar10 and name == "CIFAR-10"
    assert experiments.choose_loader({}, "quick", data.load_fashion_mnist)[1] == "Fashion-MNIST"


def test_relu_vs_tanh_stops_at_the_target():
    # Ziel 0,99: schon die erste Epoche liegt darunter, also nur eine Epoche je Netz
    result = relu_vs_tanh.relu_vs_tanh(TINY, target_error=0.99, loader=fake_images())
    assert result["epochs_to_target"] == {"relu": 1, "tanh": 1}
    assert all(len(e) == 1 for e in result["train_error"].values())
    with pytest.raises(ValueError, match="target_error"):
        relu_vs_tanh.relu_vs_tanh(TINY, target_error=0, loader=fake_images())


# --- Degradation ---------------------------------------------------------------------


def test_plain_and_resnet_differ_only_in_the_shortcuts():
    resnet = plain_vs_resnet.plain_or_resnet(14, True, widths=(4, 8, 8))
    plain = plain_vs_resnet.plain_or_resnet(14, False, widths=(4, 8, 8))
    convs = [layer for layer in plain.layers if isinstance(layer, keras.layers.Conv2D)]
    assert len(convs) == 13  # 13 Konv-Schichten + 1 FC-Schicht = 14 Schichten
    assert not any(isinstance(layer, keras.layers.Add) for layer in plain.layers)
    assert sum(isinstance(layer, keras.layers.Add) for layer in resnet.layers) == 6
    assert resnet.output_shape == plain.output_shape == (None, 10)
    with pytest.raises(ValueError, match="6n \\+ 2.*15"):
        plain_vs_resnet.plain_or_resnet(15, True)
    with pytest.raises(ValueError, match="drei Filterzahlen"):
        plain_vs_resnet.plain_or_resnet(8, True, widths=(8, 16))


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
    assert plain_vs_resnet.train_mode_error(model, x, y, batch_size=16) == 0.0
    predicted = model.predict(x, verbose=0).argmax(axis=-1)
    assert np.mean(predicted != y) == 0.5


def test_degradation_reports_the_four_nets(capsys):
    result = plain_vs_resnet.degradation(TINY, depths=(8, 14), widths=(4, 4, 8),
                                     loader=fake_images())
    keys = {"plain_shallow", "plain_deep", "resnet_shallow", "resnet_deep"}
    assert result["depths"] == {"shallow": 8, "deep": 14}
    assert set(result["final_train_error"]) == keys
    assert all(0 <= e <= 1 for e in result["final_train_error"].values())
    assert all(len(result["train_error_per_epoch"][k]) == 2 for k in keys)
    assert result["parameters"]["resnet_deep"] > result["parameters"]["resnet_shallow"]
    out = capsys.readouterr().out
    assert "Plain-14: Trainingsfehler am Ende" in out
    assert "ResNet-14: Epoche 2/2 · Trainingsfehler" in out
    with pytest.raises(ValueError, match="kleiner"):
        plain_vs_resnet.degradation(TINY, depths=(14, 8), loader=fake_images())


def test_zero_init_starts_each_residual_block_as_its_shortcut():
    resnet = plain_vs_resnet.plain_or_resnet(8, True, widths=(4, 4, 4), zero_init=True)
    plain = plain_vs_resnet.plain_or_resnet(8, False, widths=(4, 4, 4), zero_init=True)
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


def test_return_free_memory_gives_freed_memory_back_on_linux():
    import sys

    from lecture_utils.core import device

    def rss_mb():
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) // 1024 for line in status
                        if line.startswith("VmRSS"))

    if not sys.platform.startswith("linux"):
        assert device.return_free_memory() in (True, False)
        return
    # viele mittelgroße Blöcke (unter der mmap-Schwelle von glibc), dann jeden zweiten frei:
    # ohne malloc_trim bleibt der Speicher beim Prozess
    blocks = [bytearray(64 * 1024) for _ in range(4000)]  # 250 MB
    del blocks[::2]
    before = rss_mb()
    assert device.return_free_memory() is True
    assert rss_mb() < before - 50
