"""Aufgaben zu 10.3: erwartete Werte stimmen mit Keras, Rückmeldungen sind hilfreich."""

import keras
import numpy as np
import pytest

from lecture_utils.exercises import k10_3, k10_3_by_hand

CONV = {"Conv1D": keras.layers.Conv1D, "Conv3D": keras.layers.Conv3D}


@pytest.mark.parametrize("task", [k10_3.TASK_1D, k10_3.TASK_3D], ids=lambda t: t.layer)
def test_layer_tasks_agree_with_keras(task):
    layer = CONV[task.layer](task.filters, task.kernel_size, strides=task.strides,
                             padding=task.padding)
    out = layer(np.zeros((1, *task.input_shape), dtype="float32"))
    assert tuple(keras.ops.shape(out)[1:]) == task.output_shape()
    assert layer.count_params() == task.params()
    assert k10_3.check_layer(task, (task.output_shape(), task.params()))


def test_layer_check_names_typical_mistakes():
    task = k10_3.TASK_1D
    no_channels = k10_3.check_layer_1d((task.output_shape(), task.params(with_channels=False)))
    assert not no_channels and "Eingabekanäle" in no_channels.message
    no_bias = k10_3.check_layer_3d((k10_3.TASK_3D.output_shape(),
                                    k10_3.TASK_3D.params(use_bias=False)))
    assert not no_bias and "Bias" in no_bias.message
    same = k10_3.check_layer_1d(((100, 8), task.params()))
    assert not same and "Achse 0" in same.message and "kernel_size − 1" in same.message
    assert "Noch keine Antwort" in str(k10_3.check_layer_3d(None))
    assert "Noch keine Antwort" in str(k10_3.check_layer_3d((None, 5)))
    assert "Tupel" in k10_3.check_layer_1d(("96x8", 88)).message
    assert "ein Paar" in k10_3.check_layer_1d(88).message
    assert "erwartet wird eine Zahl" in k10_3.check_layer_1d(((96, 8), [88])).message


def test_hand_calculation_agrees_with_keras_conv3d():
    layer = keras.layers.Conv3D(1, 2, use_bias=False)
    layer.build((None, 3, 3, 3, 1))
    layer.set_weights([k10_3_by_hand.HAND_KERNEL[..., None, None].astype("float32")])
    x = k10_3_by_hand.HAND_VOLUME[None, ..., None].astype("float32")
    keras_result = keras.ops.convert_to_numpy(layer(x))[0, ..., 0]
    np.testing.assert_allclose(k10_3_by_hand.hand_expected(), keras_result)


def test_hand_calculation_is_checked_element_by_element():
    expected = k10_3_by_hand.hand_expected()
    assert k10_3_by_hand.check_hand_calculation(expected.tolist())
    assert k10_3_by_hand.check_hand_calculation(expected[..., None])  # mit Kanalachse
    wrong = expected.copy()
    wrong[0, 1, 1] += 1
    wrong[1, 0, 0] -= 2
    feedback = k10_3_by_hand.check_hand_calculation(wrong)
    assert not feedback
    assert "2 von 8" in feedback.message
    assert "[0, 1, 1]" in feedback.message and "[1, 0, 0]" in feedback.message
    assert "[0, 0, 0]" not in feedback.message
    assert "z 1–2, y 0–1, x 0–1" in feedback.message


def test_hand_calculation_explains_wrong_shapes_and_types():
    assert "Noch keine Antwort" in str(k10_3_by_hand.check_hand_calculation(None))
    assert "Form (3, 3, 3)" in k10_3_by_hand.check_hand_calculation(np.zeros((3, 3, 3))).message
    assert "aus Zahlen" in k10_3_by_hand.check_hand_calculation([["a", "b"]]).message


# --- 1D-Konvolution von Hand ----------------------------------------------------

def test_signal_by_hand_agrees_with_keras_conv1d():
    layer = keras.layers.Conv1D(1, len(k10_3_by_hand.HAND_KERNEL_1D), use_bias=False)
    layer.build((None, len(k10_3_by_hand.HAND_SIGNAL), 1))
    layer.set_weights([k10_3_by_hand.HAND_KERNEL_1D[:, None, None].astype("float32")])
    x = k10_3_by_hand.HAND_SIGNAL[None, :, None].astype("float32")
    keras_result = keras.ops.convert_to_numpy(layer(x))[0, :, 0]
    np.testing.assert_allclose(k10_3_by_hand.signal_expected(), keras_result)
    # von Hand nachgerechnet: [1·2 + 3·0 + 0·(−1), ...]
    np.testing.assert_allclose(k10_3_by_hand.signal_expected(), [2, 4, -4, 3])


