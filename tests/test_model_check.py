"""Der Vergleich eines selbst gebauten Modells mit der Vorlage: richtige und falsche Modelle."""

import keras
import pytest
from keras import layers

from lecture_utils import models
from lecture_utils.exercises import model_check


def lenet(activation="tanh", pool=layers.AveragePooling2D, fc1=120, names=True, extra=False,
          conv2_kernel=5, input_shape=(32, 32, 1)):
    n = (lambda s: s) if names else (lambda s: None)
    stack = [
        keras.Input(shape=input_shape),
        layers.Conv2D(6, 5, activation=activation, name=n("Conv1")),
        pool(2, name=n("Pool1")),
        layers.Conv2D(16, conv2_kernel, activation=activation, name=n("Conv2")),
        pool(2, name=n("Pool2")),
        layers.Flatten(name=n("Flatten")),
        layers.Dense(fc1, activation=activation, name=n("FC1")),
        layers.Dense(84, activation=activation, name=n("FC2")),
        layers.Dense(10, activation="softmax", name=n("FC3")),
    ]
    if extra:
        stack.insert(-1, layers.Dropout(0.5, name="Drop"))
    return keras.Sequential(stack)


def test_a_sequential_lenet_matches_the_functional_reference():
    feedback = model_check.check_model(lenet(), models.lenet5())
    assert feedback.correct, feedback.message
    assert "61.706 Parameter" in feedback.message and "8 Schichten" in feedback.message


@pytest.mark.parametrize("wrong, expected", [
    (dict(activation="relu"), "Schicht 1 ('Conv1'): Aktivierung ist 'relu', erwartet ist 'tanh'"),
    (dict(pool=layers.MaxPooling2D), "Schicht 2 ('Pool1'): Sie haben eine MaxPooling2D"),
    (dict(fc1=100), "Schicht 6 ('FC1'): Ausgabeform (100), erwartet ist (120)"),
    (dict(conv2_kernel=3), "Schicht 3 ('Conv2'): Kernelgröße ist (3, 3), erwartet ist (5, 5)"),
    (dict(extra=True), "Schicht 8 ('FC3'): Sie haben eine Dropout-Schicht ('Drop')"),
])
def test_the_first_difference_is_named(wrong, expected):
    feedback = model_check.check_model(lenet(**wrong), models.lenet5())
    assert not feedback.correct
    assert expected in feedback.message, feedback.message


def test_names_from_the_lecture_are_asked_for_unless_switched_off():
    unnamed = lenet(names=False)
    feedback = model_check.check_model(unnamed, models.lenet5())
    assert not feedback.correct and "name='Conv1'" in feedback.message
    assert model_check.check_model(unnamed, models.lenet5(), compare_names=False).correct


def test_missing_layers_and_wrong_input_are_reported():
    short = keras.Sequential(lenet().layers[:-1])
    short.build((None, 32, 32, 1))
    assert "fehlen Schichten" in model_check.check_model(short, models.lenet5()).message
    message = model_check.check_model(lenet(input_shape=(36, 36, 1)), models.lenet5()).message
    assert "Eingabe (36, 36, 1), erwartet ist (32, 32, 1)" in message


def test_regularisation_and_dropout_rate_are_compared():
    def net(l2, rate):
        inputs = keras.Input((8, 8, 1))
        x = layers.Flatten(name="f")(inputs)
        x = layers.Dense(4, kernel_regularizer=keras.regularizers.L2(l2), name="d")(x)
        x = layers.Dropout(rate, name="drop")(x)
        return keras.Model(inputs, x)

    assert model_check.check_model(net(0.007, 0.4), net(0.007, 0.4)).correct
    assert "Regularisierung" in model_check.check_model(net(0.01, 0.4), net(0.007, 0.4)).message
    assert "Dropout-Rate ist 0.5" in model_check.check_model(net(0.007, 0.5),
                                                              net(0.007, 0.4)).message


def residual(shortcut_from="a"):
    inputs = keras.Input((8, 8, 4), name="image")
    a = layers.Conv2D(4, 3, padding="same", name="a")(inputs)
    b = layers.Conv2D(4, 3, padding="same", name="b")(a)
    c = layers.Conv2D(4, 3, padding="same", name="c")(b)
    skip = {"a": a, "b": b}[shortcut_from]
    out = layers.add([c, skip], name="add")
    return keras.Model(inputs, out)


def test_connections_of_a_functional_model_are_compared():
    assert model_check.check_model(residual("a"), residual("a")).correct
    feedback = model_check.check_model(residual("b"), residual("a"))
    assert not feedback.correct
    assert "('add'): bekommt seine Eingabe von c, b, erwartet ist c, a" in feedback.message


def test_anything_but_a_built_model_gets_a_german_hint():
    assert model_check.check_model(None, models.lenet5()) is model_check.MISSING
    assert "Keras-Modell" in model_check.check_model([1, 2], models.lenet5()).message
    unbuilt = keras.Sequential([layers.Dense(3)])
    assert "keras.Input" in model_check.check_model(unbuilt, models.lenet5()).message
