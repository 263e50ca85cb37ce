"""Rezeptive Felder und die stärksten Bildausschnitte (Zeiler & Fergus 2014).

Ein Neuron einer Konv-Schicht sieht nur ein Fenster des Eingabebilds, sein
rezeptives Feld. ``receptive_field`` rechnet es aus Kernelgröße, Stride und
Padding der Schichten bis dorthin aus (Größe, Sprung, Start je Achse);
``top_patches`` schneidet genau diese Fenster dort aus, wo ein Filter am
stärksten reagiert.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np

from lecture_utils.arithmetic import shapes
from lecture_utils.core import checks
from lecture_utils.explain.inspection import activations, as_batch, check_index, get_layer

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
    target, x, chain = get_layer(model, layer_name), model.inputs[0], []
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

    Größe += (k_eff − 1) · Sprung; Start −= Padding links · Sprung; Sprung ·= Stride.
    Die Ausgabelänge (und daraus das Padding) rechnet ``shapes.conv_output_length``.
    """
    size, jump, start = field
    effective = dilation * (kernel - 1) + 1
    out = shapes.conv_output_length(n, kernel, stride, padding, dilation)
    pad_total = max((out - 1) * stride + effective - n, 0) if padding == "same" else 0
    return (size + (effective - 1) * jump, jump * stride, start - (pad_total // 2) * jump), out


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


def cut_window(image, window: tuple[slice, slice], fill: float = 0.0) -> np.ndarray:
    """Schneidet ``window`` aus ``image`` (H, W, C); was außerhalb liegt, wird ``fill``."""
    image = checks.float_array(image, "image", ndim=(2, 3), dtype="float32")
    fill = checks.real_number(fill, "fill")
    if not (isinstance(window, tuple) and len(window) == 2
            and all(isinstance(part, slice) for part in window)):
        raise TypeError(f"window muss (Zeilen, Spalten) als zwei slice-Objekte sein, wie "
                        f"ReceptiveField.window liefert, erhalten: {window!r}.")
    rows, cols = window
    height, width = image.shape[:2]
    patch = np.full((rows.stop - rows.start, cols.stop - cols.start, *image.shape[2:]), fill,
                    dtype="float32")
    top, left = max(rows.start, 0), max(cols.start, 0)
    bottom, right = min(rows.stop, height), min(cols.stop, width)
    if top < bottom and left < right:
        patch[top - rows.start:bottom - rows.start, left - cols.start:right - cols.start] = (
            image[top:bottom, left:right])
    return patch


# ---------------------------------------------------------------------------
# Die stärksten Bildausschnitte (Zeiler & Fergus 2014)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TopPatches:
    """Die ``k`` Bildausschnitte, auf die ein Filter am stärksten reagiert (stärkster zuerst)."""

    patches: np.ndarray  # (k, Feldhöhe, Feldbreite, C)
    activations: np.ndarray  # (k,)
    positions: np.ndarray  # (k, 3): Bildnummer, Zeile, Spalte in der Feature Map
    field: ReceptiveField


def strongest_positions(maps, k: int) -> np.ndarray:
    """Für Feature Maps (N, h, w) eines Filters: je Bild die stärkste Position, davon die ``k``
    stärksten Bilder. Ergebnis (k, 3) mit Bildnummer, Zeile, Spalte."""
    maps = checks.float_array(maps, "maps", ndim=3)
    k = checks.whole_number(k, "k")
    flat = maps.reshape(len(maps), -1)
    best_in_image = flat.argmax(axis=1)
    order = np.argsort(-flat[np.arange(len(maps)), best_in_image], kind="stable")[:k]
    rows, cols = np.unravel_index(best_in_image[order], maps.shape[1:])
    return np.stack([order, rows, cols], axis=1)


def top_patches(model, images, layer_name: str, filter_index: int, k: int = 9,
                layer_activations=None, fill: float = 0.0) -> TopPatches:
    """Die ``k`` Ausschnitte aus ``images``, die Filter ``filter_index`` am stärksten aktivieren.

    Jedes Bild liefert höchstens einen Ausschnitt (seine stärkste Position);
    geschnitten wird genau das rezeptive Feld des Neurons. Schon berechnete
    Aktivierungen dieser Schicht kann man als ``layer_activations`` übergeben.
    """
    images = as_batch(images)
    if layer_activations is None:
        layer_activations = activations(model, images, layer_name)
    acts = np.asarray(layer_activations)
    filter_index = check_index(filter_index, acts.shape[-1], "filter_index")
    k = checks.whole_number(k, "k")
    fill = checks.real_number(fill, "fill")
    field = receptive_field(model, layer_name)
    maps = acts[..., filter_index]
    positions = strongest_positions(maps, k)
    patches = np.stack([cut_window(images[n], field.window(r, c), fill) for n, r, c in positions])
    values = maps[positions[:, 0], positions[:, 1], positions[:, 2]]
    return TopPatches(patches, values, positions, field)
