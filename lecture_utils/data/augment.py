"""Data Augmentation wie bei LeNet-5 und AlexNet: die Rechnung (gezeichnet wird in plots).

* **LeNet-5** (LeCun et al. 1998) vergrößerte MNIST um verzerrte Varianten jeder
  Ziffer: Verschiebung, Skalierung, Stauchung und Scherung. ``affine_matrix`` stellt
  die Matrix einer solchen Verzerrung auf, ``distort`` wendet sie mit
  ``keras.ops.image.affine_transform`` an, ``distortion_grid`` legt für einige
  Ziffern ein Raster von Varianten an.
* **AlexNet** (Krizhevsky et al. 2012) trainierte auf zufälligen 224×224-Ausschnitten
  der 256×256-Bilder und auf deren horizontalen Spiegelungen. ``random_crops``
  schneidet solche Ausschnitte aus einem Bild, ``crop_count`` zählt, wie viele
  Varianten so entstehen.

Die Funktionen geben NumPy-Arrays zurück; Verzerren und Skalieren rechnet
``keras.ops.image`` (unter jedem Backend). ``training_layers`` liefert dieselben Ideen
als Keras-Schichten für das Training der CIFAR-Netze. Gezeichnet wird in
``lecture_utils.plots.augment_plot``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_utils.core import checks
from lecture_utils.core.profiles import SEED

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
    scale = checks.real_number(scale, "scale", positive=True)
    squeeze = checks.real_number(squeeze, "squeeze", positive=True)
    shear = checks.real_number(shear, "shear")
    stretch = np.diag([scale / squeeze, scale * squeeze])  # (Zeile, Spalte)
    shear_matrix = np.array([[1.0, 0.0], [shear, 1.0]])  # Spalte += shear · Zeile
    return shear_matrix @ stretch


def _keras_transform(shape, shift=(0, 0), scale=1.0, squeeze=1.0, shear=0.0) -> np.ndarray:
    """Die Verzerrung als die 8 Zahlen, die ``keras.ops.image.affine_transform`` erwartet.

    Keras bildet jeden Ausgabepixel (x = Spalte, y = Zeile) auf die Stelle
    (a0·x + a1·y + a2, b0·x + b1·y + b2) im Original ab; das ist die Umkehrung
    von ``affine_matrix`` um die Bildmitte, nach der Verschiebung ``shift``.
    """
    if isinstance(shift, (str, bytes)) or np.ndim(shift) != 1 or len(shift) != 2:
        raise ValueError(f"shift muss ein Paar (nach unten, nach rechts) sein, "
                         f"erhalten: {shift!r}.")
    down = checks.real_number(shift[0], "shift[0]")
    right = checks.real_number(shift[1], "shift[1]")
    inverse = np.linalg.inv(affine_matrix(scale, squeeze, shear))  # (Zeile, Spalte)
    center = np.array([(shape[0] - 1) / 2, (shape[1] - 1) / 2])
    offset = center - inverse @ (center + [down, right])  # Original = inverse · Ausgabe + offset
    (r_r, r_c), (c_r, c_c) = inverse
    return np.array([c_c, c_r, offset[1], r_c, r_r, offset[0], 0.0, 0.0], dtype="float32")


def _affine(images, transforms, fill) -> np.ndarray:
    """Wendet je Bild (N, H, W, C) eine Keras-Transformation an (bilinear, außen ``fill``)."""
    import keras

    out = keras.ops.image.affine_transform(
        images, np.asarray(transforms, dtype="float32"), interpolation="bilinear",
        fill_mode="constant", fill_value=float(fill), data_format="channels_last")
    return np.asarray(keras.ops.convert_to_numpy(out), dtype="float32")


def _image(image, name: str = "image", keep_dtype: bool = False) -> np.ndarray:
    """Ein Bild (H, W) oder (H, W, C) als float32 (``keep_dtype``: Datentyp bleibt);
    sonst ein deutscher ValueError."""
    checked = checks.float_array(image, name, dtype="float32")
    image = np.asarray(image) if keep_dtype else checked
    if image.ndim not in (2, 3) or min(image.shape) < 1:
        raise ValueError(
            f"Erwartet wird ein Bild der Form (H, W) oder (H, W, C), erhalten: {image.shape}."
        )
    return image


def distort(image, shift=(0, 0), scale=1.0, squeeze=1.0, shear=0.0, fill=0.0) -> np.ndarray:
    """Verzerrt ein Bild (H, W) oder (H, W, C) affin; gibt float32 derselben Form zurück.

    ``shift`` = (nach unten, nach rechts) in Pixeln. Jeder Ausgabepixel wird an
    der zurückgerechneten Stelle im Original bilinear interpoliert; was außerhalb
    des Originals liegt, bekommt den Wert ``fill`` (bei MNIST schwarz = 0).
    Gerechnet wird mit ``keras.ops.image.affine_transform``.
    """
    image = _image(image)
    fill = checks.real_number(fill, "fill")
    transform = _keras_transform(image.shape, shift, scale, squeeze, shear)
    batch = image.reshape((1,) + image.shape[:2] + (-1,))  # (1, H, W, C)
    return _affine(batch, transform[None], fill).reshape(image.shape)


def random_distortion(rng: np.random.Generator, ranges=None) -> dict:
    """Zufällige Parameter für ``distort`` aus den Bereichen ``ranges``
    (Vorgabe: ``LENET_RANGES``)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng muss ein np.random.Generator sein (np.random.default_rng(seed)), "
                        f"erhalten: {rng!r}.")
    if ranges is not None and not isinstance(ranges, dict):
        raise TypeError(f"ranges muss ein dict wie LENET_RANGES sein, erhalten: {ranges!r}.")
    unknown = sorted(set(ranges or {}) - set(LENET_RANGES))
    if unknown:
        checks.one_of(unknown[0], "Schlüssel von ranges", LENET_RANGES)
    ranges = {**LENET_RANGES, **(ranges or {})}
    return {
        "shift": tuple(rng.uniform(-ranges["shift"], ranges["shift"], size=2)),
        "scale": rng.uniform(*ranges["scale"]),
        "squeeze": rng.uniform(*ranges["squeeze"]),
        "shear": rng.uniform(-ranges["shear"], ranges["shear"]),
    }


