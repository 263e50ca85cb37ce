"""Bilder zu 10.3: erst rechnen (testbar an der Form), dann zeichnen (ohne globale Änderungen)."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecture_utils.plots import conv_viz

matplotlib.use("Agg")


def test_filter_waveforms_are_rows_of_a_conv1d_kernel():
    kernel = np.arange(3 * 1 * 4).reshape(3, 1, 4)
    waves = conv_viz.filter_waveforms(kernel)
    assert waves.shape == (4, 3)
    np.testing.assert_array_equal(waves[2], kernel[:, 0, 2])
    with pytest.raises(ValueError, match="einem Eingabekanal"):
        conv_viz.filter_waveforms(np.zeros((3, 2, 4)))


def test_slice_indices_skip_the_empty_border():
    indices = conv_viz.slice_indices(24, 8)
    assert len(indices) == 8 and indices[0] == 4 and indices[-1] == 19
    assert list(conv_viz.slice_indices(3, 3)) == [0, 1, 2]
    with pytest.raises(ValueError, match="count"):
        conv_viz.slice_indices(24, 0)


def test_plots_return_their_axes_and_leave_rcparams_alone():
    before = dict(matplotlib.rcParams)
    rng = np.random.default_rng(0)
    axes = conv_viz.plot_signals(rng.normal(size=(8, 32, 1)), np.arange(8) % 2, ("A", "B"))
    assert axes.shape == (2, 3) and len(axes[0, 0].lines) == 1
    axes = conv_viz.plot_filters_1d(rng.normal(size=(9, 1, 6)), ncols=4)
    assert len(axes) == 8 and axes[5].get_title() == "Filter 6" and not axes[7].axison
    volume = rng.uniform(size=(24, 24, 24, 1))
    axes = conv_viz.plot_slices(volume, count=6, title="Beispiel")
    assert len(axes) == 6 and axes[0].get_title() == "z = 4"
    probabilities = np.array([[0.1, 0.8, 0.1], [0.7, 0.2, 0.1]])
    axes = conv_viz.plot_volume_predictions([volume, volume], [1, 2], probabilities,
                                            ("ohne", "hell", "dunkel"), count=4)
    label = axes[1][0].texts[0].get_text()
    assert "wahr: dunkel" in label and "Netz: ohne (70 %) ✗" in label
    assert dict(matplotlib.rcParams) == before
    plt.close("all")


def test_plot_slices_rejects_non_volumes():
    with pytest.raises(ValueError, match="Volumen"):
        conv_viz.plot_slices(np.zeros((24, 24)))


SIGNALS, LABELS = np.zeros((4, 16, 1)), np.array([0, 1, 0, 1])
VOLUMES, PROBS = np.zeros((2, 24, 8, 8)), np.array([[0.9, 0.1], [0.2, 0.8]])


@pytest.mark.parametrize("call, message", [
    (lambda: conv_viz.plot_signals(np.zeros(2), LABELS, ("a", "b")), "x braucht 3 Achsen"),
    (lambda: conv_viz.plot_signals(SIGNALS, LABELS[:2], ("a", "b")), "y braucht eine Klasse"),
    (lambda: conv_viz.plot_signals(SIGNALS, LABELS, 2), "class_names muss eine Liste"),
    (lambda: conv_viz.plot_signals(SIGNALS, LABELS, ("a", "b"), per_class=0), "per_class muss"),
    (lambda: conv_viz.plot_filters_1d(np.zeros((5, 1, 3)), ncols=0), "ncols muss eine ganze"),
    (lambda: conv_viz.filter_waveforms("falsch"), "kernel muss ein Array aus Zahlen"),
    (lambda: conv_viz.slice_indices("falsch"), "depth muss eine ganze Zahl"),
    (lambda: conv_viz.slice_indices(24, True), "count muss eine ganze Zahl"),
    (lambda: conv_viz.slice_indices(24, 25), "count muss eine ganze Zahl von 1 bis 24"),
    (lambda: conv_viz.plot_slices(VOLUMES[0], count=2.5), "count muss eine ganze Zahl"),
    (lambda: conv_viz.plot_slices(VOLUMES[0], title=3), "title muss ein Text oder None"),
    (lambda: conv_viz.plot_volume_predictions(VOLUMES, LABELS[:2], 0.5, ("a", "b")),
     "probabilities braucht 2 Achsen"),
    (lambda: conv_viz.plot_volume_predictions(VOLUMES, LABELS[:2], PROBS, ("a", "b"), count=0),
     "count muss eine ganze Zahl ab 1"),
    (lambda: conv_viz.plot_volume_predictions(VOLUMES, LABELS, PROBS, ("a", "b")),
     "Je Volumen braucht es ein Label"),
])
def test_bad_input_gives_a_german_error_naming_the_value(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
    plt.close("all")
