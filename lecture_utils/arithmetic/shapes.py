"""Formen und Parameterzahlen von Konv-, Pooling- und FC-Schichten.

Reine Arithmetik ohne Keras: Die Funktionen rechnen wie Keras (channels-last,
gleiche Argumentnamen) und gelten für 1D, 2D und 3D. Die Dimension ergibt sich
aus der Länge von ``input_shape`` (räumliche Achsen + Kanäle, ohne Batch-Achse)
bzw. eines Tupels ``kernel_size``.

Beispiel::

    >>> conv_output_shape((32, 32, 1), filters=6, kernel_size=5)
    (28, 28, 6)
    >>> conv_param_count(5, in_channels=1, filters=6)
    156
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lecture_utils.core import checks, text

PADDINGS = ("valid", "same", "causal")


# ---------------------------------------------------------------------------
# Eingaben prüfen
# ---------------------------------------------------------------------------


def per_axis(value, rank: int, name: str) -> tuple[int, ...]:
    """Eine Zahl für alle Achsen oder ein Tupel mit einer je Achse (wie bei Keras), geprüft."""
    if isinstance(value, (tuple, list)):
        if len(value) != rank:
            raise ValueError(f"{name} braucht {rank} Werte (einen je räumlicher Achse), "
                             f"erhalten: {tuple(value)!r}.")
        return tuple(checks.whole_number(v, name) for v in value)
    return (checks.whole_number(value, name),) * rank


def _check_padding(padding, rank: int, allowed=PADDINGS) -> str:
    if not isinstance(padding, str) or padding.lower() not in allowed:
        raise ValueError(f"Unbekanntes padding {padding!r}; erlaubt sind: {', '.join(allowed)}.")
    padding = padding.lower()
    if padding == "causal" and rank != 1:
        raise ValueError(f"padding='causal' gibt es nur für 1D-Konvolution, hier ist die "
                         f"Eingabe {rank}D.")
    return padding


def _spatial_and_channels(input_shape, name: str = "input_shape"):
    if not isinstance(input_shape, (tuple, list)) or not 2 <= len(input_shape) <= 4:
        raise ValueError(
            f"{name} muss räumliche Achsen + Kanäle enthalten (1D: (Länge, Kanäle), "
            f"2D: (Höhe, Breite, Kanäle), 3D: (Tiefe, Höhe, Breite, Kanäle)), "
            f"erhalten: {input_shape!r}."
        )
    dims = tuple(checks.whole_number(v, name) for v in input_shape)
    return dims[:-1], dims[-1]


# ---------------------------------------------------------------------------
# Ausgabegrößen
# ---------------------------------------------------------------------------


def conv_output_length(input_length, kernel_size, strides=1, padding="valid", dilation_rate=1):
    """Länge einer Achse nach der Konvolution (wie Keras).

    ``valid``: ⌊(n − d·(k−1) − 1) / s⌋ + 1, ``same`` und ``causal``: ⌈n / s⌉.
    """
    n = checks.whole_number(input_length, "input_length")
    k = checks.whole_number(kernel_size, "kernel_size")
    s = checks.whole_number(strides, "strides")
    d = checks.whole_number(dilation_rate, "dilation_rate")
    padding = _check_padding(padding, rank=1)
    if s > 1 and d > 1:
        raise ValueError(f"strides > 1 und dilation_rate > 1 gleichzeitig unterstützt Keras "
                         f"nicht (erhalten: strides={s}, dilation_rate={d}).")
    if padding in ("same", "causal"):
        return math.ceil(n / s)
    effective = d * (k - 1) + 1
    if effective > n:
        what = f"Kernel {k}"
        if d > 1:
            what += f" mit dilation_rate {d} (wirksam {effective})"
        raise ValueError(f"{what} ist größer als die Eingabe {n}: Mit padding='valid' bliebe "
                         f"keine Ausgabe übrig.")
    return (n - effective) // s + 1


def same_padding(input_length, kernel_size, strides=1, dilation_rate=1) -> tuple[int, int]:
    """Nullen (vorn, hinten), die ``padding="same"`` an eine Achse setzt (wie Keras): so viele,
    dass ⌈n / s⌉ Ausgaben entstehen; bei ungerader Anzahl steht eine mehr hinten."""
    out = conv_output_length(input_length, kernel_size, strides, "same", dilation_rate)
    n, k, s, d = int(input_length), int(kernel_size), int(strides), int(dilation_rate)
    total = max((out - 1) * s + d * (k - 1) + 1 - n, 0)
    return total // 2, total - total // 2


def conv_output_shape(
    input_shape, filters, kernel_size, strides=1, padding="valid", dilation_rate=1
) -> tuple[int, ...]:
    """Ausgabeform einer Conv1D/2D/3D-Schicht (ohne Batch-Achse).

    ``input_shape`` enthält die räumlichen Achsen und zuletzt die Kanäle,
    z. B. ``(32, 32, 3)``; die Ausgabe hat ``filters`` Kanäle.
    """
    spatial, _ = _spatial_and_channels(input_shape)
    rank = len(spatial)
    filters = checks.whole_number(filters, "filters")
    kernel = per_axis(kernel_size, rank, "kernel_size")
    strides = per_axis(strides, rank, "strides")
    dilation = per_axis(dilation_rate, rank, "dilation_rate")
    padding = _check_padding(padding, rank)
    out = tuple(conv_output_length(n, k, s, padding, d)
                for n, k, s, d in zip(spatial, kernel, strides, dilation))
    return out + (filters,)


def pool_output_shape(input_shape, pool_size, strides=None, padding="valid") -> tuple[int, ...]:
    """Ausgabeform einer (Max- oder Average-)Pooling-Schicht in 1D/2D/3D.

    Ohne ``strides`` gilt wie in Keras ``strides = pool_size``. Die Kanalzahl
    bleibt gleich.
    """
    spatial, channels = _spatial_and_channels(input_shape)
    rank = len(spatial)
    pool = per_axis(pool_size, rank, "pool_size")
    strides = pool if strides is None else per_axis(strides, rank, "strides")
    padding = _check_padding(padding, rank, allowed=("valid", "same"))
    out = tuple(conv_output_length(n, p, s, padding) for n, p, s in zip(spatial, pool, strides))
    return out + (channels,)


# ---------------------------------------------------------------------------
# Parameterzahlen
# ---------------------------------------------------------------------------


def conv_param_count(kernel_size, in_channels, filters, use_bias=True, rank=2) -> int:
    """Parameter einer Konv-Schicht: (Kernelvolumen · Eingabekanäle + Bias) · Filter.

    Ein Tupel ``kernel_size`` legt die Dimension selbst fest, ``rank`` gilt nur
    für eine einzelne Zahl.
    """
    if isinstance(kernel_size, (tuple, list)):
        kernel = per_axis(kernel_size, len(kernel_size), "kernel_size")
    else:
        if rank not in (1, 2, 3):
            raise ValueError(f"rank muss 1, 2 oder 3 sein, erhalten: {rank!r}.")
        kernel = per_axis(kernel_size, rank, "kernel_size")
    in_channels = checks.whole_number(in_channels, "in_channels")
    filters = checks.whole_number(filters, "filters")
    return (math.prod(kernel) * in_channels + bool(use_bias)) * filters


def dense_param_count(in_features, units, use_bias=True) -> int:
    """Parameter einer FC-Schicht (Dense): (Eingaben + Bias) · Neuronen."""
    in_features = checks.whole_number(in_features, "in_features")
    units = checks.whole_number(units, "units")
    return (in_features + bool(use_bias)) * units


# ---------------------------------------------------------------------------
# Rechenwege zum Nachlesen
# ---------------------------------------------------------------------------


def explain_conv_length(input_length, kernel_size, strides=1, padding="valid", dilation_rate=1):
    """Rechenweg für eine Achse mit eingesetzten Zahlen, z. B.
    ``'⌊(32 − 5 + 2·0) / 1⌋ + 1 = 28'``."""
    result = conv_output_length(input_length, kernel_size, strides, padding, dilation_rate)
    n, k, s, d = int(input_length), int(kernel_size), int(strides), int(dilation_rate)
    if padding.lower() in ("same", "causal"):
        return f"⌈{n} / {s}⌉ = {result}  (padding='{padding.lower()}')"
    kernel = f"{k}" if d == 1 else f"{d}·({k} − 1) − 1"
    return f"⌊({n} − {kernel} + 2·0) / {s}⌋ + 1 = {result}"


def explain_conv_params(kernel_size, in_channels, filters, use_bias=True, rank=2):
    """Rechenweg der Parameterzahl, z. B. ``'(5·5·1 + 1) · 6 = 156'``."""
    result = conv_param_count(kernel_size, in_channels, filters, use_bias, rank)
    if not isinstance(kernel_size, (tuple, list)):
        kernel_size = (kernel_size,) * rank
    factors = "·".join(str(int(k)) for k in kernel_size) + f"·{int(in_channels)}"
    bias = " + 1" if use_bias else ""
    return f"({factors}{bias}) · {int(filters)} = {result}"


def explain_dense_params(in_features, units, use_bias=True):
    """Rechenweg der Parameterzahl einer FC-Schicht, z. B. ``'(400 + 1) · 120 = 48120'``."""
    result = dense_param_count(in_features, units, use_bias)
    bias = " + 1" if use_bias else ""
    return f"({int(in_features)}{bias}) · {int(units)} = {result}"


# ---------------------------------------------------------------------------
# Schichtentabelle eines Modells
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerRow:
    name: str
    kind: str
    output_shape: tuple
    params: int


@dataclass(frozen=True)
class LayerTable:
    """Schichten eines Modells mit Ausgabeform und Parametern, plus Summen."""

    rows: tuple[LayerRow, ...]
    total: int
    trainable: int

    @property
    def non_trainable(self) -> int:
        return self.total - self.trainable

    def row(self, name: str) -> LayerRow:
        """Die Zeile der Schicht ``name``."""
        for row in self.rows:
            if row.name == name:
                return row
        names = ", ".join(r.name for r in self.rows)
        raise ValueError(f"Keine Schicht namens {name!r}; vorhanden: {names}.")

    def to_text(self) -> str:
        rows = [(r.name, r.kind, format_shape(r.output_shape), r.params) for r in self.rows]
        table = text.table(("Schicht", "Typ", "Ausgabeform", "Parameter"), rows)
        rule = table.splitlines()[1]
        return "\n".join([
            table, rule,
            f"Parameter gesamt:      {text.number(self.total)}",
            f"davon trainierbar:     {text.number(self.trainable)}",
            f"nicht trainierbar:     {text.number(self.non_trainable)}",
        ])

    __str__ = to_text

    def __repr__(self) -> str:  # so zeigt ein Notebook die Tabelle direkt an
        return self.to_text()


def format_shape(shape) -> str:
    """Eine Ausgabeform ohne Batch-Achse als Text: ``28×28×6``; unbekannte Achsen als ``?``,
    mehrere Ausgaben mit Komma getrennt."""
    if shape and isinstance(shape[0], (tuple, list)):  # mehrere Ausgaben
        return ", ".join(format_shape(s) for s in shape)
    return "×".join("?" if d is None else str(d) for d in shape)


def _count(weights) -> int:
    return sum(math.prod(w.shape) for w in weights)


def _output_shape(layer) -> tuple:
    """Ausgabeform ohne Batch-Achse; bei mehrfach genutzten Schichten die erste."""
    try:
        outputs = layer.output  # die Ausgabe des ersten Aufrufs
    except AttributeError:  # nie aufgerufen: keine Ausgabe
        outputs = []
    outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    shapes = [tuple(t.shape[1:]) for t in outputs]
    return shapes[0] if len(shapes) == 1 else tuple(shapes)


def layer_table(model) -> LayerTable:
    """Tabelle aller Schichten von ``model`` (Name, Typ, Ausgabeform ohne Batch, Parameter).

    Liest nur die Attribute eines gebauten Keras-Modells; rechnet nichts neu.
    """
    if not hasattr(model, "layers") or not hasattr(model, "weights"):
        raise ValueError(f"layer_table erwartet ein Keras-Modell, erhalten: {model!r}.")
    rows = []
    for layer in model.layers:
        rows.append(
            LayerRow(
                name=layer.name,
                kind=type(layer).__name__,
                output_shape=_output_shape(layer),
                params=_count(layer.weights),
            )
        )
    return LayerTable(
        rows=tuple(rows),
        total=_count(model.weights),
        trainable=_count(model.trainable_weights),
    )


def check_table(table) -> None:
    """Ein ``TypeError``, wenn ``table`` keine Tabelle aus ``layer_table`` ist."""
    if not isinstance(table, LayerTable):
        raise TypeError(f"table muss eine Tabelle aus shapes.layer_table(model) sein, "
                        f"erhalten: {type(table).__name__}.")
