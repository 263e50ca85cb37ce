"""Aufgaben zu 10.2: richtige und falsche Antworten, deutsche Rückmeldungen."""

import keras
import pytest
from keras import layers

from lecture_utils import shapes
from lecture_utils.exercises import MISSING, k10_2

# --- Parameter des FC-Netzes auf 28×28×3 ---------------------------------------------


def test_dense_example_params_match_keras_and_the_chapter():
    model = keras.Sequential([keras.Input(k10_2.DENSE_INPUT_SHAPE)]
                             + [layers.Dense(units) for units in k10_2.DENSE_UNITS])
    assert k10_2.dense_example_params() == model.count_params() == 5_066


def test_check_dense_params():
    assert k10_2.check_dense_params(5066)
    assert k10_2.check_dense_params(None) is MISSING
    flattened = k10_2.check_dense_params(k10_2.dense_example_params(flatten=True))
    assert not flattened and "letzte Achse" in flattened.message
    no_bias = k10_2.check_dense_params(4928)
    assert not no_bias and "Bias" in no_bias.message
    other = k10_2.check_dense_params(5000)
    assert not other and "zu klein" in other.message and "5.000" in other.message


def test_check_last_axis():
    assert k10_2.check_last_axis("B")
    wrong = k10_2.check_last_axis("a")
    assert not wrong and "Flatten" in wrong.message
    assert "keine der Optionen" in k10_2.check_last_axis("z").message


def test_check_projection_params_matches_keras():
    conv = layers.Conv2D(k10_2.BLOCK_FILTERS, 1)
    conv.build((None, *k10_2.BLOCK_INPUT_SHAPE))
    assert k10_2.check_projection_params(conv.count_params())
    assert conv.count_params() == 2_112
    wrong = k10_2.check_projection_params(2048)
    assert not wrong and "Bias" in wrong.message


# --- Residual Block mit Projektion ---------------------------------------------------


def _main(x, filters, padding="same"):
    x = layers.Conv2D(filters, 3, padding=padding, activation="relu")(x)
    return layers.Conv2D(filters, 3, padding=padding, activation="relu")(x)


def right_swapped(x, filters):
    return layers.Add()([layers.Conv2D(filters, 1)(x), _main(x, filters)])


def right_separate_relu(x, filters):
    main = layers.Conv2D(filters, 3, padding="same")(x)
    main = layers.Activation("relu")(main)
    main = layers.Conv2D(filters, 3, padding="same", activation="relu")(main)
    return layers.add([main, layers.Conv2D(filters, 1, name="projektion")(x)])


def no_projection(x, filters):
    return layers.add([_main(x, filters), x])


def no_add(x, filters):
    return _main(x, filters)


def concatenated(x, filters):
    return layers.concatenate([_main(x, filters), layers.Conv2D(filters, 1)(x)])


def projection_from_wrong_place(x, filters):
    main = _main(x, filters)
    return layers.add([main, layers.Conv2D(filters, 1)(main)])


def shortcut_3x3(x, filters):
    return layers.add([_main(x, filters), layers.Conv2D(filters, 3, padding="same")(x)])


def valid_padding(x, filters):
    return layers.add([_main(x, filters, padding="valid"), layers.Conv2D(filters, 1)(x)])


def ignores_filters(x, filters):
    return layers.add([_main(x, 32), layers.Conv2D(32, 1)(x)])


def broken(x, filters):
    return undefined_name  # noqa: F821 – absichtlicher Fehler wie im Code von Studierenden


def test_reference_block_params_are_computed_with_shapes():
    channels, filters = k10_2.BLOCK_INPUT_SHAPE[-1], k10_2.BLOCK_FILTERS
    expected = (shapes.conv_param_count(3, channels, filters)
                + shapes.conv_param_count(3, filters, filters)
                + shapes.conv_param_count(1, channels, filters))
    assert k10_2.block_model(k10_2.reference_block).count_params() == expected == 57_536


@pytest.mark.parametrize("block", [k10_2.reference_block, right_swapped, right_separate_relu])
def test_right_blocks_pass(block):
    feedback = k10_2.check_residual_block(block)
    assert feedback, feedback.message
    assert "(16, 16, 64)" in feedback.message and "57.536 Parameter" in feedback.message


def test_a_finished_model_is_accepted_too():
    assert k10_2.check_residual_block(k10_2.block_model(right_swapped))


@pytest.mark.parametrize("block, expected", [
    (no_projection, ["incompatible shapes", "Projektion 1×1 auf 64 Kanäle"]),
    (valid_padding, ["Same-Padding"]),
    (no_add, ["Es fehlt die Addition", "Es fehlt die Projektion", "Add fehlt",
              "2.112 zu wenige"]),
    (concatenated, ["Concatenate hängt die Kanäle aneinander",
                    "Ausgabeform: (16, 16, 128) statt (16, 16, 64)"]),
    (projection_from_wrong_place, ["Verbindungen: es fehlt Eingabe → Conv2D 1×1 (64 Filter)"]),
    (shortcut_3x3, ["Es fehlt die Projektion", "Conv2D 3×3 (64 Filter): 3× statt 2×",
                    "16.384 zu viele"]),
    (ignores_filters, ["Ausgabeform: (16, 16, 32) statt (16, 16, 64)", "Parameter:"]),
    (broken, ["Fehler: NameError"]),
])
def test_wrong_blocks_say_what_differs(block, expected):
    feedback = k10_2.check_residual_block(block)
    assert not feedback
    for text in expected:
        assert text in feedback.message, feedback.message


def test_missing_or_odd_answers():
    assert k10_2.check_residual_block(None) is MISSING
    assert k10_2.check_residual_block(lambda x, filters: None) is MISSING
    odd = k10_2.check_residual_block(42)
    assert not odd and "Funktion block(x, filters)" in odd.message
