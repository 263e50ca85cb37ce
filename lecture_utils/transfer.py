"""Transfer Learning mit echten Daten, auch offline (Abschnitt 10.4.2).

Wie Yosinski et al. (2014), die die ImageNet-Klassen in zwei Hälften A und B
teilten, teilen wir MNIST: **Aufgabe A** sind die Ziffern 0–4 (viele Daten),
**Aufgabe B** die Ziffern 5–9 mit nur wenigen gelabelten Beispielen pro Klasse.

1. ``pretrain``: das CNN aus dem Blog auf Aufgabe A trainieren;
2. ``compare``: auf Aufgabe B drei Wege vergleichen, je Anzahl Beispiele pro Klasse:
   ohne Vorwissen, also mit Zufallsgewichten (``scratch``), mit eingefrorenen
   Konv-Schichten aus A und neuem Kopf (``frozen``) und mit übernommenen, von Anfang
   an mittrainierten Konv-Schichten (``finetune``).

Das ist die lange Versuchsschleife. Wie man in Keras einfriert, einen neuen Kopf
aufsetzt, neu kompiliert und feinjustiert, zeigt Notebook 10.4 als sichtbaren Code,
ebenso den Aufruf von ``keras.applications`` für ein ImageNet-Netz.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np

from lecture_utils import data, inspection, models, profiles, recipes, training

TASK_A = (0, 1, 2, 3, 4)
TASK_B = (5, 6, 7, 8, 9)
N_LADDER = (1, 3, 10, 30, 100, 300, 1000)
"""Mögliche Anzahlen gelabelter Beispiele pro Klasse; das Profil begrenzt sie."""

STRATEGIES = {
    "scratch": "ohne Vorwissen",
    "frozen": "eingefroren + neuer Kopf",
    "finetune": "Fine-Tuning",
}
REPEATS = {"quick": 1, "laptop": 3, "full": 3, "gpu": 3}
"""Wiederholungen je Punkt (andere Beispiele, andere Startgewichte) im jeweiligen Profil."""

# ---------------------------------------------------------------------------
# Daten: zwei Aufgaben aus einem Datensatz
# ---------------------------------------------------------------------------


def select_classes(x, y, classes):
    """Nur die Bilder der Klassen ``classes``; die Labels werden zu 0, 1, 2, …"""
    y = np.ravel(y)
    keep = np.isin(y, classes)
    relabel = {c: i for i, c in enumerate(classes)}
    return x[keep], np.array([relabel[c] for c in y[keep]], dtype="int64")


def task_data(classes, train_samples: int | None = None, test_samples: int | None = None,
              loader=data.load_mnist):
    """Trainings- und Testdaten einer Aufgabe, vorbereitet (float32 in [0, 1]); ``None``
    bei den Mengen heißt: alle Bilder dieser Klassen."""
    (x_train, y_train), (x_test, y_test) = loader()
    x_train, y_train = training.take(*select_classes(x_train, y_train, classes), train_samples)
    x_test, y_test = training.take(*select_classes(x_test, y_test, classes), test_samples)
    return ((training.prepare_images(x_train), y_train),
            (training.prepare_images(x_test), y_test))


def few_shot(x, y, n_per_class: int, seed: int = profiles.SEED):
    """Zufällig ``n_per_class`` Beispiele je Klasse (reproduzierbar über ``seed``)."""
    rng = np.random.default_rng(seed)
    picked = []
    for c in np.unique(y):
        index = np.flatnonzero(y == c)
        if len(index) < n_per_class:
            raise ValueError(f"Klasse {c} hat nur {len(index)} Beispiele, "
                             f"verlangt sind n_per_class={n_per_class!r}.")
        picked.append(rng.choice(index, n_per_class, replace=False))
    picked = np.sort(np.concatenate(picked))
    return x[picked], y[picked]


def repeat_to(x, y, size: int, seed: int = profiles.SEED):
    """Wiederholt (x, y), bis es mindestens ``size`` Beispiele sind, und mischt.

    So macht jedes Training gleich viele Schritte, egal wie wenige Beispiele es hat.
    """
    copies = max(1, -(-size // len(x)))
    order = np.random.default_rng(seed).permutation(len(x) * copies)
    return np.concatenate([x] * copies)[order], np.concatenate([y] * copies)[order]


def n_values(settings: profiles.TrainSettings, labels) -> tuple[int, ...]:
    """Die Anzahlen aus ``N_LADDER``, die das Profil erlaubt (höchstens
    ``train_samples`` Bilder insgesamt) und die Daten hergeben."""
    classes, counts = np.unique(labels, return_counts=True)
    limit = settings.train_samples or counts.min() * len(classes)
    return tuple(n for n in N_LADDER if n * len(classes) <= limit and n <= counts.min())


# ---------------------------------------------------------------------------
# Aufgabe A: vortrainieren
# ---------------------------------------------------------------------------


def _compile(model):
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def pretrain(settings: profiles.TrainSettings | None = None, name: str = "transfer_pretrain"):
    """Das CNN aus dem Blog (``models.mnist_cnn`` mit 5 Klassen) auf Aufgabe A.

    Ohne ``settings`` gilt ``profiles.settings("transfer_pretrain")``; ein fertiges
    Training wird wie immer nur geladen.
    """
    settings = settings or profiles.settings("transfer_pretrain")
    training.set_seed()
    train, test = task_data(TASK_A, settings.train_samples, settings.test_samples)
    model = _compile(models.mnist_cnn(num_classes=len(TASK_A)))
    history = training.fit(model, train, test, name=name, settings=settings)
    return recipes.Trained(model, history, train, test)


# ---------------------------------------------------------------------------
# Aufgabe B: drei Wege
# ---------------------------------------------------------------------------


def base_layers(model) -> list[str]:
    """Die Schichten mit Gewichten vor dem Klassifikator (vor Flatten bzw. Global Pooling):
    das sind die Konv-Schichten, die Transfer Learning übernimmt."""
    names = []
    for layer in model.layers:
        if isinstance(layer, (keras.layers.Flatten, keras.layers.GlobalAveragePooling2D,
                              keras.layers.GlobalMaxPooling2D)):
            return names
        if layer.weights:
            names.append(layer.name)
    raise ValueError(f"Das Modell {model.name!r} hat keine Flatten- oder Global-Pooling-"
                     f"Schicht; wo der Klassifikator beginnt, ist unklar.")


def build(source, strategy: str, seed: int = profiles.SEED):
    """Ein neues, kompiliertes Netz für Aufgabe B mit dem Aufbau von ``source``.

    ``scratch``: alle Gewichte zufällig; ``frozen``: Konv-Schichten aus ``source``
    kopiert und eingefroren, der Kopf zufällig; ``finetune``: wie ``frozen``, aber
    alle Schichten von Anfang an trainierbar (gleicher Optimierer, RMSprop mit
    Lernrate 1e-3).
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"Unbekannte Strategie {strategy!r}; "
                         f"möglich sind: {', '.join(STRATEGIES)}.")
    training.set_seed(seed)
    model = keras.models.clone_model(source)  # gleicher Aufbau, neue Zufallsgewichte
    if strategy != "scratch":
        for name in base_layers(source):
            model.get_layer(name).set_weights(source.get_layer(name).get_weights())
            model.get_layer(name).trainable = strategy == "finetune"
    return _compile(model)


