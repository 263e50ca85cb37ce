"""Kleine Helfer rund um Keras-Modelle, die mehrere Gruppen brauchen: eine Schicht mit
deutscher Fehlermeldung finden, ein Bild zum Stapel machen, stapelweise vorhersagen."""

from __future__ import annotations

import keras
import numpy as np

from lecture_utils.core import checks


def get_layer(model, name: str):
    """Die Schicht ``name`` von ``model``; sonst ein deutscher ValueError mit allen Namen."""
    names = [layer.name for layer in model.layers]
    if not isinstance(name, str) or name not in names:
        raise ValueError(f"Keine Schicht namens {name!r}; vorhanden: {', '.join(names)}.")
    return model.get_layer(name)


def as_batch(x) -> np.ndarray:
    """Ein Bild (H, W, C) bekommt eine Batch-Achse; ein Stapel bleibt, wie er ist."""
    x = checks.float_array(x, "x", dtype="float32")
    if x.ndim < 2:
        raise ValueError(f"Erwartet wird ein Bild (H, W, C) oder ein Stapel mit Batch-Achse, "
                         f"erhalten: Form {x.shape}.")
    return x[np.newaxis] if x.ndim == 3 else x


def predict(fn, x, batch_size: int = 256) -> np.ndarray:
    """Ruft ``fn`` (ein Modell) stapelweise auf und gibt ein NumPy-Array zurück."""
    x = as_batch(x)
    batch_size = checks.whole_number(batch_size, "batch_size")
    parts = [keras.ops.convert_to_numpy(fn(x[i:i + batch_size]))
             for i in range(0, len(x), batch_size)]
    return np.concatenate(parts)
