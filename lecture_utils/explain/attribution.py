"""Welche Bildteile zählen für eine Entscheidung? Occlusion und Grad-CAM (Abschnitt 10.4.1).

* ``occlusion_map`` (Zeiler & Fergus 2014): Ein Quadrat in einer neutralen Farbe
  wandert über das Bild; gemessen wird, wie stark die Wahrscheinlichkeit der
  richtigen Klasse jeweils sinkt. Braucht nur Vorhersagen, keine Gradienten.
  Zeiler und Fergus nahmen auf ImageNet ein graues Quadrat; auf MNIST ist der
  Hintergrund schwarz, Grau wäre dort zusätzliche Tinte. Die Vorgabe ist deshalb
  ``fill=0`` (Hintergrund).
* ``grad_cam`` (Selvaraju et al. 2017): Gewichtet die Feature Maps A_k einer
  Konv-Schicht mit α_k, dem über alle Positionen gemittelten Gradienten des
  Klassen-Scores (vor der Softmax, ``class_scores``) nach A_k, summiert und behält
  den positiven Teil. Notebook 10.4 zeigt denselben Algorithmus als kurze
  Keras-Funktion mit ``tf.GradientTape``; die Gradienten hier kommen aus
  ``lecture_utils.explain.gradients`` (dort steht der backend-spezifische Code der Gradienten).

Beide geben eine Heatmap als NumPy-Array zurück; zeichnen kann man sie mit
``viz_inspect.plot_heatmap``.
"""

from __future__ import annotations

import keras
import numpy as np

from lecture_utils.core import checks, keras_tools
from lecture_utils.explain import gradients, inspection

# ---------------------------------------------------------------------------
# Wahrscheinlichkeiten und Scores
# ---------------------------------------------------------------------------


def _is_softmax(layer) -> bool:
    """Endet ``layer`` mit einer Softmax? (``Dense(..., activation="softmax")``,
    ``Activation("softmax")`` oder ``Softmax``)"""
    activation = getattr(layer, "activation", None)
    return isinstance(layer, keras.layers.Softmax) or activation is keras.activations.softmax


def _output_layer(model):
    """Die Schicht, die die Ausgabe von ``model`` berechnet (genau eine Ein- und Ausgabe)."""
    if len(model.inputs) != 1 or len(model.outputs) != 1:
        raise ValueError(f"Erwartet wird ein Modell mit genau einer Eingabe und einer Ausgabe; "
                         f"{model.name!r} hat {len(model.inputs)} Eingaben und "
                         f"{len(model.outputs)} Ausgaben.")
    for layer in reversed(model.layers):
        if layer.output is model.outputs[0]:
            return layer
    return model.layers[-1]


def probabilities(model, images, batch_size: int = 256) -> np.ndarray:
    """Klassenwahrscheinlichkeiten (N, Klassen); gibt das Modell Logits aus, mit Softmax.

    Endet das Modell schon mit einer Softmax (in der letzten Schicht oder als eigene
    Schicht), bleibt seine Ausgabe, wie sie ist – eine zweite Softmax wäre falsch."""
    outputs = keras_tools.predict(model, images, checks.whole_number(batch_size, "batch_size"))
    if _is_softmax(_output_layer(model)):
        return outputs
    return keras.ops.convert_to_numpy(keras.ops.softmax(outputs, axis=-1))


def class_scores(model):
    """Die Klassen-Scores **vor** der Softmax als Tensor, berechnet aus ``model.inputs``.

    Gibt das Modell Logits aus, sind das seine Ausgaben. Ist die Softmax eine eigene
    Schicht, ist es deren Eingabe. Steckt sie in der letzten Schicht (z. B.
    ``Dense(10, activation="softmax")``), rechnet eine Kopie dieser Schicht ohne
    Aktivierung mit denselben Gewichten die Scores.
    """
    last = _output_layer(model)
    if not _is_softmax(last):
        return model.outputs[0]
    if isinstance(last, (keras.layers.Softmax, keras.layers.Activation)):
        return last.input
    config = {**last.get_config(), "activation": "linear", "name": f"{last.name}_scores"}
    copy = type(last).from_config(config)
    copy.build(last.input.shape)
    copy.set_weights(last.get_weights())
    return copy(last.input)


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
    patch_size = checks.whole_number(patch_size, "patch_size")
    stride = checks.whole_number(stride, "stride")
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
    label = checks.index(label, len(base), "label")
    occluded = occluded_images(image, patch_size, stride, fill)
    drop = base[label] - probabilities(model, occluded)[:, label]
    rows, cols = (len(_centres(length, stride)) for length in image.shape[:2])
    return drop.reshape(rows, cols)


