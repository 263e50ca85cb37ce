"""Explorer-Widget: die Ansicht wird ohne Browser berechnet und geprüft."""

import matplotlib

matplotlib.use("Agg")

import keras  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

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
    # Erwartung mit Keras selbst, nicht mit den Funktionen, die das Widget aufruft
    c2 = keras.Model(model.input, model.get_layer("c2").output)
    maps = keras.ops.convert_to_numpy(c2(images))[..., 4]  # (12, 3, 3): 10 → Pool 5 → 3
    np.testing.assert_allclose(view.feature_map, maps[7], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(view.kernel,
                                  keras.ops.convert_to_numpy(model.get_layer("c2").kernel)[..., 4])
    row, col = divmod(int(np.argmax(maps[7])), 3)
    assert view.strongest == (row, col)
    # die k = 4 Bilder mit der stärksten Aktivierung, je Bild seine stärkste Position
    order = sorted(range(12), key=lambda n: -maps[n].max())[:4]
    strongest = [maps[n].max() for n in order]
    assert len(set(strongest)) == 4 and min(strongest) > 0  # eine eindeutige Reihenfolge
    expected = [(n, *divmod(int(np.argmax(maps[n])), 3)) for n in order]
    assert [tuple(int(v) for v in p) for p in view.top.positions] == expected
    # Rezeptives Feld von Hand: c1 (3×3, same) 3 Pixel, Pool (2, Stride 2) 4, c2 (3×3) 4 + 2·2
    # = 8 Pixel; Neuron (r, c) sieht die Zeilen 2r − 1 … 2r + 6 (außerhalb des Bildes: 0)
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1), (0, 0)))
    assert view.top.patches.shape == (4, 8, 8, 1)
    for patch, (n, r, c) in zip(view.top.patches, expected):
        np.testing.assert_array_equal(patch, padded[n, 2 * r:2 * r + 8, 2 * c:2 * c + 8])
    assert "c2 · Filter 4 · Bild 7" in view.caption and "8×8 Pixel" in view.caption
    assert f"Position {(row, col)}" in view.caption


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
