"""Das Transfer-Experiment nach Yosinski, Clune, Bengio, Lipson (2014).

Features aus einer Aufgabe A (Fashion-MNIST, fern; oder Ziffern 0–4, nah) für Aufgabe B
(Ziffern 5–9): von Grund auf, eingefroren und feinjustiert, je Anzahl gelabelter
Beispiele pro Klasse. Epochen und Mengen: Profile ``exp_transfer_source`` und
``exp_transfer_target``.
"""

from __future__ import annotations

import time

import keras
import numpy as np
from keras import layers

from lecture_utils import data, profiles, training
from lecture_utils.experiments import _profile, small_cnn

TRANSFER_EXAMPLES = {"quick": (1, 10), "laptop": (1, 3, 10, 30, 100),
                     "gpu": (1, 3, 10, 30, 100), "full": (1, 3, 10, 30, 100, 300, 1000)}
"""Anzahlen gelabelter Beispiele pro Klasse der Zielaufgabe."""
TRANSFER_REPEATS = {"quick": 1, "laptop": 2, "gpu": 2, "full": 3}
"""Wiederholungen je Anzahl (andere Beispiele, andere Startgewichte)."""
TRANSFER_STRATEGIES = ("scratch", "frozen", "finetune")

# ---------------------------------------------------------------------------
# 3. Transfer Learning (Yosinski et al. 2014): Aufgabe A → Aufgabe B
# ---------------------------------------------------------------------------

TRANSFER_SOURCES = {
    "ziffern_0_4": ("MNIST, Ziffern 0–4", data.load_mnist, (0, 1, 2, 3, 4)),
    "fashion": ("Fashion-MNIST, alle 10 Klassen", data.load_fashion_mnist, tuple(range(10))),
}
"""Ausgangsaufgaben: ``ziffern_0_4`` ist nah an der Zielaufgabe (wie Yosinskis zufällige
Hälften A und B von ImageNet), ``fashion`` fern (Kleidung statt Ziffern)."""
TRANSFER_TARGET = ("MNIST, Ziffern 5–9", data.load_mnist, (5, 6, 7, 8, 9))


def select_classes(x, y, classes):
    """Nur die Bilder der Klassen ``classes``; die Labels werden zu 0, 1, 2, …"""
    y = np.ravel(y)
    keep = np.isin(y, classes)
    relabel = np.full(int(max(y.max(), max(classes))) + 1, -1)
    relabel[list(classes)] = np.arange(len(classes))
    return x[keep], relabel[y[keep]]


def pick_per_class(x, y, n_per_class: int, seed: int = profiles.SEED):
    """Zufällig ``n_per_class`` Beispiele je Klasse, reproduzierbar über ``seed``."""
    if isinstance(n_per_class, bool) or not isinstance(n_per_class, (int, np.integer)) \
            or n_per_class < 1:
        raise ValueError(f"n_per_class muss eine ganze Zahl ab 1 sein, erhalten: "
                         f"{n_per_class!r}.")
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


def feature_layers(model) -> list[str]:
    """Die Namen der Konv-Schichten von ``model``: die Features, die übertragen werden."""
    return [layer.name for layer in model.layers if isinstance(layer, layers.Conv2D)]


def target_model(source, strategy: str, num_classes: int | None = None,
                 learning_rate: float = 1e-3):
    """Ein kompiliertes ``small_cnn`` für die Zielaufgabe (``num_classes`` Klassen, Vorgabe:
    wie ``source``).

    ``scratch``: alle Gewichte zufällig. ``frozen``: Conv1 und Conv2 aus ``source``
    kopiert und eingefroren, nur die FC-Schichten lernen. ``finetune``: ebenso kopiert,
    aber alles lernt mit.
    """
    if strategy not in TRANSFER_STRATEGIES:
        raise ValueError(f"Unbekannte Strategie {strategy!r}; möglich sind: "
                         f"{', '.join(TRANSFER_STRATEGIES)}.")
    model = small_cnn("relu", source.input_shape[1:], num_classes or source.output_shape[-1])
    if strategy in ("frozen", "finetune"):
        for name in feature_layers(source):
            model.get_layer(name).set_weights(source.get_layer(name).get_weights())
            model.get_layer(name).trainable = strategy == "finetune"
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _task(loader, classes, train_samples=None, test_samples=None):
    (x_train, y_train), (x_test, y_test) = loader()
    x_train, y_train = select_classes(x_train, y_train, classes)
    x_test, y_test = select_classes(x_test, y_test, classes)
    x_train, y_train = training.take(x_train, y_train, train_samples)
    x_test, y_test = training.take(x_test, y_test, test_samples)
    return ((training.prepare_images(x_train), y_train),
            (training.prepare_images(x_test), y_test))


