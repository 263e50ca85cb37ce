"""lecture_utils.attribution: Occlusion und Grad-CAM an Modellen mit bekannter Antwort."""

import keras
import numpy as np
import pytest

from lecture_utils import attribution, models


def _one_pixel_model():
    """8×8 → FC mit Softmax; nur Pixel (2, 5) zählt, und nur für Klasse 0."""
    inputs = keras.Input((8, 8, 1))
    outputs = keras.layers.Dense(2, activation="softmax", name="out")(
        keras.layers.Flatten()(inputs))
    model = keras.Model(inputs, outputs)
    kernel = np.zeros((64, 2), "float32")
    kernel[2 * 8 + 5, 0] = 5.0
    model.get_layer("out").set_weights([kernel, np.zeros(2, "float32")])
    return model


def test_occlusion_drops_only_where_the_patch_covers_the_important_pixel():
    image = np.zeros((8, 8, 1), "float32")
    image[2, 5] = 1.0
    drop = attribution.occlusion_map(_one_pixel_model(), image, label=0, patch_size=3, fill=0.0)
    assert drop.shape == (8, 8)
    rows, cols = np.mgrid[0:8, 0:8]
    covers = (abs(rows - 2) <= 1) & (abs(cols - 5) <= 1)
    full = 1 / (1 + np.exp(-5.0))  # Softmax von (5, 0), Klasse 0
    np.testing.assert_allclose(drop[covers], full - 0.5, rtol=1e-5)
    np.testing.assert_allclose(drop[~covers], 0.0, atol=1e-6)


def test_occlusion_with_stride_and_invalid_arguments():
    image = np.zeros((8, 8, 1), "float32")
    model = _one_pixel_model()
    assert attribution.occlusion_map(model, image, 0, patch_size=3, stride=3).shape == (3, 3)
    copies = attribution.occluded_images(image, patch_size=2, stride=4, fill=1.0)
    assert copies.shape == (4, 8, 8, 1) and copies[0, 1:3, 1:3].all() and copies[0].sum() == 4
    with pytest.raises(ValueError, match="patch_size"):
        attribution.occlusion_map(model, image, 0, patch_size=0)
    with pytest.raises(ValueError, match="label"):
        attribution.occlusion_map(model, image, 5)
    with pytest.raises(ValueError, match="ohne Batch-Achse"):
        attribution.occlusion_map(model, image[np.newaxis], 0)


def _linear_cam_model():
    """Filter 0 = Bild, Filter 1 = −Bild; Score Klasse 0 = Mittel von Filter 0, Klasse 1 = von 1."""
    inputs = keras.Input((6, 6, 1))
    x = keras.layers.Conv2D(2, 1, use_bias=False, name="conv")(inputs)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(2, use_bias=False, activation="softmax", name="out")(x)
    model = keras.Model(inputs, outputs)
    model.get_layer("conv").set_weights([np.array([1.0, -1.0], "float32").reshape(1, 1, 1, 2)])
    model.get_layer("out").set_weights([np.eye(2, dtype="float32")])
    return model


def test_grad_cam_of_a_known_linear_model():
    model = _linear_cam_model()
    image = np.random.default_rng(0).uniform(0.1, 1.0, (6, 6, 1)).astype("float32")
    cam = attribution.grad_cam(model, image, class_index=0)
    np.testing.assert_allclose(cam, image[..., 0] / image.max(), rtol=1e-5)
    np.testing.assert_array_equal(attribution.grad_cam(model, image, class_index=1), 0.0)


def test_split_model_gives_features_and_logits():
    model = _linear_cam_model()
    features, head = attribution.split_model(model)
    x = np.random.default_rng(1).random((3, 6, 6, 1)).astype("float32")
    logits = keras.ops.convert_to_numpy(head(features(x)))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(keras.ops.softmax(logits)),
                               keras.ops.convert_to_numpy(model(x)), rtol=1e-5)
    np.testing.assert_allclose(logits[:, 0], x.mean(axis=(1, 2, 3)), rtol=1e-5)


def test_grad_cam_shape_follows_the_chosen_layer():
    model = models.mnist_cnn()
    image = np.random.default_rng(2).random((28, 28, 1)).astype("float32")
    assert attribution.grad_cam(model, image, 3).shape == (3, 3)  # Conv4
    cam = attribution.grad_cam(model, image, 3, layer_name="Conv3")
    assert cam.shape == (7, 7) and 0.0 <= cam.min() and cam.max() <= 1.0
    with pytest.raises(ValueError, match="class_index"):
        attribution.grad_cam(model, image, 10)
    with pytest.raises(ValueError, match="keine Konv-Schicht"):
        attribution.grad_cam(model, image, 3, layer_name="FC1")


def test_probabilities_apply_softmax_to_logits():
    model = keras.Sequential([keras.Input((4, 4, 3)), keras.layers.Flatten(),
                              keras.layers.Dense(5)])  # gibt Logits aus
    x = np.random.default_rng(3).random((2, 4, 4, 3)).astype("float32")
    np.testing.assert_allclose(attribution.probabilities(model, x).sum(axis=1), 1.0, rtol=1e-5)
