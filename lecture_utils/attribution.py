"""Welche Bildteile zählen für eine Entscheidung? Occlusion und Grad-CAM (Abschnitt 10.4.1).

* ``occlusion_map`` (Zeiler & Fergus 2014): Ein Quadrat in einer neutralen Farbe
  wandert über das Bild; gemessen wird, wie stark die Wahrscheinlichkeit der
  richtigen Klasse jeweils sinkt. Braucht nur Vorhersagen, keine Gradienten.
  Zeiler und Fergus nahmen auf ImageNet ein graues Quadrat; auf MNIST ist der
  Hintergrund schwarz, Grau wäre dort zusätzliche Tinte. Die Vorgabe ist deshalb
  ``fill=0`` (Hintergrund).
* ``grad_cam`` (Selvaraju et al. 2017): Gewichtet die Feature Maps A_k einer
  Konv-Schicht mit α_k, dem über alle Positionen gemittelten Gradienten des
  Klassen-Scores (vor der Softmax) nach A_k, summiert und behält den positiven
  Teil. Notebook 10.4 zeigt denselben Algorithmus als kurze Keras-Funktion mit
  ``tf.GradientTape``; die Gradienten hier kommen aus ``lecture_utils.gradients``,
  dort steht der einzige backend-spezifische Code.

Beide geben eine Heatmap als NumPy-Array zurück; zeichnen kann man sie mit
``viz_inspect.plot_heatmap``.
"""

from __future__ import annotations

import keras
import numpy as np

from lecture_utils import gradients, inspection

# ---------------------------------------------------------------------------
# Wahrscheinlichkeiten und Scores
# ---------------------------------------------------------------------------


def _ends_with_softmax(model) -> bool:
    activation = getattr(model.layers[-1], "activation", None)
    return activation is keras.activations.softmax


def probabilities(model, images, batch_size: int = 256) -> np.ndarray:
    """Klassenwahrscheinlichkeiten (N, Klassen); gibt das Modell Logits aus, mit Softmax."""
    outputs = inspection.predict(model, images, batch_size)
    if _ends_with_softmax(model):
        return outputs
    return keras.ops.convert_to_numpy(keras.ops.softmax(outputs, axis=-1))


def _logits_layer(dense):
    """Eine Kopie der FC-Ausgabeschicht ohne Softmax, mit denselben Gewichten."""
    copy = keras.layers.Dense(dense.units, use_bias=dense.use_bias, dtype=dense.dtype_policy,
                              name=f"{dense.name}_logits")
    copy.build(dense.input.shape)
    copy.set_weights(dense.get_weights())
    return copy


def split_model(model, layer_name: str | None = None):
    """Teilt ``model`` an einer Konv-Schicht (Vorgabe: der letzten) in zwei Modelle.

    ``features``: Eingabe → Feature Maps der Schicht; ``head``: Feature Maps →
    Klassen-Scores, gebaut aus den übrigen Schichten (mit denselben Gewichten).
    Endet das Netz mit Softmax, liefert ``head`` die Scores davor (Logits).
    """
    layer = inspection.conv_layer(model, layer_name, -1)
    features = keras.Model(model.inputs[0], layer.output, name="features")
    last = model.layers[-1]
    scores = _logits_layer(last)(last.input) if _ends_with_softmax(model) else model.outputs[0]
    head = keras.Model(layer.output, scores, name="head")
    return features, head


# ---------------------------------------------------------------------------
# Occlusion (Zeiler & Fergus 2014)
# ---------------------------------------------------------------------------


def _check_image(image) -> np.ndarray:
    image = np.asarray(image, dtype="float32")
    if image.ndim != 3:
        raise ValueError(f"Erwartet wird ein Bild (H, W, C) ohne Batch-Achse, "
                         f"erhalten: Form {image.shape}.")
    return image