def lenet_distortions(image, n: int, seed: int = SEED) -> np.ndarray:
    """``n`` zufällig verzerrte Varianten eines Bildes, Form (n, *image.shape)."""
    image = _image(image)
    n = checks.whole_number(n, "n")
    rng = np.random.default_rng(checks.whole_number(seed, "seed", minimum=0))
    transforms = [_keras_transform(image.shape, **random_distortion(rng)) for _ in range(n)]
    batch = np.repeat(image.reshape((1,) + image.shape[:2] + (-1,)), n, axis=0)
    return _affine(batch, transforms, 0.0).reshape((n,) + image.shape)


def distortion_grid(images, n_random: int = 3, seed: int = SEED):
    """Raster aus Varianten: eine Zeile pro Bild, Spalten wie ``DISTORTION_EXAMPLES``
    und danach ``n_random`` zufällige Kombinationen.

    Gibt ``(grid, titles)`` zurück: ``grid`` hat die Form
    (Bilder, Spalten, H, W[, C]), ``titles`` die deutschen Spaltentitel.
    """
    images = checks.float_array(images, "images", dtype="float32")
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(
            f"Erwartet werden mehrere Bilder (N, H, W) oder (N, H, W, C), erhalten: {images.shape}."
        )
    n_random = checks.whole_number(n_random, "n_random", minimum=0)
    seed = checks.whole_number(seed, "seed", minimum=0)
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
    full = checks.whole_number(full, "full")
    crop = checks.whole_number(crop, "crop")
    if crop > full:
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
    paper, flips = checks.flag(paper, "paper"), checks.flag(flips, "flips")
    per_axis = crop_positions(full, crop) - (1 if paper else 0)
    return per_axis**2 * (2 if flips else 1)


def center_crop(image, size: int) -> np.ndarray:
    """Der mittlere Ausschnitt size×size (so testete AlexNet u. a.)."""
    image = _image(image, keep_dtype=True)
    top = (crop_positions(image.shape[0], size) - 1) // 2
    left = (crop_positions(image.shape[1], size) - 1) // 2
    return image[top:top + size, left:left + size]


def random_crops(image, crop_size: int, n: int, flip: bool = True, seed: int = SEED) -> Crops:
    """``n`` zufällige Ausschnitte ``crop_size``×``crop_size``, jeder mit
    Wahrscheinlichkeit 1/2 horizontal gespiegelt (bei ``flip=True``)."""
    image = _image(image, keep_dtype=True)
    n = checks.whole_number(n, "n")
    flip = checks.flag(flip, "flip")
    rng = np.random.default_rng(checks.whole_number(seed, "seed", minimum=0))
    tops = rng.integers(0, crop_positions(image.shape[0], crop_size), size=n)
    lefts = rng.integers(0, crop_positions(image.shape[1], crop_size), size=n)
    flipped = rng.random(n) < 0.5 if flip else np.zeros(n, bool)
    crops = []
    for top, left, mirror in zip(tops, lefts, flipped):
        crop = image[top:top + crop_size, left:left + crop_size]
        crops.append(crop[:, ::-1] if mirror else crop)
    return Crops(np.stack(crops), np.stack([tops, lefts], axis=1), flipped, crop_size)


def resize(image, size: int) -> np.ndarray:
    """Quadratischer Mittelausschnitt, bilinear auf size×size skaliert (float32).

    Skaliert wird mit ``keras.ops.image.resize`` (Pixelmitten wie in TensorFlow, ohne
    Antialiasing).
    """
    import keras

    image = _image(image)
    size = checks.whole_number(size, "size")
    square = center_crop(image, min(image.shape[:2]))
    out = keras.ops.image.resize(square.reshape(square.shape[:2] + (-1,)), (size, size),
                                 interpolation="bilinear", data_format="channels_last")
    out = np.asarray(keras.ops.convert_to_numpy(out), dtype="float32")
    return out.reshape((size, size) + square.shape[2:])


def sample_photo(size: int = 256) -> np.ndarray:
    """Ein echtes Foto (Grace Hopper, aus den Beispieldaten von matplotlib) als
    size×size×3-Array mit Werten in [0, 1] – so groß wie die ImageNet-Bilder bei AlexNet."""
    import matplotlib.cbook
    import matplotlib.image

    size = checks.whole_number(size, "size")
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

    shift = checks.real_number(shift, "shift", minimum=0.0, maximum=1.0)
    seed = checks.whole_number(seed, "seed", minimum=0)
    flip = checks.flag(flip, "flip")
    result = []
    if flip:
        result.append(layers.RandomFlip("horizontal", seed=seed, name="aug_flip"))
    if shift:
        result.append(layers.RandomTranslation(shift, shift, fill_mode="constant",
                                               interpolation="nearest", seed=seed,
                                               name="aug_shift"))
    return result
