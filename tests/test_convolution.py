"""arithmetic.convolution und der Stepper gegen Keras: dieselben Zahlen für 1D, 2D und 3D."""

import keras
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lecture_utils.arithmetic import convolution, shapes
from lecture_utils.widgets import conv_stepper

CONV = {1: keras.layers.Conv1D, 2: keras.layers.Conv2D, 3: keras.layers.Conv3D}


def keras_conv(x, kernel, bias, strides=1, padding="valid", dilation_rate=1):
    """Was eine Keras-Schicht mit denselben Gewichten ausgibt (ohne Batch-Achse)."""
    layer = CONV[x.ndim - 1](kernel.shape[-1], kernel.shape[:-2], strides=strides,
                             padding=padding, dilation_rate=dilation_rate)
    layer.build((None, *x.shape))
    layer.set_weights([kernel.astype("float32"), bias.astype("float32")])
    return keras.ops.convert_to_numpy(layer(x[np.newaxis].astype("float32")))[0]


@st.composite
def conv_cases(draw):
    """Zufällige Konfigurationen; Keras erlaubt strides > 1 nicht zusammen mit dilation > 1."""
    rank = draw(st.integers(1, 3))
    kernel_size = tuple(draw(st.integers(1, 3)) for _ in range(rank))
    strides = draw(st.integers(1, 3))
    dilation = 1 if strides > 1 else draw(st.integers(1, 2))
    padding = draw(st.sampled_from(["valid", "same"]))
    extra = 6 if rank < 3 else 3
    size = tuple(dilation * (k - 1) + 1 + draw(st.integers(0, extra)) for k in kernel_size)
    channels, filters = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    x = rng.normal(size=(*size, channels))
    kernel = rng.normal(size=(*kernel_size, channels, filters))
    bias = rng.normal(size=filters)
    return x, kernel, bias, dict(strides=strides, padding=padding, dilation_rate=dilation)


FAST = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FAST
@given(conv_cases())
def test_numpy_convolution_matches_keras(case):
    x, kernel, bias, options = case
    ours = convolution.conv(x, kernel, bias, **options)
    np.testing.assert_allclose(ours, keras_conv(x, kernel, bias, **options), atol=1e-4)


@FAST
@given(conv_cases(), st.data())
def test_stepper_frame_matches_numpy_and_keras(case, data):
    x, kernel, bias, options = case
    reference = keras_conv(x, kernel, bias, **options)
    steps = conv_stepper.num_steps(x, kernel, options["strides"], options["padding"],
                                   options["dilation_rate"])
    assert steps == np.prod(reference.shape[:-1])
    number = data.draw(st.integers(1, steps))
    f = data.draw(st.integers(0, kernel.shape[-1] - 1))
    frame = conv_stepper.frame(x, kernel, number, bias=bias, filter_index=f, **options)
    step = frame.current
    np.testing.assert_allclose(step.total, reference[step.out_index + (f,)], atol=1e-4)
    np.testing.assert_allclose(step.products.sum() + step.bias, step.total)
    np.testing.assert_allclose(step.products, step.inputs * kernel[..., f])
    done = ~np.isnan(frame.output)
    assert done.sum() == number and done[step.out_index]
    np.testing.assert_allclose(frame.output[done], reference[..., f][done], atol=1e-4)


@FAST
@given(conv_cases())
def test_step_window_covers_the_inputs_it_multiplies(case):
    x, kernel, bias, options = case
    geo = convolution.geometry(x.shape, kernel.shape[:-2], **options)
    padded = convolution.pad(x, geo)
    assert padded.shape[:-1] == tuple(
        n + b + a for n, b, a in zip(x.shape[:-1], geo.pad_before, geo.pad_after))
    last = geo.positions()[-1]
    step = convolution.step(x, kernel, last, bias, **options)
    assert all(len(r) == k for r, k in zip(step.window, kernel.shape[:-2]))
    assert all(r[-1] < n for r, n in zip(step.window, padded.shape))  # Fenster im Rand
    np.testing.assert_array_equal(step.inputs, padded[np.ix_(*step.window)])


def test_output_size_comes_from_shapes():
    for input_shape, kernel, strides, padding in [((16, 16, 3), 3, 1, "valid"),
                                                  ((16, 2), 3, 2, "same"),
                                                  ((3, 3, 3, 1), 2, 1, "valid")]:
        geo = convolution.geometry(input_shape, kernel, strides, padding)
        expected = shapes.conv_output_shape(input_shape, 1, kernel, strides, padding)
        assert geo.output_size == expected[:-1]


