"""lecture_utils.exercises.k10_1: Die Prüfungen zu Notebook 10.1, gegen Keras gerechnet."""

import math

import keras
import pytest

from lecture_utils import models, shapes
from lecture_utils.exercises import MISSING, k10_1

CHECKS = [
    k10_1.check_lenet_c3_shape, k10_1.check_mnist_flatten, k10_1.check_alexnet_input,
    k10_1.check_vgg_block_params, k10_1.check_projection_shape, k10_1.check_vgg_fc_share,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_empty_answer_is_a_hint(check):
    assert check(None) is MISSING


def test_lenet_c3_shape_matches_keras():
    expected = shapes.layer_table(models.lenet5()).row("Conv2").output_shape
    assert k10_1.lenet_c3_shape() == expected == (10, 10, 16)
    assert k10_1.check_lenet_c3_shape((10, 10, 16))
    assert k10_1.check_lenet_c3_shape([10, 10, 16])
    wrong = k10_1.check_lenet_c3_shape((10, 10, 6))
    assert not wrong and "Achse 2" in wrong.message and "Filter" in wrong.message
    same = k10_1.check_lenet_c3_shape((14, 14, 16))
    assert not same and "Padding" in same.message


def test_mnist_flatten_matches_keras():
    flatten = shapes.layer_table(models.mnist_cnn()).row("Flatten").output_shape
    assert (k10_1.mnist_flatten_length(),) == flatten == (144,)
    assert k10_1.check_mnist_flatten(144)
    wrong = k10_1.check_mnist_flatten(7 * 7 * 16)
    assert not wrong and "zu groß" in wrong.message and "7 → 3" in wrong.message


def test_alexnet_input_choice():
    assert k10_1.check_alexnet_input("b") and k10_1.check_alexnet_input(" B ")
    for option in "acd":
        feedback = k10_1.check_alexnet_input(option)
        assert not feedback and feedback.message.split(": ", 1)[1].startswith("Nein")
    assert "keine der Optionen" in k10_1.check_alexnet_input("e").message


def test_vgg_block_params_match_keras():
    # Die Parameter eines Blocks hängen nicht von der Bildgröße ab: kleines VGG reicht.
    table = shapes.layer_table(models.vgg16(input_shape=(32, 32, 3), num_classes=10,
                                            fc_units=8))
    for block in range(1, 6):
        keras_params = sum(r.params for r in table.rows if r.name.startswith(f"block{block}_"))
        assert k10_1.vgg_block_params(block) == keras_params, block
    assert k10_1.vgg_block_params(2) == 221_440
    assert k10_1.check_vgg_block_params(221_440)
    wrong = k10_1.check_vgg_block_params(2 * (3 * 3 * 128 + 1) * 128)
    assert not wrong and "64 Kanäle" in wrong.message
    no_bias = k10_1.check_vgg_block_params(3 * 3 * 64 * 128 + 3 * 3 * 128 * 128)
    assert not no_bias and "zu klein" in no_bias.message
    with pytest.raises(ValueError, match="Blöcke 1 bis 5"):
        k10_1.vgg_block_params(6)
    keras.backend.clear_session()


def test_vgg_fc_share():
    conv = sum(k10_1.vgg_block_params(b) for b in range(1, 6))
    fc = 138_357_544 - conv  # Gesamtzahl laut Paper und keras.applications
    assert k10_1.vgg_fc_share() == pytest.approx(100 * fc / 138_357_544)
    assert math.floor(k10_1.vgg_fc_share()) == 89
    assert k10_1.check_vgg_fc_share(89.4) and k10_1.check_vgg_fc_share(89)
    assert not k10_1.check_vgg_fc_share(80)
    fraction = k10_1.check_vgg_fc_share(0.894)
    assert not fraction and "in Prozent" in fraction.message


def test_projection_shape():
    assert k10_1.check_projection_shape((5, 3))
    swapped = k10_1.check_projection_shape((3, 5))
    assert not swapped and "vertauscht" in swapped.message
    assert not k10_1.check_projection_shape((5, 5))
