"""Was die Experimente aus den Papern teilen, die man auch auf einer CPU sieht.

Die Experimente stehen je in einem eigenen Modul:

1. ``relu_vs_tanh``: Krizhevsky, Sutskever, Hinton (2012), Abb. 1 – Epochen bis 25 %
   Trainingsfehler, mit ReLU und mit tanh;
2. ``plain_vs_resnet``: das Degradationsproblem nach He, Zhang, Ren, Sun (2016), Abb. 1
   und Abschnitt 4.2 – der Trainingsfehler am Ende für Plain-Netze und ResNets in zwei
   Tiefen;
3. ``transfer``: Yosinski, Clune, Bengio, Lipson (2014).

Hier stehen die Datensätze je Profil (``LOADERS``, ``DATA_NAMES``), das Laden der
Trainingsbilder (``training_images``) und das Training mit SGD, das ReLU gegen tanh und die
Degradation gleich machen (``train_sgd``). Epochen, Batchgrößen und Datenmengen kommen aus
den Profilen; jede Funktion gibt einfache Daten zurück (``dict`` mit Zahlen und Listen), die
ein Notebook ausgeben und zeichnen kann. Im Profil ``laptop`` braucht jedes Experiment auf
zwei CPU-Kernen höchstens etwa 4 Minuten (gemessen mit ``bench/bench_experiments.py``).
"""

from __future__ import annotations

import keras

from lecture_utils import data, training
from lecture_utils.core import profiles
from lecture_utils.training import progress, recipes

LOADERS = {"fashion_mnist": data.load_fashion_mnist, "cifar10": data.load_cifar10}
DATA_NAMES = {"fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10"}


def profile_or_active(profile: str | None) -> str:
    """Der Name des Profils ``profile``, ohne Angabe (``None``) das aktive."""
    return profiles.active_profile() if profile is None else profiles.check_profile(profile)


def choose_loader(table, profile, loader):
    """Der Lader aus ``table`` für das Profil, außer ``loader`` ist angegeben."""
    if loader is not None:
        if not callable(loader):
            raise TypeError(f"loader muss eine Funktion sein (z. B. data.load_cifar10), "
                            f"erhalten: {loader!r}.")
        known = {id(load): name for name, load in LOADERS.items()}
        return loader, DATA_NAMES.get(known.get(id(loader)), "eigene Daten")
    name = table[profile]
    return LOADERS[name], DATA_NAMES[name]


def training_images(table, profile, loader, settings: profiles.TrainSettings):
    """Die Trainingsbilder des Experiments: ``(x, y, Name des Datensatzes)``, ``x`` als
    uint8-Bilder, so viele wie ``settings.train_samples``."""
    loader, dataset = choose_loader(table, profile, loader)
    (x_train, y_train), _ = loader()
    x_train, y_train = training.take(x_train, y_train, settings.train_samples)
    return x_train, y_train, dataset


def train_sgd(model, x, y, settings: profiles.TrainSettings, learning_rate, label: str,
              show_progress: bool, callbacks=()) -> list[float]:
    """Kompiliert ``model`` mit SGD (Momentum 0,9, ``learning_rate`` als Zahl oder Plan),
    trainiert ``settings.epochs`` Epochen und gibt den Trainingsfehler je Epoche zurück
    (1 − Accuracy über die Epoche). ``show_progress``: eine Zeile je Epoche (``label``)."""
    recipes.compile_classifier(model, keras.optimizers.SGD(learning_rate, momentum=0.9))
    callbacks = list(callbacks)
    if show_progress:
        callbacks.append(progress.EpochProgress(label, settings.epochs))
    history = model.fit(x, y, epochs=settings.epochs, batch_size=settings.batch_size,
                        callbacks=callbacks, verbose=0)
    return [round(1 - a, 4) for a in history.history["accuracy"]]
