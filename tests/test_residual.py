"""lecture_utils.arithmetic.residual: die Residual-Formel mit kleinen Zahlen, gegen Keras."""

import keras
import numpy as np
import pytest

from lecture_utils.arithmetic import residual


def by_hand(a_l, W1, b1, W2, b2, W_s=None):
    """Die Formel aus dem Kapitel, direkt hingeschrieben."""
    a1 = np.maximum(0, W1 @ a_l + b1)
    skip = a_l if W_s is None else W_s @ a_l
    return np.maximum(0, W2 @ a1 + b2 + skip)


def test_example_from_the_notebook():
    step = residual.residual_block(**residual.EXAMPLE)
    assert np.allclose(step.z_l1, [-0.5, 1.5, 1.0])
    assert np.allclose(step.a_l1, [0.0, 1.5, 1.0])
    assert np.allclose(step.z_plain, [0.25, 0.25])
    assert np.allclose(step.z_l2, [1.25, 2.25])
    assert np.allclose(step.a_l2, by_hand(**residual.EXAMPLE))
    assert step.W_s is None and np.array_equal(step.shortcut, residual.EXAMPLE["a_l"])


def test_lengths_must_match_without_projection():
    with pytest.raises(ValueError, match=r"Länge 2.*Länge 4.*gleich lang.*Form \(4, 2\)"):
        residual.residual_block(**residual.EXAMPLE_4)


def test_chapter_projection_matrix_pads_with_zeros():
    W_s = residual.projection_matrix(4, 2)
    assert np.array_equal(W_s, [[1, 0], [0, 1], [0, 0], [0, 0]])
    step = residual.residual_block(**residual.EXAMPLE_4, W_s=W_s)
    assert np.allclose(step.shortcut, [1, 2, 0, 0])
    assert np.allclose(step.a_l2, by_hand(**residual.EXAMPLE_4, W_s=W_s))
    assert np.allclose(step.z_l2, [1.25, 2.25, 1.25, 0.5])


def test_wrong_shapes_name_the_expected_shape():
    with pytest.raises(ValueError, match=r"W_s muss die Form \(4, 2\).*erhalten: \(2, 4\)"):
        residual.residual_block(**residual.EXAMPLE_4, W_s=np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"W⁽ˡ⁺¹⁾ muss die Form \(3, 2\)"):
        residual.residual_block(**{**residual.EXAMPLE, "W1": np.zeros((2, 3))})
    with pytest.raises(ValueError, match="Vektor"):
        residual.residual_block(**{**residual.EXAMPLE, "a_l": np.zeros((2, 1))})
    with pytest.raises(ValueError, match="kind muss 'pad' oder 'sum'"):
        residual.projection_matrix(2, 2, kind="zufall")
    with pytest.raises(ValueError, match="n_out muss eine ganze Zahl ab 1"):
        residual.projection_matrix(0, 2)


def test_sum_projection_adds_values_up():
    W_s = residual.projection_matrix(2, 5, kind="sum")
    assert np.allclose(W_s @ np.arange(1.0, 6.0), [1 + 3 + 5, 2 + 4])


def test_zero_weights_make_the_block_an_identity_but_not_the_plain_block():
    ex = residual.EXAMPLE
    zeros = (np.zeros_like(ex["W2"]), np.zeros_like(ex["b2"]))
    step = residual.residual_block(ex["a_l"], ex["W1"], ex["b1"], *zeros)
    assert np.allclose(step.a_l2, ex["a_l"])
    assert np.allclose(residual.plain_block(ex["a_l"], ex["W1"], ex["b1"], *zeros), 0)
    full = residual.residual_block(**ex)
    assert np.allclose(residual.plain_block(**ex), np.maximum(0, full.z_plain))


def test_explanation_shows_the_numbers_in_german():
    text = residual.residual_block(**residual.EXAMPLE_4,
                                   W_s=residual.projection_matrix(4, 2)).explain()
    assert "(1,25; 2,25; 1,25; 0,5)ᵀ" in text
    assert "W_s hat die Form 4×2" in text
    assert "-0," not in text.replace("(-0,5", "")  # kein „-0“ außer echten negativen Zahlen


def test_agrees_with_a_keras_residual_block():
    ex = residual.EXAMPLE_4
    W_s = residual.projection_matrix(4, 2)
    inputs = keras.Input((2,))
    hidden = keras.layers.Dense(3, activation="relu", name="l1")(inputs)
    main = keras.layers.Dense(4, name="l2")(hidden)
    shortcut = keras.layers.Dense(4, use_bias=False, name="ws")(inputs)
    outputs = keras.layers.Activation("relu")(keras.layers.Add()([main, shortcut]))
    model = keras.Model(inputs, outputs)
    model.get_layer("l1").set_weights([ex["W1"].T, ex["b1"]])  # Keras: Kernel = Wᵀ
    model.get_layer("l2").set_weights([ex["W2"].T, ex["b2"]])
    model.get_layer("ws").set_weights([W_s.T])
    expected = residual.residual_block(**ex, W_s=W_s).a_l2
    got = keras.ops.convert_to_numpy(model(ex["a_l"][None].astype("float32")))[0]
    assert np.allclose(got, expected, atol=1e-6)


@pytest.mark.parametrize("change, message", [
    ({"a_l": "falsch"}, "a⁽ˡ⁾ muss ein Array aus Zahlen"),
    ({"W1": [[1, "x"]]}, "W⁽ˡ⁺¹⁾ muss ein Array aus Zahlen"),
    ({"b2": 2.5}, r"b⁽ˡ⁺²⁾ muss ein Vektor \(1D\) sein, erhalten: Form \(\)"),
    ({"activation": 0}, "activation muss eine Funktion"),
])
def test_bad_input_to_the_blocks_gives_a_german_error(change, message):
    for block in (residual.residual_block, residual.plain_block):
        with pytest.raises((ValueError, TypeError), match=message):
            block(**{**residual.EXAMPLE, **change})


@pytest.mark.parametrize("args, message", [
    ((True, 2), "n_out muss eine ganze Zahl"),
    ((4, 2.5), "n_in muss eine ganze Zahl"),
    ((4, -1), "n_in muss eine ganze Zahl ab 1"),
    ((4, 2, np.zeros(2)), "kind muss 'pad' oder 'sum'"),
])
def test_projection_matrix_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        residual.projection_matrix(*args)
