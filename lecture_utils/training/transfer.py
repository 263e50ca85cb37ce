"""Transfer Learning nach Yosinski, Clune, Bengio, Lipson (2014), Abschnitt 10.4.2.

Ein Modul für das Notebook 10.4 und ``bench/bench_experiments.py``: beide rufen denselben
Code. **Aufgabe A** (die Ausgangsaufgabe) ist Fashion-MNIST, also Kleidung und damit weit
weg von der **Aufgabe B**: den Ziffern 5–9, von denen nur wenige gelabelte Beispiele pro
Klasse da sind. (``"ziffern_0_4"`` ist die nahe Ausgangsaufgabe, wie Yosinskis zufällige
Hälften A und B von ImageNet.)

Die Aufgaben und ihre Daten stehen in ``transfer_tasks``.

1. ``pretrain``: ``relu_vs_tanh.small_cnn`` auf Aufgabe A trainieren;
2. ``compare``: auf Aufgabe B je Anzahl Beispiele pro Klasse Netze gleichen Aufbaus
   vergleichen (``STRATEGIES``): von Grund auf (``scratch``), mit übernommenen und
   eingefrorenen Konv-Schichten (``frozen``), mit übernommenen und mittrainierten
   (``finetune``); Schicht für Schicht mit ``frozen1``/``finetune1`` (nur Conv1 kopiert,
   in den Profilen gpu und full);
3. ``transfer``: beides zusammen, als ``dict`` für den Benchmark.

Epochen und Mengen: Profile ``exp_transfer_source`` und ``exp_transfer_target``. Wie man
in Keras einfriert, einen neuen Kopf aufsetzt, neu kompiliert und feinjustiert, zeigt
das Notebook als sichtbaren Code.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import keras
import numpy as np

from lecture_utils import training
from lecture_utils.core import checks, device, keras_tools, profiles, text
from lecture_utils.training import experiments, recipes, relu_vs_tanh, transfer_tasks

REPEATS = {"quick": 1, "laptop": 2, "gpu": 2, "full": 3}
"""Wiederholungen je Anzahl (andere Beispiele, andere Startgewichte), je Profil."""

STRATEGIES = {
    "scratch": "ohne Vorwissen",
    "frozen": "Conv1–2 kopiert, eingefroren",
    "finetune": "Conv1–2 kopiert, feinjustiert",
}
"""Die drei Wege des Vergleichs; kopiert werden alle Konv-Schichten (``base_layers``)."""
LAYERWISE = {
    "frozen1": "nur Conv1 kopiert, eingefroren",
    "finetune1": "nur Conv1 kopiert, feinjustiert",
}
"""Schicht für Schicht wie Yosinski et al. (Abb. 2): nur die erste Konv-Schicht kopiert."""
PROFILE_STRATEGIES = {"quick": tuple(STRATEGIES),
                      "laptop": tuple(STRATEGIES),
                      "gpu": tuple(STRATEGIES) + tuple(LAYERWISE),
                      "full": tuple(STRATEGIES) + tuple(LAYERWISE)}
"""Welche Wege ``compare`` ohne Angabe rechnet, je Profil. Im Profil laptop ohne
``LAYERWISE``: Mit allen fünf Wegen dauerte das Experiment auf 2 Kernen 386 s statt der
höchstens 4 Minuten aus Issue 12 (gemessen 2026-12-02 unter Last)."""
LABELS = {**STRATEGIES, **LAYERWISE}


def pretrain(settings: profiles.TrainSettings | None = None, source: str = "fashion",
             name: str | None = None, resume: bool = True, verbose: int = 1,
             loader=None) -> recipes.Trained:
    """``small_cnn`` (ReLU) auf der Ausgangsaufgabe ``source`` (``SOURCES``) mit
    ``training.fit``; ein fertiges Training wird wie immer nur geladen (``resume``).
    Ohne ``settings`` gilt ``profiles.settings("exp_transfer_source")``."""
    checks.one_of(source, "Die Ausgangsaufgabe", transfer_tasks.SOURCES)
    settings = settings or profiles.settings("exp_transfer_source")
    train, test = transfer_tasks.task_data(source, settings.train_samples,
                                           settings.test_samples, loader)
    training.set_seed()
    classes = len(transfer_tasks.TASKS[source][2])
    model = recipes.compile_classifier(relu_vs_tanh.small_cnn("relu", train[0].shape[1:], classes))
    history = training.fit(model, train, test, name=name or f"transfer_{source}",
                           settings=settings, resume=resume, verbose=verbose)
    return recipes.Trained(model, history, train, test)


# ---------------------------------------------------------------------------
# Aufgabe B: Netze bauen und vergleichen
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


def copied_layers(source, strategy: str) -> list[str]:
    """Die Schichten, die ``strategy`` aus ``source`` kopiert: keine (``scratch``), alle
    Konv-Schichten (``frozen``, ``finetune``) oder die ersten k (``frozen1``, ``finetune2`` …)."""
    match = re.fullmatch(r"(scratch|frozen|finetune)(\d*)", strategy) \
        if isinstance(strategy, str) else None
    if match is None or (match[1] == "scratch" and match[2]):
        raise ValueError(f"Unbekannte Strategie {strategy!r}; möglich sind: "
                         f"{', '.join(LABELS)} (bzw. frozenK, finetuneK mit K Schichten).")
    base = base_layers(source)
    if match[1] == "scratch":
        return []
    k = int(match[2]) if match[2] else len(base)
    if not 1 <= k <= len(base):
        raise ValueError(f"Strategie {strategy!r}: Das Netz hat {len(base)} Konv-Schichten "
                         f"({', '.join(base)}), kopieren lassen sich 1 bis {len(base)}.")
    return base[:k]


def target_model(source, strategy: str, num_classes: int = len(transfer_tasks.TASK_B),
                 learning_rate: float = 1e-3):
    """Ein kompiliertes ``small_cnn`` (ReLU) für Aufgabe B mit ``num_classes`` Klassen.

    ``scratch``: alle Gewichte zufällig. ``frozen``: die Konv-Schichten aus ``source``
    kopiert und eingefroren, nur die FC-Schichten lernen. ``finetune``: ebenso kopiert,
    aber alles lernt mit, mit demselben Optimierer (Adam, ``learning_rate``).
    ``frozen1``/``finetune1``: nur Conv1 kopiert, Conv2 zufällig und trainierbar.
    """
    names = copied_layers(source, strategy)
    num_classes = checks.whole_number(num_classes, "num_classes", minimum=2)
    model = relu_vs_tanh.small_cnn("relu", source.input_shape[1:], num_classes)
    for name in names:
        model.get_layer(name).set_weights(source.get_layer(name).get_weights())
        model.get_layer(name).trainable = strategy.startswith("finetune")
    return recipes.compile_classifier(model, keras.optimizers.Adam(learning_rate))


def accuracy(model, x, y) -> float:
    """Anteil richtig klassifizierter Beispiele."""
    predicted = keras_tools.predict(model, x).argmax(axis=-1)
    return float(np.mean(predicted == np.ravel(y)))


def train_few_shot(source, strategy, train, test, n_per_class, settings, seed=profiles.SEED):
    """Ein Training auf Aufgabe B mit ``n_per_class`` Beispielen je Klasse; gibt die
    Test-Accuracy zurück. Die Beispiele werden auf ``settings.train_samples`` wiederholt."""
    x, y = transfer_tasks.few_shot(*train, n_per_class, seed)
    x, y = transfer_tasks.repeat_to(x, y, settings.train_samples, seed)
    training.set_seed(seed)
    model = target_model(source, strategy, len(np.unique(train[1])))
    model.fit(x, y, epochs=settings.epochs, batch_size=min(settings.batch_size, len(x)),
              verbose=0)
    return accuracy(model, *test)


@dataclass
class TransferTable:
    """Ergebnis von ``compare``: Accuracy je Strategie, Anzahl und Wiederholung."""

    n_per_class: tuple[int, ...]
    accuracy: dict  # Strategie → Array (len(n_per_class), Wiederholungen)
    labels: dict  # Strategie → deutscher Name
    title: str = "Transfer Learning: Fashion-MNIST → Ziffern 5–9"

    def mean(self, strategy: str) -> np.ndarray:
        """Mittlere Accuracy über die Wiederholungen, je Anzahl."""
        return np.asarray(self.accuracy[strategy]).mean(axis=1)

    def best(self, i: int, among=None) -> str:
        """Die Strategie mit der höchsten mittleren Accuracy bei der Anzahl Nummer ``i``
        (unter ``among``, Vorgabe: alle)."""
        return max(among or self.labels, key=lambda s: self.mean(s)[i])

    def to_text(self) -> str:
        """Mittlere Accuracy je Anzahl (Zeilen) und Strategie (Spalten)."""
        rows = [[n, *(text.percent(self.mean(s)[i]) for s in self.labels)]
                for i, n in enumerate(self.n_per_class)]
        return text.table(["pro Klasse", *self.labels], rows)

    __str__ = to_text

    def __repr__(self) -> str:
        return self.to_text()


def compare(source, train, test, settings: profiles.TrainSettings | None = None,
            n_per_class=None, repeats: int | None = None, strategies=None,
            profile: str | None = None) -> TransferTable:
    """Vergleicht die Strategien auf Aufgabe B für jede Anzahl in ``n_per_class``
    (Vorgabe: ``n_values``) mit ``repeats`` Wiederholungen (Vorgabe: ``REPEATS``).
    Ohne ``settings`` gilt ``profiles.settings("exp_transfer_target")``, ohne
    ``strategies`` ``PROFILE_STRATEGIES``.

    In einer Wiederholung bekommen alle Strategien dieselben Beispiele und dieselben
    Startgewichte für alles, was nicht kopiert wird.
    """
    profile = experiments.profile_or_active(profile)
    settings = settings or profiles.settings("exp_transfer_target", profile)
    n_per_class = tuple(checks.whole_number(n, "n_per_class")
                        for n in (n_per_class or transfer_tasks.n_values(train[1], profile)))
    repeats = checks.whole_number(repeats or REPEATS[profile], "repeats")
    strategies = tuple(strategies or PROFILE_STRATEGIES[profile])
    for strategy in strategies:
        copied_layers(source, strategy)  # unbekannte Strategien vor dem ersten Training melden
    results = {s: np.zeros((len(n_per_class), repeats)) for s in strategies}
    for i, n in enumerate(n_per_class):
        for r in range(repeats):
            for strategy in strategies:
                results[strategy][i, r] = train_few_shot(
                    source, strategy, train, test, n, settings, seed=profiles.SEED + r)
                device.free_memory()  # das Zielnetz ist fertig: seinen Speicher zurückgeben
        means = " · ".join(f"{s} {text.percent(results[s][i].mean())}" for s in strategies)
        print(f"{n:>4} Beispiele pro Klasse: {means}", flush=True)
    labels = {s: LABELS.get(s, s) for s in strategies}
    return TransferTable(n_per_class, results, labels)


def transfer(source_settings: profiles.TrainSettings | None = None,
             target_settings: profiles.TrainSettings | None = None,
             examples_per_class=None, repeats: int | None = None, source: str = "fashion",
             strategies=None, source_loader=None, target_loader=None,
             profile: str | None = None) -> dict:
    """Das ganze Experiment für den Benchmark: ``pretrain`` (ohne Laden eines fertigen
    Trainings), dann ``compare`` auf den Ziffern 5–9 (``target_settings.test_samples``
    Testziffern).

    Gibt zurück: ``{"source", "target", "source_test_accuracy", "examples_per_class",
    "repeats", "accuracy": {"scratch": [...], "frozen": [...], "finetune": [...], …},
    "seconds"}`` (je Strategie ein Mittelwert je Anzahl).
    """
    checks.one_of(source, "Die Ausgangsaufgabe", transfer_tasks.SOURCES)
    profile = experiments.profile_or_active(profile)
    source_settings = source_settings or profiles.settings("exp_transfer_source", profile)
    target_settings = target_settings or profiles.settings("exp_transfer_target", profile)
    start = time.perf_counter()
    pretrained = pretrain(source_settings, source, name=f"bench_transfer_{source}",
                          resume=False, verbose=0, loader=source_loader)
    source_accuracy = accuracy(pretrained.model, *pretrained.test)
    task_name = transfer_tasks.TASKS[source][0]
    print(f"Ausgangsnetz ({task_name}): Test-Accuracy {text.percent(source_accuracy)}",
          flush=True)
    target = transfer_tasks.TARGET
    train, test = transfer_tasks.task_data(target, test_samples=target_settings.test_samples,
                                           loader=target_loader)
    table = compare(pretrained.model, train, test, target_settings,
                    examples_per_class or transfer_tasks.n_values(train[1], profile), repeats,
                    strategies, profile)
    return {
        "source": task_name, "target": transfer_tasks.TASKS[target][0],
        "source_test_accuracy": round(source_accuracy, 4),
        "examples_per_class": list(table.n_per_class),
        "repeats": int(np.asarray(next(iter(table.accuracy.values()))).shape[1]),
        "accuracy": {s: [round(float(a), 4) for a in table.mean(s)] for s in table.labels},
        "labels": dict(table.labels),
        "seconds": round(time.perf_counter() - start, 1),
    }
