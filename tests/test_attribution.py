"""lecture_utils.explain.attribution: Occlusion und Grad-CAM an Modellen mit bekannter Antwort."""

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import keras
import nbformat
import numpy as np
import pytest

from lecture_utils import models
from lecture_utils.explain import attribution


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
                                      reason="die Vergleichsrechnung nutzt tf.GradientTape")


def test_grad_cam_works_with_a_skip_connection_and_uses_scores_before_softmax():
    # Unter jedem Backend, auch JAX: Die Abkürzung führt an "conv" vorbei (Issue 13).
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


def test_grad_cam_answers_bad_input_in_german():
    model = _sequential()
    image = np.zeros((8, 8, 1), "float32")
    with pytest.raises(ValueError, match="class_index.*erhalten: 3"):
        attribution.grad_cam(model, image, 3)
    with pytest.raises(ValueError, match="class_index.*True"):
        attribution.grad_cam(model, image, True)
    with pytest.raises(ValueError, match="ohne Batch-Achse"):
        attribution.grad_cam(model, image[np.newaxis], 0)
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Flatten()(keras.layers.Conv2D(2, 3)(inputs))
    two = keras.Model(inputs, [keras.layers.Dense(2)(x), keras.layers.Dense(3)(x)], name="zwei")
    with pytest.raises(ValueError, match="'zwei' hat 1 Eingaben und 2 Ausgaben"):
        attribution.grad_cam(two, image, 0)


# --- Grad-CAM an vielen Modellen gegen eine eigene Rechnung mit tf.GradientTape -------------


def _random_weights(model, seed=0):
    """Gewichte aus NumPy (unter jedem Backend dieselben); Varianzen der BN positiv."""
    rng = np.random.default_rng(seed)
    model.set_weights([np.abs(rng.normal(1.0, 0.2, v.shape)).astype("float32")
                       if "variance" in v.path else
                       rng.normal(0.0, 0.3, v.shape).astype("float32") for v in model.weights])
    return model


def _sequential():
    return keras.Sequential([keras.Input((8, 8, 1)),
                             keras.layers.Conv2D(3, 3, activation="relu", name="c1"),
                             keras.layers.Conv2D(4, 3, activation="relu", name="c2"),
                             keras.layers.Flatten(),
                             keras.layers.Dense(3, activation="softmax", name="out")],
                            name="sequential")


def _separate_softmax(layer):
    """Konv-Schicht mit Abkürzung (Projektion 1×1), GAP, Dense ohne Aktivierung, ``layer``."""
    inputs = keras.Input((8, 8, 2))
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="c1")(inputs)
    x = keras.layers.Add()([x, keras.layers.Conv2D(4, 1, name="proj")(inputs)])
    x = keras.layers.GlobalAveragePooling2D()(x)
    outputs = layer(keras.layers.Dense(3, name="out")(x))
    return keras.Model(inputs, outputs, name="separate")


def _resnet8():
    return models.resnet_cifar(8, input_shape=(16, 16, 3), num_classes=4)


MODELS = {
    # Name: (Modell bauen, Konv-Schicht (None: die letzte), woher die Scores vor der Softmax)
    "resnet_cifar": (_resnet8, None, "dense_softmax"),
    "resnet_cifar_stage3": (_resnet8, "conv3_block1_1_conv", "dense_softmax"),
    "toy_resnet": (lambda: models.toy_resnet(input_shape=(20, 20, 3), num_classes=3, filters=8),
                   "Conv_4", "logits"),
    "toy_resnet_softmax": (lambda: models.toy_resnet(input_shape=(20, 20, 3), num_classes=3,
                                                     filters=8, classifier_activation="softmax"),
                           None, "dense_softmax"),
    "sequential": (_sequential, "c1", "dense_softmax"),
    "softmax_layer": (lambda: _separate_softmax(keras.layers.Softmax()), "c1", "input"),
    "activation_softmax": (lambda: _separate_softmax(keras.layers.Activation("softmax")), None,
                           "input"),
}


def _model_and_image(key, seed=0):
    build, layer_name, scores_from = MODELS[key]
    model = _random_weights(build(), seed)
    image = np.random.default_rng(seed + 1).random(model.inputs[0].shape[1:]).astype("float32")
    return model, image, layer_name, scores_from


def _tape_grad_cam(model, image, class_index, layer_name, scores_from):
    """Grad-CAM von Hand: Feature Maps und Eingabe der letzten Schicht aus einem Modell,
    der Score vor der Softmax, der Gradient mit tf.GradientTape, α = Mittel, ReLU der Summe.
    Gibt (Gradient nach A, Heatmap) zurück."""
    import tensorflow as tf

    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    conv = convs[-1] if layer_name is None else model.get_layer(layer_name)
    last = model.layers[-1]
    grad_model = keras.Model(model.inputs[0], [conv.output, last.input])
    with tf.GradientTape() as tape:
        maps, hidden = grad_model(tf.constant(image[np.newaxis]))
        if scores_from == "dense_softmax":  # Dense mit Softmax: h · W + b
            scores = tf.matmul(hidden, last.kernel) + last.bias
        elif scores_from == "input":  # eigene Softmax-Schicht: ihre Eingabe
            scores = hidden
        else:  # Logits: die letzte Schicht selbst
            scores = last(hidden)
        score = scores[0, class_index]
    grads = tape.gradient(score, maps)
    alpha = tf.reduce_mean(grads, axis=(1, 2))
    return grads.numpy(), tf.nn.relu(tf.einsum("bhwk,bk->bhw", maps, alpha))[0].numpy()


