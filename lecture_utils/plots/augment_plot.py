"""Data Augmentation zeichnen: das Raster der LeNet-Verzerrungen und die AlexNet-Ausschnitte.

Gerechnet wird in ``lecture_utils.data.augment`` (``distortion_grid``, ``random_crops``);
hier steht nur das Zeichnen. ``plot_distortion_grid`` zeigt eine Zeile pro Ziffer mit ihren
Varianten, ``plot_crop_boxes`` das Bild mit den Rahmen der Ausschnitte, ``plot_crops`` die
Ausschnitte selbst, mit derselben Rahmenfarbe. Alle nehmen ``ax``/``axes`` (sonst legen sie
eigene Achsen an), geben die Achsen zurück und ändern keine globalen Einstellungen.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from lecture_utils.core import checks
from lecture_utils.data.augment import Crops

COLORS = plt.get_cmap("tab10").colors
"""Rahmenfarben der Ausschnitte, der Reihe nach (gleich in Bild und Ausschnitt)."""


def plot_distortion_grid(grid, titles=None, axes=None, cmap="gray"):
    """Zeichnet das Raster aus ``distortion_grid``; gibt die Achsen (2D-Array) zurück."""
    grid = checks.float_array(grid, "grid", ndim=(4, 5))
    if not isinstance(cmap, str) or cmap not in matplotlib.colormaps:
        raise ValueError(f"cmap muss der Name einer Farbskala von matplotlib sein "
                         f"(z. B. 'gray'), erhalten: {cmap!r}.")
    nrows, ncols = grid.shape[:2]
    if axes is None:
        axes = _subplots(nrows, ncols, 1.2)
    axes = np.asarray(axes).reshape(nrows, ncols)
    top = 255 if grid.max() > 1 else 1
    for (r, c), ax in np.ndenumerate(axes):
        _show(ax, np.clip(grid[r, c], 0, top), cmap=cmap)
        if r == 0 and titles is not None:
            ax.set_title(titles[c], fontsize=9)
    return axes


def plot_crop_boxes(image, crops: Crops, ax=None, max_boxes: int = 6):
    """Zeigt das Bild mit den Rahmen der ersten ``max_boxes`` Ausschnitte."""
    _check_crops(crops)
    max_boxes = checks.whole_number(max_boxes, "max_boxes")
    checks.float_array(image, "image", ndim=(2, 3))
    image = np.asarray(image)
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    _show(ax, image)
    for i, (top, left) in enumerate(crops.boxes[:max_boxes]):
        ax.add_patch(Rectangle((left - 0.5, top - 0.5), crops.crop_size, crops.crop_size,
                               fill=False, lw=2, edgecolor=COLORS[i % len(COLORS)]))
    size = image.shape[0]
    ax.set_title(f"{size}×{size}-Bild mit {min(max_boxes, len(crops.boxes))} "
                 f"Ausschnitten {crops.crop_size}×{crops.crop_size}", fontsize=10)
    return ax


def plot_crops(crops: Crops, axes=None, max_crops: int = 6):
    """Zeigt die ersten ``max_crops`` Ausschnitte mit Rahmenfarbe und „gespiegelt“-Vermerk."""
    _check_crops(crops)
    n = min(checks.whole_number(max_crops, "max_crops"), len(crops.images))
    if axes is None:
        axes = _subplots(1, n, 1.8)
    axes = np.ravel(axes)
    for i, ax in enumerate(axes):
        if i >= n:
            ax.axis("off")
            continue
        _show(ax, crops.images[i])
        for spine in ax.spines.values():
            spine.set_edgecolor(COLORS[i % len(COLORS)])
            spine.set_linewidth(3)
        ax.set_title("gespiegelt" if crops.flipped[i] else "original", fontsize=9)
    return axes


def _show(ax, image, cmap="gray") -> None:
    """Ein Bild ohne Achsenstriche; Graubilder mit ``cmap``, Farbbilder wie sie sind."""
    ax.imshow(image, cmap=cmap if image.ndim == 2 else None)
    ax.set_xticks([])
    ax.set_yticks([])


def _check_crops(crops) -> None:
    if not isinstance(crops, Crops):
        raise TypeError(f"crops muss das Ergebnis von random_crops sein (Crops), "
                        f"erhalten: {type(crops).__name__}.")


def _subplots(nrows, ncols, size):
    _, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
    return axes
