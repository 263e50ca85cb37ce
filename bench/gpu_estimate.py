"""Schätzung: Wie lange braucht jedes Notebook im Profil ``gpu`` auf einer Colab-T4?

Methode (Einzelheiten in ``bench/README.md``):

* Rechenaufwand eines Trainings = Multiplikationen-Additionen (MACs) eines
  Vorwärtsdurchlaufs je Bild (aus den Keras-Modellen gezählt: jede Schicht mit
  ``kernel``: Kerngröße × Ausgabepositionen) × 3 (Vorwärts + Rückwärts ≈ 3 × vorwärts)
  × Bilder × Epochen;
* Durchsatz einer T4 mit ``mixed_float16``: NVIDIAs veröffentlichte Messung für
  ResNet-50 v1.5 (TensorFlow, NGC 20.06, 1× T4, Batch 128, gemischte Genauigkeit):
  995,81 Bilder/s im Vorwärtsdurchlauf; ResNet-50 v1.5 hat rund 4,1 GMACs je Bild,
  das sind 4,08 · 10¹² MAC/s;
* kleine Netze auf 28×28- oder 32×32-Bildern lasten eine GPU schlechter aus als
  ResNet-50 auf 224×224: angesetzt wird ein Viertel davon (``EFFICIENCY``), dazu je
  Training 15 s Kompilieren (XLA) und je Epoche 1 s für Auswertung und Callbacks.

Aufruf: ``python bench/gpu_estimate.py`` (rechnet auf der CPU, trainiert nichts).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from lecture_utils import models
from lecture_utils.core import profiles, text
from lecture_utils.training import (  # noqa: E402
    plain_vs_resnet,
    recipes,
    relu_vs_tanh,
    transfer,
    transfer_tasks,
)

T4_RESNET50_IMAGES_PER_S = 995.81
"""NVIDIA DeepLearningExamples, ResNet-50 v1.5 für TensorFlow, README, „Inference
performance: NVIDIA T4 (1x T4 16G)“, Mixed Precision, Batch 128."""
RESNET50_MACS = 4.1e9
T4_MACS_PER_S = T4_RESNET50_IMAGES_PER_S * RESNET50_MACS
EFFICIENCY = 0.25
COMPILE_S, EPOCH_OVERHEAD_S = 15.0, 1.0
BUDGET_S = 15 * 60
FULL = {"mnist": 60_000, "fashion_mnist": 60_000, "cifar10": 50_000,
        "signals": 1_600, "volumes": 400}


def forward_macs(model) -> int:
    """MACs eines Vorwärtsdurchlaufs für ein Bild: je Schicht mit ``kernel`` die Zahl
    der Kerngewichte × Ausgabepositionen (Konv-Schichten jeder Dimension, Dense)."""
    total = 0
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            total += forward_macs(layer)
            continue
        kernel = getattr(layer, "kernel", None)
        if kernel is None:
            kernel = getattr(layer, "depthwise_kernel", None)
        if kernel is None:
            continue
        positions = int(np.prod(layer.output.shape[1:-1])) if len(layer.output.shape) > 2 else 1
        total += int(np.prod(kernel.shape)) * positions
    return total


def _keras_io_convnet():
    """Das Netz des keras-io-Beispiels „Simple MNIST convnet“ (wie in 10.2.7)."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2), layers.Flatten(),
        layers.Dropout(0.5), layers.Dense(10, activation="softmax")])


def _signal_net():
    layers = keras.layers
    inputs = keras.Input((128, 1))
    x = layers.Conv1D(8, 15, activation="relu")(inputs)
    x = layers.MaxPooling1D(2)(x)
    x = layers.Conv1D(16, 5, activation="relu")(x)
    x = layers.MaxPooling1D(2)(x)
    x = layers.Conv1D(16, 5, activation="relu")(x)
    x = layers.GlobalAveragePooling1D()(x)
    return keras.Model(inputs, layers.Dense(4)(x))


