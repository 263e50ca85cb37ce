"""lecture_utils.arithmetic.shapes gegen Keras: Formen und Parameterzahlen müssen übereinstimmen."""

import keras
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lecture_utils.arithmetic import shapes

CONV = {1: keras.layers.Conv1D, 2: keras.layers.Conv2D, 3: keras.layers.Conv3D}
POOL = {1: keras.layers.MaxPooling1D, 2: keras.layers.MaxPooling2D, 3: keras.layers.MaxPooling3D}


def keras_output_shape(layer, input_shape):
    """Was Keras wirklich ausgibt: ein Vorwärtslauf auf Nullen."""
    x = np.zeros((1, *input_shape), dtype="float32")
    return tuple(keras.ops.shape(layer(x))[1:])


def keras_conv(rank, filters, kernel_size, strides, padding, dilation_rate):
    return CONV[rank](filters, kernel_size, strides=strides, padding=padding,
                      dilation_rate=dilation_rate)


# --- ein fester Raster aus Fällen, wie sie im Kurs vorkommen -------------------

GRID = [
    # input_shape, filters, kernel, strides, padding, dilation
    ((32, 32, 1), 6, 5, 1, "valid", 1),       # LeNet C1
    ((14, 14, 6), 16, 5, 1, "valid", 1),      # LeNet C3
    ((227, 227, 3), 96, 11, 4, "valid", 1),   # AlexNet Conv1
    ((224, 224, 3), 64, 3, 1, "same", 1),     # VGG block1_conv1
    ((224, 224, 3), 64, 7, 2, "same", 1),     # ResNet conv1
    ((16, 16, 3), 1, 3, 1, "valid", 1),       # Kapitel 10.3: 16×16×3 → 14×14×1
    ((16, 1), 5, 3, 1, "valid", 1),           # 1D: Länge 16 → 14×5
    ((16, 2), 1, 3, 1, "valid", 1),           # 1D Stereo
    ((3, 3, 3, 1), 1, 2, 1, "valid", 1),      # 3D: 3×3×3 → 2×2×2
    ((20, 4), 3, 3, 2, "causal", 1),
    ((20, 4), 3, 3, 1, "causal", 2),
    ((15, 17, 2), 4, (3, 5), (2, 3), "same", 1),
    ((15, 17, 2), 4, (3, 5), 1, "valid", (2, 1)),
    ((9, 10, 11, 2), 3, (2, 3, 4), (1, 2, 3), "valid", 1),
    ((9, 10, 11, 2), 3, 3, 2, "same", 1),
]


@pytest.mark.parametrize("input_shape, filters, kernel, strides, padding, dilation", GRID)
def test_conv_output_shape_matches_keras(input_shape, filters, kernel, strides, padding, dilation):
    rank = len(input_shape) - 1
    layer = keras_conv(rank, filters, kernel, strides, padding, dilation)
    ours = shapes.conv_output_shape(input_shape, filters, kernel, strides, padding, dilation)
    assert ours == keras_output_shape(layer, input_shape)
    ours_params = shapes.conv_param_count(kernel, input_shape[-1], filters, rank=rank)
    assert ours_params == layer.count_params()


@pytest.mark.parametrize(
    "input_shape, pool, strides, padding",
    [
        ((28, 28, 6), 2, None, "valid"),
        ((28, 28, 32), 2, 2, "same"),
        ((55, 55, 96), 3, 2, "valid"),   # AlexNet Pool1
        ((28, 28, 64), 3, None, "valid"),  # toy ResNet Pool_1: 28 → 9
        ((7, 32), 2, 2, "same"),
        ((5, 6, 7, 2), (2, 3, 2), (1, 2, 3), "valid"),
    ],
)
def test_pool_output_shape_matches_keras(input_shape, pool, strides, padding):
    layer = POOL[len(input_shape) - 1](pool, strides=strides, padding=padding)
    assert shapes.pool_output_shape(input_shape, pool, strides, padding) == keras_output_shape(
        layer, input_shape
    )


# --- zufällige Konfigurationen (hypothesis) ------------------------------------


@st.composite
def conv_configs(draw):
    rank = draw(st.integers(1, 3))
    max_len = {1: 40, 2: 14, 3: 7}[rank]
    spatial = tuple(draw(st.integers(1, max_len)) for _ in range(rank))
    channels = draw(st.integers(1, 3))
    padding = draw(st.sampled_from(["valid", "same"] + (["causal"] if rank == 1 else [])))
    kernel = tuple(draw(st.integers(1, 5)) for _ in range(rank))
    if draw(st.booleans()):
        strides = tuple(draw(st.integers(1, 3)) for _ in range(rank))
        dilation = 1
    else:
        strides = 1
        dilation = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    return spatial + (channels,), draw(st.integers(1, 4)), kernel, strides, padding, dilation


def _fits(input_shape, kernel, padding, dilation):
    if padding != "valid":
        return True
    dil = dilation if isinstance(dilation, tuple) else (dilation,) * len(kernel)
    return all(d * (k - 1) + 1 <= n for n, k, d in zip(input_shape, kernel, dil))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conv_configs())
