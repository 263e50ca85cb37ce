"""ReLU gegen tanh: das Experiment aus Abb. 1 von Krizhevsky, Sutskever, Hinton (2012).

Ein kleines Konv-Netz ohne Batch Normalization (``small_cnn``), SGD mit Momentum, Pixelwerte
roh (nur der Mittelwert abgezogen, ``subtract_mean``): Nach wie vielen Epochen liegt der
Trainingsfehler unter 25 %, mit ReLU und mit tanh? ``relu_vs_tanh`` rechnet es; Epochen,
Batchgröße und Datenmenge kommen aus dem Profil ``exp_relu_vs_tanh``, der Datensatz je
Profil aus ``RELU_TANH_DATA``. ``small_cnn`` ist auch das Netz des Transfer-Experiments.
"""

from __future__ import annotations

import time

import keras
import numpy as np
from keras import layers

from lecture_utils import training
from lecture_utils.core import device, profiles, text
from lecture_utils.training import experiments

RELU_TANH_TARGET = 0.25
"""Ziel des Experiments von Krizhevsky et al.: 25 % Trainingsfehler."""
RELU_TANH_LEARNING_RATE = 1e-4
"""Lernrate für beide Netze (SGD mit Momentum 0,9; Pixelwerte 0–255 ohne Skalierung)."""

RELU_TANH_DATA = {"quick": "fashion_mnist", "laptop": "fashion_mnist", "gpu": "fashion_mnist",
                  "full": "cifar10"}
"""Je Profil der Datensatz für ReLU gegen tanh; ``full`` wie im Paper CIFAR-10."""


def _check_fraction(value, what):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ValueError(f"{what} muss eine Zahl zwischen 0 und 1 sein, erhalten: {value!r}.")
    return float(value)


def subtract_mean(x_train, x_test=None):
    """Wie im AlexNet-Paper: von jedem Pixel den Mittelwert über die Trainingsbilder
    abziehen, sonst nichts (keine Skalierung auf [0, 1]). float32 mit Kanalachse."""
    x_train = np.asarray(x_train, dtype="float32")
    if x_train.ndim == 3:
        x_train = x_train[..., np.newaxis]
    if x_train.ndim != 4:
        raise ValueError(f"Erwartet werden Bilder (N, H, W) oder (N, H, W, C), "
                         f"erhalten: {x_train.shape}.")
    mean = x_train.mean(axis=0)
    if x_test is None:
        return x_train - mean
    x_test = np.asarray(x_test, dtype="float32").reshape((-1, *x_train.shape[1:]))
    return x_train - mean, x_test - mean


def small_cnn(activation="relu", input_shape=(28, 28, 1), num_classes=10):
    """Ein kleines Konv-Netz mit vier Schichten mit Gewichten, ohne Batch Normalization:
    Conv 5×5 (16) → Pool → Conv 5×5 (32) → Pool → FC (128) → FC (Softmax)."""
    return keras.Sequential([
        keras.Input(input_shape),
        layers.Conv2D(16, 5, padding="same", activation=activation, name="Conv1"),
        layers.MaxPooling2D(2, name="Pool1"),
        layers.Conv2D(32, 5, padding="same", activation=activation, name="Conv2"),
        layers.MaxPooling2D(2, name="Pool2"),
        layers.Flatten(name="Flatten"),
        layers.Dense(128, activation=activation, name="FC1"),
        layers.Dense(num_classes, activation="softmax", dtype="float32", name="FC2"),
    ], name=f"small_cnn_{activation}")


class StopAtTrainError(keras.callbacks.Callback):
    """Hält das Training an, sobald der Trainingsfehler einer Epoche (1 − ``accuracy``,
    gemittelt über die Epoche) höchstens ``target`` ist."""

    def __init__(self, target):
        super().__init__()
        self.target = _check_fraction(target, "Das Ziel")

    def on_epoch_end(self, epoch, logs=None):
        if 1 - float((logs or {}).get("accuracy", 0.0)) <= self.target:
            self.model.stop_training = True


def epochs_to_target(errors, target) -> int | None:
    """Die erste Epoche (ab 1), deren Fehler höchstens ``target`` ist; sonst ``None``."""
    target = _check_fraction(target, "Das Ziel")
    for epoch, error in enumerate(errors, start=1):
        if error <= target:
            return epoch
    return None


def relu_vs_tanh(settings: profiles.TrainSettings | None = None,
                 target_error: float = RELU_TANH_TARGET,
                 learning_rate: float = RELU_TANH_LEARNING_RATE,
                 stop_at_target: bool = True, loader=None, profile: str | None = None,
                 progress: bool = True) -> dict:
    """Das Experiment aus Abb. 1 des AlexNet-Papers (Daten je Profil: ``RELU_TANH_DATA``,
    im Profil ``full`` CIFAR-10 wie im Paper, sonst Fashion-MNIST; ``loader`` ersetzt sie).

    Dasselbe kleine Konv-Netz (``small_cnn``) trainiert einmal mit ReLU, einmal mit
    tanh, mit denselben Startwerten und Bildern; SGD mit Momentum 0,9, Pixelwerte roh
    mit abgezogenem Mittelwert, keine Regularisierung. Nach jeder Epoche zählt der
    Trainingsfehler (1 − Accuracy über die Epoche). ``stop_at_target``: ein Netz hört
    auf, sobald es ``target_error`` erreicht hat. Ohne ``settings`` gilt
    ``profiles.settings("exp_relu_vs_tanh")`` (``epochs`` = höchstens so viele Epochen).
    ``progress``: eine Zeile je Epoche (``progress.EpochProgress``).

    Gibt zurück: ``{"dataset", "target_train_error", "max_epochs", "learning_rate",
    "train_samples", "train_error": {"relu": [...], "tanh": [...]}, "epochs_to_target":
    {"relu": int oder None, "tanh": ...}, "seconds"}``.
    """
    profile = experiments.profile_or_active(profile)
    settings = settings or profiles.settings("exp_relu_vs_tanh", profile)
    target_error = _check_fraction(target_error, "target_error")
    start = time.perf_counter()
    x_train, y_train, dataset = experiments.training_images(RELU_TANH_DATA, profile, loader,
                                                            settings)
    x_train = subtract_mean(x_train)

    errors = {}
    for activation in ("relu", "tanh"):
        training.set_seed()
        model = small_cnn(activation, input_shape=x_train.shape[1:])
        stop = [StopAtTrainError(target_error)] if stop_at_target else []
        errors[activation] = experiments.train_sgd(model, x_train, y_train, settings,
                                                   learning_rate, activation, progress, stop)
        del model  # die Fehler je Epoche genügen: Speicher freigeben
        device.free_memory()
        print(f"{activation}: Trainingsfehler je Epoche "
              + ", ".join(text.percent(e) for e in errors[activation]), flush=True)
    return {
        "dataset": dataset,
        "target_train_error": target_error,
        "max_epochs": settings.epochs,
        "learning_rate": learning_rate,
        "train_samples": len(x_train),
        "train_error": errors,
        "epochs_to_target": {a: epochs_to_target(e, target_error) for a, e in errors.items()},
        "seconds": round(time.perf_counter() - start, 1),
    }