def _volume_net():
    layers = keras.layers
    inputs = keras.Input((24, 24, 24, 1))
    x = layers.Conv3D(8, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling3D(2)(x)
    x = layers.Conv3D(16, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling3D(2)(x)
    x = layers.Conv3D(16, 3, padding="same", activation="relu")(x)
    x = layers.GlobalMaxPooling3D()(x)
    return keras.Model(inputs, layers.Dense(3)(x))


def _plan(profile: str):
    """Je Notebook die Trainings: (Beschreibung, Training im Profil, Modell, Datensatz,
    Anzahl Trainings). Für 10.1 und 10.4 mit den Experimenten
    (``relu_vs_tanh``, ``plain_vs_resnet``, ``transfer``)."""
    deep = plain_vs_resnet.DEGRADATION_DEPTHS[profile]
    widths = plain_vs_resnet.DEGRADATION_WIDTHS[profile]
    transfer_runs = (len(transfer_tasks.EXAMPLES[profile])
                     * len(transfer.PROFILE_STRATEGIES[profile]) * transfer.REPEATS[profile])
    return {
        "00_start": [("Blog-CNN (demo)", "demo", models.mnist_cnn(), "mnist", 1)],
        "10_1": [
            ("LeNet-5", "lenet5", models.lenet5(), "mnist", 1),
            ("Blog-CNN", "mnist_cnn", models.mnist_cnn(), "mnist", 1),
            ("AlexNet (CIFAR)", "alexnet_cifar",
             models.alexnet(input_shape=(32, 32, 3), num_classes=10, fc_units=512), "cifar10", 1),
            ("VGG-16 (CIFAR)", "vgg_cifar",
             models.vgg16(input_shape=(32, 32, 3), num_classes=10, fc_units=512), "cifar10", 1),
            ("ReLU gegen tanh", "exp_relu_vs_tanh", relu_vs_tanh.small_cnn(), "fashion_mnist", 2),
            (f"Plain/ResNet-{deep[0]}", "exp_degradation",
             plain_vs_resnet.plain_or_resnet(deep[0], True, widths=widths), "fashion_mnist", 2),
            (f"Plain/ResNet-{deep[1]}", "exp_degradation",
             plain_vs_resnet.plain_or_resnet(deep[1], True, widths=widths), "fashion_mnist", 2),
        ],
        "10_1a": [("Blog-CNN (1 Epoche, verteilt)", None, models.mnist_cnn(), "mnist", 1)],
        "10_2": [("Toy-ResNet mit/ohne Skip", "toy_resnet_cifar", models.toy_resnet(),
                  "cifar10", 2),
                 # 10.2.7 „Wie schnell geht es?“: ResNet-8 und die keras-io-Baseline (diese
                 # mit 2/3 der Epochen; hier großzügig mit allen gerechnet)
                 ("ResNet-8 mit BN (10.2.7)", "fashion_resnet", recipes.fashion_resnet(),
                  "fashion_mnist", 1),
                 ("keras-io-Baseline (10.2.7)", "fashion_resnet", _keras_io_convnet(),
                  "fashion_mnist", 1)],
        "10_3": [("Conv1D-Signale", "conv1d_signals", _signal_net(), "signals", 1),
                 ("Conv3D-Volumen", "conv3d_volumes", _volume_net(), "volumes", 1)],
        "10_4": [
            ("Blog-CNN (ohne den Lauf aus 10.1)", "mnist_cnn", models.mnist_cnn(), "mnist", 1),
            ("LeNet-5 auf CIFAR-10", "cifar_lenet", recipes.cifar_lenet_model(), "cifar10", 1),
            ("Transfer: Ausgangsnetz", "exp_transfer_source", relu_vs_tanh.small_cnn(),
             "fashion_mnist", 1),
            ("Transfer: Zielnetze", "exp_transfer_target", relu_vs_tanh.small_cnn(), "mnist",
             transfer_runs),
            ("MobileNetV2-Kopf (CIFAR, 96×96)", "transfer_imagenet",
             keras.applications.MobileNetV2(include_top=False, weights=None,
                                            input_shape=(96, 96, 3), pooling="avg"),
             "cifar10", 1),
        ],
    }


def estimate(profile: str = "gpu") -> dict:
    """Geschätzte Sekunden je Notebook und Training auf einer T4."""
    rate = T4_MACS_PER_S * EFFICIENCY
    result = {}
    for notebook, rows in _plan(profile).items():
        lines, total = [], 0.0
        for what, name, model, dataset, count in rows:
            settings = (profiles.settings(name, profile) if name
                        else profiles.TrainSettings(1, 128))
            images = settings.train_samples or FULL[dataset]
            macs = forward_macs(model)
            seconds = count * (3 * macs * images * settings.epochs / rate
                               + settings.epochs * EPOCH_OVERHEAD_S + COMPILE_S)
            total += seconds
            lines.append((what, macs, images, settings.epochs, count, seconds))
        result[notebook] = {"seconds": total, "rows": lines}
    return result


def main():
    profile = sys.argv[1] if len(sys.argv) > 1 else "gpu"
    print(f"Schätzung für eine T4, Profil {profile}: {text.number(T4_MACS_PER_S / 1e12, 2)} "
          f"TMAC/s (ResNet-50) × {text.number(EFFICIENCY)} Auslastung\n")
    header = ["Training", "MMAC", "Bilder", "Epochen", "Anzahl", "Sekunden"]
    for notebook, entry in estimate(profile).items():
        print(f"{notebook}: {text.number(entry['seconds'] / 60, 1)} min")
        rows = [[what, text.number(macs / 1e6, 1), images, epochs, count, round(seconds)]
                for what, macs, images, epochs, count, seconds in entry["rows"]]
        print(text.table(header, rows) + "\n")


if __name__ == "__main__":
    main()