# ---------------------------------------------------------------------------
# Grad-CAM (Selvaraju et al. 2017)
# ---------------------------------------------------------------------------


def grad_cam(model, image, class_index: int, layer_name: str | None = None) -> np.ndarray:
    """Grad-CAM-Heatmap für ``image`` (H, W, C) und Klasse ``class_index``, Form (h, w) der
    Konv-Schicht ``layer_name`` (Vorgabe: die letzte); nicht normiert (Selvaraju et al. 2017).

    1. Ein Modell von ``model.inputs`` zu [Feature Maps A_k der Schicht, Klassen-Scores vor
       der Softmax] – ein Modell, deshalb auch für Netze mit Skip Connections;
    2. Score y_c der Klasse, Gradient ∂y_c/∂A_k;
    3. α_k = Mittel des Gradienten über alle Positionen (i, j);
    4. Heatmap = ReLU(Σ_k α_k · A_k): nur was für die Klasse spricht.

    Die Werte sind nicht auf [0, 1] skaliert: So kann man die Karten mehrerer Klassen auf
    einer gemeinsamen Skala vergleichen. Läuft unter TensorFlow, JAX und PyTorch.
    """
    image = _check_image(image)
    layer = inspection.conv_layer(model, layer_name, -1)
    scores = class_scores(model)
    class_index = checks.index(class_index, scores.shape[-1], "class_index")
    grad_model = keras.Model(model.inputs[0], [layer.output, scores], name="grad_cam")
    batch = image[np.newaxis]
    if keras.config.backend() == "jax":
        maps, grads = _gradients_with_maps_as_input(grad_model, batch, class_index)
    else:
        def forward(x):
            maps, all_scores = grad_model(x)
            return maps, all_scores[:, class_index]

        maps, grads = gradients.feature_gradients(forward, batch)
    weights = grads.mean(axis=(1, 2))  # (1, K): α_k
    cam = np.einsum("bhwk,bk->bhw", maps, weights)[0]
    return np.maximum(cam, 0.0)


def _gradients_with_maps_as_input(grad_model, batch, class_index: int):
    """(A, ∂y_c/∂A) ohne GradientTape, so wie unter JAX (``jax.grad`` kennt nur Eingaben).

    Dafür wird A zu einer zweiten Eingabe: Jede Schicht hinter A rechnet noch einmal,
    mit A statt der Ausgabe der Konv-Schicht; alle anderen Wege, auch eine Skip Connection
    an der Schicht vorbei, bleiben, wie sie sind. Das Netz wird nicht zerschnitten.
    """
    maps_tensor, scores = grad_model.outputs
    maps_input = keras.Input(maps_tensor.shape[1:], name="feature_maps")
    replaced = {id(maps_tensor): maps_input}
    for layer in grad_model.layers:  # in Rechenreihenfolge
        inputs = layer.input
        if any(id(t) in replaced for t in keras.tree.flatten(inputs)):
            replaced[id(layer.output)] = layer(
                keras.tree.map_structure(lambda t: replaced.get(id(t), t), inputs))
    if id(scores) not in replaced:
        raise ValueError(f"Die Scores von {grad_model.name!r} hängen nicht von den "
                         f"Feature Maps ab.")
    head = keras.Model([grad_model.inputs[0], maps_input], replaced[id(scores)])
    images = keras.ops.convert_to_tensor(batch)
    maps = keras.ops.convert_to_numpy(grad_model(images)[0])
    grads = gradients.input_gradients(lambda a: head([images, a])[:, class_index], maps)
    return maps, grads
