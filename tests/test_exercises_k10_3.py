"""Aufgaben zu 10.3: erwartete Werte stimmen mit Keras, Rückmeldungen sind hilfreich."""

import keras
import numpy as np
import pytest

from lecture_utils.exercises import k10_3

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
    layer.set_weights([k10_3.HAND_KERNEL[..., None, None].astype("float32")])
    x = k10_3.HAND_VOLUME[None, ..., None].astype("float32")
    keras_result = keras.ops.convert_to_numpy(layer(x))[0, ..., 0]
    np.testing.assert_allclose(k10_3.hand_expected(), keras_result)


def test_hand_calculation_is_checked_element_by_element():
    expected = k10_3.hand_expected()
    assert k10_3.check_hand_calculation(expected.tolist())
    assert k10_3.check_hand_calculation(expected[..., None])  # mit Kanalachse
    wrong = expected.copy()
    wrong[0, 1, 1] += 1
    wrong[1, 0, 0] -= 2
    feedback = k10_3.check_hand_calculation(wrong)
    assert not feedback
    assert "2 von 8" in feedback.message
    assert "[0, 1, 1]" in feedback.message and "[1, 0, 0]" in feedback.message
    assert "[0, 0, 0]" not in feedback.message
    assert "z 1–2, y 0–1, x 0–1" in feedback.message


def test_hand_calculation_explains_wrong_shapes_and_types():
    assert "Noch keine Antwort" in str(k10_3.check_hand_calculation(None))
    assert "Form (3, 3, 3)" in k10_3.check_hand_calculation(np.zeros((3, 3, 3))).message
    assert "aus Zahlen" in k10_3.check_hand_calculation([["a", "b"]]).message
