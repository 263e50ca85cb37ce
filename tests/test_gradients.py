"""lecture_utils.explain.gradients: gegen bekannte Ableitungen und gegen Differenzenquotienten."""

import keras
import numpy as np
import pytest

from lecture_utils.explain import gradients


def test_input_gradients_of_a_known_function():
    x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]], dtype="float32")
    grad = gradients.input_gradients(lambda t: keras.ops.sum(t**2, axis=1), x)
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-6)


def test_input_gradients_through_a_model_match_finite_differences():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="tanh"),
                              keras.layers.Dense(1)])
    x = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    grad = gradients.input_gradients(lambda t: model(t)[:, 0], x)
    eps = 1e-2
    for i in range(4):
        step = np.zeros_like(x)
        step[:, i] = eps
        plus = keras.ops.convert_to_numpy(model(x + step))[:, 0]
        minus = keras.ops.convert_to_numpy(model(x - step))[:, 0]
        np.testing.assert_allclose(grad[:, i], (plus - minus) / (2 * eps), rtol=2e-2, atol=1e-4)


def test_weight_gradients_of_a_linear_model_are_exact():
    # y_pred = x·w (ohne Bias), Loss = mean((y_pred − y)²) → dL/dw = 2/N · xᵀ(x·w − y)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, use_bias=False)])
    w = np.array([[0.5], [-1.0], [2.0]], dtype="float32")
    model.set_weights([w])
    x = np.array([[1.0, 0.0, 1.0], [2.0, 1.0, 0.0]], dtype="float32")
    y = np.array([[1.0], [0.0]], dtype="float32")
    (grad,) = gradients.weight_gradients(model, x, y, keras.losses.MeanSquaredError())
    expected = 2 / len(x) * x.T @ (x @ w - y)
    np.testing.assert_allclose(grad, expected, rtol=1e-5)


def test_weight_gradients_follow_the_order_of_trainable_weights():
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3),
                              keras.layers.Flatten(), keras.layers.Dense(3)])
    x = np.ones((2, 8, 8, 1), dtype="float32")
    grads = gradients.weight_gradients(
        model, x, np.array([0, 2]), keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    assert [g.shape for g in grads] == [tuple(w.shape) for w in model.trainable_weights]
    assert all(np.isfinite(g).all() for g in grads)


def test_unknown_backend_is_a_german_error(monkeypatch):
    monkeypatch.setattr(keras.config, "backend", lambda: "numpy")
    with pytest.raises(ValueError, match="aktiv ist 'numpy'"):
        gradients.input_gradients(lambda t: t, np.zeros(2))


@pytest.mark.parametrize("call, message", [
    (lambda: gradients.input_gradients(0, np.zeros(3)), "fn muss eine Funktion"),
    (lambda: gradients.input_gradients(lambda t: t, "falsch"), "x muss ein Array aus Zahlen"),
    (lambda: gradients.feature_gradients("falsch", np.zeros(3)), "forward muss eine Funktion"),
    (lambda: gradients.weight_gradients(None, np.zeros((2, 3)), [0, 1], abs),
     "model muss ein Keras-Modell"),
    (lambda: gradients.weight_gradients(TINY, np.zeros((2, 3)), [0, 1], 2.5),
     "loss muss eine Funktion"),
    (lambda: gradients.weight_gradients(TINY, np.zeros((2, 3)), 0,
                                        keras.losses.MeanSquaredError()),
     r"y ein Label je Beispiel: x hat die Form \(2, 3\), y die Form \(\)"),
])
def test_bad_input_gives_a_german_error_naming_the_value(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


TINY = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
