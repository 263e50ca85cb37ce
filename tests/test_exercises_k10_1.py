"""lecture_utils.exercises.k10_1: Die Prüfungen zu Notebook 10.1, gegen Keras gerechnet."""

import math

import keras
import numpy as np
import pytest
from keras import layers

from lecture_utils import models
from lecture_utils.arithmetic import shapes
from lecture_utils.exercises import MISSING, k10_1, k10_1_resnet

CHECKS = [
    k10_1.check_lenet_c3_shape, k10_1.check_mnist_flatten, k10_1.check_alexnet_input,
    k10_1.check_vgg_block_params, k10_1_resnet.check_projection_shape, k10_1.check_vgg_fc_share,
    k10_1.check_lenet_fc1_params, k10_1.check_lenet5, k10_1.check_relu_choice,
    k10_1.check_alexnet_grouped_conv4, k10_1.check_vgg_3x3_choice,
    k10_1_resnet.check_degradation_choice, k10_1_resnet.check_ws_z, k10_1.check_tanh_gradient,
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


@pytest.mark.parametrize("check, right", [
    (k10_1.check_alexnet_input, "b"), (k10_1.check_relu_choice, "a"),
    (k10_1.check_vgg_3x3_choice, "a"), (k10_1_resnet.check_degradation_choice, "c"),
], ids=lambda value: getattr(value, "__name__", value))
def test_choice_has_one_right_option_and_explains_each_wrong_one(check, right):
    assert check(right) and check(f" {right.upper()} ")
    for option in "abcd".replace(right, ""):
        feedback = check(option)
        assert not feedback and feedback.message.split(": ", 1)[1].startswith("Nein")
    assert "keine der Optionen" in check("e").message


def test_choices_name_the_reason_of_a_wrong_option():
    assert "Epochen" in k10_1.check_relu_choice("d").message
    assert "Batch Normalization" in k10_1_resnet.check_degradation_choice("b").message


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
    assert k10_1_resnet.check_projection_shape((5, 3))
    swapped = k10_1_resnet.check_projection_shape((3, 5))
    assert not swapped and "vertauscht" in swapped.message
    assert not k10_1_resnet.check_projection_shape((5, 5))


def test_lenet_fc1_params_match_keras():
    assert k10_1.lenet_fc1_params() == models.lenet5().get_layer("FC1").count_params() == 48_120
    assert k10_1.check_lenet_fc1_params(48_120)
    no_bias = k10_1.check_lenet_fc1_params(48_000)
    assert not no_bias and "Bias" in no_bias.message
    channels_only = k10_1.check_lenet_fc1_params((16 + 1) * 120)
    assert not channels_only and "400" in channels_only.message
    before_pool = k10_1.check_lenet_fc1_params((10 * 10 * 16 + 1) * 120)
    assert not before_pool and "Pool2" in before_pool.message
    assert "zu klein" in k10_1.check_lenet_fc1_params(1000).message
    keras.backend.clear_session()


def _lenet(activation="tanh", pool=layers.AveragePooling2D, padding="valid", names=True,
           fc2_units=84):
    def name(text):
        return text if names else None

    return keras.Sequential([
        keras.Input((32, 32, 1)),
        layers.Conv2D(6, 5, activation=activation, padding=padding, name=name("Conv1")),
        pool(2, name=name("Pool1")),
        layers.Conv2D(16, 5, activation=activation, name=name("Conv2")),
        pool(2, name=name("Pool2")),
        layers.Flatten(name=name("Flatten")),
        layers.Dense(120, activation=activation, name=name("FC1")),
        layers.Dense(fc2_units, activation=activation, name=name("FC2")),
        layers.Dense(10, activation="softmax", name=name("FC3")),
    ])


def test_lenet5_right_model_passes():
    feedback = k10_1.check_lenet5(_lenet())
    assert feedback and "61.706 Parameter" in feedback.message
    keras.backend.clear_session()


@pytest.mark.parametrize("model_kwargs, expected", [
    ({"activation": "relu"}, "tanh"),
    ({"pool": layers.MaxPooling2D}, "AveragePooling2D"),
    ({"padding": "same"}, "Padding"),
    ({"names": False}, "name='Conv1'"),
    ({"fc2_units": 64}, "Ausgabeform"),
], ids=["relu", "maxpooling", "same-padding", "ohne-namen", "fc2-zu-klein"])
def test_lenet5_wrong_models_name_the_mistake(model_kwargs, expected):
    feedback = k10_1.check_lenet5(_lenet(**model_kwargs))
    assert not feedback and expected in feedback.message
    keras.backend.clear_session()


def test_lenet5_without_input_or_not_a_model():
    assert not k10_1.check_lenet5("LeNet")
    missing_input = k10_1.check_lenet5(keras.Sequential([layers.Dense(3)]))
    assert not missing_input and "keras.Input" in missing_input.message


def test_alexnet_grouped_conv4_matches_keras():
    def conv4(groups):
        return keras.Sequential([keras.Input((13, 13, 384)),
                                 layers.Conv2D(384, 3, padding="same", groups=groups)])

    grouped, full = conv4(2).count_params(), conv4(1).count_params()
    assert k10_1.alexnet_grouped_conv4_params() == grouped == 663_936
    assert k10_1.check_alexnet_grouped_conv4(grouped)
    ungrouped = k10_1.check_alexnet_grouped_conv4(full)
    assert not ungrouped and "ohne Gruppen" in ungrouped.message
    halved_bias = k10_1.check_alexnet_grouped_conv4(full / 2)
    assert not halved_bias and "Bias" in halved_bias.message
    one_gpu = k10_1.check_alexnet_grouped_conv4((3 * 3 * 192 + 1) * 192)
    assert not one_gpu and "eine GPU" in one_gpu.message
    assert "zu groß" in k10_1.check_alexnet_grouped_conv4(10**7).message
    keras.backend.clear_session()


def test_ws_z_by_hand():
    # Von Hand: a⁽ˡ⁺¹⁾ = ReLU((-0,5; 1,5; 1)) = (0; 1,5; 1); W⁽ˡ⁺²⁾a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾
    # = (0,25; 0,25; 1,25; 0,5); W_s·a⁽ˡ⁾ = (1; 2; 0; 0).
    expected = [1.25, 2.25, 1.25, 0.5]
    np.testing.assert_allclose(k10_1_resnet.ws_z(), expected)
    assert k10_1_resnet.check_ws_z(expected) and k10_1_resnet.check_ws_z(np.array(expected))
    no_skip = k10_1_resnet.check_ws_z([0.25, 0.25, 1.25, 0.5])
    assert not no_skip and "Skip Connection fehlt" in no_skip.message
    no_bias = k10_1_resnet.check_ws_z([0.75, 2.25, 1.25, 1.0])
    assert not no_bias and "Bias" in no_bias.message
    no_relu = k10_1_resnet.check_ws_z([0.75, 2.25, 1.0, 1.0])
    assert not no_relu and "negative Werte werden 0" in no_relu.message
    short = k10_1_resnet.check_ws_z([1.25, 2.25])
    assert not short and "4 Neuronen" in short.message
    assert not k10_1_resnet.check_ws_z("abc")
    assert "stimmt noch nicht" in k10_1_resnet.check_ws_z([0, 0, 0, 0]).message


def test_tanh_gradient_by_hand():
    import math

    expected = 1 / math.cosh(3) ** 2  # tanh'(z) = 1/cosh(z)², von Hand: ≈ 0,00987
    assert k10_1.tanh_gradient() == pytest.approx(expected)
    assert k10_1.tanh_gradient(0) == 1.0
    right = k10_1.check_tanh_gradient(0.00987)
    assert right and "0,0099" in right.message and "ReLU" in right.message
    assert k10_1.check_tanh_gradient(expected)
    assert "tanh(3) selbst" in k10_1.check_tanh_gradient(0.995).message
    assert "Quadrat fehlt" in k10_1.check_tanh_gradient(1 - math.tanh(3)).message
    assert "Ableitung von ReLU" in k10_1.check_tanh_gradient(1).message
    assert "1/cosh(z)²" in k10_1.check_tanh_gradient(1 / math.cosh(3)).message
    too_big = k10_1.check_tanh_gradient(0.5)
    assert not too_big and "zu groß" in too_big.message
    assert not k10_1.check_tanh_gradient("drei")
    with pytest.raises(TypeError, match="'3'"):
        k10_1.tanh_gradient("3")