def pretrain_source(settings: profiles.TrainSettings | None = None,
                    loader=data.load_mnist, classes=(0, 1, 2, 3, 4)):
    """``small_cnn`` (ReLU) auf der Ausgangsaufgabe: die Klassen ``classes`` aus ``loader``.
    Adam, Kreuzentropie. Gibt ``(model, test_accuracy)`` zurück; ohne ``settings`` gilt
    ``profiles.settings("exp_transfer_source")``."""
    settings = settings or profiles.settings("exp_transfer_source")
    (x_train, y_train), (x_test, y_test) = _task(loader, classes, settings.train_samples,
                                                 settings.test_samples)
    training.set_seed()
    model = small_cnn("relu", x_train.shape[1:], len(classes))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=settings.epochs, batch_size=settings.batch_size,
              verbose=0)
    _, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return model, float(accuracy)


def transfer(source_settings: profiles.TrainSettings | None = None,
             target_settings: profiles.TrainSettings | None = None,
             examples_per_class=None, repeats: int | None = None, source: str = "fashion",
             source_loader=None, target_loader=None, profile: str | None = None) -> dict:
    """Transfer Learning wie bei Yosinski et al. (2014): Aufgabe A → Aufgabe B.

    ``small_cnn`` lernt zuerst die Ausgangsaufgabe ``source`` (``TRANSFER_SOURCES``:
    Fashion-MNIST, fern – die Vorgabe –, oder Ziffern 0–4, nah). Dann lernt je Anzahl ``n``
    gelabelter Ziffern 5–9 pro Klasse ein neues Netz auf drei Wegen (``target_model``): von
    Grund auf, mit eingefrorenen übernommenen Konv-Schichten und feinjustiert. Die wenigen Beispiele
    werden wiederholt, bis eine Epoche ``target_settings.train_samples`` Bilder hat; so
    macht jedes Training gleich viele Schritte. Gemessen wird die Accuracy auf
    ``target_settings.test_samples`` Testziffern, gemittelt über ``repeats``
    Wiederholungen (andere Beispiele, andere Startgewichte).

    Gibt zurück: ``{"source", "target", "source_test_accuracy", "examples_per_class",
    "repeats", "accuracy": {"scratch": [...], "frozen": [...], "finetune": [...]},
    "seconds"}`` (je Strategie ein Mittelwert je Anzahl).
    """
    if source not in TRANSFER_SOURCES:
        raise ValueError(f"Unbekannte Ausgangsaufgabe {source!r}; möglich sind: "
                         f"{', '.join(TRANSFER_SOURCES)}.")
    profile = _profile(profile)
    source_settings = source_settings or profiles.settings("exp_transfer_source", profile)
    target_settings = target_settings or profiles.settings("exp_transfer_target", profile)
    default_examples = examples_per_class is None
    examples_per_class = tuple(examples_per_class or TRANSFER_EXAMPLES[profile])
    repeats = repeats or TRANSFER_REPEATS[profile]
    source_name, default_loader, source_classes = TRANSFER_SOURCES[source]
    target_name, default_target, target_classes = TRANSFER_TARGET
    start = time.perf_counter()
    source_model, source_accuracy = pretrain_source(
        source_settings, source_loader or default_loader, source_classes)
    print(f"Ausgangsnetz ({source_name}): Test-Accuracy {source_accuracy:.1%}"
          .replace(".", ","), flush=True)

    (x_train, y_train), (x_test, y_test) = _task(target_loader or default_target,
                                                 target_classes,
                                                 test_samples=target_settings.test_samples)
    if default_examples:  # ohne Angabe: nur Anzahlen, die jede Klasse hergibt (Stichprobe)
        smallest = int(np.bincount(y_train).min())
        examples_per_class = tuple(n for n in examples_per_class if n <= smallest)
    accuracy = {s: [] for s in TRANSFER_STRATEGIES}
    for n in examples_per_class:
        runs = {s: [] for s in TRANSFER_STRATEGIES}
        for r in range(repeats):
            x, y = pick_per_class(x_train, y_train, n, seed=profiles.SEED + r)
            copies = max(1, -(-(target_settings.train_samples or len(x)) // len(x)))
            x, y = np.concatenate([x] * copies), np.concatenate([y] * copies)
            for strategy in TRANSFER_STRATEGIES:
                training.set_seed(profiles.SEED + r)
                model = target_model(source_model, strategy, len(target_classes))
                model.fit(x, y, epochs=target_settings.epochs, shuffle=True,
                          batch_size=min(target_settings.batch_size, len(x)), verbose=0)
                _, acc = model.evaluate(x_test, y_test, batch_size=256, verbose=0)
                runs[strategy].append(float(acc))
        for strategy in TRANSFER_STRATEGIES:
            accuracy[strategy].append(round(float(np.mean(runs[strategy])), 4))
        print(f"{n:>4} Beispiele pro Klasse: " + " · ".join(
            f"{s} {accuracy[s][-1]:.1%}" for s in TRANSFER_STRATEGIES).replace(".", ","),
            flush=True)
    return {
        "source": source_name, "target": target_name,
        "source_test_accuracy": round(source_accuracy, 4),
        "examples_per_class": list(examples_per_class),
        "repeats": repeats,
        "accuracy": accuracy,
        "seconds": round(time.perf_counter() - start, 1),
    }