def test_conv_random_configs_match_keras(config):
    input_shape, filters, kernel, strides, padding, dilation = config
    rank = len(input_shape) - 1
    if not _fits(input_shape, kernel, padding, dilation):
        with pytest.raises(ValueError, match="größer als die Eingabe"):
            shapes.conv_output_shape(input_shape, filters, kernel, strides, padding, dilation)
        return
    layer = keras_conv(rank, filters, kernel, strides, padding, dilation)
    expected = keras_output_shape(layer, input_shape)
    assert shapes.conv_output_shape(input_shape, filters, kernel, strides, padding, dilation) == (
        expected
    )
    assert shapes.conv_param_count(kernel, input_shape[-1], filters) == layer.count_params()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rank=st.integers(1, 3),
    data=st.data(),
    padding=st.sampled_from(["valid", "same"]),
)
def test_pool_random_configs_match_keras(rank, data, padding):
    spatial = tuple(data.draw(st.integers(1, 12)) for _ in range(rank))
    pool = tuple(data.draw(st.integers(1, 4)) for _ in range(rank))
    strides = data.draw(st.one_of(st.none(), st.tuples(*[st.integers(1, 3)] * rank)))
    input_shape = spatial + (2,)
    if padding == "valid" and any(p > n for p, n in zip(pool, spatial)):
        with pytest.raises(ValueError):
            shapes.pool_output_shape(input_shape, pool, strides, padding)
        return
    layer = POOL[rank](pool, strides=strides, padding=padding)
    assert shapes.pool_output_shape(input_shape, pool, strides, padding) == keras_output_shape(
        layer, input_shape
    )


@pytest.mark.parametrize("in_features, units, use_bias", [(400, 120, True), (9216, 4096, True),
                                                          (3, 64, True), (7, 5, False)])
def test_dense_param_count_matches_keras(in_features, units, use_bias):
    layer = keras.layers.Dense(units, use_bias=use_bias)
    layer.build((None, in_features))
    assert shapes.dense_param_count(in_features, units, use_bias) == layer.count_params()


# --- Fehler: deutsch und mit dem falschen Wert ---------------------------------


@pytest.mark.parametrize(
    "call, fragment",
    [
        (lambda: shapes.conv_output_length(0, 3), "input_length muss eine ganze Zahl ab 1.*: 0"),
        (lambda: shapes.conv_output_length(-4, 3), "erhalten: -4"),
        (lambda: shapes.conv_output_length(5, 7), "Kernel 7 ist größer als die Eingabe 5"),
        (lambda: shapes.conv_output_length(5, 3, dilation_rate=3), "dilation_rate 3"),
        (lambda: shapes.conv_output_length(8, 3, padding="full"), "Unbekanntes padding 'full'"),
        (lambda: shapes.conv_output_length(8, 2.5), r"Zahl sein, erhalten: 2.5 \(Typ float"),
        (lambda: shapes.conv_output_length(8, True), "ganze Zahl sein, erhalten: True"),
        (lambda: shapes.conv_output_length(8, 3, strides=2, dilation_rate=2), "strides=2"),
        (lambda: shapes.conv_output_shape((8, 8, 3), 4, (3, 3, 3)), r"2 Werte.*\(3, 3, 3\)"),
        (lambda: shapes.conv_output_shape((8, 8, 3), 4, 3, strides=(1, 2, 1)), r"\(1, 2, 1\)"),
        (lambda: shapes.conv_output_shape((8, 8, 3), 0, 3), "filters muss eine ganze Zahl ab 1"),
        (lambda: shapes.conv_output_shape((8,), 4, 3), r"erhalten: \(8,\)"),
        (lambda: shapes.conv_output_shape((8, 8, 8, 8, 2), 4, 3), r"\(8, 8, 8, 8, 2\)"),
        (lambda: shapes.conv_output_shape((8, 8, 3), 4, 3, padding="causal"), "nur für 1D"),
        (lambda: shapes.pool_output_shape((8, 3), 2, padding="causal"), "'causal'"),
        (lambda: shapes.pool_output_shape((1, 1, 3), 2), "größer als die Eingabe 1"),
        (lambda: shapes.conv_param_count(3, 0, 4), "in_channels muss eine ganze Zahl ab 1"),
        (lambda: shapes.conv_param_count(3, 2, 4, rank=4), "rank muss 1, 2 oder 3 sein.*: 4"),
        (lambda: shapes.dense_param_count(10, -1), "units muss eine ganze Zahl ab 1.*: -1"),
    ],
)
def test_invalid_input_gives_german_value_error(call, fragment):
    with pytest.raises(ValueError, match=fragment):
        call()


def test_numpy_integers_are_accepted():
    assert shapes.conv_output_shape((np.int64(32), 32, 1), np.int32(6), 5) == (28, 28, 6)


# --- Rechenwege ----------------------------------------------------------------


