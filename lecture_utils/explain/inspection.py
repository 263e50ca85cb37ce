"""Was lernt ein Konvolutionsnetz? Die Rechnungen zu Abschnitt 10.4.1.

Alle Funktionen geben NumPy-Arrays zurück und zeichnen nichts; die Bilder dazu
macht ``lecture_utils.plots.viz_inspect``. Gemeint sind Netze aus einer Kette von
Schichten (wie ``models.mnist_cnn`` oder ``models.lenet5``) mit Eingaben der
Form (H, W, C) – ein Bild ohne, mehrere Bilder mit Batch-Achse.

* ``filter_grid``: die Filter der ersten Konv-Schicht als ein Bild;
* ``feature_maps``: die Feature Maps eines Bildes, Schicht für Schicht;
* ``class_means``: mittlere Aktivierung je Klasse und Filter.

Rezeptive Felder und die stärksten Bildausschnitte stehen in ``receptive``,
Occlusion und Grad-CAM in ``attribution``.
"""

from __future__ import annotations

import keras
import numpy as np

from lecture_utils.core import checks
from lecture_utils.core.keras_tools import as_batch, get_layer, predict

# ---------------------------------------------------------------------------
# Schichten finden
# ---------------------------------------------------------------------------


def conv_layer_names(model) -> list[str]:
    """Die Namen aller Conv2D-Schichten, von der Eingabe zur Ausgabe."""
    return [layer.name for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]


def conv_layer(model, name: str | None = None, default: int = -1):
    """Die Konv-Schicht ``name``; ohne Namen die erste (``default=0``) oder letzte (-1)."""
    names = conv_layer_names(model)
    if not names:
        raise ValueError(f"Das Modell {model.name!r} hat keine Conv2D-Schicht.")
    default = checks.whole_number(default, "default", minimum=-len(names), maximum=len(names) - 1)
    layer = get_layer(model, names[default] if name is None else name)
    if not isinstance(layer, keras.layers.Conv2D):
        raise ValueError(
            f"{layer.name!r} ist keine Konv-Schicht; Konv-Schichten: {', '.join(names)}."
        )
    return layer


# ---------------------------------------------------------------------------
# Filter als Bilder
# ---------------------------------------------------------------------------


