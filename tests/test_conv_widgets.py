"""Rechner und Stepper ohne Browser: Logik, Zeichnung, deutsche Meldungen."""

import ipywidgets
import keras
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Rectangle

from lecture_utils.widgets import conv_calculator, conv_stepper

matplotlib.use("Agg")

CONV = {1: keras.layers.Conv1D, 2: keras.layers.Conv2D, 3: keras.layers.Conv3D}


# --- Rechner ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "rank, size, channels, filters, kernel, strides, padding, dilation",
    [
        (2, 16, 3, 1, 3, 1, "valid", 1),  # 16×16×3 → 14×14×1
        (2, 16, 3, 16, 3, 1, "valid", 1),  # 16 Filter → 14×14×16
        (1, 16, 2, 5, 3, 1, "valid", 1),
        (3, 3, 1, 1, 2, 1, "valid", 1),  # 3×3×3 → 2×2×2
        (3, 24, 1, 8, 3, 2, "same", 1),
        (1, 20, 4, 3, 3, 1, "causal", 2),
        (2, 15, 2, 4, 5, 1, "valid", 2),
    ],
)
def test_calculator_text_agrees_with_keras(rank, size, channels, filters, kernel, strides,
                                           padding, dilation):
    text = conv_calculator.result_text(rank, size, channels, filters, kernel, strides, padding,
                                       dilation)
    layer = CONV[rank](filters, kernel, strides=strides, padding=padding, dilation_rate=dilation)
    x = np.zeros((1,) + (size,) * rank + (channels,), dtype="float32")
    shape = tuple(keras.ops.shape(layer(x))[1:])
    assert f"Ausgabe:    {'×'.join(map(str, shape))}" in text
    assert text.splitlines()[-1].endswith(f"= {layer.count_params()}")
    assert f"keras.layers.Conv{rank}D(filters={filters}" in text


def test_calculator_shows_the_formula_with_numbers():
    text = conv_calculator.result_text(rank=2, size=16, channels=3, filters=16, kernel_size=3)
    assert "⌊(16 − 3 + 2·0) / 1⌋ + 1 = 14" in text
    assert "(3·3·3 + 1) · 16 = 448" in text
    assert "2D, 3 Kanäle" in text


@pytest.mark.parametrize(
    "settings, words",
    [
        (dict(rank=2, size=2, kernel_size=5), "größer als die Eingabe"),
        (dict(rank=2, padding="causal"), "nur für 1D"),
        (dict(rank=2, strides=2, dilation_rate=2), "gleichzeitig"),
        (dict(rank=4), "Dimension muss 1, 2 oder 3"),
        (dict(size=0), "Eingabegröße"),
        (dict(channels=-1), "Kanäle"),
        (dict(filters=0), "filters muss eine ganze Zahl ab 1"),
        (dict(kernel_size=None), "kernel_size"),
    ],
)
def test_invalid_settings_give_a_german_message_not_a_traceback(settings, words):
    text = conv_calculator.result_text(**settings)
    assert text.startswith("[Achtung]") and words in text
    assert "Traceback" not in text and "Error" not in text


def test_calculator_widget_updates_and_shows_errors():
    widget = conv_calculator.calculator(rank=1, size=16, channels=2, filters=5)
    grid, result = widget.children
    assert "14×5" in result.value
    fields = {child.description: child for child in grid.children}
    fields["Kernel"].value = 5
    assert "12×5" in result.value
    assert isinstance(fields["Kernel"], ipywidgets.IntSlider)
    fields["Eingabegröße"].value = 4
    assert "[Achtung]" in result.value and "größer als die Eingabe 4" in result.value
    fields["Eingabegröße"].value = 16
    fields["Kernel"].value = 3
    fields["Dimension"].value = 3
    assert "14×14×14×5" in result.value


# --- Stepper: rechnen ----------------------------------------------------------------


def test_frames_fill_the_output_cell_by_cell_in_reading_order():
    x, kernel = conv_stepper.example(2)
    steps = conv_stepper.num_steps(x, kernel)
    assert steps == 9  # 5×5 mit 3×3 → 3×3
    seen = []
    for number in range(1, steps + 1):
        frame = conv_stepper.frame(x, kernel, number)
        seen.append(frame.current.out_index)
        assert np.count_nonzero(~np.isnan(frame.output)) == number
    assert seen == sorted(seen) and len(set(seen)) == steps


@pytest.mark.parametrize("number", [0, 10, 2.5, True])
def test_frame_number_outside_range_is_a_german_error(number):
    x, kernel = conv_stepper.example(2)
    with pytest.raises(ValueError, match="Schritt muss zwischen 1 und 9"):
        conv_stepper.frame(x, kernel, number)


def test_products_text_writes_out_every_product():
    x = np.array([[1.0], [2.0], [3.0]])
    kernel = np.array([[[1.0]], [[0.0]], [[-1.0]]])
    step = conv_stepper.frame(x, kernel, 1, bias=[0.5]).current
    assert conv_stepper.products_text(step) == "1·1 + 2·0 + 3·(−1) + 0,5 = −1,5"
    long = conv_stepper.frame(*conv_stepper.example(3), 1).current
    assert conv_stepper.products_text(long, per_line=4).count("\n") == 1  # 8 Produkte


