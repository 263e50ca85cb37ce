"""Aufgaben zu 10.2: richtige und falsche Antworten, deutsche Rückmeldungen."""

import keras
import pytest
from keras import layers

from lecture_utils.arithmetic import shapes
from lecture_utils.exercises import MISSING, k10_2, k10_2_formulas, k10_2_graphs

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
    conv = layers.Conv2D(k10_2_graphs.BLOCK_FILTERS, 1)
    conv.build((None, *k10_2_graphs.BLOCK_INPUT_SHAPE))
    assert k10_2_graphs.check_projection_params(conv.count_params())
    assert conv.count_params() == 2_112
    wrong = k10_2_graphs.check_projection_params(2048)
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
    channels, filters = k10_2_graphs.BLOCK_INPUT_SHAPE[-1], k10_2_graphs.BLOCK_FILTERS
    expected = (shapes.conv_param_count(3, channels, filters)
                + shapes.conv_param_count(3, filters, filters)
                + shapes.conv_param_count(1, channels, filters))
    block = k10_2_graphs.block_model(k10_2_graphs.reference_block)
    assert block.count_params() == expected == 57_536


@pytest.mark.parametrize("block",
                         [k10_2_graphs.reference_block, right_swapped, right_separate_relu])
def test_right_blocks_pass(block):
    feedback = k10_2_graphs.check_residual_block(block)
    assert feedback, feedback.message
    assert "(16, 16, 64)" in feedback.message and "57.536 Parameter" in feedback.message


def test_a_finished_model_is_accepted_too():
    assert k10_2_graphs.check_residual_block(k10_2_graphs.block_model(right_swapped))


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
    feedback = k10_2_graphs.check_residual_block(block)
    assert not feedback
    for text in expected:
        assert text in feedback.message, feedback.message


def test_missing_or_odd_answers():
    assert k10_2_graphs.check_residual_block(None) is MISSING
    assert k10_2_graphs.check_residual_block(lambda x, filters: None) is MISSING
    odd = k10_2_graphs.check_residual_block(42)
    assert not odd and "Funktion block(x, filters)" in odd.message


# --- Blog-CNN mit der Functional API --------------------------------------------------