def tile(images, ncols: int = 8, pad: int = 1) -> np.ndarray:
    """Legt Bilder (N, h, w) oder (N, h, w, C) als Raster in ein Array.

    Zwischen den Bildern bleiben ``pad`` Pixel frei; dort und in leeren
    Feldern steht ``NaN`` (die Zeichenfunktionen lassen NaN weiß).
    """
    images = checks.float_array(images, "images", dtype="float32")
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(f"Erwartet werden Bilder (N, h, w[, C]), erhalten: Form {images.shape}.")
    ncols = checks.whole_number(ncols, "ncols")
    pad = checks.whole_number(pad, "pad", minimum=0)
    n, h, w = images.shape[:3]
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    grid = np.full((nrows * (h + pad) - pad, ncols * (w + pad) - pad, *images.shape[3:]), np.nan,
                   dtype="float32")
    for i, image in enumerate(images):
        top, left = (i // ncols) * (h + pad), (i % ncols) * (w + pad)
        grid[top:top + h, left:left + w] = image
    return grid


def normalize(x) -> np.ndarray:
    """Skaliert ein Array linear auf [0, 1] (ein konstantes Array wird 0,5)."""
    x = checks.float_array(x, "x", dtype="float32")
    low, high = np.nanmin(x), np.nanmax(x)
    return np.full_like(x, 0.5) if high == low else (x - low) / (high - low)


def filter_grid(model, layer_name: str | None = None, ncols: int = 8) -> np.ndarray:
    """Die Filter einer Konv-Schicht (Vorgabe: der ersten) als ein Rasterbild.

    Jeder Filter wird für sich auf [0, 1] skaliert. Bei 1 Eingangskanal ist das
    Ergebnis 2D (Graustufen), bei 3 Kanälen 3D (RGB). Tiefere Schichten haben
    mehr Eingangskanäle; ihre Filter zeigt ``kernel`` einzeln.
    """
    return kernel_grid(conv_layer(model, layer_name, 0).get_weights()[0], ncols)


def kernel_grid(weights, ncols: int = 8) -> np.ndarray:
    """Wie ``filter_grid``, aber für ein Gewichts-Array (kh, kw, Eingangskanäle, Filter),
    z. B. die Änderung der Gewichte durch ein Training."""
    kernel = checks.float_array(weights, "weights", dtype="float32")
    if kernel.ndim != 4:
        raise ValueError(f"Erwartet werden Gewichte (kh, kw, Eingangskanäle, Filter), "
                         f"erhalten: Form {kernel.shape}.")
    channels = kernel.shape[2]
    if channels not in (1, 3):
        raise ValueError(
            f"Als Bild zeigen lassen sich nur Filter mit 1 oder 3 Eingangskanälen "
            f"(Graustufen/RGB), diese haben {channels}."
        )
    filters = np.moveaxis(kernel, 3, 0)  # (filters, kh, kw, C_in)
    filters = np.stack([normalize(f) for f in filters])
    return tile(filters[..., 0] if channels == 1 else filters, ncols)


def kernel(model, layer_name: str, filter_index: int) -> np.ndarray:
    """Die Gewichte eines Filters, Form (kh, kw, Eingangskanäle)."""
    weights = conv_layer(model, layer_name, 0).get_weights()[0]
    checks.index(filter_index, weights.shape[-1], "filter_index")
    return weights[..., filter_index]


# ---------------------------------------------------------------------------
# Aktivierungen
# ---------------------------------------------------------------------------


def feature_model(model, layer_names) -> keras.Model:
    """Ein Modell mit denselben Gewichten, das die Ausgaben der Schichten ``layer_names``
    liefert (eine Liste, auch bei nur einer Schicht)."""
    outputs = [get_layer(model, name).output for name in _names(layer_names)]
    return keras.Model(model.inputs[0], outputs, name=f"{model.name}_features")


def _names(layer_names) -> list[str]:
    """Eine Liste (oder ein Tupel) von Schichtnamen, sonst ein deutscher TypeError."""
    if not isinstance(layer_names, (list, tuple)):
        raise TypeError(f"layer_names muss eine Liste von Schichtnamen sein (auch bei nur "
                        f"einer Schicht, z. B. ['conv1']), erhalten: {layer_names!r}.")
    return list(layer_names)


def activations(model, images, layer_name: str, batch_size: int = 256) -> np.ndarray:
    """Die Ausgabe der Schicht ``layer_name`` für alle ``images``, Form (N, h, w, Filter)."""
    layer_model = keras.Model(model.inputs[0], get_layer(model, layer_name).output)
    return predict(layer_model, images, batch_size)


def feature_maps(model, image, layer_names=None) -> dict[str, np.ndarray]:
    """Die Feature Maps eines Bildes, Schicht für Schicht: Name → (h, w, Filter).

    Ohne ``layer_names`` alle Konv-Schichten.
    """
    names = conv_layer_names(model) if layer_names is None else _names(layer_names)
    outputs = feature_model(model, names)(as_batch(image)[:1])
    return {name: keras.ops.convert_to_numpy(out)[0] for name, out in zip(names, outputs)}


def class_means(model, images, labels, layer_name: str | None = None,
                num_classes: int | None = None) -> np.ndarray:
    """Mittlere Aktivierung je Klasse und Filter einer Konv-Schicht, Form (Klassen, Filter).

    Jede Feature Map wird über ihre Positionen gemittelt, dann über alle Bilder
    einer Klasse. Vorgabe ist die letzte Konv-Schicht: So sieht man, welche
    Filter bei welcher Ziffer anspringen.
    """
    layer = conv_layer(model, layer_name, -1)
    images = as_batch(images)
    labels = checks.float_array(labels, "labels").ravel()
    if len(labels) != len(images) or np.any(labels != np.round(labels)) or np.any(labels < 0):
        raise ValueError(f"labels braucht eine Klassennummer (ganze Zahl ab 0) je Bild: "
                         f"{len(images)} Bilder, erhalten: {len(labels)} Werte.")
    labels = labels.astype(int)
    num_classes = int(labels.max()) + 1 if num_classes is None else \
        checks.whole_number(num_classes, "num_classes")
    missing = [c for c in range(num_classes) if not np.any(labels == c)]
    if missing:
        raise ValueError(f"Für die Klassen {missing} gibt es kein Bild in den Daten.")
    per_image = activations(model, images, layer.name).mean(axis=(1, 2))  # (N, Filter)
    return np.stack([per_image[labels == c].mean(axis=0) for c in range(num_classes)])
