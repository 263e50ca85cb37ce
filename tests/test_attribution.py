"""lecture_utils.attribution: Occlusion und Grad-CAM an Modellen mit bekannter Antwort."""

import ast
from pathlib import Path

import keras
import nbformat
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


def test_occlusion_fills_with_background_by_default():
    # MNIST: Hintergrund 0. Ein graues Quadrat (0,5) würde Tinte hinzufügen, 0 nimmt nur weg.
    image = np.ones((6, 6, 1), "float32")
    copies = attribution.occluded_images(image, patch_size=2, stride=3)
    assert copies.shape == (4, 6, 6, 1)
    np.testing.assert_array_equal(copies[0, 0:2, 0:2, 0], 0.0)
    assert copies[0].sum() == 36 - 4
    empty = attribution.occluded_images(np.zeros((6, 6, 1), "float32"), patch_size=3)
    np.testing.assert_array_equal(empty, 0.0)  # auf leerem Grund ändert die Vorgabe nichts
    with pytest.raises(ValueError, match="fill"):
        attribution.occluded_images(image, patch_size=2, fill="grau")


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
    # Score 0 = Mittel von A_0 = Bild → α_0 = 1/36, α_1 = 0; nicht normiert
    np.testing.assert_allclose(cam, image[..., 0] / 36, rtol=1e-5)
    np.testing.assert_array_equal(attribution.grad_cam(model, image, class_index=1), 0.0)


def _residual_cam_model():
    """x → conv (A) → A + x (Skip Connection) → GAP → Dense mit Softmax.

    Die Abkürzung führt an der Schicht ``conv`` vorbei; ein Netz, das man an ``conv``
    zerschneidet, gäbe es hier nicht. Score_c = Σ_k W[k, c] · mean(A_k + x_k) + b_c, also
    ∂Score_c/∂A_k[i, j] = W[k, c] / (h·w).
    """
    inputs = keras.Input((5, 5, 3))
    a = keras.layers.Conv2D(3, 3, padding="same", activation="relu", name="conv")(inputs)
    x = keras.layers.Add(name="add")([a, inputs])
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(4, activation="softmax", name="out")(x)
    return keras.Model(inputs, outputs, name="residual")


needs_tensorflow = pytest.mark.skipif(keras.config.backend() != "tensorflow",
                                      reason="die Notebook-Funktion nutzt tf.GradientTape")


@pytest.mark.skipif(keras.config.backend() == "jax",
                    reason="unter JAX: siehe test_grad_cam_under_jax_names_the_skip_connection")
def test_grad_cam_works_with_a_skip_connection_and_uses_scores_before_softmax():
    keras.utils.set_random_seed(4)
    model = _residual_cam_model()
    image = np.random.default_rng(4).random((5, 5, 3)).astype("float32")
    maps = keras.ops.convert_to_numpy(
        keras.Model(model.inputs[0], model.get_layer("conv").output)(image[np.newaxis]))[0]
    kernel = model.get_layer("out").get_weights()[0]  # (3, 4)
    for c in range(4):
        expected = np.maximum((maps * (kernel[:, c] / 25)).sum(axis=-1), 0.0)
        np.testing.assert_allclose(attribution.grad_cam(model, image, c, "conv"), expected,
                                   rtol=1e-4, atol=1e-6)


@pytest.mark.skipif(keras.config.backend() != "jax", reason="nur unter JAX")
def test_grad_cam_under_jax_names_the_skip_connection():
    # Unter JAX teilt grad_cam das Modell an der Schicht; führt eine Skip Connection daran
    # vorbei, kommt ein deutscher Fehler statt eines falschen Ergebnisses (Issue: lecture_utils).
    model = _residual_cam_model()
    image = np.zeros((5, 5, 3), dtype="float32")
    with pytest.raises(ValueError, match="Skip Connection"):
        attribution.grad_cam(model, image, 0, "conv")


