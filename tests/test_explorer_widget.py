"""Explorer-Widget: die Ansicht wird ohne Browser berechnet und geprüft."""

import matplotlib

matplotlib.use("Agg")

import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecture_utils import inspection, receptive  # noqa: E402
from lecture_utils.widgets import explorer  # noqa: E402


@pytest.fixture(scope="module")
def model():
    keras.utils.set_random_seed(2)
    inputs = keras.Input((10, 10, 1))
    x = keras.layers.Conv2D(3, 3, padding="same", activation="relu", name="c1")(inputs)
    x = keras.layers.MaxPooling2D(2, name="p1")(x)
    x = keras.layers.Conv2D(5, 3, activation="relu", name="c2")(x)
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.Flatten()(x))
    return keras.Model(inputs, outputs)


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(1).random((12, 10, 10, 1)).astype("float32")


def test_view_shows_filter_feature_map_and_top_patches(model, images):
    view = explorer.explorer_view(model, images, "c2", filter_index=4, image_index=7, k=4)
    acts = inspection.activations(model, images, "c2")
    np.testing.assert_allclose(view.feature_map, acts[7, ..., 4], rtol=1e-5)
    assert view.kernel.shape == (3, 3, 3)
    assert view.strongest == np.unravel_index(acts[7, ..., 4].argmax(), (3, 3))
    expected = receptive.top_patches(model, images, "c2", 4, k=4)
    np.testing.assert_array_equal(view.top.positions, expected.positions)
    assert "c2 · Filter 4 · Bild 7" in view.caption and "8×8 Pixel" in view.caption


def test_view_uses_given_activations(model, images):
    fake = np.zeros((12, 10, 10, 3), "float32")
    fake[5, 2, 3, 1] = 9.0
    view = explorer.explorer_view(model, images, "c1", 1, 5, layer_activations=fake)
    assert view.strongest == (2, 3) and tuple(view.top.positions[0]) == (5, 2, 3)


@pytest.mark.parametrize("layer, filter_index, image_index, message", [
    ("p1", 0, 0, "keine Konv-Schicht"),
    ("c1", 3, 0, "filter_index"),
    ("c1", 0, 12, "Bildnummer"),
])
def test_invalid_settings_are_german_errors(model, images, layer, filter_index, image_index,
                                            message):
    with pytest.raises(ValueError, match=message):
        explorer.explorer_view(model, images, layer, filter_index, image_index)


def test_draw_view_returns_a_figure(model, images):
    fig = explorer.draw_view(explorer.explorer_view(model, images, "c1", 0, 0))
    assert len(fig.axes) == 1 + 1 + 1 + 9
    plt.close(fig)


def test_widget_follows_the_layer(model, images):
    widget = explorer.Explorer(model, images[:6], k=4)
    assert widget.layer.options == ("c1", "c2") and widget.filter.max == 2
    widget.layer.value = "c2"
    assert widget.filter.max == 4 and "c2" in widget._activations
    widget.filter.value = 4
    assert widget.view().filter_index == 4
    widget.layer.value = "c1"  # weniger Filter: der Regler rückt zurück
    assert widget.filter.value == 2
    plt.close("all")
