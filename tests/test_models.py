"""lecture_utils.models: Parameterzahlen, Schichtnamen und Fehlermeldungen.

Referenzen sind die veröffentlichten Zahlen (Papers, torchvision), die
Ausgaben im Kapitel und im Blog sowie ``keras.applications`` selbst.
Große Netze (VGG-16, AlexNet, ResNet-152) werden je Test höchstens einmal gebaut.
"""

import gc
import math

import keras
import numpy as np
import pytest

from lecture_utils import models

# builder, kwargs, Parameter gesamt, davon trainierbar, Klassen, Schichten mit Gewichten
MODELS = {
    "lenet5": (models.lenet5, {}, 61_706, 61_706, 10, 5),
    "lenet5_relu_max": (models.lenet5, {"activation": "relu", "pooling": "max"},
                        61_706, 61_706, 10, 5),
    "lenet5_mnist28": (models.lenet5, {"input_shape": (28, 28, 1)}, 44_426, 44_426, 10, 5),
    "mnist_cnn": (models.mnist_cnn, {}, 43_290, 43_290, 10, 6),
    "alexnet": (models.alexnet, {}, 62_378_344, 62_378_344, 1000, 8),
    "alexnet_cifar": (models.alexnet, {"input_shape": (32, 32, 3), "num_classes": 10},
                      29_978_506, 29_978_506, 10, 8),
    "vgg16": (models.vgg16, {}, 138_357_544, 138_357_544, 1000, 16),
    "vgg16_cifar_fc512": (models.vgg16,
                          {"input_shape": (32, 32, 3), "num_classes": 10, "fc_units": 512},
                          15_245_130, 15_245_130, 10, 16),
    # trainierbar = torchvision (BN-Statistiken sind nicht trainierbar)
    "resnet18": (models.resnet18, {}, 11_699_112, 11_689_512, 1000, 18),
    "resnet34": (models.resnet34, {}, 21_814_696, 21_797_672, 1000, 34),
    "resnet50": (models.resnet50, {}, 25_610_152, 25_557_032, 1000, 50),
    "resnet152": (models.resnet152, {}, 60_344_232, 60_192_808, 1000, 152),
    # He et al.: ResNet-20 „0,27 Mio.“ (dort ohne Projektionen, hier mit)
    "resnet_cifar20": (models.resnet_cifar, {}, 274_042, 272_474, 10, 20),
    "resnet_cifar32": (models.resnet_cifar, {"depth": 32}, 469_370, 466_906, 10, 32),
    "resnet_cifar56": (models.resnet_cifar, {"depth": 56}, 860_026, 855_770, 10, 56),
    "plain_cifar20": (models.resnet_cifar, {"skip_connections": False},
                      271_098, 269_722, 10, 20),
    "toy_resnet": (models.toy_resnet, {}, 223_242, 223_242, 10, 9),
    "toy_resnet_plain": (models.toy_resnet, {"skip_connections": False},
                         223_242, 223_242, 10, 9),
}

BUILDERS = [
    models.lenet5, models.mnist_cnn, models.alexnet, models.vgg16, models.resnet,
    models.resnet18, models.resnet34, models.resnet50, models.resnet152,
    models.resnet_cifar, models.toy_resnet,
]


@pytest.fixture
def free_memory():
    """Nach Tests mit großen Netzen den Speicher freigeben (kostet ~0,7 s, daher nicht immer)."""
    yield
    keras.backend.clear_session()
    gc.collect()


def trainable_count(model):
    return sum(math.prod(w.shape) for w in model.trainable_weights)


def output_shapes(model):
    """(Name, Ausgabeform ohne Batch) aller Schichten außer der Eingabe."""
    return [
        (layer.name, tuple(layer.output.shape[1:]))
        for layer in model.layers
        if not isinstance(layer, keras.layers.InputLayer)
    ]


def add_layers(model):
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Add)]


# --- eine Tabelle für alle Netze -------------------------------------------------


