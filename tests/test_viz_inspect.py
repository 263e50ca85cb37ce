"""lecture_utils.plots.viz_inspect: Jede Zeichenfunktion gibt ihre Achsen zurück und lässt die
globalen matplotlib-Einstellungen in Ruhe."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecture_utils import models
from lecture_utils.arithmetic import receptive
from lecture_utils.explain import top_patches
from lecture_utils.plots import viz_inspect
from lecture_utils.training import transfer  # noqa: E402

RNG = np.random.default_rng(0)


def _top(channels=1, k=9):
    field = receptive.ReceptiveField("Conv2", (8, 8), (2, 2), (-3, -3), (14, 14))
    return top_patches.TopPatches(RNG.random((k, 8, 8, channels)), np.linspace(2, 1, k),
                                np.zeros((k, 3), int), field)


def _table():
    accuracy = {"scratch": np.array([[0.5, 0.6], [0.8, 0.9]]),
                "finetune": np.array([[0.7, 0.7], [0.9, 0.92]])}
    return transfer.TransferTable((1, 10), accuracy,
                                  {"scratch": "ohne Vorwissen", "finetune": "Fine-Tuning"})


DRAWINGS = {
    "plot_image": lambda ax: viz_inspect.plot_image(RNG.random((28, 28, 1)), ax=ax, title="Bild"),
    "plot_filter_grid": lambda ax: viz_inspect.plot_filter_grid(RNG.random((7, 15)), ax=ax),
    "plot_kernel_gray": lambda ax: viz_inspect.plot_kernel(RNG.normal(size=(3, 3, 1)), ax=ax),
    "plot_kernel_rgb": lambda ax: viz_inspect.plot_kernel(RNG.normal(size=(5, 5, 3)), ax=ax),
    "plot_kernel_deep": lambda ax: viz_inspect.plot_kernel(RNG.normal(size=(3, 3, 32)), ax=ax),
    "plot_class_means": lambda ax: viz_inspect.plot_class_means(RNG.random((10, 16)), ax=ax),
    "plot_heatmap": lambda ax: viz_inspect.plot_heatmap(RNG.random((28, 28, 1)),
                                                        RNG.random((7, 7)), ax=ax),
    "plot_heatmap_symmetric": lambda ax: viz_inspect.plot_heatmap(
        RNG.random((32, 32, 3)), RNG.normal(size=(32, 32)), ax=ax, symmetric=True),
    "plot_receptive_fields": lambda ax: viz_inspect.plot_receptive_fields(
        RNG.random((28, 28, 1)), receptive.receptive_fields(models.mnist_cnn()), ax=ax),
    "plot_transfer": lambda ax: viz_inspect.plot_transfer(_table(), ax=ax),
}


@pytest.mark.parametrize("name", DRAWINGS)
def test_drawing_uses_the_given_axes_and_leaves_rcparams_alone(name):
    before = dict(plt.rcParams)
    fig, ax = plt.subplots()
    assert DRAWINGS[name](ax) is ax
    assert dict(plt.rcParams) == before
    plt.close(fig)


@pytest.mark.parametrize("name", DRAWINGS)
def test_drawing_creates_axes_when_none_are_given(name):
    ax = DRAWINGS[name](None)
    assert ax.figure is not None and ax.has_data() or ax.images
    plt.close(ax.figure)


def test_feature_maps_one_row_per_layer():
    maps = {"Conv1": RNG.random((28, 28, 32)), "Conv4": RNG.random((3, 3, 16))}
    axes = viz_inspect.plot_feature_maps(maps, channels=4)
    assert axes.shape == (2, 4) and all(ax.images for ax in axes.ravel())
    plt.close(axes[0, 0].figure)


def test_top_patches_grid_beside_the_filter():
    kernel_ax, patch_axes = viz_inspect.plot_top_patches(_top(), RNG.normal(size=(3, 3, 1)))
    assert len(patch_axes) == 9 and kernel_ax.images and all(ax.images for ax in patch_axes)
    plt.close(kernel_ax.figure)
    blocks = viz_inspect.top_patch_axes(3, ncols=2)
    assert len(blocks) == 3 and all(len(patches) == 9 for _, patches in blocks)
    viz_inspect.plot_top_patches(_top(channels=3, k=4), axes=blocks[0])
    assert not blocks[0][0].axison  # ohne Filter bleibt die Achse leer
    plt.close(blocks[0][0].figure)


def test_transfer_plot_has_one_line_per_strategy_and_german_labels():
    ax = viz_inspect.plot_transfer(_table())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["ohne Vorwissen", "Fine-Tuning"]
    assert "pro Klasse" in ax.get_xlabel()
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.55, 0.85])
    plt.close(ax.figure)


def test_heatmaps_share_one_scale_when_given_vmax():
    weak, strong = np.full((7, 7), 0.2), np.full((7, 7), 2.0)
    fig, axes = plt.subplots(1, 2)
    for heat, ax in zip((weak, strong), axes):
        viz_inspect.plot_heatmap(RNG.random((28, 28, 1)), heat, ax=ax, vmax=2.0)
    assert [ax.images[-1].get_clim() for ax in axes] == [(0.0, 2.0), (0.0, 2.0)]
    own = viz_inspect.plot_heatmap(RNG.random((28, 28, 1)), weak, ax=axes[0])
    assert own.images[-1].get_clim()[1] == pytest.approx(0.2)  # ohne vmax: eigenes Maximum
    with pytest.raises(ValueError, match="vmax"):
        viz_inspect.plot_heatmap(RNG.random((28, 28, 1)), weak, vmax=0)
    plt.close("all")


@pytest.mark.parametrize("call, fragment", [
    (lambda: viz_inspect.plot_image(np.zeros((4, 4, 2))), r"erhalten: Form \(4, 4, 2\)"),
    (lambda: viz_inspect.plot_image(np.zeros(5)), r"erhalten: Form \(5,\)"),
    (lambda: viz_inspect.plot_feature_maps({"c": np.zeros((3, 3, 2))}, channels=0),
     "channels muss eine ganze Zahl ab 1 sein, erhalten: 0"),
    (lambda: viz_inspect.plot_feature_maps({}, channels=2), "nicht leeres dict"),
    (lambda: viz_inspect.top_patch_axes(2.5), r"n muss eine ganze Zahl sein, erhalten: 2.5"),
    (lambda: viz_inspect.top_patch_axes(2, ncols=True), "ncols muss eine ganze Zahl sein"),
])
def test_bad_input_gives_a_german_value_error(call, fragment):
    with pytest.raises(ValueError, match=fragment):
        call()
    plt.close("all")