def accuracy(model, x, y) -> float:
    """Anteil richtig klassifizierter Beispiele."""
    predicted = inspection.predict(model, x).argmax(axis=-1)
    return float(np.mean(predicted == np.ravel(y)))


def train_few_shot(source, strategy, train, test, n_per_class, settings, seed=profiles.SEED):
    """Ein Training auf Aufgabe B mit ``n_per_class`` Beispielen je Klasse; gibt die
    Test-Accuracy zurück. Die Beispiele werden auf ``settings.train_samples`` wiederholt."""
    x, y = few_shot(*train, n_per_class, seed)
    x, y = repeat_to(x, y, settings.train_samples or len(x), seed)
    model = build(source, strategy, seed)
    model.fit(x, y, epochs=settings.epochs, batch_size=min(settings.batch_size, len(x)),
              verbose=0)
    return accuracy(model, *test)


@dataclass
class TransferTable:
    """Ergebnis von ``compare``: Accuracy je Strategie, Anzahl und Wiederholung."""

    n_per_class: tuple[int, ...]
    accuracy: dict  # Strategie → Array (len(n_per_class), Wiederholungen)
    labels: dict  # Strategie → deutscher Name
    title: str = "Transfer Learning: Ziffern 0–4 → Ziffern 5–9"

    def mean(self, strategy: str) -> np.ndarray:
        """Mittlere Accuracy über die Wiederholungen, je Anzahl."""
        return np.asarray(self.accuracy[strategy]).mean(axis=1)

    def to_text(self) -> str:
        header = f"{'pro Klasse':>10}" + "".join(f"{s:>11}" for s in self.labels)
        lines = [header, "─" * len(header)]
        for i, n in enumerate(self.n_per_class):
            cells = "".join(f"{self.mean(s)[i]:>11.1%}" for s in self.labels)
            lines.append(f"{n:>10}" + cells.replace(".", ","))
        return "\n".join(lines)

    __str__ = to_text

    def __repr__(self) -> str:
        return self.to_text()


def compare(source, train, test, settings: profiles.TrainSettings, n_per_class=None,
            repeats: int | None = None, strategies=tuple(STRATEGIES)) -> TransferTable:
    """Vergleicht die Strategien auf Aufgabe B für jede Anzahl in ``n_per_class``
    (Vorgabe: ``n_values``) mit ``repeats`` Wiederholungen (Vorgabe: ``REPEATS``).

    In einer Wiederholung bekommen alle Strategien dieselben Beispiele.
    """
    n_per_class = tuple(n_per_class or n_values(settings, train[1]))
    repeats = repeats or REPEATS[profiles.active_profile()]
    results = {s: np.zeros((len(n_per_class), repeats)) for s in strategies}
    for i, n in enumerate(n_per_class):
        for r in range(repeats):
            for strategy in strategies:
                results[strategy][i, r] = train_few_shot(
                    source, strategy, train, test, n, settings, seed=profiles.SEED + r)
        means = " · ".join(f"{s} {results[s][i].mean():.1%}" for s in strategies)
        print(f"{n:>4} Beispiele pro Klasse: {means}".replace(".", ","), flush=True)
    return TransferTable(n_per_class, results, {s: STRATEGIES[s] for s in strategies})