def test_example_shapes_and_invalid_rank():
    for rank, shape in [(1, (10, 2)), (2, (5, 5, 2)), (3, (3, 3, 3, 2))]:
        x, kernel = conv_stepper.example(rank, channels=2, filters=3)
        assert x.shape == shape and kernel.shape[-2:] == (2, 3)
    with pytest.raises(ValueError, match="Dimension"):
        conv_stepper.example(4)


# --- Stepper: zeichnen -------------------------------------------------------------


def keras_conv(x, kernel, strides=1, padding="valid"):
    """Dieselbe Konvolution mit Keras gerechnet (ohne Bias): Ausgabe (*räumlich, Filter)."""
    rank = x.ndim - 1
    layer = CONV[rank](kernel.shape[-1], kernel.shape[:-2], strides=strides, padding=padding,
                       use_bias=False)
    layer.build((1, *x.shape))
    layer.set_weights([kernel.astype("float32")])
    return keras.ops.convert_to_numpy(layer(x[np.newaxis].astype("float32")))[0]


@pytest.mark.parametrize("rank", [1, 2, 3])
@pytest.mark.parametrize("padding, strides", [("valid", 1), ("same", 1), ("same", 2)])
def test_last_frame_is_the_convolution_keras_computes(rank, padding, strides):
    x, kernel = conv_stepper.example(rank, channels=2, filters=2)
    expected = keras_conv(x, kernel, strides, padding)
    steps = conv_stepper.num_steps(x, kernel, strides, padding)
    assert steps == expected[..., 0].size
    for filter_index in (0, 1):
        last = conv_stepper.frame(x, kernel, steps, strides=strides, padding=padding,
                                  filter_index=filter_index)
        np.testing.assert_allclose(last.output, expected[..., filter_index], atol=1e-5)


# Dimension, Kanäle, Padding, Zellen: Eingabe mit Rand + Filtergewichte + Ausgabe, davon
# vom Filter überdeckt – von Hand gezählt für die Beispiele (1D: Länge 10, Filter 3;
# 2D: 5×5, Filter 3×3; 3D: 3×3×3, Filter 2×2×2; „same“ mit Filter 2 hängt 1 Zelle hinten an)
DRAWN_CELLS = [
    (1, 2, "valid", 10 * 2 + 3 * 2 + 8, 3 * 2),
    (2, 1, "same", 7 * 7 + 3 * 3 + 5 * 5, 3 * 3),
    (3, 1, "valid", 3 ** 3 + 2 ** 3 + 2 ** 3, 2 ** 3),
    (3, 2, "same", 4 ** 3 * 2 + 2 ** 3 * 2 + 3 ** 3, 2 ** 3 * 2),
]


@pytest.mark.parametrize("rank, channels, padding, cells, covered", DRAWN_CELLS)
def test_draw_frame_shows_every_cell_and_the_sum(rank, channels, padding, cells, covered):
    x, kernel = conv_stepper.example(rank, channels)
    frame = conv_stepper.frame(x, kernel, 2, padding=padding)
    rc_before = dict(matplotlib.rcParams)
    ax = conv_stepper.draw_frame(frame)
    assert dict(matplotlib.rcParams) == rc_before
    rectangles = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(rectangles) == cells
    orange = [p for p in rectangles if matplotlib.colors.same_color(p.get_facecolor(),
                                                                    conv_stepper.COVERED)]
    assert len(orange) == covered
    # Schritt 2 ist die zweite Ausgabezelle in Lesereihenfolge; ihren Wert rechnet Keras
    second = (0,) * (rank - 1) + (1,)
    value = keras_conv(x, kernel, padding=padding)[second + (0,)]
    assert value == round(value)  # ganze Zahlen im Beispiel
    assert ax.get_title() == (f"Schritt 2 von {frame.num_steps}: Ausgabe "
                              f"[{', '.join(map(str, second))}] = "
                              + f"{int(round(value))}".replace("-", "−"))
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "Eingabe" in texts and "Ausgabe" in texts
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("Rand" in label for label in legend) == (padding == "same")
    plt.close(ax.figure)


def test_draw_frame_uses_given_axes():
    _, given_ax = plt.subplots()
    frame = conv_stepper.frame(*conv_stepper.example(1), 3)
    assert conv_stepper.draw_frame(frame, ax=given_ax) is given_ax
    plt.close(given_ax.figure)


def test_stepper_widget_redraws_when_the_slider_moves(monkeypatch):
    shown = []
    monkeypatch.setattr(conv_stepper, "_show", lambda out, frame: shown.append(frame))
    x, kernel = conv_stepper.example(3, filters=2)
    widget = conv_stepper.stepper(x, kernel)
    controls = widget.children[0].children
    slider = next(c for c in controls if c.description == "Schritt")
    choice = next(c for c in controls if c.description == "Filter")
    slider.value = 5
    choice.value = 1
    assert [(f.number, f.filter_index) for f in shown] == [(1, 0), (5, 0), (5, 1)]
    assert slider.max == 8


def test_demo_builds_for_every_dimension(monkeypatch):
    shown = []
    monkeypatch.setattr(conv_stepper, "_show", lambda out, frame: shown.append(frame))
    widget = conv_stepper.demo()
    options = {c.description: c for c in widget.children[0].children}
    for rank in (1, 3):
        options["Dimension"].value = rank
        assert shown[-1].rank == rank
    options["Padding"].value = "same"
    options["Stride"].value = 2
    assert shown[-1].padded.shape[:-1] == (4, 4, 4)
