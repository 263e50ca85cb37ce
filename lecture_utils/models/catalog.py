"""Die Netze aus Abschnitt 10.1 im Vergleich: Zahlen aus den Buildern, nicht abgetippt.

``ARCHITECTURES`` nennt je Netz Jahr, Eingabe laut Paper, Tiefe und Epochen wie im Kapitel.
``count_weight_layers`` zählt die Schichten mit Gewichten, ``multiply_adds`` den
Rechenaufwand für ein Bild, ``summarize`` fasst beides mit den Parametern zusammen.
``comparison_rows`` und ``comparison_text`` ergeben daraus die Tabelle „Netze im
Vergleich“ (eine Spalte je Netz); die Balken dazu zeichnet ``plots.comparison``.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import keras
from keras import layers

from lecture_utils.arithmetic import shapes
from lecture_utils.core import device, text
from lecture_utils.models.alexnet import alexnet
from lecture_utils.models.lenet import lenet5
from lecture_utils.models.resnet import resnet34, resnet50, resnet152
from lecture_utils.models.vgg import vgg16

# ---------------------------------------------------------------------------
# Tiefe und die Netze des Kapitels
# ---------------------------------------------------------------------------

_WEIGHT_LAYER_TYPES = (
    layers.Conv1D, layers.Conv2D, layers.Conv3D,
    layers.Conv1DTranspose, layers.Conv2DTranspose, layers.Conv3DTranspose,
    layers.SeparableConv1D, layers.SeparableConv2D,
    layers.DepthwiseConv1D, layers.DepthwiseConv2D,
    layers.Dense,
)


def count_weight_layers(model, include_shortcuts=False) -> int:
    """Zählt die Schichten mit Gewichten (Konv- und FC-Schichten) – so wird die
    Tiefe eines Netzes angegeben (LeNet-5: 5, AlexNet: 8, VGG-16: 16).

    Projektions-Shortcuts der ResNets (Namen auf ``_0_conv``) zählen wie im
    Paper nicht mit, außer mit ``include_shortcuts=True``. Verschachtelte
    Modelle (z. B. beim Transfer Learning) werden mitgezählt.
    """
    count = 0
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            count += count_weight_layers(layer, include_shortcuts)
        elif isinstance(layer, _WEIGHT_LAYER_TYPES):
            is_shortcut = layer.name.endswith("_0_conv")
            if include_shortcuts or not is_shortcut:
                count += 1
    return count


@dataclass(frozen=True)
class Architecture:
    """Eine Spalte der Vergleichstabelle aus Abschnitt 10.1."""

    name: str
    year: int
    builder: Callable[..., keras.Model]
    paper_input: str
    """Eingabegröße, wie das Kapitel sie nennt (die Netze bekommen Ausschnitte)."""
    weight_layers: int
    """Schichten mit Gewichten laut Paper; ``count_weight_layers(builder())`` ergibt dasselbe."""
    epochs: int | None
    """Trainingsepochen im Paper; ``None``, wo das Kapitel keine nennt."""

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """Die Eingabeform, die ``builder()`` ohne Argumente verwendet."""
        return inspect.signature(self.builder).parameters["input_shape"].default


ARCHITECTURES = (
    Architecture("LeNet-5", 1998, lenet5, "32x32x1", 5, 20),
    Architecture("AlexNet", 2012, alexnet, "256x256x3 (Ausschnitte 224x224)", 8, 90),
    Architecture("VGG-16", 2015, vgg16, "256x256x3 (Ausschnitte 224x224)", 16, 74),
    Architecture("ResNet-34", 2015, resnet34, "256x256x3 (Ausschnitte 224x224)", 34, None),
    Architecture("ResNet-50", 2015, resnet50, "256x256x3 (Ausschnitte 224x224)", 50, None),
    Architecture("ResNet-152", 2015, resnet152, "256x256x3 (Ausschnitte 224x224)", 152, None),
)
"""Die Netze aus Abschnitt 10.1 mit Jahr, Eingabe, Tiefe und Epochen wie im Kapitel."""


# ---------------------------------------------------------------------------
# Kennzahlen eines gebauten Modells
# ---------------------------------------------------------------------------


def multiply_adds(model) -> int:
    """Multiplikationen (genauer: Multiply-Adds) für ein Bild im Vorwärtsdurchlauf.

    Gezählt werden Konv- und FC-Schichten: Ausgabepositionen × Größe des Kernels
    (bei Conv2D: H_out · W_out · k_h · k_w · Kanäle_ein · Filter). Verschachtelte
    Modelle werden mitgezählt.
    """
    total = 0
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            total += multiply_adds(layer)
        elif isinstance(layer, (keras.layers.Conv1D, keras.layers.Conv2D, keras.layers.Conv3D,
                                keras.layers.Dense)):
            positions = math.prod(layer.output.shape[1:-1])
            total += positions * math.prod(layer.kernel.shape)
    return int(total)


@dataclass(frozen=True)
class ModelSummary:
    """Die Kennzahlen eines Modells, die der Vergleich braucht."""

    name: str
    input_shape: tuple
    params: int
    trainable: int
    weight_layers: int
    multiply_adds: int


def summarize(model) -> ModelSummary:
    """Liest Parameter, Schichten mit Gewichten und Rechenaufwand aus ``model``."""
    table = shapes.layer_table(model)
    return ModelSummary(
        name=model.name,
        input_shape=tuple(model.input_shape[1:]),
        params=table.total,
        trainable=table.trainable,
        weight_layers=count_weight_layers(model),
        multiply_adds=multiply_adds(model),
    )


# ---------------------------------------------------------------------------
# Die Vergleichstabelle
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    """Eine Spalte der Tabelle „Netze im Vergleich“."""

    name: str
    year: int
    paper_input: str
    model_input: tuple
    weight_layers: int
    epochs: int | None
    params: int
    """trainierbare Parameter (bei ResNets ohne die Statistiken der Batch Normalization)"""
    multiply_adds: int


def _architectures(names):
    table = {a.name: a for a in ARCHITECTURES}
    if names is None:
        return list(table.values())
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise TypeError(f"names muss eine Liste von Netznamen sein (z. B. ['LeNet-5']), "
                        f"erhalten: {names!r}.")
    names = list(names)
    unknown = [n for n in names if n not in table]
    if unknown:
        raise ValueError(
            f"Unbekanntes Netz {unknown[0]!r}; bekannt sind: {', '.join(table)}."
        )
    return [table[n] for n in names]


def comparison_rows(names: Iterable[str] | None = None,
                    summaries: Mapping[str, ModelSummary] | None = None) -> list[ComparisonRow]:
    """Die Spalten der Vergleichstabelle für die Netze ``names`` aus ``models.ARCHITECTURES``
    (Vorgabe: alle).

    Jahr, Eingabe laut Paper und Epochen stehen in ``ARCHITECTURES``; Parameter,
    Schichten mit Gewichten und Rechenaufwand werden am gebauten Modell gezählt.
    Was in ``summaries`` (Name → ``summarize(model)``) schon steht, wird nicht
    noch einmal gebaut; alle anderen Netze baut die Funktion einzeln und gibt
    ihren Speicher gleich wieder frei.
    """
    summaries = dict(summaries or {})
    rows = []
    for arch in _architectures(names):
        summary = summaries.get(arch.name)
        if summary is None:
            model = arch.builder()
            summary = summarize(model)
            del model
            device.free_memory()
        rows.append(ComparisonRow(
            name=arch.name, year=arch.year, paper_input=arch.paper_input,
            model_input=summary.input_shape, weight_layers=summary.weight_layers,
            epochs=arch.epochs, params=summary.trainable,
            multiply_adds=summary.multiply_adds,
        ))
    return rows


def network_input(row: ComparisonRow) -> str:
    """Was das Netz laut Paper wirklich bekommt: bei den ImageNet-Netzen den Ausschnitt
    (``'256x256x3 (Ausschnitte 224x224)'`` → ``'224x224x3'``), sonst die Bildgröße."""
    if not isinstance(row, ComparisonRow):
        raise TypeError(f"Erwartet wird eine ComparisonRow, erhalten: {type(row).__name__}.")
    if "Ausschnitte" not in row.paper_input:
        return row.paper_input
    crop = row.paper_input.split("Ausschnitte", 1)[1].strip(" )")
    return f"{crop}x{row.model_input[-1]}"


def comparison_text(rows: list[ComparisonRow], crops: bool = False) -> str:
    """Die Tabelle wie im Kapitel: eine Spalte pro Netz, eine Zeile pro Kennzahl.

    ``crops=True`` zeigt als Input die Eingabe des Netzes laut Paper (bei den
    ImageNet-Netzen den Ausschnitt 224x224, ``network_input``) und darunter die
    Bildgröße, aus der die Ausschnitte stammen; ohne bleibt es bei der Zeile des Kapitels.
    """
    if crops:
        inputs = [
            ("Input (Paper)", *(network_input(r) for r in rows)),
            ("  aus Bildern", *(r.paper_input.split(" (")[0] if "Ausschnitte" in r.paper_input
                                else "–" for r in rows)),
        ]
    else:
        inputs = [("Input (Paper)", *(r.paper_input.split(" (")[0] for r in rows))]
    lines = [
        ("Jahr", *(str(r.year) for r in rows)),
        *inputs,
        ("Input (Modell)", *("x".join(map(str, r.model_input)) for r in rows)),
        ("Schichten", *(r.weight_layers for r in rows)),
        ("Epochen", *("–" if r.epochs is None else r.epochs for r in rows)),
        ("Parameter", *(text.short(r.params) for r in rows)),
        ("  genau", *(r.params for r in rows)),
        ("Multiply-Adds/Bild", *(text.short(r.multiply_adds) for r in rows)),
    ]
    return text.table(("", *(r.name for r in rows)), lines)
