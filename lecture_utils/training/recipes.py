"""Trainingsrezepte, die mehrere Notebooks teilen.

Ein Rezept lädt die Daten, baut das Modell, kompiliert und trainiert es mit
``training.fit``. Weil ``fit`` ein fertiges Training mit gleichem Namen und
gleichen Einstellungen nur lädt, bekommt Notebook 10.4 so das in 10.1
trainierte MNIST-CNN, ohne es erneut zu trainieren.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import keras
import numpy as np

from lecture_utils import data, models, training
from lecture_utils.core import profiles
from lecture_utils.data import augment


@dataclass
class Trained:
    """Ein trainiertes Modell mit Verlauf und den Daten, auf denen es lief."""

    model: object
    history: dict
    train: tuple  # (x, y), vorbereitet: float32 in [0, 1], mit Kanalachse
    test: tuple


def image_data(loader, settings: profiles.TrainSettings):
    """Lädt einen Bild-Datensatz, nimmt die Mengen aus ``settings`` und skaliert auf [0, 1]."""
    (x_train, y_train), (x_test, y_test) = loader()
    x_train, y_train = training.take(x_train, y_train, settings.train_samples)
    x_test, y_test = training.take(x_test, y_test, settings.test_samples)
    return ((training.prepare_images(x_train), y_train),
            (training.prepare_images(x_test), y_test))


def mnist_cnn(settings: profiles.TrainSettings | None = None, name: str = "mnist_cnn"):
    """Das CNN aus dem Blogbeitrag auf MNIST: RMSprop, Kreuzentropie, Accuracy.

    Die Lernrate (1e-3 wie RMSprop-Vorgabe) fällt über das Training wie ein
    Kosinus auf 0 (``cosine_schedule``); das glättet die letzten Epochen.
    Ohne ``settings`` gilt ``profiles.settings("mnist_cnn")`` des aktiven Profils.
    """
    settings = settings or profiles.settings("mnist_cnn")
    training.set_seed()
    train, test = image_data(data.load_mnist, settings)
    model = mnist_cnn_model(settings, len(train[0]))
    history = training.fit(model, train, test, name=name, settings=settings)
    return Trained(model, history, train, test)


def mnist_cnn_model(settings: profiles.TrainSettings, n_train: int):
    """Das MNIST-CNN, kompiliert wie in ``mnist_cnn`` (auch für ``bench/``)."""
    optimizer = keras.optimizers.RMSprop(cosine_schedule(1e-3, settings, n_train))
    return compile_classifier(models.mnist_cnn(), optimizer)


def cifar_lenet_model():
    """LeNet-5 in moderner Form (ReLU, Max-Pooling) für CIFAR-10, untrainiert.

    Setzt vorher den Zufallsstartwert: Jeder Aufruf liefert dieselben Startgewichte,
    mit denen auch ``cifar_lenet`` beginnt (Vergleich vorher/nachher in 10.4).
    """
    training.set_seed()
    return models.lenet5(input_shape=(32, 32, 3), activation="relu", pooling="max")


def cifar_lenet(settings: profiles.TrainSettings | None = None, name: str = "cifar_lenet"):
    """``cifar_lenet_model`` auf CIFAR-10 trainiert, für Abschnitt 10.4.

    Fünf mal fünf Pixel große Farbfilter in Conv1 lassen sich gut als Bilder zeigen.
    Adam, Kreuzentropie, Accuracy; ohne ``settings`` gilt ``profiles.settings("cifar_lenet")``.
    """
    settings = settings or profiles.settings("cifar_lenet")
    train, test = image_data(data.load_cifar10, settings)
    model = compile_classifier(cifar_lenet_model())
    history = training.fit(model, train, test, name=name, settings=settings)
    return Trained(model, history, train, test)


# ---------------------------------------------------------------------------
# Abschnitt 10.1: LeNet-5, AlexNet, VGG-16 und ResNets auf MNIST bzw. CIFAR-10
# ---------------------------------------------------------------------------


def pad_images(x, pad: int = 2):
    """Rahmen aus Nullen um Bilder (N, H, W, C): MNIST 28×28 → 32×32 wie bei LeNet-5."""
    x = np.asarray(x)
    if x.ndim != 4:
        raise ValueError(f"Erwartet werden Bilder der Form (N, H, W, C), erhalten: {x.shape}.")
    return np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))


def cosine_schedule(learning_rate: float, settings: profiles.TrainSettings, n_train: int):
    """Lernrate, die über das ganze Training wie ein Kosinus auf 0 fällt."""
    steps = settings.epochs * math.ceil(n_train / settings.batch_size)
    return keras.optimizers.schedules.CosineDecay(learning_rate, max(steps, 1))


def compile_classifier(model, optimizer="adam"):
    """Kompiliert ``model`` mit ``optimizer``, Kreuzentropie (Labels als Zahlen) und
    Accuracy – so kompilieren alle Rezepte und Experimente; gibt ``model`` zurück."""
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def with_augmentation(model):
    """Setzt Spiegelung und Verschiebung (``augment.training_layers``) vor ``model``;
    sie wirken nur beim Training. Das Netz selbst ist die letzte Schicht."""
    inputs = keras.Input(model.input_shape[1:], name="image")
    x = inputs
    for layer in augment.training_layers():
        x = layer(x)
    return keras.Model(inputs, model(x), name=f"{model.name}_augmented")


def _compile_and_fit(model, train, test, optimizer, name, settings, augment_data=False):
    """Kompiliert, trainiert mit ``training.fit`` und gibt ``Trained`` zurück."""
    if augment_data:
        model = with_augmentation(model)
    compile_classifier(model, optimizer)
    history = training.fit(model, train, test, name=name, settings=settings)
    return Trained(model, history, train, test)


def lenet5_mnist(settings: profiles.TrainSettings | None = None, name: str = "lenet5"):
    """LeNet-5 wie 1998: MNIST auf 32×32 gepolstert, tanh, Average Pooling.

    Adam mit Kosinus-Lernrate statt des Verfahrens aus dem Paper; ohne
    ``settings`` gilt ``profiles.settings("lenet5")``.
    """
    settings = settings or profiles.settings("lenet5")
    training.set_seed()
    (x_train, y_train), (x_test, y_test) = image_data(data.load_mnist, settings)
    train, test = (pad_images(x_train), y_train), (pad_images(x_test), y_test)
    optimizer = keras.optimizers.Adam(cosine_schedule(2e-3, settings, len(x_train)))
    return _compile_and_fit(models.lenet5(), train, test, optimizer, name, settings)


def alexnet_cifar(settings: profiles.TrainSettings | None = None, name: str = "alexnet_cifar"):
    """AlexNet in der CIFAR-Variante (Conv1 3×3, FC-Schichten mit 512 Neuronen) auf CIFAR-10.

    Wie im Paper: SGD mit Momentum 0,9, Weight Decay und Data Augmentation
    (Spiegelung, Verschiebung); ohne ``settings`` gilt ``profiles.settings("alexnet_cifar")``.
    """
    settings = settings or profiles.settings("alexnet_cifar")
    training.set_seed()
    train, test = image_data(data.load_cifar10, settings)
    model = models.alexnet(input_shape=(32, 32, 3), num_classes=10, fc_units=512)
    optimizer = keras.optimizers.SGD(cosine_schedule(0.01, settings, len(train[0])),
                                     momentum=0.9, weight_decay=5e-4)
    return _compile_and_fit(model, train, test, optimizer, name, settings, augment_data=True)


def vgg_cifar(settings: profiles.TrainSettings | None = None, name: str = "vgg_cifar"):
    """VGG-16 für CIFAR-10 (32×32 Eingabe, FC-Schichten mit 512 Neuronen, Dropout 0,5).

    Ohne Batch Normalization lernt ein so tiefes Netz mit SGD von Null aus schlecht an
    (die Autoren initialisierten VGG-16 aus einem flacheren Netz); hier hilft Adam
    mit kleiner Lernrate. Ohne ``settings`` gilt ``profiles.settings("vgg_cifar")``.
    """
    settings = settings or profiles.settings("vgg_cifar")
    training.set_seed()
    train, test = image_data(data.load_cifar10, settings)
    model = models.vgg16(input_shape=(32, 32, 3), num_classes=10, fc_units=512, dropout=0.5)
    optimizer = keras.optimizers.Adam(cosine_schedule(1e-4, settings, len(train[0])))
    return _compile_and_fit(model, train, test, optimizer, name, settings, augment_data=True)


def cifar_resnet_model(depth: int, skip_connections: bool, settings: profiles.TrainSettings,
                       n_train: int):
    """Ein ResNet (oder Plain-Netz) für CIFAR-10 wie in He et al. (2016), Abschnitt 4.2, mit
    Data Augmentation davor (Spiegelung, Verschiebung um bis zu 4 Pixel), kompiliert mit SGD
    (Momentum 0,9, Lernrate 0,1 mit Kosinus-Abfall, Weight Decay); für ``bench/``."""
    model = with_augmentation(models.resnet_cifar(depth, skip_connections=skip_connections))
    optimizer = keras.optimizers.SGD(cosine_schedule(0.1, settings, n_train),
                                     momentum=0.9, weight_decay=1e-3)
    return compile_classifier(model, optimizer)


# ---------------------------------------------------------------------------
# „Wie schnell geht es?“: ein kleines ResNet mit Batch Normalization für 28×28-Bilder
# ---------------------------------------------------------------------------


def fashion_resnet(input_shape=(28, 28, 1), num_classes=10, widths=(16, 32, 64)):
    """Ein ResNet-8 wie in He et al. (2016), Abschnitt 4.2, für 28×28-Bilder (unkompiliert):
    ``models.resnet_cifar`` mit Tiefe 8 und Stride 2 am Anfang.

    Conv 3×3 mit Stride 2 (28×28 → 14×14) + BN + ReLU, dann drei Residual Blocks mit
    ``widths`` Filtern (der zweite und dritte halbieren die Feature Map), Global Average
    Pooling, Softmax.
    """
    return models.resnet_cifar(8, input_shape, num_classes, widths=widths, stem_strides=2,
                               name="fashion_resnet8")


def one_cycle(learning_rate: float, settings: profiles.TrainSettings, n_train: int,
              warmup_epochs: float = 1.0):
    """Lernrate, die eine Epoche lang (``warmup_epochs``) linear von 0 auf
    ``learning_rate`` steigt und danach wie ein Kosinus bis zum Ende auf 0 fällt."""
    steps_per_epoch = math.ceil(n_train / settings.batch_size)
    steps = max(settings.epochs * steps_per_epoch, 2)
    warmup = min(int(warmup_epochs * steps_per_epoch), steps - 1)
    return keras.optimizers.schedules.CosineDecay(
        0.0, steps - warmup, warmup_target=learning_rate, warmup_steps=warmup)


def fashion_resnet_model(settings: profiles.TrainSettings, n_train: int,
                         learning_rate: float = 0.1):
    """``fashion_resnet``, kompiliert: SGD mit Momentum 0,9 (Nesterov), Lernrate mit
    Aufwärmen und Kosinus-Abfall über ``settings.epochs`` (``one_cycle``)."""
    optimizer = keras.optimizers.SGD(one_cycle(learning_rate, settings, n_train),
                                     momentum=0.9, nesterov=True)
    return compile_classifier(fashion_resnet(), optimizer)