def _centres(length: int, stride: int) -> range:
    """Mittelpunkte des Quadrats entlang einer Achse: stride//2, stride//2 + stride, …"""
    return range(stride // 2, length, stride)


def occluded_images(image, patch_size: int, stride: int = 1, fill: float = 0.0) -> np.ndarray:
    """Kopien von ``image`` (H, W, C) mit je einem Quadrat der Kantenlänge ``patch_size``
    in der Farbe ``fill``, zentriert auf Zeile ``i·stride + stride//2`` und Spalte
    ``j·stride + stride//2``. Ergebnis: (Zeilen · Spalten, H, W, C), zeilenweise."""
    image = _check_image(image)
    if isinstance(fill, bool) or not isinstance(fill, (int, float, np.integer, np.floating)):
        raise ValueError(f"fill muss eine Zahl sein (der Grauwert des Quadrats), "
                         f"erhalten: {fill!r}.")
    for value, name in ((patch_size, "patch_size"), (stride, "stride")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} muss eine ganze Zahl ab 1 sein, erhalten: {value!r}.")
    height, width = image.shape[:2]
    copies = []
    for row in _centres(height, stride):
        for col in _centres(width, stride):
            copy = image.copy()
            top, left = row - patch_size // 2, col - patch_size // 2
            copy[max(top, 0):top + patch_size, max(left, 0):left + patch_size] = fill
            copies.append(copy)
    return np.stack(copies)


def occlusion_map(model, image, label: int, patch_size: int = 7, stride: int = 1,
                  fill: float = 0.0) -> np.ndarray:
    """Um wie viel sinkt die Wahrscheinlichkeit der Klasse ``label``, wenn ein Quadrat
    der Farbe ``fill`` an einer Stelle liegt? Ergebnis (⌈H/stride⌉, ⌈W/stride⌉), Werte in
    [−1, 1]; große Werte: Dort liegt, was das Netz für die Klasse braucht.

    ``fill`` soll neutral sein: 0 ist bei MNIST der Hintergrund (das Quadrat nimmt nur
    Tinte weg); bei Bildern ohne einheitlichen Hintergrund nimmt man den Mittelwert des
    Datensatzes, wie das Grau bei Zeiler und Fergus."""
    image = _check_image(image)
    base = probabilities(model, image[np.newaxis])[0]
    label = inspection.check_index(label, len(base), "label")
    occluded = occluded_images(image, patch_size, stride, fill)
    drop = base[label] - probabilities(model, occluded)[:, label]
    rows, cols = (len(_centres(length, stride)) for length in image.shape[:2])
    return drop.reshape(rows, cols)


# ---------------------------------------------------------------------------
# Grad-CAM (Selvaraju et al. 2017)
# ---------------------------------------------------------------------------


def _score_layer(model):
    """Die letzte Schicht; sie muss eine Dense-Schicht sein (ihr Score vor der Aktivierung)."""
    last = model.layers[-1]
    if not isinstance(last, keras.layers.Dense):
        raise ValueError(f"Grad-CAM braucht als letzte Schicht eine Dense-Schicht, "
                         f"{model.name!r} endet mit {last.name!r} ({type(last).__name__}).")
    return last


def _scores_before_activation(dense, hidden):
    """Was ``dense`` vor seiner Aktivierung (z. B. Softmax) ausgibt: hidden · W + b."""
    scores = keras.ops.matmul(hidden, dense.kernel)
    return scores + dense.bias if dense.use_bias else scores


def grad_cam(model, image, class_index: int, layer_name: str | None = None) -> np.ndarray:
    """Grad-CAM-Heatmap für ``image`` (H, W, C) und Klasse ``class_index``, Form (h, w) der
    Konv-Schicht ``layer_name`` (Vorgabe: die letzte); nicht normiert (Selvaraju et al. 2017).

    1. Ein Modell von ``model.inputs`` zu [Feature Maps A_k der Schicht, Eingabe der
       letzten Dense-Schicht] – ein Modell, deshalb auch für Netze mit Skip Connections;
    2. Score y_c der Klasse vor der Softmax, Gradient ∂y_c/∂A_k;
    3. α_k = Mittel des Gradienten über alle Positionen (i, j);
    4. Heatmap = ReLU(Σ_k α_k · A_k): nur was für die Klasse spricht.

    Die Werte sind nicht auf [0, 1] skaliert: So kann man die Karten mehrerer Klassen auf
    einer gemeinsamen Skala vergleichen. Unter JAX wird das Netz an der Schicht geteilt
    (``split_model``), das geht nur bei Netzen ohne Skip Connection über die Schicht hinweg.
    """
    image = _check_image(image)
    layer = inspection.conv_layer(model, layer_name, -1)
    last = _score_layer(model)
    class_index = inspection.check_index(class_index, last.units, "class_index")
    batch = image[np.newaxis]
    if keras.config.backend() == "jax":
        try:
            features, head = split_model(model, layer.name)
        except ValueError as error:
            raise ValueError(
                f"Unter JAX lässt sich {model.name!r} nicht an {layer.name!r} teilen "
                f"(eine Skip Connection führt daran vorbei?): {error}") from error
        maps = keras.ops.convert_to_numpy(features(batch))
        grads = gradients.input_gradients(lambda a: head(a)[:, class_index], maps)
    else:
        grad_model = keras.Model(model.inputs, [layer.output, last.input])

        def forward(x):
            maps, hidden = grad_model(x)
            return maps, _scores_before_activation(last, hidden)[:, class_index]

        maps, grads = gradients.feature_gradients(forward, batch)
    weights = grads.mean(axis=(1, 2))  # (1, K): α_k
    cam = np.einsum("bhwk,bk->bhw", maps, weights)[0]
    return np.maximum(cam, 0.0)
