"""Die Aufgaben des Transfer-Experiments (Yosinski et al. 2014) und ihre Daten.

Eine Aufgabe ist ein Datensatz mit einer Auswahl seiner Klassen (``TASKS``): die ferne
Ausgangsaufgabe Kleidung (Fashion-MNIST), die nahe Ausgangsaufgabe Ziffern 0–4 und die
Zielaufgabe B, die Ziffern 5–9. ``task_data`` lädt eine Aufgabe, ``few_shot`` zieht wenige
gelabelte Beispiele je Klasse, ``repeat_to`` wiederholt sie auf eine feste Zahl von
Schritten, und ``n_values`` sagt, welche Anzahlen pro Klasse (``EXAMPLES``) das Profil
rechnet. Das Experiment selbst steht in ``transfer``.
"""

from __future__ import annotations

import numpy as np

from lecture_utils import data, training
from lecture_utils.core import checks, profiles
from lecture_utils.training import experiments

TASKS = {
    "fashion": ("Fashion-MNIST, alle 10 Klassen", data.load_fashion_mnist, tuple(range(10))),
    "ziffern_0_4": ("MNIST, Ziffern 0–4", data.load_mnist, (0, 1, 2, 3, 4)),
    "ziffern_5_9": ("MNIST, Ziffern 5–9", data.load_mnist, (5, 6, 7, 8, 9)),
    "ziffern": ("MNIST, alle 10 Ziffern", data.load_mnist, tuple(range(10))),
}
"""Aufgaben: Name, Lader, Klassen. ``fashion`` ist die ferne Ausgangsaufgabe (Vorgabe),
``ziffern_0_4`` die nahe, ``ziffern_5_9`` die Zielaufgabe B."""
SOURCES = ("fashion", "ziffern_0_4")
TARGET = "ziffern_5_9"
TASK_B = TASKS[TARGET][2]

EXAMPLES = {"quick": (1, 10), "laptop": (1, 3, 10, 30, 100),
            "gpu": (1, 10, 100), "full": (1, 3, 10, 30, 100, 300, 1000)}
"""Anzahlen gelabelter Beispiele pro Klasse der Zielaufgabe, je Profil."""


def select_classes(x, y, classes):
    """Nur die Bilder der Klassen ``classes``; die Labels werden zu 0, 1, 2, …"""
    y = np.ravel(y)
    classes = [checks.whole_number(c, "Eine Klasse", minimum=0) for c in classes]
    keep = np.isin(y, classes)
    relabel = np.full(int(max(y.max(initial=0), max(classes))) + 1, -1)
    relabel[classes] = np.arange(len(classes))
    return x[keep], relabel[y[keep]].astype("int64")


def task_data(task: str, train_samples: int | None = None, test_samples: int | None = None,
              loader=None):
    """Trainings- und Testdaten der Aufgabe ``task`` (ein Schlüssel von ``TASKS``),
    vorbereitet (float32 in [0, 1]); ``None`` bei den Mengen heißt: alle Bilder.
    ``loader`` ersetzt den Lader (für Tests)."""
    checks.one_of(task, "Die Aufgabe", TASKS)
    _, default_loader, classes = TASKS[task]
    (x_train, y_train), (x_test, y_test) = (loader or default_loader)()
    x_train, y_train = training.take(*select_classes(x_train, y_train, classes), train_samples)
    x_test, y_test = training.take(*select_classes(x_test, y_test, classes), test_samples)
    return ((training.prepare_images(x_train), y_train),
            (training.prepare_images(x_test), y_test))


def few_shot(x, y, n_per_class: int, seed: int = profiles.SEED):
    """Zufällig ``n_per_class`` Beispiele je Klasse, gemischt, reproduzierbar über ``seed``."""
    n_per_class = checks.whole_number(n_per_class, "n_per_class")
    y = np.ravel(y)
    rng = np.random.default_rng(seed)
    picked = []
    for label in np.unique(y):
        index = np.flatnonzero(y == label)
        if len(index) < n_per_class:
            raise ValueError(f"Klasse {label} hat nur {len(index)} Beispiele, "
                             f"verlangt sind n_per_class={n_per_class!r}.")
        picked.append(rng.choice(index, n_per_class, replace=False))
    picked = rng.permutation(np.concatenate(picked))
    return x[picked], y[picked]


def repeat_to(x, y, size: int | None, seed: int = profiles.SEED):
    """Wiederholt (x, y), bis es mindestens ``size`` Beispiele sind, und mischt.

    So macht jedes Training gleich viele Schritte, egal wie wenige Beispiele es hat.
    ``None``: nicht wiederholen, nur mischen.
    """
    size = len(x) if size is None else checks.whole_number(size, "size")
    copies = max(1, -(-size // len(x)))
    order = np.random.default_rng(seed).permutation(len(x) * copies)
    return np.concatenate([x] * copies)[order], np.concatenate([y] * copies)[order]


def n_values(labels, profile: str | None = None) -> tuple[int, ...]:
    """Die Anzahlen aus ``EXAMPLES`` des Profils, die jede Klasse in ``labels`` hergibt
    (mit der Stichprobe offline sind es weniger)."""
    smallest = int(np.unique(np.ravel(labels), return_counts=True)[1].min())
    return tuple(n for n in EXAMPLES[experiments.profile_or_active(profile)] if n <= smallest)