@pytest.mark.usefixtures("free_memory")
@pytest.mark.parametrize("key", MODELS)
def test_parameter_counts_and_depth(key):
    builder, kwargs, total, trainable, classes, weight_layers = MODELS[key]
    model = builder(**kwargs)
    assert model.output_shape == (None, classes)  # Vorgabe: 10 (MNIST/CIFAR), 1000 (ImageNet)
    assert model.count_params() == total
    assert trainable_count(model) == trainable
    assert models.count_weight_layers(model) == weight_layers
    assert not model.compiled


def test_architectures_table_matches_models():
    defaults = {b: depth for b, kwargs, *_, depth in MODELS.values() if not kwargs}
    for arch in models.ARCHITECTURES:
        assert defaults[arch.builder] == arch.weight_layers, arch.name
    names = [a.name for a in models.ARCHITECTURES]
    assert names[:3] == ["LeNet-5", "AlexNet", "VGG-16"]
    assert [a.epochs for a in models.ARCHITECTURES[:3]] == [20, 90, 74]
    assert models.ARCHITECTURES[0].input_shape == (32, 32, 1)
    assert models.ARCHITECTURES[1].input_shape == (227, 227, 3)


def test_count_weight_layers_shortcuts_and_nested_models():
    resnet = models.resnet50()
    assert models.count_weight_layers(resnet, include_shortcuts=True) == 54
    inner = models.lenet5()
    outer = keras.Sequential([keras.Input((32, 32, 1)), inner, keras.layers.Dense(2)])
    assert models.count_weight_layers(outer) == 6


# --- Vergleich mit Kapitel, Blog und keras.applications -------------------------


@pytest.mark.usefixtures("free_memory")
def test_vgg16_matches_keras_applications():
    ours = models.vgg16()
    reference = keras.applications.VGG16(weights=None)
    assert output_shapes(ours) == output_shapes(reference)
    assert ours.count_params() == reference.count_params()


@pytest.mark.usefixtures("free_memory")
def test_resnet50_names_and_shapes_match_keras_up_to_conv_bias():
    ours = models.resnet50()
    reference = keras.applications.ResNet50(weights=None)
    ref_layers = {layer.name: layer for layer in reference.layers}
    bias_total = 0
    for name, shape in output_shapes(ours):
        assert tuple(ref_layers[name].output.shape[1:]) == shape, name
        ours_layer = ours.get_layer(name)
        if isinstance(ours_layer, keras.layers.Conv2D):
            assert not ours_layer.use_bias, name
            bias_total += ours_layer.filters
    # Keras' ResNet50 hat Konv-Schichten mit Bias, das Paper nicht.
    assert reference.count_params() - ours.count_params() == bias_total


def test_resnet_projection_only_where_shape_changes():
    names18 = {layer.name for layer in models.resnet18().layers}
    assert "conv2_block1_0_conv" not in names18  # 64 → 64, Stride 1: Identität
    assert {"conv3_block1_0_conv", "conv4_block1_0_conv", "conv5_block1_0_conv"} <= names18
    assert "conv3_block2_0_conv" not in names18
    assert models.resnet18(input_shape=(1, 1, 3)).output_shape == (None, 1000)


TOY_RESNET_CHAPTER = [  # Name, Ausgabeform, Parameter – wie model.summary() im Kapitel
    ("Conv_1", (30, 30, 32), 896), ("Conv_2", (28, 28, 64), 18_496),
    ("Pool_1", (9, 9, 64), 0), ("Conv_3", (9, 9, 64), 36_928),
    ("Conv_4", (9, 9, 64), 36_928), ("add", (9, 9, 64), 0),
    ("Conv_5", (9, 9, 64), 36_928), ("Conv_6", (9, 9, 64), 36_928),
    ("add_1", (9, 9, 64), 0), ("Conv_7", (7, 7, 64), 36_928),
    ("Pool_2", (64,), 0), ("FC_1", (256,), 16_640),
    ("dropout", (256,), 0), ("FC_2", (10,), 2_570),
]


