"""explain.inspection und arithmetic.receptive an einem winzigen Modell, gegen Keras
und von Hand."""

import keras
import numpy as np
import pytest

from lecture_utils import models
from lecture_utils.arithmetic import receptive
from lecture_utils.core import checks, keras_tools
from lecture_utils.explain import inspection
from lecture_utils.training import recipes


@pytest.fixture(scope="module")
def tiny():
    """12×12×1 → Conv 'c1' (4 Filter, same) → Pool 'p1' → Conv 'c2' (3 Filter, valid) → FC."""
    keras.utils.set_random_seed(1)
    inputs = keras.Input((12, 12, 1))
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="c1")(inputs)
    x = keras.layers.MaxPooling2D(2, name="p1")(x)
    x = keras.layers.Conv2D(3, 3, activation="relu", name="c2")(x)
    x = keras.layers.Flatten(name="flat")(x)
    outputs = keras.layers.Dense(3, activation="softmax", name="out")(x)
    return keras.Model(inputs, outputs)


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).random((20, 12, 12, 1)).astype("float32")


# --- Filter -------------------------------------------------------------------


def test_tile_places_images_row_by_row_with_nan_gaps():
    grid = inspection.tile(np.arange(3 * 2 * 2).reshape(3, 2, 2), ncols=2, pad=1)
    assert grid.shape == (5, 5)
    np.testing.assert_array_equal(grid[3:5, 0:2], [[8, 9], [10, 11]])
    assert np.isnan(grid[2]).all() and np.isnan(grid[:, 2]).all()
    assert np.isnan(grid[3:, 3:]).all()  # leeres viertes Feld


def test_filter_grid_shows_each_filter_scaled_to_0_1(tiny):
    grid = inspection.filter_grid(tiny)  # erste Konv-Schicht: 4 Filter 3×3, eine Zeile
    assert grid.shape == (3, 4 * 4 - 1)
    kernel = tiny.get_layer("c1").get_weights()[0]
    np.testing.assert_allclose(grid[:, 4:7], inspection.normalize(kernel[:, :, 0, 1]), rtol=1e-6)
    tiles = grid[~np.isnan(grid)]
    assert tiles.min() == 0.0 and tiles.max() == 1.0


def test_filter_grid_in_color_and_its_limits():
    inputs = keras.Input((8, 8, 3))
    x = keras.layers.Conv2D(5, 3, name="rgb")(inputs)
    x = keras.layers.MaxPooling2D(2, name="pool")(x)
    model = keras.Model(inputs, keras.layers.Conv2D(2, 3, name="deep")(x))
    assert inspection.filter_grid(model, ncols=3).shape == (2 * 4 - 1, 3 * 4 - 1, 3)
    with pytest.raises(ValueError, match="5"):
        inspection.filter_grid(model, "deep")  # 5 Eingangskanäle
    with pytest.raises(ValueError, match="keine Konv-Schicht"):
        inspection.filter_grid(model, "pool")


def test_kernel_grid_of_a_weight_change(tiny):
    kernel = tiny.get_layer("c1").get_weights()[0]
    np.testing.assert_allclose(inspection.kernel_grid(2 * kernel - 1),
                               inspection.filter_grid(tiny), atol=1e-6)  # je Filter skaliert
    with pytest.raises(ValueError, match=r"Form \(3, 3, 1\)"):
        inspection.kernel_grid(kernel[..., 0])


