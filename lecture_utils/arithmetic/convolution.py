"""Konvolution zum Nachrechnen: ausdrücklich als Summe von Produkten, in NumPy.

Eine Funktion für 1D, 2D und 3D. Sie rechnet wie die Konv-Schichten von Keras:

* channels-last: die Eingabe hat die Form ``(*räumlich, Kanäle)``, z. B.
  ``(16, 16, 3)`` für ein Bild, ohne Batch-Achse;
* der Kernel hat die Form von ``layer.kernel``:
  ``(*kernel_size, Eingabekanäle, Filter)``;
* wie Keras (und fast jede Deep-Learning-Bibliothek) wird der Filter *nicht*
  gespiegelt, mathematisch ist das eine Kreuzkorrelation;
* ``padding="valid"`` (kein Rand) oder ``"same"`` (Nullen am Rand, bei
  ungerader Anzahl eine mehr am Ende), ``strides`` und ``dilation_rate``.

Für eine einzelne Ausgabeposition liefert ``step`` alles, was man zum
Nachrechnen braucht: welche Eingabezellen der Filter überdeckt, die einzelnen
Produkte und ihre Summe. ``conv`` rechnet mit denselben Bausteinen alle
Positionen aus.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_utils.arithmetic import shapes
from lecture_utils.core import checks


@dataclass(frozen=True)
class Geometry:
    """Wie der Filter über die Eingabe läuft (alles pro räumlicher Achse)."""

    kernel_size: tuple[int, ...]
    strides: tuple[int, ...]
    dilation_rate: tuple[int, ...]
    pad_before: tuple[int, ...]
    pad_after: tuple[int, ...]
    output_size: tuple[int, ...]

    @property
    def rank(self) -> int:
        return len(self.kernel_size)

    def window(self, out_index) -> tuple[range, ...]:
        """Indizes der Eingabe (mit Rand), die der Filter für ``out_index`` überdeckt."""
        return tuple(
            range(i * s, i * s + d * (k - 1) + 1, d)
            for i, k, s, d in zip(out_index, self.kernel_size, self.strides, self.dilation_rate)
        )

    def positions(self) -> list[tuple[int, ...]]:
        """Alle Ausgabepositionen in Lesereihenfolge (letzte Achse läuft am schnellsten)."""
        return list(np.ndindex(*self.output_size))


@dataclass(frozen=True)
class Step:
    """Eine Ausgabezelle, ausgerechnet: überdeckte Eingabe, Produkte, Summe."""

    out_index: tuple[int, ...]
    window: tuple[range, ...]  # Indizes in der Eingabe mit Rand (``padded``)
    inputs: np.ndarray  # überdeckte Eingabewerte, Form (*kernel_size, Kanäle)
    weights: np.ndarray  # der Filter, gleiche Form
    products: np.ndarray  # inputs · weights, elementweise
    bias: float
    total: float  # Summe der Produkte + Bias = der Ausgabewert


def geometry(input_shape, kernel_size, strides=1, padding="valid", dilation_rate=1) -> Geometry:
    """Ausgabegröße und Rand für eine Eingabe ``(*räumlich, Kanäle)``.

    Die Ausgabegröße kommt aus ``shapes.conv_output_shape``; die Funktion prüft
    also auch alle Einstellungen (deutscher ValueError).
    """
    padding = padding.lower() if isinstance(padding, str) else padding
    padding = checks.one_of(padding, "padding", ("valid", "same"))
    if isinstance(input_shape, (str, bytes)) or np.ndim(input_shape) != 1 \
            or not 2 <= len(input_shape) <= 4:
        raise ValueError(f"input_shape muss (*räumlich, Kanäle) mit 2 bis 4 Einträgen sein, "
                         f"erhalten: {input_shape!r}.")
    input_shape = tuple(checks.whole_number(n, "input_shape") for n in input_shape)
    rank = len(input_shape) - 1
    kernel, strides, dilation = (shapes.per_axis(v, rank, name) for v, name in (
        (kernel_size, "kernel_size"), (strides, "strides"), (dilation_rate, "dilation_rate")))
    output = shapes.conv_output_shape(input_shape, 1, kernel, strides, padding, dilation)
    pads = [shapes.same_padding(n, k, s, d) if padding == "same" else (0, 0)
            for n, k, s, d in zip(input_shape[:-1], kernel, strides, dilation)]
    before, after = zip(*pads)
    return Geometry(kernel, strides, dilation, before, after, tuple(output[:-1]))


def pad(x, geo: Geometry) -> np.ndarray:
    """Die Eingabe mit Nullen am Rand (bei ``valid`` unverändert)."""
    widths = list(zip(geo.pad_before, geo.pad_after)) + [(0, 0)]
    return np.pad(np.asarray(x, dtype=float), widths)


def step(x, kernel, out_index, bias=None, strides=1, padding="valid", dilation_rate=1,
         filter_index=0) -> Step:
    """Rechnet die Ausgabezelle ``out_index`` des Filters ``filter_index`` aus."""
    x, kernel, bias = _check_arrays(x, kernel, bias)
    geo = geometry(x.shape, kernel.shape[:-2], strides, padding, dilation_rate)
    _check_index(out_index, geo.output_size)
    _check_filter(filter_index, kernel.shape[-1])
    return _step(pad(x, geo), kernel, bias, geo, tuple(int(i) for i in out_index),
                 int(filter_index))


def conv(x, kernel, bias=None, strides=1, padding="valid", dilation_rate=1) -> np.ndarray:
    """Konvolution einer Eingabe ``(*räumlich, Kanäle)`` mit allen Filtern des Kernels.

    Gibt ein Array der Form ``(*Ausgabegröße, Filter)`` zurück – dieselben Zahlen,
    die eine Keras-Schicht ``ConvND`` mit diesen Gewichten liefert.
    """
    x, kernel, bias = _check_arrays(x, kernel, bias)
    geo = geometry(x.shape, kernel.shape[:-2], strides, padding, dilation_rate)
    padded = pad(x, geo)
    filters = kernel.shape[-1]
    out = np.zeros(geo.output_size + (filters,))
    for index in geo.positions():
        for f in range(filters):
            out[index + (f,)] = _step(padded, kernel, bias, geo, index, f).total
    return out


def _step(padded, kernel, bias, geo: Geometry, out_index, filter_index) -> Step:
    window = geo.window(out_index)
    inputs = padded[np.ix_(*window)]  # Form (*kernel_size, Kanäle)
    weights = kernel[..., filter_index]
    products = inputs * weights
    b = float(bias[filter_index])
    return Step(out_index, window, inputs, weights, products, b, float(products.sum() + b))


# ---------------------------------------------------------------------------
# Eingaben prüfen
# ---------------------------------------------------------------------------


def _check_arrays(x, kernel, bias):
    x, kernel = checks.float_array(x, "x"), checks.float_array(kernel, "kernel")
    if not 2 <= x.ndim <= 4:
        raise ValueError(
            f"Die Eingabe braucht räumliche Achsen + Kanäle (1D: (Länge, Kanäle), "
            f"2D: (Höhe, Breite, Kanäle), 3D: (Tiefe, Höhe, Breite, Kanäle)), "
            f"erhalten: Form {x.shape}."
        )
    if kernel.ndim != x.ndim + 1:
        raise ValueError(
            f"Der Kernel einer {x.ndim - 1}D-Konvolution hat die Form "
            f"(*kernel_size, Eingabekanäle, Filter) mit {x.ndim + 1} Achsen, "
            f"erhalten: Form {kernel.shape}."
        )
    if kernel.shape[-2] != x.shape[-1]:
        raise ValueError(
            f"Der Kernel erwartet {kernel.shape[-2]} Eingabekanäle, die Eingabe hat "
            f"{x.shape[-1]} (Kernelform {kernel.shape}, Eingabeform {x.shape})."
        )
    filters = kernel.shape[-1]
    bias = np.zeros(filters) if bias is None else checks.float_array(bias, "bias").reshape(-1)
    if bias.shape != (filters,):
        raise ValueError(f"Der Bias braucht {filters} Werte (einen pro Filter), "
                         f"erhalten: Form {bias.shape}.")
    return x, kernel, bias


def _check_index(out_index, output_size) -> None:
    if isinstance(out_index, (str, bytes)) or np.ndim(out_index) != 1:
        raise ValueError(f"out_index muss eine Position mit {len(output_size)} Zahlen sein, "
                         f"z. B. {(0,) * len(output_size)}, erhalten: {out_index!r}.")
    index = tuple(out_index)
    size = "×".join(map(str, output_size))
    if len(index) != len(output_size):
        raise ValueError(f"Ausgabeposition {index!r} liegt nicht in der Ausgabe der Größe "
                         f"{size}: Sie braucht {len(output_size)} Zahlen.")
    for axis, (i, n) in enumerate(zip(index, output_size)):
        try:
            checks.whole_number(i, f"out_index[{axis}]", minimum=0, maximum=n - 1)
        except ValueError as error:
            raise ValueError(f"Ausgabeposition {index!r} liegt nicht in der Ausgabe der "
                             f"Größe {size}: {error}") from None


def _check_filter(filter_index, filters: int) -> None:
    checks.whole_number(filter_index, "filter_index", minimum=0, maximum=filters - 1)