def blog_cnn_functional(padding="same", l2=0.007, rate=0.4, last_activation="softmax"):
    """``padding`` gilt für die erste Konv-Schicht (die übrigen bleiben „same“)."""
    inputs = keras.Input((28, 28, 1))
    x = inputs
    for i, filters in enumerate((32, 32, 32, 16)):
        x = layers.Conv2D(filters, (3, 3), padding=padding if i == 0 else "same",
                          activation="relu")(x)
        if i < 3:
            x = layers.MaxPooling2D(2, 2)(x)
    x = layers.Dropout(rate)(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(rate)(x)
    regularizer = keras.regularizers.l2(l2) if l2 else None
    x = layers.Dense(128, kernel_regularizer=regularizer, activation="relu")(x)
    x = layers.Dropout(rate)(x)
    return keras.Model(inputs, layers.Dense(10, activation=last_activation)(x))


def test_blog_cnn_right_answer_passes_and_has_the_blog_params():
    feedback = k10_2.check_blog_cnn(blog_cnn_functional())
    assert feedback, feedback.message
    assert "43.290 Parameter" in feedback.message  # Summe der Zeilen der Blog-Übersicht


def test_blog_cnn_as_sequential_is_not_accepted():
    sequential = keras.Sequential(blog_cnn_functional().layers[1:])
    sequential.build((None, 28, 28, 1))
    feedback = k10_2.check_blog_cnn(sequential)
    assert not feedback and "Sequential" in feedback.message and "keras.Input" in feedback.message


@pytest.mark.parametrize("settings, expected", [
    ({"l2": None}, "Regularisierung"),
    ({"rate": 0.5}, "Dropout-Rate ist 0.5"),
    ({"padding": "valid"}, "Padding ist 'valid'"),
    ({"last_activation": None}, "Aktivierung"),
])
def test_blog_cnn_wrong_answers_name_the_mistake(settings, expected):
    feedback = k10_2.check_blog_cnn(blog_cnn_functional(**settings))
    assert not feedback and expected in feedback.message, feedback.message


def test_blog_cnn_missing_answer():
    assert k10_2.check_blog_cnn(None) is MISSING


# --- Das Beispiel-ResNet ---------------------------------------------------------------


def toy_resnet_by_hand(skip_source="Pool_1", merge=layers.add, input_name="image",
                       name_adds=True, conv7_padding="valid", fc2_activation=None):
    """Das Netz aus dem Kapitel, unabhängig von models.toy_resnet geschrieben."""
    inputs = keras.Input(shape=(32, 32, 3), name=input_name)
    out1 = layers.Conv2D(32, 3, name="Conv_1", activation="relu")(inputs)
    out2 = layers.Conv2D(64, 3, name="Conv_2", activation="relu")(out1)
    block1out = layers.MaxPooling2D(3, name="Pool_1")(out2)
    out3 = layers.Conv2D(64, 3, name="Conv_3", activation="relu", padding="same")(block1out)
    out4 = layers.Conv2D(64, 3, name="Conv_4", activation="relu", padding="same")(out3)
    source = block1out if skip_source == "Pool_1" else out3
    block2out = merge([out4, source], **({"name": "add"} if name_adds else {}))
    out5 = layers.Conv2D(64, 3, name="Conv_5", activation="relu", padding="same")(block2out)
    out6 = layers.Conv2D(64, 3, name="Conv_6", activation="relu", padding="same")(out5)
    block3out = merge([out6, block2out], **({"name": "add_1"} if name_adds else {}))
    out7 = layers.Conv2D(64, 3, name="Conv_7", activation="relu",
                         padding=conv7_padding)(block3out)
    out8 = layers.GlobalAveragePooling2D(name="Pool_2")(out7)
    out9 = layers.Dense(256, name="FC_1", activation="relu")(out8)
    out10 = layers.Dropout(0.5, name="dropout")(out9)
    outputs = layers.Dense(10, name="FC_2", activation=fc2_activation)(out10)
    return keras.Model(inputs, outputs, name="toy_resnet")


def toy_resnet_without_adds():
    inputs = keras.Input(shape=(32, 32, 3), name="image")
    x = layers.Conv2D(32, 3, name="Conv_1", activation="relu")(inputs)
    x = layers.Conv2D(64, 3, name="Conv_2", activation="relu")(x)
    x = layers.MaxPooling2D(3, name="Pool_1")(x)
    for i in range(3, 7):
        x = layers.Conv2D(64, 3, name=f"Conv_{i}", activation="relu", padding="same")(x)
    x = layers.Conv2D(64, 3, name="Conv_7", activation="relu")(x)
    x = layers.GlobalAveragePooling2D(name="Pool_2")(x)
    x = layers.Dropout(0.5, name="dropout")(layers.Dense(256, name="FC_1", activation="relu")(x))
    return keras.Model(inputs, layers.Dense(10, name="FC_2")(x))


def test_toy_resnet_by_hand_passes_with_the_chapter_params():
    feedback = k10_2.check_toy_resnet(toy_resnet_by_hand())
    assert feedback, feedback.message
    assert "223.242 Parameter" in feedback.message  # Total params im Kapitel


@pytest.mark.parametrize("model, expected", [
    (toy_resnet_without_adds, "fehlen die beiden Skip Connections"),
    (lambda: toy_resnet_by_hand(merge=layers.concatenate), "Concatenate"),
    (lambda: toy_resnet_by_hand(input_name="input"), "'image'"),
    (lambda: toy_resnet_by_hand(name_adds=False), "name='add'"),
    (lambda: toy_resnet_by_hand(skip_source="Conv_3"),
     "'add'): bekommt seine Eingabe von Conv_4, Conv_3, erwartet ist Conv_4, Pool_1"),
    (lambda: toy_resnet_by_hand(conv7_padding="same"), "Padding ist 'same'"),
    (lambda: toy_resnet_by_hand(fc2_activation="softmax"), "Aktivierung ist 'softmax'"),
])
def test_toy_resnet_wrong_answers_name_the_first_difference(model, expected):
    feedback = k10_2.check_toy_resnet(model())
    assert not feedback and expected in feedback.message, feedback.message


def test_toy_resnet_missing_or_odd_answer():
    assert k10_2.check_toy_resnet(None) is MISSING
    odd = k10_2.check_toy_resnet("toy_resnet")
    assert not odd and "Keras-Modell" in odd.message


def test_check_identity_params_explains_every_option():
    assert k10_2.check_identity_params("b")
    assert set(k10_2.IDENTITY_PARAMS_OPTIONS) == {"a", "b", "c", "d"}
    for key, word in (("a", "36.928"), ("c", "beim Bauen"), ("d", "Non-trainable")):
        feedback = k10_2.check_identity_params(key)
        assert not feedback and word in feedback.message
    assert k10_2.check_identity_params(None) is MISSING
    assert "keine der Optionen" in k10_2.check_identity_params("e").message


# --- Die Formel von Hand ---------------------------------------------------------------
# Von Hand gerechnet: z⁽ˡ⁺¹⁾ = (1, -1, 1), a⁽ˡ⁺¹⁾ = (1, 0, 1),
# W⁽ˡ⁺²⁾·a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾ = (1, -2) bzw. (1, -2, 0, -1) mit vier Neuronen.


def test_z_identity_right_and_typical_mistakes():
    assert k10_2_formulas.check_z_identity([3, -1])
    assert k10_2_formulas.check_z_identity((3.0, -1.0))
    assert k10_2_formulas.check_z_identity(None) is MISSING
    for wrong, word in (([1, -2], "ohne die Skip Connection"), ([2, -3], "ohne ReLU"),
                        ([2, 2], "Bias"), ([3, 0], "schon a⁽ˡ⁺²⁾"),
                        ([3, 1], "vor der Addition"), ([5, 5], "Rechnen Sie der Reihe nach")):
        feedback = k10_2_formulas.check_z_identity(wrong)
        assert not feedback and word in feedback.message, (wrong, feedback.message)
    too_long = k10_2_formulas.check_z_identity([1, 2, 3])
    assert not too_long and "erwartet sind 2" in too_long.message
    assert "Liste mit 2 Zahlen" in k10_2_formulas.check_z_identity("drei").message


def test_ws_shortcut_pads_with_zeros():
    right = k10_2_formulas.check_ws_shortcut([2, 1, 0, 0])
    assert right and "Zero-Padding" in right.message
    assert "unten dazu" in k10_2_formulas.check_ws_shortcut([0, 0, 2, 1]).message
    assert "erwartet sind 4" in k10_2_formulas.check_ws_shortcut([2, 1]).message
    assert "Zeilen 3 und 4" in k10_2_formulas.check_ws_shortcut([3, 3, 3, 3]).message
    assert not k10_2_formulas.check_ws_shortcut([1, 2, 0, 0])


def test_z_projection_right_and_typical_mistakes():
    assert k10_2_formulas.check_z_projection([3, -1, 0, -1])
    for wrong, word in (([1, -2, 0, -1], "ohne die Skip Connection"),
                        ([2, -3, 0, 0], "ohne ReLU"), ([3, 0, 0, 0], "schon a⁽ˡ⁺²⁾"),
                        ([3, 1, 0, 0], "vor der Addition"), ([3, -1], "erwartet sind 4")):
        feedback = k10_2_formulas.check_z_projection(wrong)
        assert not feedback and word in feedback.message, (wrong, feedback.message)


def test_hand_numbers_agree_with_a_keras_dense_block():
    """Dieselbe Rechnung mit Keras-Schichten (Dense = W·a + b) ergibt z⁽ˡ⁺²⁾ = (3, -1)."""
    a_in = keras.Input((2,))
    hidden = layers.Dense(3, activation="relu")
    second = layers.Dense(2)
    model = keras.Model(a_in, layers.add([second(hidden(a_in)), a_in]))
    hidden.set_weights([k10_2_formulas.HAND["W1"].T, k10_2_formulas.HAND["b1"]])
    second.set_weights([k10_2_formulas.HAND["W2"].T, k10_2_formulas.HAND["b2"]])
    z = keras.ops.convert_to_numpy(model(k10_2_formulas.HAND["a_l"][None].astype("float32")))[0]
    assert k10_2_formulas.check_z_identity(z)


# --- Zwei Eingänge ---------------------------------------------------------------------


def two_inputs(order="image first", merge="concatenate", head_units=10, activation="softmax",
               pooling=layers.GlobalAveragePooling2D):
    image = keras.Input((32, 32, 3), name="bild")
    extra = keras.Input((4,), name="messwerte")
    x = layers.Conv2D(16, 3, activation="relu")(image)
    x = pooling()(x)
    if merge == "concatenate":
        x = layers.concatenate([extra, x])  # andere Reihenfolge als die Vorlage: auch richtig
    else:
        x = layers.Dense(4)(x)
        x = layers.add([x, extra])
    outputs = layers.Dense(head_units, activation=activation)(x)
    inputs = [image, extra] if order == "image first" else [extra, image]
    return keras.Model(inputs, outputs)


def test_two_inputs_right_answer_passes():
    feedback = k10_2_graphs.check_two_inputs(two_inputs())
    assert feedback, feedback.message
    assert k10_2_graphs.check_two_inputs(k10_2_graphs.reference_two_inputs())


def test_two_inputs_wrong_answers():
    one = keras.Input((32, 32, 3))
    single = keras.Model(one, layers.Dense(10)(layers.GlobalAveragePooling2D()(
        layers.Conv2D(16, 3)(one))))
    cases = [
        (two_inputs(order="extra first"), "vertauscht"),
        (single, "1 Eingang"),
        (two_inputs(merge="add"), "concatenate"),
        (two_inputs(head_units=1), "Ausgang (1,)"),
        (two_inputs(activation=None), "Aktivierung"),
        (two_inputs(pooling=layers.Flatten), "Flatten"),
    ]
    for model, word in cases:
        feedback = k10_2_graphs.check_two_inputs(model)
        assert not feedback and word in feedback.message, (word, feedback.message)
    assert k10_2_graphs.check_two_inputs(None) is MISSING
    assert "Keras-Modell" in k10_2_graphs.check_two_inputs(3).message


def test_task_latex_shows_the_given_numbers():
    text = k10_2_formulas.task_latex({"a_l": [2, 1], "W_s": k10_2_formulas.W_S})
    assert text == (r"a^{(l)} = \begin{pmatrix} 2 \\ 1 \end{pmatrix},\qquad "
                    r"W_s = \begin{pmatrix} 1 & 0 \\ 0 & 1 \\ 0 & 0 \\ 0 & 0 \end{pmatrix}")
    assert "-3" in k10_2_formulas.task_latex(k10_2_formulas.HAND)
    assert "0{,}5" in k10_2_formulas.task_latex({"b1": [0.5]})
    with pytest.raises(ValueError, match="'W3'"):
        k10_2_formulas.task_latex({"W3": [[1]]})
    with pytest.raises(TypeError):
        k10_2_formulas.task_latex([1, 2])


def test_the_given_numbers_cannot_be_changed_by_accident():
    with pytest.raises(ValueError):
        k10_2_formulas.HAND["a_l"][0] = 5.0
    assert k10_2_formulas.HAND_4["a_l"] is k10_2_formulas.HAND["a_l"]


def test_two_inputs_works_with_unnamed_inputs():
    # Ohne name= heißt der Tensor keras_tensor_N, seine Schicht input_layer_N: die Prüfung
    # muss die Schicht finden, nicht den Namen des Tensors.
    image, extra = keras.Input((32, 32, 3)), keras.Input((4,))
    x = layers.GlobalAveragePooling2D()(layers.Conv2D(16, 3, activation="relu")(image))
    x = layers.concatenate([x, extra])
    model = keras.Model([image, extra], layers.Dense(10, activation="softmax")(x))
    assert model.inputs[1].name != k10_2_graphs._input_layer_name(model, 1)
    feedback = k10_2_graphs.check_two_inputs(model)
    assert feedback, feedback.message


def test_two_inputs_extra_input_that_bypasses_concatenate():
    image, extra = keras.Input((32, 32, 3)), keras.Input((4,))
    x = layers.GlobalAveragePooling2D()(layers.Conv2D(16, 3, activation="relu")(image))
    x = layers.concatenate([x, x])  # die Messwerte fehlen hier
    x = layers.multiply([layers.Dense(10)(x), layers.Dense(10)(extra)])
    model = keras.Model([image, extra], layers.Activation("softmax")(x))
    feedback = k10_2_graphs.check_two_inputs(model)
    assert not feedback and "ungenutzt" in feedback.message, feedback.message


def test_input_layer_name_uses_the_layer_not_the_tensor():
    model = two_inputs()
    assert k10_2_graphs._input_layer_name(model, 0) == "bild"
    assert k10_2_graphs._input_layer_name(model, 1) == "messwerte"


# --- Wie schnell geht es? (10.2.7) -----------------------------------------------------


def test_check_speed_right_answer():
    feedback = k10_2.check_speed("c")
    assert feedback and "Lernrate" in feedback.message
    assert k10_2.check_speed(" C ")


@pytest.mark.parametrize("answer, word", [
    ("a", "Epochen bis zum Ziel"),
    ("b", "Degradation"),
    ("d", "Bruchteil"),
])
def test_check_speed_wrong_answers_explain_the_mistake(answer, word):
    feedback = k10_2.check_speed(answer)
    assert not feedback and word in feedback.message, feedback.message


def test_check_speed_missing_or_unknown_answer():
    assert k10_2.check_speed(None) is MISSING
    unknown = k10_2.check_speed("e")
    assert not unknown and "keine der Optionen" in unknown.message
    assert set(k10_2.SPEED_OPTIONS) == {"a", "b", "c", "d"}
