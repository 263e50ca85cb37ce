"""Aufgaben zu Notebook 10.4: rezeptives Feld, Heatmap lesen, Schichten einfrieren.

Die richtigen Antworten werden nicht abgeschrieben, sondern aus dem Modell bzw.
aus den Daten des Notebooks berechnet.
"""

from __future__ import annotations

import numpy as np

from lecture_utils import models, receptive, transfer
from lecture_utils.exercises import MISSING, Feedback, check_number


def check_receptive_field(answer, layer: str = "Conv3") -> Feedback:
    """Kantenlänge des rezeptiven Felds eines Neurons in ``layer`` des MNIST-CNN aus dem Blog."""
    field = receptive.receptive_field(models.mnist_cnn(), layer)
    hint = ("Rechnen Sie Schicht für Schicht mit r ← r + (k − 1) · j und j ← j · Stride, "
            "beginnend bei r = 1 und j = 1. Nach jedem Pooling mit Stride 2 reicht ein "
            "Schritt im Eingabebild doppelt so weit.")
    feedback = check_number(answer, field.size[0], f"Rezeptives Feld eines Neurons in {layer}",
                            hint=hint)
    if feedback.correct:
        return Feedback(True, f"{feedback.message} Ein Neuron in {layer} sieht einen Ausschnitt "
                              f"von {field.size[0]}×{field.size[1]} Pixeln des Eingabebilds.")
    return feedback


def check_strongest_class(answer, means, filter_index: int, class_names=None) -> Feedback:
    """Welche Klasse aktiviert Filter ``filter_index`` im Mittel am stärksten?

    ``means`` ist die Heatmap aus ``inspection.class_means`` (Klassen × Filter).
    """
    if answer is None:
        return MISSING
    means = np.asarray(means)
    names = [str(c) for c in (class_names or range(len(means)))]
    if str(answer).strip() not in names:
        return Feedback(False, f"{answer!r} ist keine Klasse; möglich sind: {', '.join(names)}.")
    chosen = names.index(str(answer).strip())
    column = means[:, filter_index]
    best = int(column.argmax())
    if chosen == best:
        return Feedback(True, f"Filter {filter_index} reagiert im Mittel am stärksten auf "
                              f"{names[best]} (mittlere Aktivierung {_fmt(column[best])}).")
    return Feedback(False, f"Klasse {names[chosen]} erreicht bei Filter {filter_index} im Mittel "
                           f"nur {_fmt(column[chosen])}. Suchen Sie in Spalte {filter_index} der "
                           f"Heatmap die hellste Zelle.")


def check_frozen_layers(answer, model=None) -> Feedback:
    """Welche Schichten frieren Sie ein, damit das Netz die Features aus Aufgabe A unverändert
    übernimmt und nur einen neuen Kopf lernt? Antwort: eine Liste von Schichtnamen."""
    if answer is None:
        return MISSING
    if isinstance(answer, str) or not all(isinstance(a, str) for a in answer):
        return Feedback(False, f"Erwartet wird eine Liste von Schichtnamen wie ['Conv1', 'Conv2'], "
                               f"erhalten: {answer!r}.")
    model = model or models.mnist_cnn()
    names = [layer.name for layer in model.layers]
    unknown = [a for a in answer if a not in names]
    if unknown:
        return Feedback(False, f"Diese Schichten gibt es nicht: {', '.join(unknown)}. "
                               f"Vorhanden: {', '.join(names)}.")
    base = transfer.base_layers(model)
    chosen = {a for a in answer if model.get_layer(a).weights}
    head = sorted(chosen - set(base), key=names.index)
    missing = [name for name in base if name not in chosen]
    weightless = [a for a in answer if not model.get_layer(a).weights]
    note = (f" ({', '.join(weightless)} {'hat' if len(weightless) == 1 else 'haben'} keine "
            f"Gewichte – einfrieren ändert dort nichts.)" if weightless else "")
    if head:
        return Feedback(False, f"{', '.join(head)} gehört zum Kopf, der für Aufgabe B neu gelernt "
                               f"werden soll – eingefroren könnte er nichts lernen.{note}")
    if missing:
        return Feedback(False, f"Es fehlen {', '.join(missing)}: Auch diese Konv-Schichten "
                               f"tragen Features aus Aufgabe A und würden sonst verändert.{note}")
    return Feedback(True, f"Eingefroren werden {', '.join(base)} – alle Konv-Schichten vor "
                          f"Flatten; nur der Kopf lernt.{note}")


def _fmt(value) -> str:
    return f"{float(value):.3f}".replace(".", ",")
