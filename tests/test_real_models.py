"""Echte Netze statt Attrappen: was auf der CPU in Sekunden läuft, wird wirklich gebaut und
trainiert (ein ResNet der Tiefe 8, MobileNetV2 ohne Gewichte hinter dem Hochskalieren)."""

import keras
import numpy as np
import pytest

from lecture_utils import data, models, training


@pytest.fixture(autouse=True)
def free_memory():
    yield
    keras.backend.clear_session()


def _count(model, kind):
    return sum(isinstance(layer, kind) for layer in model.layers)


def _resnet8_params(projections=True):
    """Von Hand: Konv-Schichten ohne Bias (He et al.), BatchNorm mit 4 Zahlen je Kanal."""
    conv = 3 * 3 * 3 * 16 + 2 * 3 * 3 * 16 * 16  # Eingang, Stufe 1 (16 Filter)
    conv += 3 * 3 * 16 * 32 + 3 * 3 * 32 * 32 + 3 * 3 * 32 * 64 + 3 * 3 * 64 * 64  # Stufe 2, 3
    batch_norm = 4 * (16 + 2 * 16 + 2 * 32 + 2 * 64)
    projection = (16 * 32 + 32 * 64) + 4 * (32 + 64)  # 1×1-Konv. + BN an den Stufenwechseln
    dense = 64 * 10 + 10
    return conv + batch_norm + dense + (projection if projections else 0)


@pytest.mark.parametrize("skip_connections", [True, False])
def test_resnet8_is_built_and_trained_for_real(skip_connections):
    # statt einer Attrappe: das echte ResNet der Tiefe 8 (n = 1) und sein Plain-Netz
    model = models.resnet_cifar(depth=8, skip_connections=skip_connections)
    assert model.count_params() == _resnet8_params(projections=skip_connections)
    assert _count(model, keras.layers.Add) == (3 if skip_connections else 0)
    main_path = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)
                 and not layer.name.endswith("_0_conv")]  # _0_conv: Projektion
    assert len(main_path) + _count(model, keras.layers.Dense) == 8  # 1 + 6n + 1
    # Die Abkürzung trägt: ist der zweite Zweig eines Blocks null, gibt der Block seine
    # Eingabe weiter (ReLU einer nichtnegativen Eingabe); ohne Abkürzung bleibt nur 0.
    second = model.get_layer("conv2_block1_2_conv")
    second.set_weights([np.zeros_like(w) for w in second.get_weights()])
    probe = keras.Model(model.input, [model.get_layer("conv1_relu").output,
                                      model.get_layer("conv2_block1_out").output])
    (x, y), _ = data.load_cifar10()
    x, y = training.prepare_images(x[:16]), y[:16]
    block_in, block_out = (keras.ops.convert_to_numpy(t) for t in probe(x[:2], training=False))
    assert block_in.max() > 0
    np.testing.assert_allclose(block_out, block_in if skip_connections else 0.0, atol=1e-5)
    # Zwei echte Trainingsschritte. Mit Abkürzung lernt auch die erste Konv-Schicht; im
    # Plain-Netz gibt der tote Block nur Nullen aus, die ReLU dort lässt keinen Gradienten
    # durch, und alles davor bleibt stehen.
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    before = keras.ops.convert_to_numpy(model.get_layer("conv1_conv").kernel).copy()
    history = model.fit(x, y, epochs=1, batch_size=8, verbose=0).history
    assert np.isfinite(history["loss"][0])
    after = keras.ops.convert_to_numpy(model.get_layer("conv1_conv").kernel)
    assert np.array_equal(after, before) == (not skip_connections)


def test_hand_count_of_resnet8_is_the_published_formula():
    # He et al. (2016), 4.2: 16, 32, 64 Filter; die Zählung oben ist keine Kopie der Bauanleitung
    assert _resnet8_params() == 78_714 and _resnet8_params(projections=False) == 75_770


IMAGENET_INPUT = (96, 96, 3)


def _cifar_transfer():
    """Der Aufbau aus 10.4 (Vortrainiert auf ImageNet), nur ohne Gewichte (kein Download)."""
    base = keras.applications.MobileNetV2(include_top=False, weights=None,
                                          input_shape=IMAGENET_INPUT, pooling="avg")
    base.trainable = False
    inputs = keras.Input((32, 32, 3), name="image")
    x = keras.layers.Resizing(*IMAGENET_INPUT[:2], name="resize")(inputs)
    x = keras.layers.Rescaling(2.0, offset=-1.0, name="scale")(x)
    x = base(x, training=False)
    x = keras.layers.Dropout(0.2, name="dropout")(x)
    outputs = keras.layers.Dense(10, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs, outputs, name="mobilenetv2_cifar10")
    model.compile(optimizer=keras.optimizers.RMSprop(), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model, base


def test_mobilenetv2_without_weights_trains_only_the_new_head_through_the_resize_path():
    model, base = _cifar_transfer()
    (x, y), _ = data.load_cifar10()
    x, y = training.prepare_images(x[:8]), y[:8]
    # 32×32 → 96×96, dann [0, 1] → [−1, 1] wie keras.applications.mobilenet_v2.preprocess_input
    front = keras.Model(model.input, model.get_layer("scale").output)
    scaled = keras.ops.convert_to_numpy(front(x))
    assert scaled.shape == (8, 96, 96, 3)
    resized = keras.ops.convert_to_numpy(keras.ops.image.resize(x, (96, 96)))
    expected = keras.applications.mobilenet_v2.preprocess_input(resized * 255.0)
    np.testing.assert_allclose(scaled, expected, atol=1e-4)
    # nur der neue Kopf lernt: 1280 Merkmale · 10 Klassen + 10 Bias
    assert base.output.shape == (None, 1280)
    assert sum(int(np.prod(w.shape)) for w in model.trainable_weights) == 1280 * 10 + 10
    base_before = [keras.ops.convert_to_numpy(w).copy() for w in base.weights]
    head_before = keras.ops.convert_to_numpy(model.get_layer("predictions").bias).copy()
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    # eingefroren, BatchNorm im Inferenzmodus: auch die gleitenden Mittelwerte bleiben
    for before, weight in zip(base_before, base.weights):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(weight), before, weight.path)
    # Der Kopf lernt; ohne ImageNet-Gewichte sind die Merkmale der Zufallsbasis fast 0
    # (daher überspringt 10.4 dort das Training), sichtbar wird es am Bias.
    head_after = keras.ops.convert_to_numpy(model.get_layer("predictions").bias)
    assert not np.allclose(head_after, head_before)
    probabilities = keras.ops.convert_to_numpy(model(x[:2], training=False))
    assert probabilities.shape == (2, 10)
