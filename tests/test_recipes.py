"""lecture_utils.training.recipes: die Trainingsrezepte aus 10.1, mit winzigen Einstellungen
(Sekunden)."""

import math

import keras
import numpy as np
import pytest

from lecture_utils.core import profiles
from lecture_utils.training import recipes

TINY = profiles.TrainSettings(epochs=1, batch_size=32, train_samples=64, test_samples=32)


@pytest.fixture(autouse=True)
def checkpoints(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_CHECKPOINT_DIR", str(tmp_path))
    yield tmp_path
    keras.backend.clear_session()


def test_pad_images_adds_a_black_frame():
    x = np.ones((2, 28, 28, 1), dtype="float32")
    padded = recipes.pad_images(x)
    assert padded.shape == (2, 32, 32, 1)
    assert padded[:, :2].sum() == padded[:, -2:].sum() == padded[:, :, :2].sum() == 0
    assert padded.sum() == x.sum()
    with pytest.raises(ValueError, match=r"\(N, H, W, C\)"):
        recipes.pad_images(np.ones((28, 28)))


def test_cosine_schedule_falls_to_zero_at_the_end():
    settings = profiles.TrainSettings(epochs=3, batch_size=32)
    schedule = recipes.cosine_schedule(0.1, settings, n_train=100)
    steps = 3 * math.ceil(100 / 32)
    assert float(schedule(0)) == pytest.approx(0.1)
    assert float(schedule(steps // 2)) == pytest.approx(0.05, rel=0.1)
    assert float(schedule(steps)) == pytest.approx(0.0, abs=1e-7)


def test_lenet5_on_padded_mnist_trains_and_is_loaded_the_second_time(checkpoints, capsys):
    first = recipes.lenet5_mnist(TINY)
    assert first.train[0].shape == (64, 32, 32, 1) and first.test[0].shape == (32, 32, 32, 1)
    assert first.model.name == "lenet5" and len(first.history["accuracy"]) == 1
    assert (checkpoints / "lenet5" / "final.weights.h5").exists()
    capsys.readouterr()
    second = recipes.lenet5_mnist(TINY)
    assert "bereits abgeschlossen" in capsys.readouterr().out
    assert second.history == first.history


def test_mnist_cnn_uses_rmsprop():
    result = recipes.mnist_cnn(TINY, name="tiny_mnist_cnn")
    assert isinstance(result.model.optimizer, keras.optimizers.RMSprop)
    assert result.model.count_params() == 43_290
    assert set(result.history) >= {"accuracy", "val_accuracy", "loss", "val_loss"}


def test_cifar_resnet_model_puts_augmentation_in_front():
    model = recipes.cifar_resnet_model(8, False, TINY, n_train=64)
    names = [layer.name for layer in model.layers]
    assert names[1:3] == ["aug_flip", "aug_shift"] and names[-1] == "plain8_cifar"
    assert model.name == "plain8_cifar_augmented"
    assert isinstance(model.optimizer, keras.optimizers.SGD)
    assert model.input_shape == (None, 32, 32, 3) and model.output_shape == (None, 10)


@pytest.mark.parametrize("recipe, inner, units", [
    (recipes.alexnet_cifar, "alexnet", "FC1"),
    (recipes.vgg_cifar, "vgg16", "fc1"),
])
def test_alexnet_and_vgg_cifar_variants(recipe, inner, units):
    settings = profiles.TrainSettings(epochs=1, batch_size=16, train_samples=16, test_samples=16)
    result = recipe(settings)
    model = result.model.get_layer(inner)
    assert model.input_shape == (None, 32, 32, 3) and model.output_shape == (None, 10)
    assert model.get_layer(units).units == 512
    assert len(result.history["val_accuracy"]) == 1


def test_profiles_of_section_10_1_exist():
    for name in ("lenet5", "mnist_cnn", "cifar_resnet", "alexnet_cifar", "vgg_cifar",
                 "exp_relu_vs_tanh", "exp_degradation"):
        assert profiles.settings(name, "laptop").epochs >= 1
    assert profiles.settings("mnist_cnn", "laptop").train_samples is None  # volles MNIST
    assert profiles.settings("lenet5", "full").epochs == 20  # wie im Paper


def test_one_cycle_warms_up_for_one_epoch_then_falls_to_zero():
    settings = profiles.TrainSettings(epochs=4, batch_size=100)
    schedule = recipes.one_cycle(0.1, settings, n_train=1000)  # 10 Schritte je Epoche
    assert float(schedule(0)) == pytest.approx(0.0)
    assert float(schedule(5)) == pytest.approx(0.05)
    assert float(schedule(10)) == pytest.approx(0.1)
    assert float(schedule(25)) == pytest.approx(0.05, rel=0.05)  # Mitte des Kosinus
    assert float(schedule(40)) == pytest.approx(0.0, abs=1e-7)


def test_fashion_resnet_is_a_resnet8_with_three_shortcuts():
    model = recipes.fashion_resnet()
    adds = [layer for layer in model.layers if isinstance(layer, keras.layers.Add)]
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)
             and layer.kernel_size == (3, 3)]
    assert len(adds) == 3 and len(convs) == 7  # 7 Konv-Schichten 3×3 + FC = ResNet-8
    assert model.get_layer("conv1_conv").strides == (2, 2)
    assert model.output_shape == (None, 10)
    compiled = recipes.fashion_resnet_model(profiles.TrainSettings(2, 128), n_train=1000)
    assert isinstance(compiled.optimizer, keras.optimizers.SGD) and compiled.optimizer.nesterov


def test_compile_classifier_uses_cross_entropy_accuracy_and_the_optimizer():
    import keras

    model = recipes.compile_classifier(keras.Sequential([keras.Input((3,)),
                                                         keras.layers.Dense(2)]))
    assert model.loss == "sparse_categorical_crossentropy"
    assert isinstance(model.optimizer, keras.optimizers.Adam)  # Vorgabe wie "adam"
    sgd = keras.optimizers.SGD(0.1)
    again = recipes.compile_classifier(model, sgd)
    assert again is model and model.optimizer is sgd
    assert model.get_compile_config()["metrics"] == ["accuracy"]
