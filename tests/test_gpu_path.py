"""Der Weg, den das Training auf einer GPU nimmt, hier auf der CPU geprüft.

Auf einer GPU gelten das Profil ``gpu`` (seine Batchgrößen), ``mixed_float16``
(``device.use_mixed_precision``) und XLA (Keras' ``jit_compile="auto"`` schaltet es unter
TensorFlow mit GPU ein). Jedes Trainingsrezept läuft hier genau einen Batch unter diesen
Einstellungen, damit nichts davon erst auf der GPU eines Studierenden scheitert.
"""

import dataclasses
import math

import keras
import numpy as np
import pytest

from lecture_utils.core import profiles
from lecture_utils.training import plain_vs_resnet, recipes, relu_vs_tanh, transfer, transfer_tasks


@pytest.fixture(autouse=True)
def gpu_path(monkeypatch, tmp_path):
    """Profil gpu, mixed_float16, und jedes ``compile`` mit ``jit_compile=True``."""
    monkeypatch.setenv("LECTURE_PROFILE", "gpu")
    monkeypatch.setenv("LECTURE_CHECKPOINT_DIR", str(tmp_path))
    compiled = []
    original = keras.Model.compile

    def compile_with_xla(self, *args, **kwargs):
        kwargs["jit_compile"] = True
        compiled.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(keras.Model, "compile", compile_with_xla)
    keras.config.set_dtype_policy("mixed_float16")
    yield compiled
    keras.config.set_dtype_policy("float32")
    keras.backend.clear_session()


def one_batch(name: str, test_samples: int = 16) -> profiles.TrainSettings:
    """Die Einstellungen des Profils gpu, gekürzt auf eine Epoche mit genau einem Batch."""
    settings = profiles.settings(name, "gpu")
    return dataclasses.replace(settings, epochs=1, train_samples=settings.batch_size,
                               test_samples=test_samples)


def supports_xla(model) -> bool:
    """Ob alle Schichten XLA können; ``RandomTranslation`` (``augment``) kann es nicht,
    dann trainiert Keras auch auf der GPU ohne XLA (mit einer Warnung, ohne Fehler)."""
    for layer in model.layers:
        if isinstance(layer, keras.Model) and not supports_xla(layer):
            return False
        if not getattr(layer, "supports_jit", True):
            return False
    return True


def check_compiled(models_seen, expected: int):
    assert len(models_seen) >= expected
    for model in models_seen:
        assert model.jit_compile is supports_xla(model)
        assert model.dtype_policy.name == "mixed_float16"
        assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer)
        assert model.outputs[0].dtype == "float32"  # Softmax in float32 (models._classifier)


def check_history(history, batch_size):
    assert len(history["loss"]) == 1 and math.isfinite(history["loss"][0]), history


@pytest.mark.parametrize("recipe, name, kwargs", [
    (recipes.mnist_cnn, "mnist_cnn", {"name": "gpu_mnist_cnn"}),
    (recipes.lenet5_mnist, "lenet5", {}),
    (recipes.cifar_lenet, "cifar_lenet", {}),
    (recipes.alexnet_cifar, "alexnet_cifar", {}),
    (recipes.vgg_cifar, "vgg_cifar", {}),
])
def test_recipe_trains_one_batch_on_the_gpu_path(gpu_path, recipe, name, kwargs):
    settings = one_batch(name)
    result = recipe(settings, **kwargs)
    assert len(result.train[0]) == settings.batch_size
    check_history(result.history, settings.batch_size)
    check_compiled(gpu_path, 1)


def test_cifar_resnet_model_on_the_gpu_path(gpu_path):
    settings = one_batch("cifar_resnet")
    model = recipes.cifar_resnet_model(8, True, settings, settings.batch_size)
    x = np.zeros((settings.batch_size, 32, 32, 3), "float32")
    y = np.zeros(settings.batch_size, "int64")
    history = model.fit(x, y, epochs=1, batch_size=settings.batch_size, verbose=0).history
    check_history(history, settings.batch_size)
    check_compiled(gpu_path, 1)


def test_transfer_on_the_gpu_path(gpu_path):
    source = transfer.pretrain(one_batch("exp_transfer_source"))
    check_history(source.history, 256)
    few = one_batch("exp_transfer_target")
    train_b, test_b = transfer_tasks.task_data(transfer_tasks.TARGET, test_samples=16)
    table = transfer.compare(source.model, train_b, test_b, few, n_per_class=(1,), repeats=1)
    assert set(table.labels) == set(transfer.PROFILE_STRATEGIES["gpu"])  # auch Schicht für Schicht
    assert all(np.isfinite(table.mean(s)).all() for s in table.labels)
    result = transfer.transfer(one_batch("exp_transfer_source"), few, examples_per_class=(1,),
                               repeats=1, strategies=("scratch",), profile="gpu")
    assert all(len(v) == 1 for v in result["accuracy"].values())
    check_compiled(gpu_path, 1 + len(table.labels) + 2)


def test_experiments_on_the_gpu_path(gpu_path):
    relu_tanh = relu_vs_tanh.relu_vs_tanh(one_batch("exp_relu_vs_tanh"), target_error=0.01)
    assert all(len(e) == 1 for e in relu_tanh["train_error"].values())
    degradation = plain_vs_resnet.degradation(one_batch("exp_degradation"), depths=(8, 14),
                                          profile="gpu")
    assert degradation["widths"] == list(plain_vs_resnet.DEGRADATION_WIDTHS["gpu"])
    assert all(0 <= e <= 1 for e in degradation["final_train_error"].values())
    check_compiled(gpu_path, 2 + 4)
