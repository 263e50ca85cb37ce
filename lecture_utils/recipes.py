"""Trainingsrezepte, die mehrere Notebooks teilen.

Ein Rezept lädt die Daten, baut das Modell, kompiliert und trainiert es mit
``training.fit``. Weil ``fit`` ein fertiges Training mit gleichem Namen und
gleichen Einstellungen nur lädt, bekommt Notebook 10.4 so das in 10.1
trainierte MNIST-CNN, ohne es erneut zu trainieren.
"""

from __future__ import annotations

from dataclasses import dataclass

from lecture_utils import data, models, profiles, training


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

    Ohne ``settings`` gilt ``profiles.settings("mnist_cnn")`` des aktiven Profils.
    """
    settings = settings or profiles.settings("mnist_cnn")
    training.set_seed()
    train, test = image_data(data.load_mnist, settings)
    model = models.mnist_cnn()
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = training.fit(model, train, test, name=name, settings=settings)
    return Trained(model, history, train, test)