def test_cifar_lenet_model_always_starts_from_the_same_weights():
    first, second = recipes.cifar_lenet_model(), recipes.cifar_lenet_model()
    for a, b in zip(first.get_weights(), second.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_kernel_and_invalid_filter(tiny):
    np.testing.assert_array_equal(inspection.kernel(tiny, "c2", 2),
                                  tiny.get_layer("c2").get_weights()[0][..., 2])
    with pytest.raises(ValueError, match="0 bis 2.*erhalten: 3"):
        inspection.kernel(tiny, "c2", 3)
    with pytest.raises(ValueError, match="Keine Schicht namens 'c9'.*c1, p1"):
        inspection.kernel(tiny, "c9", 0)


# --- Aktivierungen -------------------------------------------------------------


def test_feature_maps_agree_with_keras(tiny, images):
    maps = inspection.feature_maps(tiny, images[3])
    assert list(maps) == ["c1", "c2"]
    assert maps["c1"].shape == (12, 12, 4) and maps["c2"].shape == (4, 4, 3)
    reference = keras.Model(tiny.inputs[0], tiny.get_layer("c2").output)(images[3:4])
    np.testing.assert_allclose(maps["c2"], keras.ops.convert_to_numpy(reference)[0], rtol=1e-5)
    np.testing.assert_allclose(inspection.activations(tiny, images, "c2", batch_size=7)[3],
                               maps["c2"], rtol=1e-5)


def test_class_means_average_over_positions_then_images(tiny, images):
    labels = np.arange(20) % 3
    means = inspection.class_means(tiny, images, labels)
    assert means.shape == (3, 3)  # Klassen × Filter der letzten Konv-Schicht c2
    acts = inspection.activations(tiny, images, "c2")
    expected = acts[labels == 1].mean(axis=(0, 1, 2))
    np.testing.assert_allclose(means[1], expected, rtol=1e-5)
    with pytest.raises(ValueError, match=r"\[3\]"):
        inspection.class_means(tiny, images, labels, num_classes=4)


# --- Rezeptives Feld ------------------------------------------------------------


def test_receptive_fields_of_the_blog_cnn():
    fields = receptive.receptive_fields(models.mnist_cnn())
    assert [f.layer for f in fields] == ["Conv1", "Pool1", "Conv2", "Pool2", "Conv3", "Pool3",
                                         "Conv4"]
    # r ← r + (k − 1)·j, j ← j·s (von Hand)
    assert [f.size[0] for f in fields] == [3, 4, 8, 10, 18, 22, 38]
    assert [f.jump[0] for f in fields] == [1, 2, 2, 4, 4, 8, 8]
    assert fields[-1].output_shape == (3, 3)


def _linear_model():
    """Ohne Aktivierungen, mit positiven Gewichten: Jedes Pixel im Feld wirkt sicher."""
    inputs = keras.Input((16, 16, 1))
    x = keras.layers.Conv2D(2, 3, padding="same", name="a")(inputs)
    x = keras.layers.AveragePooling2D(2, name="b")(x)
    x = keras.layers.Conv2D(2, 3, strides=2, padding="same", name="c")(x)
    x = keras.layers.Dropout(0.5, name="d")(x)
    x = keras.layers.Conv2D(1, (2, 3), name="e")(x)
    model = keras.Model(inputs, x)
    rng = np.random.default_rng(0)
    model.set_weights([rng.uniform(0.1, 1.0, w.shape).astype("float32")
                       for w in model.get_weights()])
    return model


@pytest.mark.parametrize("layer", ["a", "b", "c", "e"])
def test_receptive_field_is_exactly_the_window_that_changes_the_neuron(layer):
    model = _linear_model()
    field = receptive.receptive_field(model, layer)
    probe = keras.Model(model.inputs[0], model.get_layer(layer).output)
    # Bild 0 ist schwarz, Bild 1 + i hat nur Pixel i = 1
    pixels = np.concatenate([np.zeros((1, 256)), np.eye(256)]).reshape(-1, 16, 16, 1)
    out = keras.ops.convert_to_numpy(probe(pixels.astype("float32")))[..., 0]
    changed = np.abs(out[1:] - out[0]) > 1e-4 * np.abs(out).max()
    rows, cols = field.output_shape
    assert changed.shape[1:] == (rows, cols)
    for row, col in [(0, 0), (rows // 2, cols // 2), (rows - 1, cols - 1)]:
        win_rows, win_cols = field.window(row, col)  # kann links/oben im Padding beginnen
        window = np.zeros((16, 16), bool)
        window[max(win_rows.start, 0):win_rows.stop, max(win_cols.start, 0):win_cols.stop] = True
        np.testing.assert_array_equal(changed[:, row, col].reshape(16, 16), window,
                                      err_msg=f"{layer} Neuron {(row, col)}")


def test_receptive_field_needs_image_positions():
    with pytest.raises(ValueError, match="Flatten"):
        receptive.receptive_field(models.mnist_cnn(), "FC1")


def test_neuron_at_finds_the_window_around_a_pixel():
    field = receptive.receptive_field(models.mnist_cnn(), "Conv3")  # 7×7 Positionen
    rows, cols = field.window(*field.neuron_at(13.5, 13.5))
    assert rows.start <= 13 < rows.stop and cols.start <= 13 < cols.stop
    assert field.neuron_at(-100, 100) == (0, 6)


BAD_CALLS = [
    (lambda m, x: keras_tools.get_layer(m, np.zeros(2)), "Keine Schicht namens"),
    (lambda m, x: inspection.conv_layer(m, default=2.5), "default muss eine ganze Zahl"),
    (lambda m, x: inspection.conv_layer(m, default=5), "default muss eine ganze Zahl von -2 bis 1"),
    (lambda m, x: inspection.tile(np.zeros((3, 4, 4)), ncols=True), "ncols muss eine ganze Zahl"),
    (lambda m, x: inspection.tile(np.zeros((3, 4, 4)), pad=-1), "pad muss eine ganze Zahl ab 0"),
    (lambda m, x: inspection.tile("falsch"), "images muss ein Array aus Zahlen"),
    (lambda m, x: inspection.normalize("falsch"), "x muss ein Array aus Zahlen"),
    (lambda m, x: inspection.filter_grid(m, ncols=0), "ncols muss eine ganze Zahl ab 1"),
    (lambda m, x: inspection.kernel_grid("falsch"), "weights muss ein Array aus Zahlen"),
    (lambda m, x: inspection.kernel(m, "c1", True), "filter_index muss eine ganze Zahl"),
    (lambda m, x: checks.index(0, 2.5, "index"), "size muss eine ganze Zahl"),
    (lambda m, x: inspection.feature_model(m, "c1"), "layer_names muss eine Liste"),
    (lambda m, x: keras_tools.as_batch(2.5), r"Stapel mit Batch-Achse, erhalten: Form \(\)"),
    (lambda m, x: keras_tools.predict(m, x, batch_size=0), "batch_size muss eine ganze Zahl ab 1"),
    (lambda m, x: inspection.activations(m, x, "c1", batch_size=-1), "batch_size muss"),
    (lambda m, x: inspection.feature_maps(m, 0), "Stapel mit Batch-Achse"),
    (lambda m, x: inspection.feature_maps(m, x[0], layer_names=-1), "layer_names muss"),
    (lambda m, x: inspection.class_means(m, x, np.zeros(2)), "labels braucht eine Klassennummer"),
    (lambda m, x: inspection.class_means(m, x, np.arange(20) % 3, num_classes=0),
     "num_classes muss eine ganze Zahl ab 1"),
    (lambda m, x: receptive.receptive_field(m, np.zeros(2)), "Keine Schicht namens"),
]


@pytest.mark.parametrize("number", range(len(BAD_CALLS)))
def test_bad_input_gives_a_german_error_naming_the_value(tiny, images, number):
    call, message = BAD_CALLS[number]
    with pytest.raises((ValueError, TypeError), match=message):
        call(tiny, images)