def test_signal_by_hand_right_and_wrong_answers():
    assert k10_3_by_hand.check_signal_by_hand([2, 4, -4, 3])
    assert k10_3_by_hand.check_signal_by_hand(np.array([[2], [4], [-4], [3]]))  # mit Kanalachse
    assert "Noch keine Antwort" in str(k10_3_by_hand.check_signal_by_hand(None))
    one_wrong = k10_3_by_hand.check_signal_by_hand([2, 4, -4, 0])
    assert not one_wrong and "1 von 4 Werten stimmt nicht" in one_wrong.message
    assert "[3]" in one_wrong.message and "Samples 3 bis 5" in one_wrong.message
    assert "[0]" not in one_wrong.message
    two_wrong = k10_3_by_hand.check_signal_by_hand([0, 4, -4, 0])
    assert not two_wrong and "2 von 4 Werten stimmen nicht" in two_wrong.message


def test_signal_by_hand_names_typical_mistakes():
    flipped = k10_3_by_hand.check_signal_by_hand([-1, 1, 8, 0])  # Filter gespiegelt: [-1, 0, 2]
    assert not flipped and "gespiegelt" in flipped.message
    same_length = k10_3_by_hand.check_signal_by_hand([2, 4, -4, 3, 1, 2])
    assert not same_length and "padding=\"same\"" in same_length.message
    too_short = k10_3_by_hand.check_signal_by_hand([2, 4, -4])
    assert not too_short and "3 Werte" in too_short.message and "= 4" in too_short.message
    assert "aus Zahlen" in k10_3_by_hand.check_signal_by_hand(["a", "b"]).message
    assert "einfache Liste" in k10_3_by_hand.check_signal_by_hand([[1, 2], [3, 4]]).message


def test_hand_calculation_single_wrong_element_uses_singular():
    wrong = k10_3_by_hand.hand_expected().copy()
    wrong[1, 1, 1] += 3
    feedback = k10_3_by_hand.check_hand_calculation(wrong)
    assert not feedback and "1 von 8 Elementen stimmt nicht" in feedback.message


# --- Schreibaufgaben: eine Konv-Schicht mit verlangter Ausgabe ---------------------

@pytest.mark.parametrize("goal, check", [(k10_3.GOAL_1D, k10_3.check_conv1d_layer),
                                         (k10_3.GOAL_3D, k10_3.check_conv3d_layer)],
                         ids=["Conv1D", "Conv3D"])
def test_goal_agrees_with_keras_and_accepts_right_layer(goal, check):
    layer = CONV[goal.layer](goal.filters, goal.kernel_size)
    out = layer(np.zeros((1, *goal.input_shape), dtype="float32"))
    assert tuple(keras.ops.shape(out)[1:]) == goal.output_shape()
    assert layer.count_params() == goal.params()
    assert check(layer)
    assert check(CONV[goal.layer](goal.filters, goal.kernel_size, activation="relu"))
    # eine schon auf eine andere Eingabe gebaute Schicht wird geprüft, aber nicht verändert
    other = CONV[goal.layer](goal.filters, goal.kernel_size)
    other.build((None,) + (goal.kernel_size + 3,) * goal.rank + (5,))
    assert check(other)
    assert tuple(other.kernel.shape) == (goal.kernel_size,) * goal.rank + (5, goal.filters)
    # Kernel als Tupel ist ebenso richtig
    assert check(CONV[goal.layer](goal.filters, (goal.kernel_size,) * goal.rank))


def test_goal_1d_is_the_first_layer_of_the_signal_net():
    from lecture_utils.data import synthetic

    assert k10_3.GOAL_1D.input_shape == (synthetic.SIGNAL_LENGTH, 1)


def test_goal_values_are_the_published_ones():
    # von Hand: 128 − 15 + 1 = 114, (15·1 + 1)·8 = 128; 20 − 5 + 1 = 16, (125·2 + 1)·4 = 1004
    assert k10_3.GOAL_1D.output_shape() == (114, 8) and k10_3.GOAL_1D.params() == 128
    assert k10_3.GOAL_3D.output_shape() == (16, 16, 16, 4) and k10_3.GOAL_3D.params() == 1004
    assert "Ausgabe (114, 8)" in k10_3.GOAL_1D.describe_goal()
    assert "kernel_size" not in k10_3.GOAL_1D.describe_goal()


def test_written_layer_names_the_first_mistake():
    conv3d = keras.layers.Conv3D
    assert "Noch keine Antwort" in str(k10_3.check_conv3d_layer(None))
    not_layer = k10_3.check_conv3d_layer("Conv3D(4, 5)")
    assert not not_layer and "Keras-Schicht" in not_layer.message
    wrong_rank = k10_3.check_conv3d_layer(keras.layers.Conv2D(4, 5))
    assert not wrong_rank and "Conv2D" in wrong_rank.message and "Conv3D" in wrong_rank.message
    assert "drei räumliche Achsen" in wrong_rank.message
    dense = k10_3.check_conv1d_layer(keras.layers.Dense(8))
    assert not dense and "Dense" in dense.message
    filters = k10_3.check_conv3d_layer(conv3d(5, 5))
    assert not filters and "Zahl der Filter" in filters.message
    assert "räumlichen Achsen" not in filters.message
    kernel = k10_3.check_conv3d_layer(conv3d(4, 3))
    assert not kernel and "(18, 18, 18)" in kernel.message and "kernel_size" in kernel.message
    same = k10_3.check_conv1d_layer(keras.layers.Conv1D(8, 15, padding="same"))
    assert not same and "(128,)" in same.message
    no_bias = k10_3.check_conv3d_layer(conv3d(4, 5, use_bias=False))
    assert not no_bias and "Bias" in no_bias.message and "1.000" in no_bias.message
    too_big = k10_3.check_conv1d_layer(keras.layers.Conv1D(8, 200))
    assert not too_big and "passt nicht" in too_big.message