def test_toy_resnet_matches_chapter():
    model = models.toy_resnet()
    assert model.name == "toy_resnet"
    assert model.layers[0].name == "image"
    got = [(n, s, model.get_layer(n).count_params()) for n, s in output_shapes(model)]
    assert got == TOY_RESNET_CHAPTER
    assert model.get_layer("FC_2").activation.__name__ == "linear"  # Logits


def test_toy_resnet_skip_connections_as_in_chapter():
    model = models.toy_resnet()
    out = {layer.name: layer.output for layer in model.layers}
    adds = add_layers(model)
    assert [a.name for a in adds] == ["add", "add_1"]
    assert adds[0].input[0] is out["Conv_4"] and adds[0].input[1] is out["Pool_1"]
    assert adds[1].input[0] is out["Conv_6"] and adds[1].input[1] is out["add"]


def test_toy_resnet_without_skip_connections():
    plain = models.toy_resnet(skip_connections=False)
    assert add_layers(plain) == []
    expected = [row for row in TOY_RESNET_CHAPTER if not row[0].startswith("add")]
    got = [(n, s, plain.get_layer(n).count_params()) for n, s in output_shapes(plain)]
    assert got == expected
    assert plain.get_layer("Conv_5").input is plain.get_layer("Conv_4").output


@pytest.mark.parametrize("depth", [20, 32, 56])
def test_resnet_cifar_blocks(depth):
    n = (depth - 2) // 6
    model = models.resnet_cifar(depth=depth)
    assert len(add_layers(model)) == 3 * n
    assert model.get_layer(f"conv4_block{n}_out").output.shape[1:] == (8, 8, 64)
    plain = models.resnet_cifar(depth=depth, skip_connections=False)
    assert add_layers(plain) == []
    assert not [layer for layer in plain.layers if layer.name.endswith("_0_conv")]


def test_resnet_cifar_variants_for_the_training_recipes():
    # Fashion-MNIST-ResNet-8: Stride 2 in der ersten Schicht, 28×28 → 14×14 → 7×7 → 4×4
    model = models.resnet_cifar(8, (28, 28, 1), stem_strides=2, name="fashion_resnet8")
    assert model.name == "fashion_resnet8"
    sides = [model.get_layer(f"conv{s}_block1_out").output.shape[1] for s in (2, 3, 4)]
    assert sides == [14, 7, 4]
    # von Hand (Konv ohne Bias, BN 4 Werte je Kanal): conv1 208, conv2 4.736, conv3 14.720,
    # conv4 58.112, predictions 650
    assert model.count_params() == 78_426
    wide = models.resnet_cifar(8, widths=(8, 16, 32))
    assert wide.get_layer("conv1_conv").filters == 8
    assert wide.get_layer("conv4_block1_2_conv").filters == 32
    zero = models.resnet_cifar(8, zero_init=True)
    gamma = zero.get_layer("conv2_block1_2_bn").gamma.numpy()
    assert not gamma.any()  # der Block gibt am Anfang nur die Abkürzung weiter
    assert zero.get_layer("conv2_block1_1_bn").gamma.numpy().all()
    plain = models.resnet_cifar(8, skip_connections=False, zero_init=True)
    assert plain.get_layer("conv2_block1_2_bn").gamma.numpy().all()  # ohne Abkürzung kein 0
    with pytest.raises(ValueError, match="widths braucht drei"):
        models.resnet_cifar(8, widths=(16, 32))
    with pytest.raises(ValueError, match="stem_strides muss eine ganze Zahl ab 1"):
        models.resnet_cifar(8, stem_strides=0)


def test_lenet5_matches_chapter():
    model = models.lenet5()
    sides = [model.get_layer(n).output.shape[1:] for n in ("Conv1", "Pool1", "Conv2", "Pool2")]
    assert sides == [(28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16)]
    assert isinstance(model.get_layer("Pool1"), keras.layers.AveragePooling2D)
    assert model.get_layer("FC3").activation.__name__ == "softmax"
    modern = models.lenet5(activation="relu", pooling="max")
    assert isinstance(modern.get_layer("Pool2"), keras.layers.MaxPooling2D)
    assert modern.get_layer("Conv1").activation.__name__ == "relu"


