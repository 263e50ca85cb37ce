"""Rezeptive Felder: welches Fenster des Eingabebilds ein Neuron sieht.

Ein Neuron einer Konv-Schicht sieht nur ein Fenster des Eingabebilds, sein
rezeptives Feld. ``receptive_field`` rechnet es aus Kernelgröße, Stride und
Padding der Schichten bis dorthin aus (Größe, Sprung, Start je Achse);
``stacked_field_size`` gibt nur die Kantenlänge für eine Folge von Kerneln, und
``stacked_vs_single`` vergleicht zwei 3×3-Schichten mit einer 5×5-Schicht (VGG).
Die Bildausschnitte, auf die ein Filter am stärksten reagiert, schneidet
``explain.top_patches`` mit diesen Fenstern aus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import keras
import numpy as np

from lecture_utils.arithmetic import shapes
from lecture_utils.core import checks, keras_tools, text

# ---------------------------------------------------------------------------
# Rezeptives Feld
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceptiveField:
    """Das Eingabefenster der Neuronen einer Schicht, je Achse (Zeilen, Spalten).

    ``size``: Kantenlänge des Fensters; ``jump``: um so viele Eingabepixel
    verschiebt es sich von einem Neuron zum nächsten; ``start``: erste Zeile
    bzw. Spalte des Fensters von Neuron (0, 0) – negativ heißt: im Padding.
    """

    layer: str
    size: tuple[int, int]
    jump: tuple[int, int]
    start: tuple[int, int]
    output_shape: tuple[int, int]  # Positionen der Schicht (Zeilen, Spalten)

    def neuron_at(self, row: float, col: float) -> tuple[int, int]:
        """Das Neuron, dessen Fenster am nächsten um das Eingabepixel (``row``, ``col``) liegt."""
        neuron = []
        for pixel, start, size, jump, n in zip((row, col), self.start, self.size, self.jump,
                                               self.output_shape):
            centre_of_first = start + (size - 1) / 2  # Mitte des Fensters von Neuron 0
            neuron.append(int(np.clip(round((pixel - centre_of_first) / jump), 0, n - 1)))
        return tuple(neuron)

    def window(self, row: int, col: int) -> tuple[slice, slice]:
        """Zeilen und Spalten des Eingabefensters von Neuron (``row``, ``col``), ungekürzt."""
        top = self.start[0] + row * self.jump[0]
        left = self.start[1] + col * self.jump[1]
        return slice(top, top + self.size[0]), slice(left, left + self.size[1])


def _geometry(layer):
    """(Kernel, Strides, Padding, Dilation) je Achse einer Konv- oder Pooling-Schicht."""
    if isinstance(layer, keras.layers.Conv2D):
        return layer.kernel_size, layer.strides, layer.padding, layer.dilation_rate
    if isinstance(layer, (keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)):
        return layer.pool_size, layer.strides, layer.padding, (1, 1)
    return None


def _chain(model, layer_name: str) -> list:
    """Die Schichten von der Eingabe bis ``layer_name``; das Netz muss eine Kette sein."""
    target, x, chain = keras_tools.get_layer(model, layer_name), model.inputs[0], []
    for layer in model.layers:
        if isinstance(layer, keras.layers.InputLayer):
            continue
        if layer.input is not x:
            raise ValueError(f"Das rezeptive Feld rechnet nur mit einer Kette von Schichten; "
                             f"{layer.name!r} hängt nicht an der Schicht davor.")
        chain.append(layer)
        x = layer.output
        if layer is target:
            return chain
    raise ValueError(f"{layer_name!r} liegt nicht auf dem Weg von der Eingabe zur Ausgabe.")


def _axis_step(field, n, kernel, stride, padding, dilation):
    """Ein Schritt der Rekursion für eine Achse: (Größe, Sprung, Start) vor → nach der Schicht.

    Größe += (k_eff − 1) · Sprung; Start −= Padding vorn · Sprung; Sprung ·= Stride.
    Ausgabelänge und Padding rechnen ``shapes.conv_output_length`` und ``shapes.same_padding``.
    """
    size, jump, start = field
    effective = dilation * (kernel - 1) + 1
    out = shapes.conv_output_length(n, kernel, stride, padding, dilation)
    before = shapes.same_padding(n, kernel, stride, dilation)[0] if padding == "same" else 0
    return (size + (effective - 1) * jump, jump * stride, start - before * jump), out


def receptive_field(model, layer_name: str) -> ReceptiveField:
    """Das rezeptive Feld der Neuronen in Schicht ``layer_name``.

    Liest Kernelgrößen, Strides und Padding aus den Schichten von der Eingabe
    bis ``layer_name``; Schichten ohne räumliche Wirkung (Dropout, Aktivierung,
    Batch Normalization) ändern nichts. Hinter Flatten gibt es keine Positionen mehr.
    """
    lengths = list(model.inputs[0].shape[1:3])
    fields = [(1, 1, 0), (1, 1, 0)]
    for layer in _chain(model, layer_name):
        geometry = _geometry(layer)
        if geometry is None:
            if len(layer.output.shape) != 4 or list(layer.output.shape[1:3]) != lengths:
                raise ValueError(f"Hinter {layer.name!r} gibt es keine Bildpositionen mehr; "
                                 f"ein rezeptives Feld haben nur Konv- und Pooling-Schichten.")
            continue
        kernel, strides, padding, dilation = geometry
        for axis in (0, 1):
            fields[axis], lengths[axis] = _axis_step(fields[axis], lengths[axis], kernel[axis],
                                                     strides[axis], padding, dilation[axis])
    (size_r, jump_r, start_r), (size_c, jump_c, start_c) = fields
    return ReceptiveField(layer_name, (size_r, size_c), (jump_r, jump_c), (start_r, start_c),
                          tuple(lengths))


def receptive_fields(model) -> list[ReceptiveField]:
    """Die rezeptiven Felder aller Konv- und Pooling-Schichten, von vorn nach hinten."""
    return [receptive_field(model, layer.name) for layer in model.layers if _geometry(layer)]


# ---------------------------------------------------------------------------
# Gestapelte Schichten: zwei 3×3 sehen so weit wie eine 5×5 (VGG)
# ---------------------------------------------------------------------------


def _sequence(values, name: str) -> list:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ValueError(f"{name} muss eine Liste ganzer Zahlen sein (eine je Schicht), "
                         f"erhalten: {values!r}.")
    return list(values)


def stacked_field_size(kernel_sizes, strides=None) -> int:
    """Kantenlänge des Eingabeausschnitts, den ein Ausgabepixel nach den Schichten sieht.

    r = 1 + Σ (kᵢ − 1) · (Produkt der Strides davor). Für das Feld eines Neurons in
    einem gebauten Modell (mit Padding und Lage im Bild): ``receptive_field``.
    """
    kernel_sizes = [checks.whole_number(k, "kernel_sizes") for k in _sequence(kernel_sizes,
                                                                              "kernel_sizes")]
    strides = [1] * len(kernel_sizes) if strides is None else [
        checks.whole_number(s, "strides") for s in _sequence(strides, "strides")]
    if len(strides) != len(kernel_sizes):
        raise ValueError(
            f"Für jede Schicht braucht es einen Stride: {len(kernel_sizes)} Kernel, "
            f"aber {len(strides)} Strides."
        )
    field, jump = 1, 1
    for k, s in zip(kernel_sizes, strides):
        field += (k - 1) * jump
        jump *= s
    return field


@dataclass(frozen=True)
class StackComparison:
    """n Konv-Schichten k×k gegen eine Schicht mit gleich großem rezeptivem Feld."""

    n_layers: int
    kernel: int
    channels: int
    receptive_field: int
    stack_shapes: tuple
    single_shape: tuple
    stack_params: int
    single_params: int

    @property
    def ratio(self) -> float:
        """Parameter des Stapels im Verhältnis zur einzelnen Schicht."""
        return self.stack_params / self.single_params

    def explain(self) -> str:
        k, n, c, r = self.kernel, self.n_layers, self.channels, self.receptive_field
        path = " → ".join(shapes.format_shape(s) for s in self.stack_shapes)
        per_layer = self.stack_params // n
        return "\n".join([
            f"Ausschnitt {r}×{r} mit {c} Kanälen:",
            f"  {n} × Konv {k}×{k}:  {path}",
            f"  1 × Konv {r}×{r}:  {shapes.format_shape(self.stack_shapes[0])} → "
            f"{shapes.format_shape(self.single_shape)}",
            f"Parameter {n} × Konv {k}×{k}:  {n} · ({k}·{k}·{c} + 1) · {c} = "
            f"{n} · {text.number(per_layer)} = {text.number(self.stack_params)}",
            f"Parameter 1 × Konv {r}×{r}:  ({r}·{r}·{c} + 1) · {c} = "
            f"{text.number(self.single_params)}",
            f"Der Stapel braucht {text.percent(self.ratio, 0)} der Parameter "
            f"und hat {n} statt 1 Nichtlinearität (ReLU).",
        ])


def stacked_vs_single(n_layers: int = 2, kernel: int = 3, channels: int = 64) -> StackComparison:
    """Vergleicht ``n_layers`` Konv-Schichten ``kernel``×``kernel`` (ohne Padding, Stride 1,
    ``channels`` Filter) mit einer Schicht, deren Kernel so groß ist wie das rezeptive
    Feld des Stapels. Beide machen aus demselben Ausschnitt genau einen Pixel."""
    n_layers = checks.whole_number(n_layers, "n_layers")
    kernel = checks.whole_number(kernel, "kernel")
    channels = checks.whole_number(channels, "channels")
    field = stacked_field_size([kernel] * n_layers)
    shape = (field, field, channels)
    stack = [shape]
    for _ in range(n_layers):
        shape = shapes.conv_output_shape(shape, channels, kernel)
        stack.append(shape)
    single = shapes.conv_output_shape(stack[0], channels, field)
    return StackComparison(
        n_layers=n_layers, kernel=kernel, channels=channels, receptive_field=field,
        stack_shapes=tuple(stack), single_shape=single,
        stack_params=n_layers * shapes.conv_param_count(kernel, channels, channels),
        single_params=shapes.conv_param_count(field, channels, channels),
    )
