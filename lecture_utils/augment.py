"""Data Augmentation wie bei LeNet-5 und AlexNet – erst rechnen, dann zeichnen.

* **LeNet-5** (LeCun et al. 1998) vergrößerte MNIST um verzerrte Varianten jeder
  Ziffer: Verschiebung, Skalierung, Stauchung und Scherung. ``distort`` rechnet
  eine solche affine Verzerrung in NumPy aus, ``distortion_grid`` legt für einige
  Ziffern ein Raster von Varianten an.
* **AlexNet** (Krizhevsky et al. 2012) trainierte auf zufälligen 224×224-Ausschnitten
  der 256×256-Bilder und auf deren horizontalen Spiegelungen. ``random_crops``
  schneidet solche Ausschnitte aus einem Bild, ``crop_count`` zählt, wie viele
  Varianten so entstehen.

Die Rechenfunktionen geben NumPy-Arrays zurück und brauchen kein Keras.
``training_layers`` liefert dieselben Ideen als Keras-Schichten (laufen unter
jedem Backend) für das Training der CIFAR-Netze. Die Zeichenfunktionen nehmen
``ax=None``/``axes=None`` und ändern keine globalen matplotlib-Einstellungen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_utils.profiles import SEED

# ---------------------------------------------------------------------------
# LeNet-5: affine Verzerrungen
# ---------------------------------------------------------------------------

LENET_RANGES = {
    "shift": 2.0,  # Pixel in jede Richtung
    "scale": (0.85, 1.15),
    "squeeze": (0.85, 1.15),  # Breite ·q, Höhe ÷q
    "shear": 0.3,  # horizontale Scherung (Verschiebung pro Zeile)
}
"""Bereiche der zufälligen Verzerrungen (so gewählt, dass die Ziffer lesbar bleibt)."""

DISTORTION_EXAMPLES = (
    ("Original", {}),
    ("verschoben", {"shift": (2, -2)}),
    ("vergrößert", {"scale": 1.2}),
    ("verkleinert", {"scale": 0.8}),
    ("gestaucht", {"squeeze": 0.8}),
    ("geschert", {"shear": 0.35}),
)
"""Je eine Verzerrung pro Art, mit deutschem Titel (erste Spalten des Rasters)."""


def affine_matrix(scale=1.0, squeeze=1.0, shear=0.0) -> np.ndarray:
    """2×2-Matrix der Verzerrung in (Zeile, Spalte)-Koordinaten um die Bildmitte.

    ``scale`` vergrößert (> 1) oder verkleinert (< 1), ``squeeze`` = q macht das
    Bild q-mal so breit und 1/q-mal so hoch, ``shear`` verschiebt jede Zeile
    waagrecht um ``shear`` · (Abstand zur Mitte).
    """
    for name, value in (("scale", scale), ("squeeze", squeeze)):
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name} muss eine positive Zahl sein, erhalten: {value!r}.")
    stretch = np.diag([scale / squeeze, scale * squeeze])  # (Zeile, Spalte)
    shear_matrix = np.array([[1.0, 0.0], [shear, 1.0]])  # Spalte += shear · Zeile
    return shear_matrix @ stretch


def distort(image, shift=(0, 0), scale=1.0, squeeze=1.0, shear=0.0, fill=0.0) -> np.ndarray:
    """Verzerrt ein Bild (H, W) oder (H, W, C) affin; gibt float32 derselben Form zurück.

    ``shift`` = (nach unten, nach rechts) in Pixeln. Jeder Ausgabepixel wird an
    der zurückgerechneten Stelle im Original bilinear interpoliert; was außerhalb
    des Originals liegt, bekommt den Wert ``fill`` (bei MNIST schwarz = 0).
    """
    image = np.asarray(image, dtype="float32")
    if image.ndim not in (2, 3):
        raise ValueError(
            f"Erwartet wird ein Bild der Form (H, W) oder (H, W, C), erhalten: {image.shape}."
        )
    height, width = image.shape[:2]
    center = np.array([(height - 1) / 2, (width - 1) / 2])
    inverse = np.linalg.inv(affine_matrix(scale, squeeze, shear))
    rows, cols = np.mgrid[0:height, 0:width].astype("float64")
    out_points = np.stack([rows.ravel(), cols.ravel()])  # (2, H·W)
    src = inverse @ (out_points - center[:, None] - np.asarray(shift, float)[:, None])
    src += center[:, None]
    return _bilinear(image, src[0], src[1], fill).reshape(image.shape)


def _bilinear(image, rows, cols, fill):
    """Bilineare Interpolation an den Stellen (rows, cols); außerhalb: ``fill``."""
    height, width = image.shape[:2]
    padded = np.pad(image, [(1, 1), (1, 1)] + [(0, 0)] * (image.ndim - 2),
                    constant_values=fill)
    r = np.clip(rows + 1, 0, height + 1)  # Koordinaten im gepolsterten Bild
    c = np.clip(cols + 1, 0, width + 1)
    r0 = np.clip(np.floor(r).astype(int), 0, height)
    c0 = np.clip(np.floor(c).astype(int), 0, width)
    dr, dc = r - r0, c - c0
    if image.ndim == 3:
        dr, dc = dr[:, None], dc[:, None]
    top = padded[r0, c0] * (1 - dc) + padded[r0, c0 + 1] * dc
    bottom = padded[r0 + 1, c0] * (1 - dc) + padded[r0 + 1, c0 + 1] * dc
    return (top * (1 - dr) + bottom * dr).astype("float32")


def random_distortion(rng: np.random.Generator, ranges=None) -> dict:
    """Zufällige Parameter für ``distort`` aus den Bereichen ``ranges``
    (Vorgabe: ``LENET_RANGES``)."""
    ranges = {**LENET_RANGES, **(ranges or {})}
    return {
        "shift": tuple(rng.uniform(-ranges["shift"], ranges["shift"], size=2)),
        "scale": rng.uniform(*ranges["scale"]),
        "squeeze": rng.uniform(*ranges["squeeze"]),
        "shear": rng.uniform(-ranges["shear"], ranges["shear"]),
    }


def lenet_distortions(image, n: int, seed: int = SEED) -> np.ndarray:
    """``n`` zufällig verzerrte Varianten eines Bildes, Form (n, *image.shape)."""
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n muss eine ganze Zahl ab 1 sein, erhalten: {n!r}.")
    rng = np.random.default_rng(seed)
    return np.stack([distort(image, **random_distortion(rng)) for _ in range(n)])


def distortion_grid(images, n_random: int = 3, seed: int = SEED):
    """Raster aus Varianten: eine Zeile pro Bild, Spalten wie ``DISTORTION_EXAMPLES``
    und danach ``n_random`` zufällige Kombinationen.

    Gibt ``(grid, titles)`` zurück: ``grid`` hat die Form
    (Bilder, Spalten, H, W[, C]), ``titles`` die deutschen Spaltentitel.
    """
    images = np.asarray(images)
    if images.ndim not in (3, 4):
        raise ValueError(
            f"Erwartet werden mehrere Bilder (N, H, W) oder (N, H, W, C), erhalten: {images.shape}."
        )
    titles = [title for title, _ in DISTORTION_EXAMPLES]
    titles += [f"zufällig {i}" for i in range(1, n_random + 1)]
    rows = []
    for i, image in enumerate(images):
        fixed = [distort(image, **kwargs) for _, kwargs in DISTORTION_EXAMPLES]
        randoms = list(lenet_distortions(image, n_random, seed + i)) if n_random else []
        rows.append(np.stack(fixed + randoms))
    return np.stack(rows), titles


# ---------------------------------------------------------------------------
# AlexNet: zufällige Ausschnitte und Spiegelungen
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Crops:
    """Ausschnitte eines Bildes: ``images`` (n, c, c[, C]), ``boxes`` (n, 2) = (oben, links)
    im Original, ``flipped`` (n,) = horizontal gespiegelt."""

    images: np.ndarray
    boxes: np.ndarray
    flipped: np.ndarray
    crop_size: int


def crop_positions(full: int, crop: int) -> int:
    """Mögliche Lagen eines Ausschnitts der Kantenlänge ``crop`` entlang einer Achse:
    full − crop + 1."""
    if crop > full or crop < 1:
        raise ValueError(
            f"Der Ausschnitt ({crop}) muss zwischen 1 und der Bildgröße ({full}) liegen."
        )
    return full - crop + 1


def crop_count(full: int = 256, crop: int = 224, flips: bool = True, paper: bool = False) -> int:
    """Wie viele verschiedene Trainingsbilder entstehen aus einem Bild?

    Genau gezählt (full − crop + 1)² Lagen, mit Spiegelung doppelt so viele:
    256/224 ergibt 33² · 2 = 2.178. Das AlexNet-Paper zählt (full − crop)² · 2
    = 32² · 2 = 2.048 (``paper=True``).
    """
    per_axis = crop_positions(full, crop) - (1 if paper else 0)
    return per_axis**2 * (2 if flips else 1)


def center_crop(image, size: int) -> np.ndarray:
    """Der mittlere Ausschnitt size×size (so testete AlexNet u. a.)."""
    image = np.asarray(image)
    top = (crop_positions(image.shape[0], size) - 1) // 2
    left = (crop_positions(image.shape[1], size) - 1) // 2
    return image[top:top + size, left:left + size]


def random_crops(image, crop_size: int, n: int, flip: bool = True, seed: int = SEED) -> Crops:
    """``n`` zufällige Ausschnitte ``crop_size``×``crop_size``, jeder mit
    Wahrscheinlichkeit 1/2 horizontal gespiegelt (bei ``flip=True``)."""
    image = np.asarray(image)
    if image.ndim not in (2, 3):
        raise ValueError(
            f"Erwartet wird ein Bild der Form (H, W) oder (H, W, C), erhalten: {image.shape}."
        )
    rng = np.random.default_rng(seed)
    tops = rng.integers(0, crop_positions(image.shape[0], crop_size), size=n)
    lefts = rng.integers(0, crop_positions(image.shape[1], crop_size), size=n)
    flipped = rng.random(n) < 0.5 if flip else np.zeros(n, bool)
    crops = []
    for top, left, mirror in zip(tops, lefts, flipped):
        crop = image[top:top + crop_size, left:left + crop_size]
        crops.append(crop[:, ::-1] if mirror else crop)
    return Crops(np.stack(crops), np.stack([tops, lefts], axis=1), flipped, crop_size)


def resize(image, size: int) -> np.ndarray:
    """Quadratischer Mittelausschnitt, bilinear auf size×size skaliert (float32)."""
    image = np.asarray(image, dtype="float32")
    side = min(image.shape[:2])
    square = center_crop(image, side)
    coords = (np.arange(size) + 0.5) * side / size - 0.5
    rows, cols = np.meshgrid(coords, coords, indexing="ij")
    out = _bilinear(square, rows.ravel(), cols.ravel(), fill=0.0)
    return np.clip(out, 0, None).reshape((size, size) + square.shape[2:])


def sample_photo(size: int = 256) -> np.ndarray:
    """Ein echtes Foto (Grace Hopper, aus den Beispieldaten von matplotlib) als
    size×size×3-Array mit Werten in [0, 1] – so groß wie die ImageNet-Bilder bei AlexNet."""
    import matplotlib.cbook
    import matplotlib.image

    path = matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    photo = matplotlib.image.imread(path)
    if photo.dtype == np.uint8:
        photo = photo / 255.0
    return resize(photo, size)


def training_layers(shift: float = 0.125, flip: bool = True, seed: int = SEED) -> list:
    """Keras-Schichten für Data Augmentation beim Training (nur aktiv in ``fit``):
    zufällige Verschiebung um bis zu ``shift`` · Bildgröße (0,125 · 32 = 4 Pixel,
    wie die Ausschnitte bei AlexNet/ResNet) und horizontale Spiegelung."""
    from keras import layers

    result = []
    if flip:
        result.append(layers.RandomFlip("horizontal", seed=seed, name="aug_flip"))
    if shift:
        result.append(layers.RandomTranslation(shift, shift, fill_mode="constant",
                                               interpolation="nearest", seed=seed,
                                               name="aug_shift"))
    return result


# ---------------------------------------------------------------------------
# Zeichnen
# ---------------------------------------------------------------------------


def _subplots(nrows, ncols, size):
    import matplotlib.pyplot as plt

    _, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows), squeeze=False)
    return axes


def plot_distortion_grid(grid, titles=None, axes=None, cmap="gray"):
    """Zeichnet das Raster aus ``distortion_grid``; gibt die Achsen (2D-Array) zurück."""
    grid = np.asarray(grid)
    nrows, ncols = grid.shape[:2]
    if axes is None:
        axes = _subplots(nrows, ncols, 1.2)
    axes = np.asarray(axes).reshape(nrows, ncols)
    for r in range(nrows):
        for c in range(ncols):
            ax = axes[r, c]
            ax.imshow(np.clip(grid[r, c], 0, 255 if grid.max() > 1 else 1), cmap=cmap)
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0 and titles is not None:
                ax.set_title(titles[c], fontsize=9)
    return axes


def plot_crop_boxes(image, crops: Crops, ax=None, max_boxes: int = 6):
    """Zeigt das Bild mit den Rahmen der ersten ``max_boxes`` Ausschnitte."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    if ax is None:
        _, ax = plt.subplots(figsize=(4, 4))
    image = np.asarray(image)
    ax.imshow(image, cmap="gray" if image.ndim == 2 else None)
    colors = plt.get_cmap("tab10").colors
    for i, (top, left) in enumerate(crops.boxes[:max_boxes]):
        ax.add_patch(Rectangle((left - 0.5, top - 0.5), crops.crop_size, crops.crop_size,
                               fill=False, lw=2, edgecolor=colors[i % len(colors)]))
    size = image.shape[0]
    ax.set_title(f"{size}×{size}-Bild mit {min(max_boxes, len(crops.boxes))} "
                 f"Ausschnitten {crops.crop_size}×{crops.crop_size}", fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_crops(crops: Crops, axes=None, max_crops: int = 6):
    """Zeigt die ersten ``max_crops`` Ausschnitte mit Rahmenfarbe und „gespiegelt“-Vermerk."""
    import matplotlib.pyplot as plt

    n = min(max_crops, len(crops.images))
    if axes is None:
        axes = _subplots(1, n, 1.8)
    axes = np.ravel(axes)
    colors = plt.get_cmap("tab10").colors
    for i, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= n:
            ax.axis("off")
            continue
        image = crops.images[i]
        ax.imshow(image, cmap="gray" if image.ndim == 2 else None)
        for spine in ax.spines.values():
            spine.set_edgecolor(colors[i % len(colors)])
            spine.set_linewidth(3)
        ax.set_title("gespiegelt" if crops.flipped[i] else "original", fontsize=9)
    return axes