def test_explanations_fill_in_the_numbers():
    assert shapes.explain_conv_length(32, 5) == "⌊(32 − 5 + 2·0) / 1⌋ + 1 = 28"
    assert shapes.explain_conv_length(227, 11, 4) == "⌊(227 − 11 + 2·0) / 4⌋ + 1 = 55"
    assert shapes.explain_conv_length(15, 3, 2, "same").startswith("⌈15 / 2⌉ = 8")
    assert shapes.explain_conv_params(5, 1, 6) == "(5·5·1 + 1) · 6 = 156"
    assert shapes.explain_conv_params((2, 2, 2), 1, 1, use_bias=False) == "(2·2·2·1) · 1 = 8"
    assert shapes.explain_dense_params(400, 120) == "(400 + 1) · 120 = 48120"


def test_explanation_with_dilation_agrees_with_result():
    text = shapes.explain_conv_length(20, 3, 1, "valid", 2)
    assert text.endswith("= 16")
    assert "2·(3 − 1) − 1" in text


# --- Schichtentabelle -----------------------------------------------------------


def small_model():
    inputs = keras.Input((32, 32, 1), name="bild")
    x = keras.layers.Conv2D(6, 5, name="C1")(inputs)
    x = keras.layers.BatchNormalization(name="BN")(x)
    x = keras.layers.AveragePooling2D(2, name="S2")(x)
    x = keras.layers.Flatten(name="Flatten")(x)
    outputs = keras.layers.Dense(10, name="FC")(x)
    return keras.Model(inputs, outputs)


def test_layer_table_agrees_with_keras():
    model = small_model()
    table = shapes.layer_table(model)
    assert [r.name for r in table.rows] == [layer.name for layer in model.layers]
    assert table.total == model.count_params()
    assert table.row("C1").output_shape == (28, 28, 6)
    assert table.row("C1").params == 156
    assert table.row("S2").output_shape == (14, 14, 6)
    assert table.row("FC").params == shapes.dense_param_count(14 * 14 * 6, 10)
    # BatchNorm: 4·6 Gewichte, davon 12 (mean/variance) nicht trainierbar
    assert table.non_trainable == 12
    assert table.trainable == sum(int(np.prod(w.shape)) for w in model.trainable_weights)


def test_layer_table_text_is_german():
    text = shapes.layer_table(small_model()).to_text()
    assert "Parameter gesamt:" in text and "davon trainierbar:" in text
    assert "28×28×6" in text
    assert "11.770" in text  # FC: (1176 + 1) · 10, mit deutschem Tausenderpunkt
    assert "Parameter gesamt:      11.950" in text


def test_layer_table_unknown_layer_names_the_value():
    with pytest.raises(ValueError, match="Keine Schicht namens 'C9'"):
        shapes.layer_table(small_model()).row("C9")


def test_layer_table_rejects_what_is_not_a_model():
    with pytest.raises(ValueError, match="erwartet ein Keras-Modell, erhalten: 'lenet'"):
        shapes.layer_table("lenet")


def test_whole_numbers_from_numpy_count_and_bools_do_not():
    # Die eine Prüfung des Kurses (checks.whole_number): np.int64 zählt, True nicht.
    assert shapes.conv_output_length(np.int64(8), np.int32(3)) == 6
    assert shapes.dense_param_count(np.int64(4), 2) == 10
    with pytest.raises(ValueError, match="filters muss eine ganze Zahl sein, erhalten: True"):
        shapes.conv_output_shape((8, 8, 1), True, 3)


@pytest.mark.parametrize("n, k, s, d, expected", [
    (7, 3, 1, 1, (1, 1)),  # Ausgabe 7: je eine Null vorn und hinten
    (8, 3, 2, 1, (0, 1)),  # Ausgabe 4: (4 − 1)·2 + 3 − 8 = 1 Null, hinten (wie Keras)
    (7, 3, 2, 1, (1, 1)),  # Ausgabe 4: (4 − 1)·2 + 3 − 7 = 2
    (5, 4, 1, 1, (1, 2)),  # gerader Kernel: eine mehr hinten
    (9, 3, 1, 2, (2, 2)),  # Dilation 2: wirksam 5
    (4, 1, 2, 1, (0, 0)),  # 1×1 mit Stride braucht keinen Rand
])
def test_same_padding_by_hand(n, k, s, d, expected):
    assert shapes.same_padding(n, k, s, d) == expected


def test_same_padding_gives_the_output_length_of_keras():
    x = np.zeros((1, 8, 7, 1), "float32")
    for k, s in ((3, 2), (4, 1), (5, 3)):
        layer = keras.layers.Conv2D(1, k, strides=s, padding="same")
        out = tuple(layer(x).shape[1:3])
        for n, length in zip((8, 7), out):
            before, after = shapes.same_padding(n, k, s)
            assert (n + before + after - k) // s + 1 == length


def test_same_padding_checks_its_input():
    with pytest.raises(ValueError, match="kernel_size muss eine ganze Zahl ab 1"):
        shapes.same_padding(8, 0)


def test_format_shape():
    assert shapes.format_shape((28, 28, 6)) == "28×28×6"
    assert shapes.format_shape((None, 4)) == "?×4"
    assert shapes.format_shape(((10,), (1,))) == "10, 1"