@needs_tensorflow
@pytest.mark.parametrize("key", MODELS)
def test_grad_cam_equals_an_independent_gradient_tape_computation(key):
    model, image, layer_name, scores_from = _model_and_image(key)
    largest = 0.0
    for c in range(model.outputs[0].shape[-1]):
        _, expected = _tape_grad_cam(model, image, c, layer_name, scores_from)
        largest = max(largest, float(expected.max()))
        np.testing.assert_allclose(attribution.grad_cam(model, image, c, layer_name), expected,
                                   rtol=1e-4, atol=1e-5 * max(float(expected.max()), 1e-3))
    assert largest > 0  # nicht nur Nullen verglichen


@needs_tensorflow
@pytest.mark.parametrize("key", ["resnet_cifar", "toy_resnet", "sequential", "softmax_layer"])
def test_the_jax_way_without_tape_gives_the_same_gradients(key):
    # Unter JAX rechnet grad_cam mit den Feature Maps als zweiter Eingabe; hier unter
    # TensorFlow gegen das GradientTape geprüft, damit ein Fehler auch ohne JAX auffällt.
    model, image, layer_name, scores_from = _model_and_image(key)
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    layer = convs[-1] if layer_name is None else model.get_layer(layer_name)
    grad_model = keras.Model(model.inputs[0], [layer.output, attribution.class_scores(model)])
    expected, _ = _tape_grad_cam(model, image, 1, layer_name, scores_from)
    _, grads = attribution._gradients_with_maps_as_input(grad_model, image[np.newaxis], 1)
    assert np.abs(expected).max() > 0
    np.testing.assert_allclose(grads, expected, rtol=1e-4, atol=1e-6 * np.abs(expected).max())


CROSS_BACKEND = textwrap.dedent("""
    import sys
    import numpy as np
    sys.path.insert(0, sys.argv[1])
    import test_attribution as t
    from lecture_utils.explain import attribution
    cams = {}
    for key in sys.argv[3:]:
        model, image, layer_name, _ = t._model_and_image(key)
        cams[key] = np.stack([attribution.grad_cam(model, image, c, layer_name)
                              for c in range(model.outputs[0].shape[-1])])
    np.savez(sys.argv[2], **cams)
""")


def test_grad_cam_is_the_same_under_tensorflow_and_jax(tmp_path):
    # Dieselben Gewichte (aus NumPy) unter beiden Backends, je in einem eigenen Prozess.
    pytest.importorskip("jax")
    keys = ["resnet_cifar", "toy_resnet", "activation_softmax"]
    results = {}
    for backend in ("tensorflow", "jax"):
        path = tmp_path / f"{backend}.npz"
        env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
        done = subprocess.run([sys.executable, "-c", CROSS_BACKEND, str(Path(__file__).parent),
                               str(path), *keys], env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        results[backend] = np.load(path)
    for key in keys:
        tf_cam, jax_cam = results["tensorflow"][key], results["jax"][key]
        assert tf_cam.max() > 0, key
        np.testing.assert_allclose(jax_cam, tf_cam, rtol=1e-3, atol=1e-5 * tf_cam.max())


# --- Wahrscheinlichkeiten: genau eine Softmax ------------------------------------------------


def _softmax_by_hand(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("ending", ["logits", "dense_softmax", "softmax_layer",
                                    "activation_softmax"])
def test_probabilities_are_one_softmax_of_the_logits(ending):
    # Summe 1 hätte auch eine doppelte Softmax; verglichen wird mit der Softmax von Hand.
    rng = np.random.default_rng(3)
    kernel, bias = rng.normal(0, 2, (48, 5)).astype("float32"), rng.normal(0, 1, 5)
    x = rng.random((4, 4, 4, 3)).astype("float32")
    logits = x.reshape(4, -1) @ kernel + bias
    inputs = keras.Input((4, 4, 3))
    dense = keras.layers.Dense(5, activation="softmax" if ending == "dense_softmax" else None)
    outputs = dense(keras.layers.Flatten()(inputs))
    if ending == "softmax_layer":
        outputs = keras.layers.Softmax()(outputs)
    elif ending == "activation_softmax":
        outputs = keras.layers.Activation("softmax")(outputs)
    model = keras.Model(inputs, outputs)
    dense.set_weights([kernel, bias.astype("float32")])
    np.testing.assert_allclose(attribution.probabilities(model, x), _softmax_by_hand(logits),
                               rtol=1e-4, atol=1e-6)
    scores = keras.Model(inputs, attribution.class_scores(model))
    np.testing.assert_allclose(keras.ops.convert_to_numpy(scores(x)), logits, rtol=1e-4,
                               atol=1e-4)


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


@pytest.mark.parametrize("call, fragment", [
    (lambda m, im: attribution.occluded_images(im, 2.0), "patch_size muss eine ganze Zahl sein"),
    (lambda m, im: attribution.occluded_images(im, 2, stride=0), "stride muss eine ganze Zahl"),
    (lambda m, im: attribution.occlusion_map(m, im, 0, patch_size=True), "erhalten: True"),
    (lambda m, im: attribution.probabilities(m, im[np.newaxis], batch_size=0),
     "batch_size muss eine ganze Zahl ab 1"),
])
def test_bad_input_gives_a_german_value_error(call, fragment):
    with pytest.raises(ValueError, match=fragment):
        call(_one_pixel_model(), np.zeros((8, 8, 1), "float32"))
