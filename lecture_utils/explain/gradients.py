"""Gradienten für Abbildungen und Messungen, für jedes Backend genau einmal.

Keras 3 rechnet mit TensorFlow, JAX oder PyTorch; Gradienten holt man sich bei
jedem Backend anders (GradientTape, ``jax.grad``, ``backward()``). Hier steht das
für jedes Backend genau einmal, alle anderen Module rufen für Gradienten nur diese
Funktionen. Backend-spezifisch sind außerdem die GPU-Abfrage in ``device`` und die
Aufteilung auf mehrere Geräte in ``distributed``.
"""

from __future__ import annotations

import keras
import numpy as np

from lecture_utils.core import checks

BACKENDS = ("tensorflow", "jax", "torch")


def _backend() -> str:
    name = keras.config.backend()
    if name not in BACKENDS:
        raise ValueError(
            f"Gradienten gibt es hier nur für die Backends {', '.join(BACKENDS)}, "
            f"aktiv ist {name!r}."
        )
    return name


def input_gradients(fn, x) -> np.ndarray:
    """Gradient von ``sum(fn(x))`` nach der Eingabe ``x`` (gleiche Form wie ``x``).

    Weil die Beispiele eines Batches unabhängig sind, ist das für jedes Beispiel
    der Gradient seines eigenen Werts, z. B. des Scores einer Klasse.
    """
    _check_callable(fn, "fn")
    x = checks.float_array(x, "x", dtype="float32")
    return {"tensorflow": _tf_input, "jax": _jax_input, "torch": _torch_input}[_backend()](fn, x)


def feature_gradients(forward, x) -> tuple[np.ndarray, np.ndarray]:
    """Ein Zwischenergebnis und der Gradient danach, in einem Vorwärtsschritt.

    ``forward(x)`` gibt ``(A, y)`` zurück: ein Zwischenergebnis ``A`` (z. B. die
    Feature Maps einer Konv-Schicht) und je Beispiel einen Wert ``y`` (z. B. den
    Score einer Klasse). Ergebnis: ``(A, ∂ sum(y) / ∂A)`` als NumPy-Arrays. So
    braucht man das Netz nicht an der Schicht zu zerschneiden; das geht auch bei
    Netzen mit Skip Connections. Unter JAX gibt es keinen Gradienten nach einem
    Zwischenergebnis (``ValueError``).
    """
    _check_callable(forward, "forward")
    x = checks.float_array(x, "x", dtype="float32")
    backend = _backend()
    if backend == "jax":
        raise ValueError("Unter dem Backend 'jax' gibt es keinen Gradienten nach einem "
                         "Zwischenergebnis; nehmen Sie input_gradients mit einem geteilten Netz.")
    return {"tensorflow": _tf_feature, "torch": _torch_feature}[backend](forward, x)


def weight_gradients(model, x, y, loss) -> list[np.ndarray]:
    """Gradienten des Loss nach allen trainierbaren Gewichten von ``model``.

    Reihenfolge wie ``model.trainable_weights``; gerechnet im Inferenz-Modus
    (Dropout aus), damit das Ergebnis reproduzierbar ist. ``loss`` ist eine
    Keras-Loss-Funktion oder ein Loss-Objekt, z. B.
    ``keras.losses.SparseCategoricalCrossentropy(from_logits=True)``.
    """
    if not isinstance(model, keras.Model):
        raise TypeError(f"model muss ein Keras-Modell sein, erhalten: {type(model).__name__}.")
    _check_callable(loss, "loss")
    x = checks.float_array(x, "x", dtype="float32")
    if x.ndim < 2 or len(np.atleast_1d(y)) != len(x):
        raise ValueError(f"x braucht eine Batch-Achse und y ein Label je Beispiel: "
                         f"x hat die Form {x.shape}, y die Form {np.shape(y)}.")
    grads = {"tensorflow": _tf_weights, "jax": _jax_weights, "torch": _torch_weights}[
        _backend()
    ](model, x, y, loss)
    return [np.asarray(keras.ops.convert_to_numpy(g)) for g in grads]


def _check_callable(fn, name: str) -> None:
    if not callable(fn):
        raise TypeError(f"{name} muss eine Funktion oder ein Modell sein, erhalten: {fn!r}.")


# --- TensorFlow ---------------------------------------------------------------


def _tf_input(fn, x):
    import tensorflow as tf

    t = tf.convert_to_tensor(x)
    with tf.GradientTape() as tape:
        tape.watch(t)
        total = tf.reduce_sum(fn(t))
    return tape.gradient(total, t).numpy()


def _tf_feature(forward, x):
    import tensorflow as tf

    with tf.GradientTape() as tape:
        features, values = forward(tf.convert_to_tensor(x))
        total = tf.reduce_sum(values)
    return features.numpy(), tape.gradient(total, features).numpy()


def _tf_weights(model, x, y, loss):
    import tensorflow as tf

    with tf.GradientTape() as tape:
        value = loss(y, model(x, training=False))
    return tape.gradient(value, model.trainable_weights)


# --- JAX ----------------------------------------------------------------------


def _jax_input(fn, x):
    import jax
    import jax.numpy as jnp

    return np.asarray(jax.grad(lambda t: jnp.sum(fn(t)))(jnp.asarray(x)))


def _jax_weights(model, x, y, loss):
    import jax

    trainable = [v.value for v in model.trainable_variables]
    non_trainable = [v.value for v in model.non_trainable_variables]

    def loss_of(weights):
        y_pred, _ = model.stateless_call(weights, non_trainable, x, training=False)
        return loss(y, y_pred)

    return jax.grad(loss_of)(trainable)


# --- PyTorch ------------------------------------------------------------------


def _torch_input(fn, x):
    import torch

    t = keras.ops.convert_to_tensor(x).detach().requires_grad_(True)
    torch.sum(fn(t)).backward()
    return t.grad.detach().cpu().numpy()


def _torch_feature(forward, x):
    import torch

    features, values = forward(keras.ops.convert_to_tensor(x))
    features.retain_grad()
    torch.sum(values).backward()
    return features.detach().cpu().numpy(), features.grad.detach().cpu().numpy()


def _torch_weights(model, x, y, loss):
    for v in model.trainable_variables:
        v.value.grad = None
    loss(y, model(x, training=False)).backward()
    return [v.value.grad for v in model.trainable_variables]
