"""lecture_utils.exercises.k00: Die Prüfungen des Start-Notebooks, gegen Keras gerechnet."""

import keras
import pytest

from lecture_utils import models
from lecture_utils.arithmetic import shapes
from lecture_utils.exercises import MISSING, k00

CHECKS = [k00.check_conv1_params, k00.check_pool1_shape, k00.check_dropout]


@pytest.fixture(scope="module")
def reference():
    return models.mnist_cnn()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_empty_answer_is_a_hint(check):
    assert check(None) is MISSING


def test_conv1_params_match_keras(reference):
    assert k00.conv1_params() == reference.get_layer("Conv1").count_params() == 320
    assert k00.check_conv1_params(320)
    assert k00.check_conv1_params(320.0)


@pytest.mark.parametrize("answer, words", [
    (288, "Bias"),                  # Bias vergessen
    (10, "einziger Filter"),        # nur ein Filter
    (9, "eines einzigen Filters"),  # ein Filter ohne Bias
    (9248, "Conv2"),                # 32 Eingabekanäle angenommen
    (25088, "Bildgröße"),           # Ausgabewerte statt Parameter
])
def test_conv1_params_names_the_typical_mistake(answer, words):
    feedback = k00.check_conv1_params(answer)
    assert not feedback and words in feedback.message


def test_conv1_params_other_wrong_answers():
    assert "zu groß" in k00.check_conv1_params(400).message
    assert "zu klein" in k00.check_conv1_params(100).message
    assert "Zahl" in k00.check_conv1_params("viele").message
    assert not k00.check_conv1_params(True)


def test_pool1_shape_matches_keras(reference):
    keras_shape = tuple(reference.get_layer("Pool1").output.shape[1:])
    assert k00.pool1_shape() == keras_shape == (14, 14, 32)
    assert k00.check_pool1_shape((14, 14, 32))
    assert k00.check_pool1_shape([14, 14, 32])


@pytest.mark.parametrize("answer, words", [
    ((28, 28, 32), "halbiert"),         # Pooling vergessen
    ((13, 13, 32), "padding='same'"),   # ohne Padding gerechnet
    ((14, 14, 1), "Kanäle"),            # Kanäle des Eingangsbilds
    ((32, 14, 14), "ans Ende"),         # Kanäle vorn
    ((32, 14, 14, 32), "Batch-Achse"),      # Batch-Achse mitgezählt
])
def test_pool1_shape_names_the_typical_mistake(answer, words):
    feedback = k00.check_pool1_shape(answer)
    assert not feedback and words in feedback.message


def test_pool1_shape_other_wrong_answers():
    feedback = k00.check_pool1_shape((14, 14, 16))
    assert not feedback and "Achse 2" in feedback.message
    assert "Tupel" in k00.check_pool1_shape(14).message


def test_pool1_shape_agrees_with_keras_without_padding():
    """Der Hinweis zu (13, 13, 32) stimmt: So groß wäre die Ausgabe ohne Padding."""
    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(32, 3),
                              keras.layers.MaxPooling2D(2)])
    assert tuple(model.output_shape[1:]) == (13, 13, 32)


def test_dropout_choice():
    assert k00.check_dropout("b") and k00.check_dropout(" B ")
    for option in "acd":
        feedback = k00.check_dropout(option)
        assert not feedback and feedback.message.split(": ", 1)[1].startswith("Nein")
    assert "keine der Optionen" in k00.check_dropout("e").message


def test_dropout_claims_hold_in_keras():
    """Was die Rückmeldung zu 'b' und 'd' sagt, tut Keras: im Training ein Teil auf 0,
    der Rest ·1/(1−rate); beim Testen alles unverändert; keine Parameter."""
    layer = keras.layers.Dropout(0.4, seed=1)
    x = keras.ops.ones((1, 10_000))
    train = keras.ops.convert_to_numpy(layer(x, training=True))
    test = keras.ops.convert_to_numpy(layer(x, training=False))
    zeros = (train == 0).mean()
    assert 0.37 < zeros < 0.43
    assert abs(train[train > 0].max() - 1 / 0.6) < 1e-5
    assert (test == 1).all()
    assert shapes.layer_table(models.mnist_cnn()).row("Dropout1").params == 0
