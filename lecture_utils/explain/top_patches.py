"""Die stärksten Bildausschnitte eines Filters (Zeiler & Fergus 2014).

Für einen Filter einer Konv-Schicht sucht ``top_patches`` die Bilder, auf die er am
stärksten reagiert, und schneidet dort genau das rezeptive Feld des Neurons aus
(``arithmetic.receptive.receptive_field``). ``strongest_positions`` findet die Positionen,
``cut_window`` schneidet ein Fenster aus, auch wenn es über den Bildrand reicht.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_utils.arithmetic import receptive
from lecture_utils.core import checks, keras_tools
from lecture_utils.explain import inspection


@dataclass(frozen=True)
class TopPatches:
    """Die ``k`` Bildausschnitte, auf die ein Filter am stärksten reagiert (stärkster zuerst)."""

    patches: np.ndarray  # (k, Feldhöhe, Feldbreite, C)
    activations: np.ndarray  # (k,)
    positions: np.ndarray  # (k, 3): Bildnummer, Zeile, Spalte in der Feature Map
    field: receptive.ReceptiveField


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
    images = keras_tools.as_batch(images)
    if layer_activations is None:
        layer_activations = inspection.activations(model, images, layer_name)
    acts = np.asarray(layer_activations)
    filter_index = checks.index(filter_index, acts.shape[-1], "filter_index")
    k = checks.whole_number(k, "k")
    fill = checks.real_number(fill, "fill")
    field = receptive.receptive_field(model, layer_name)
    maps = acts[..., filter_index]
    positions = strongest_positions(maps, k)
    patches = np.stack([cut_window(images[n], field.window(r, c), fill) for n, r, c in positions])
    values = maps[positions[:, 0], positions[:, 1], positions[:, 2]]
    return TopPatches(patches, values, positions, field)