def test_chapter_examples_one_three_by_three_filter_per_position():
    """16×16×3 mit einem 3×3×3-Filter → 14×14×1; der Wert an [0, 0] ist die Summe der
    27 Produkte des oberen linken 3×3×3-Blocks."""
    rng = np.random.default_rng(0)
    image = rng.integers(0, 10, size=(16, 16, 3)).astype(float)
    kernel = rng.integers(-1, 2, size=(3, 3, 3, 1)).astype(float)
    out = convolution.conv(image, kernel)
    assert out.shape == (14, 14, 1)
    assert out[0, 0, 0] == (image[:3, :3, :] * kernel[..., 0]).sum()
    assert convolution.conv(rng.normal(size=(16, 1)), rng.normal(size=(3, 1, 5))).shape == (14, 5)
    volume_out = convolution.conv(rng.normal(size=(3, 3, 3, 1)), rng.normal(size=(2, 2, 2, 1, 1)))
    assert volume_out.shape == (2, 2, 2, 1)


def test_same_padding_puts_the_extra_zero_at_the_end_like_keras():
    geo = convolution.geometry((4, 1), 2, 1, "same")
    assert (geo.pad_before, geo.pad_after) == ((0,), (1,))
    geo = convolution.geometry((5, 5, 1), 3, 2, "same")
    assert (geo.pad_before, geo.pad_after, geo.output_size) == ((1, 1), (1, 1), (3, 3))


@pytest.mark.parametrize(
    "x_shape, kernel_shape, options, words",
    [
        ((16, 2), (3, 1, 4), {}, "Eingabekanäle"),
        ((16,), (3, 1), {}, "räumliche Achsen"),
        ((8, 8, 1), (3, 1, 1), {}, "Kernel einer 2D-Konvolution"),
        ((16, 1), (3, 1, 1), {"padding": "causal"},
         "padding muss einer dieser Werte sein: 'valid', 'same'"),
        ((2, 1), (3, 1, 1), {}, "größer als die Eingabe"),
        ((9, 1), (3, 1, 1), {"strides": 2, "dilation_rate": 2}, "gleichzeitig"),
    ],
)
def test_invalid_input_gives_german_value_error(x_shape, kernel_shape, options, words):
    with pytest.raises(ValueError, match=words):
        convolution.conv(np.zeros(x_shape), np.zeros(kernel_shape), **options)


def test_step_rejects_positions_outside_the_output():
    x, kernel = np.zeros((5, 1)), np.zeros((3, 1, 2))
    with pytest.raises(ValueError, match="liegt nicht in der Ausgabe"):
        convolution.step(x, kernel, (3,))
    with pytest.raises(ValueError, match="filter_index"):
        convolution.step(x, kernel, (0,), filter_index=2)
    with pytest.raises(ValueError, match="Bias braucht 2 Werte"):
        convolution.conv(x, kernel, bias=[1.0])


X, KERNEL = np.zeros((6, 6, 1)), np.zeros((3, 3, 1, 2))


@pytest.mark.parametrize("call, message", [
    (lambda: convolution.conv(X, KERNEL, strides=0), "strides muss eine ganze Zahl ab 1"),
    (lambda: convolution.conv(X, KERNEL, strides=True), "strides muss eine ganze Zahl"),
    (lambda: convolution.conv(X, KERNEL, dilation_rate=2.5), "dilation_rate muss eine ganze Zahl"),
    (lambda: convolution.conv(X, KERNEL, strides=np.zeros(2)), "strides muss eine ganze Zahl"),
    (lambda: convolution.conv(X, KERNEL, strides=(1, 1, 1)), "strides braucht 2 Werte"),
    (lambda: convolution.conv(X, KERNEL, padding=np.zeros(2)), "padding muss einer dieser"),
    (lambda: convolution.conv("falsch", KERNEL), "x muss ein Array aus Zahlen"),
    (lambda: convolution.conv(X, KERNEL, bias="falsch"), "bias muss ein Array aus Zahlen"),
    (lambda: convolution.geometry((6, 6, 1), -1), "kernel_size muss eine ganze Zahl ab 1"),
    (lambda: convolution.geometry(6, 3), "input_shape muss"),
    (lambda: convolution.step(X, KERNEL, 0), r"out_index muss eine Position mit 2 Zahlen"),
    (lambda: convolution.step(X, KERNEL, (0, 2.5)), "liegt nicht in der Ausgabe"),
    (lambda: convolution.step(X, KERNEL, (0, 0), filter_index=True), "filter_index muss"),
    (lambda: convolution.step(X, KERNEL, (0, 0), filter_index=-1), "filter_index muss"),
    (lambda: convolution.step(X, KERNEL, (0, 0), filter_index="falsch"), "filter_index muss"),
])
def test_bad_input_gives_a_german_error_naming_the_value(call, message):
    with pytest.raises(ValueError, match=message):
        call()