def test_grad_cam_needs_a_dense_output_layer():
    inputs = keras.Input((6, 6, 1))
    x = keras.layers.Conv2D(2, 3, name="conv")(inputs)
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = keras.layers.Activation("softmax", name="softmax")(x)
    with pytest.raises(ValueError, match="Dense"):
        attribution.grad_cam(keras.Model(inputs, outputs), np.zeros((6, 6, 1)), 0)


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
    assert cam.shape == (7, 7) and cam.min() >= 0.0
    with pytest.raises(ValueError, match="class_index"):
        attribution.grad_cam(model, image, 10)
    with pytest.raises(ValueError, match="keine Konv-Schicht"):
        attribution.grad_cam(model, image, 3, layer_name="FC1")


def test_probabilities_apply_softmax_to_logits():
    model = keras.Sequential([keras.Input((4, 4, 3)), keras.layers.Flatten(),
                              keras.layers.Dense(5)])  # gibt Logits aus
    x = np.random.default_rng(3).random((2, 4, 4, 3)).astype("float32")
    np.testing.assert_allclose(attribution.probabilities(model, x).sum(axis=1), 1.0, rtol=1e-5)


# ---------------------------------------------------------------------------
# Die sichtbare Keras-Funktion aus Notebook 10.4 rechnet dasselbe wie das Paket
# ---------------------------------------------------------------------------

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "10_4_weiterfuehrende_themen.ipynb"


def _notebook_grad_cam():
    """Die Importe und ``def grad_cam`` aus der Zelle des Notebooks, ausgeführt."""
    cells = [c for c in nbformat.read(NOTEBOOK, 4).cells
             if c.cell_type == "code" and "def grad_cam(" in c.source]
    assert len(cells) == 1, "genau eine Zelle des Notebooks soll grad_cam definieren"
    tree = ast.parse(cells[0].source)
    keep = [node for node in tree.body
            if isinstance(node, (ast.Import, ast.ImportFrom))
            or isinstance(node, ast.FunctionDef) and node.name == "grad_cam"]
    namespace = {"keras": keras, "np": np}
    exec(compile(ast.Module(keep, type_ignores=[]), str(NOTEBOOK), "exec"), namespace)
    return namespace["grad_cam"]



@needs_tensorflow
def test_notebook_grad_cam_matches_the_known_answer_with_a_skip_connection():
    notebook_grad_cam = _notebook_grad_cam()
    keras.utils.set_random_seed(5)
    model = _residual_cam_model()
    image = np.random.default_rng(5).random((5, 5, 3)).astype("float32")
    maps = keras.ops.convert_to_numpy(
        keras.Model(model.inputs[0], model.get_layer("conv").output)(image[np.newaxis]))[0]
    kernel = model.get_layer("out").get_weights()[0]
    for c in range(4):  # ∂Score_c/∂A_k = W[k, c] / 25, siehe _residual_cam_model
        expected = np.maximum((maps * (kernel[:, c] / 25)).sum(axis=-1), 0.0)
        np.testing.assert_allclose(notebook_grad_cam(model, image, c, "conv"), expected,
                                   rtol=1e-4, atol=1e-6)


@needs_tensorflow
@pytest.mark.parametrize("build, layer", [(_residual_cam_model, "conv"),
                                          (models.mnist_cnn, "Conv3"),
                                          (models.mnist_cnn, "Conv4")])
def test_notebook_grad_cam_equals_the_package(build, layer):
    notebook_grad_cam = _notebook_grad_cam()
    keras.utils.set_random_seed(6)
    model = build()
    image = np.random.default_rng(6).random(model.inputs[0].shape[1:]).astype("float32")
    for c in range(model.outputs[0].shape[-1]):
        ours = notebook_grad_cam(model, image, c, layer)
        np.testing.assert_allclose(ours, attribution.grad_cam(model, image, c, layer),
                                   rtol=1e-4, atol=1e-7)
    assert ours.shape == model.get_layer(layer).output.shape[1:3]