MNIST_CNN_BLOG = [  # Ausgabeform und Parameter aus model.summary() im Blog
    ("Conv1", (28, 28, 32), 320), ("Pool1", (14, 14, 32), 0),
    ("Conv2", (14, 14, 32), 9_248), ("Pool2", (7, 7, 32), 0),
    ("Conv3", (7, 7, 32), 9_248), ("Pool3", (3, 3, 32), 0),
    ("Conv4", (3, 3, 16), 4_624), ("Dropout1", (3, 3, 16), 0),
    ("Flatten", (144,), 0), ("Dropout2", (144,), 0),
    ("FC1", (128,), 18_560), ("Dropout3", (128,), 0), ("FC2", (10,), 1_290),
]


def test_mnist_cnn_matches_blog():
    model = models.mnist_cnn()
    got = [(n, s, model.get_layer(n).count_params()) for n, s in output_shapes(model)]
    assert got == MNIST_CNN_BLOG
    assert model.get_layer("FC1").kernel_regularizer.l2 == pytest.approx(0.007)
    assert {model.get_layer(f"Dropout{i}").rate for i in (1, 2, 3)} == {0.4}


# --- kleine Eingaben -------------------------------------------------------------


@pytest.mark.usefixtures("free_memory")
@pytest.mark.parametrize("builder", [models.alexnet, models.vgg16])
def test_small_input_variant_runs_on_cifar_images(builder):
    model = builder(input_shape=(32, 32, 3), num_classes=10)
    images = np.random.default_rng(0).random((2, 32, 32, 3), dtype="float32")
    probabilities = keras.ops.convert_to_numpy(model(images, training=False))
    assert probabilities.shape == (2, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_alexnet_chooses_small_stem_below_min_size():
    side = models.ALEXNET_MIN_SIZE
    paper = models.alexnet(input_shape=(side, side, 3), fc_units=8)
    assert paper.get_layer("Conv1").kernel_size == (11, 11)
    small = models.alexnet(input_shape=(side - 1, side - 1, 3), fc_units=8)
    assert small.get_layer("Conv1").kernel_size == (3, 3)
    assert small.get_layer("Conv1").strides == (1, 1)


# Netz, kwargs, kleinste Kantenlänge, Kanäle, Schicht, die bei einem Pixel weniger scheitert
MIN_SIZES = [
    (models.lenet5, {}, 16, 1, "Pool2"),
    (models.mnist_cnn, {}, 8, 1, "Pool3"),
    (models.alexnet, {"small_input": False, "fc_units": 8}, 67, 3, "Pool3"),
    (models.alexnet, {"small_input": True, "fc_units": 8}, 15, 3, "Pool3"),
    (models.vgg16, {"fc_units": 8}, 32, 3, "block5_pool"),
    (models.toy_resnet, {}, 13, 3, "Conv_7"),
]


@pytest.mark.parametrize("builder, kwargs, side, channels, layer", MIN_SIZES)
def test_too_small_input_is_caught_before_keras(builder, kwargs, side, channels, layer):
    builder(input_shape=(side, side, channels), **kwargs)  # gerade noch groß genug
    small = side - 1
    message = (
        rf"Die Eingabe {small}×{small}×{channels} ist zu klein für {builder.__name__}: "
        rf"in Schicht '{layer}' wäre die Ausgabe kleiner als 1 Pixel"
    )
    with pytest.raises(ValueError, match=message):
        builder(input_shape=(small, small, channels), **kwargs)


def test_too_small_lenet5_names_conv2():
    with pytest.raises(ValueError, match=r"12×12×1 .*lenet5.*'Conv2'.*4×4×6"):
        models.lenet5(input_shape=(12, 12, 1))


# --- Fehlermeldungen -------------------------------------------------------------


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("num_classes", [1, 0, 2.5])
def test_num_classes_below_two_is_rejected(builder, num_classes):
    with pytest.raises(ValueError, match=rf"num_classes .*erhalten: {num_classes}\."):
        builder(num_classes=num_classes)


@pytest.mark.parametrize("input_shape", [(32, 32), (1, 32, 32, 1), (32, 0, 1), (32.0, 32, 1)])
def test_input_shape_must_be_height_width_channels(input_shape):
    with pytest.raises(ValueError, match=r"lenet5: input_shape .*\(Höhe, Breite, Kanäle\)"):
        models.lenet5(input_shape=input_shape)


@pytest.mark.parametrize("depth", [21, 2, 8.0, "20"])
def test_resnet_cifar_depth_must_be_6n_plus_2(depth):
    with pytest.raises(ValueError, match=rf"6n \+ 2.*erhalten: {depth!r}\."):
        models.resnet_cifar(depth=depth)


def test_resnet_depth_must_be_in_table():
    with pytest.raises(ValueError, match=r"18, 34, 50, 101, 152 .*erhalten: 20\."):
        models.resnet(depth=20)


def test_lenet5_pooling_must_be_known():
    with pytest.raises(ValueError, match=r"pooling .*erhalten: 'min'"):
        models.lenet5(pooling="min")


def test_numpy_integers_are_accepted():
    model = models.lenet5(input_shape=[np.int64(28), 28, 1], num_classes=np.int64(5))
    assert model.input_shape == (None, 28, 28, 1)
    assert model.output_shape == (None, 5)


def test_output_layer_stays_float32_under_mixed_precision():
    keras.config.set_dtype_policy("mixed_float16")
    try:
        model = models.mnist_cnn()
        assert model.get_layer("Conv1").compute_dtype == "float16"
        assert model.get_layer("FC2").compute_dtype == "float32"
        assert model.count_params() == 43_290
    finally:
        keras.config.set_dtype_policy("float32")


# --- AlexNet auf zwei GPUs: gruppierte Konvolutionen --------------------------------


@pytest.mark.usefixtures("free_memory")
def test_alexnet_groups_2_reproduces_the_two_gpu_connectivity():
    # Paper, Abschnitt 3.5: Conv2, Conv4 und Conv5 sehen nur die Kanäle „ihrer“ GPU,
    # Conv3 und die FC-Schichten alle. Je gruppierter Schicht halbiert sich der Kernel
    # entlang der Eingabekanäle: 60.965.224 statt 62.378.344 Parameter.
    model = models.alexnet(groups=2)
    assert model.count_params() == 60_965_224
    assert [model.get_layer(n).groups for n in ("Conv1", "Conv2", "Conv3", "Conv4", "Conv5")] \
        == [1, 2, 1, 2, 2]
    assert tuple(model.get_layer("Conv2").kernel.shape) == (5, 5, 48, 256)
    assert tuple(model.get_layer("Conv3").kernel.shape) == (3, 3, 256, 384)
    assert tuple(model.get_layer("Conv4").kernel.shape) == (3, 3, 192, 384)
    assert tuple(model.get_layer("Conv5").kernel.shape) == (3, 3, 192, 256)
    assert model.output_shape == (None, 1000)


def test_alexnet_groups_keeps_every_filter_in_its_half():
    # Filter der ersten Hälfte von Conv2 dürfen nur von den ersten 48 Eingabekanälen abhängen.
    model = models.alexnet(input_shape=(32, 32, 3), num_classes=10, fc_units=8, groups=2)
    conv2 = model.get_layer("Conv2")
    x = np.random.default_rng(0).random((1, 15, 15, 96), dtype="float32")
    changed = x.copy()
    changed[..., 48:] += 1.0  # nur die Kanäle der „zweiten GPU“
    before = keras.ops.convert_to_numpy(conv2(x))
    after = keras.ops.convert_to_numpy(conv2(changed))
    np.testing.assert_allclose(before[..., :128], after[..., :128], rtol=1e-6)
    assert not np.allclose(before[..., 128:], after[..., 128:])


@pytest.mark.parametrize("groups", [0, 3, 2.0, "2", True])
def test_alexnet_groups_must_divide_the_channels(groups):
    with pytest.raises(ValueError, match=rf"groups .*erhalten: {groups!r}\."):
        models.alexnet(input_shape=(32, 32, 3), num_classes=10, fc_units=8, groups=groups)