# --- Auswahlfrage 3D gegen 2D -------------------------------------------------------

def test_3d_vs_2d_facts_agree_with_keras():
    facts = k10_3.same_numbers_facts()
    layer_3d = keras.layers.Conv3D(1, k10_3.SAME_NUMBERS_KERNEL)
    out_3d = layer_3d(np.zeros((1, *k10_3.SAME_NUMBERS_3D), dtype="float32"))
    layer_2d = keras.layers.Conv2D(1, k10_3.SAME_NUMBERS_KERNEL)
    out_2d = layer_2d(np.zeros((1, *k10_3.SAME_NUMBERS_2D), dtype="float32"))
    assert tuple(keras.ops.shape(out_3d)[1:]) == facts["out_3d"] == (2, 2, 2, 1)
    assert tuple(keras.ops.shape(out_2d)[1:]) == facts["out_2d"] == (2, 2, 1)
    assert layer_3d.count_params() == facts["params_3d"] == 9
    assert layer_2d.count_params() == facts["params_2d"] == 13


def test_3d_vs_2d_choice_explains_every_option():
    right = k10_3.check_3d_vs_2d("b")
    assert right and "Tiefenscheiben" in right.message
    assert k10_3.check_3d_vs_2d(" B ")
    for option in "acd":
        feedback = k10_3.check_3d_vs_2d(option)
        assert not feedback and feedback.message.split(": ", 1)[1].startswith("Nein")
    assert "13 Parameter" in k10_3.check_3d_vs_2d("c").message
    assert "geteilte" in k10_3.check_3d_vs_2d("d").message
    assert "keine der Optionen" in k10_3.check_3d_vs_2d("e").message
    assert "Noch keine Antwort" in str(k10_3.check_3d_vs_2d(None))


# --- Schreibaufgabe: das Signalnetz -------------------------------------------------

def _signal_net(conv2_filters=16, pool="max", dense_activation="softmax", with_conv3=True):
    layers = keras.layers
    inputs = keras.Input(shape=(128, 1), name="Signal")
    x = layers.Conv1D(8, 15, activation="relu", name="Conv1")(inputs)
    x = layers.MaxPooling1D(2, name="Pool1")(x)
    x = layers.Conv1D(conv2_filters, 5, activation="relu", name="Conv2")(x)
    pooling = layers.MaxPooling1D if pool == "max" else layers.AveragePooling1D
    x = pooling(2, name="Pool2")(x)
    if with_conv3:
        x = layers.Conv1D(16, 5, activation="relu", name="Conv3")(x)
    x = layers.GlobalAveragePooling1D(name="GAP")(x)
    outputs = layers.Dense(4, activation=dense_activation, name="Klasse")(x)
    return keras.Model(inputs, outputs)


def test_signal_net_reference_has_the_hand_computed_parameters():
    reference = k10_3.signal_net_reference()
    # (15·1+1)·8 + (5·8+1)·16 + (5·16+1)·16 + (16+1)·4 = 128 + 656 + 1296 + 68
    assert reference.count_params() == 2148
    assert reference.get_layer("Conv1").count_params() == k10_3.GOAL_1D.params()
    assert tuple(reference.output.shape[1:]) == (4,)


def test_signal_net_check_accepts_right_and_names_wrong_models():
    assert k10_3.check_signal_net(_signal_net())
    sequential = keras.Sequential([
        keras.Input(shape=(128, 1)),
        keras.layers.Conv1D(8, 15, activation="relu", name="Conv1"),
        keras.layers.MaxPooling1D(2, name="Pool1"),
        keras.layers.Conv1D(16, 5, activation="relu", name="Conv2"),
        keras.layers.MaxPooling1D(2, name="Pool2"),
        keras.layers.Conv1D(16, 5, activation="relu", name="Conv3"),
        keras.layers.GlobalAveragePooling1D(name="GAP"),
        keras.layers.Dense(4, activation="softmax", name="Klasse"),
    ])
    assert k10_3.check_signal_net(sequential)
    assert "Noch keine Antwort" in str(k10_3.check_signal_net(None))
    filters = k10_3.check_signal_net(_signal_net(conv2_filters=8))
    assert not filters and "Conv2" in filters.message
    pool = k10_3.check_signal_net(_signal_net(pool="avg"))
    assert not pool and "AveragePooling1D" in pool.message and "MaxPooling1D" in pool.message
    activation = k10_3.check_signal_net(_signal_net(dense_activation="relu"))
    assert not activation and "Aktivierung" in activation.message
    missing = k10_3.check_signal_net(_signal_net(with_conv3=False))
    assert not missing and "Conv3" in missing.message
