"""Die Architekturen aus Kapitel 10 als Keras-Modelle.

Jede Funktion baut **ein** Netz und gibt ein *nicht kompiliertes* funktionales
``keras.Model`` zurück. Alle Einstellungen sind Schlüsselwort-Argumente mit den
Werten aus dem Paper bzw. dem Kapitel als Vorgabe; jede Schicht trägt einen
festen Namen wie auf den Folien (``Conv1``, ``FC3``, ``block1_conv1`` …), damit
die Notebooks auf sie zeigen können::

    from lecture_utils import models

    model = models.lenet5()                      # 61.706 Parameter
    model = models.alexnet(input_shape=(32, 32, 3), num_classes=10)  # CIFAR-10

Vor jeder Konv- und Pooling-Schicht rechnet ``lecture_utils.arithmetic.shapes`` nach, ob
die Ausgabe noch mindestens 1 Pixel groß wäre. Ist die Eingabe zu klein, gibt
es einen deutschen ``ValueError`` mit Netz, Eingabegröße und Schichtname –
noch bevor Keras selbst einen Fehler meldet.

Das Modul benutzt nur ``keras`` (kein ``tensorflow``) und läuft daher auch
unter den Backends JAX und PyTorch.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Callable
from dataclasses import dataclass

import keras
from keras import layers

from lecture_utils.arithmetic import shapes

# ---------------------------------------------------------------------------
# Eingaben prüfen und Schichten mit Vorab-Prüfung aufrufen
# ---------------------------------------------------------------------------


class _LayerTooSmallError(ValueError):
    """Eine Schicht bekäme eine zu kleine Eingabe (``_builder`` ergänzt Netz und Eingabe)."""

    def __init__(self, layer_name, layer_input, reason):
        self.detail = (
            f"in Schicht '{layer_name}' wäre die Ausgabe kleiner als 1 Pixel "
            f"(die Schicht bekäme nur {_format_shape(layer_input)}; {str(reason).rstrip('.')})"
        )
        super().__init__(self.detail[0].upper() + self.detail[1:] + ".")


def _format_shape(shape) -> str:
    return "×".join(str(d) for d in shape)


def _call(layer, x):
    """Ruft ``layer`` auf ``x`` auf, prüft aber vorher mit ``shapes``, ob die
    Ausgabe einer Konv- oder Pooling-Schicht noch mindestens 1 Pixel groß wäre."""
    layer_input = tuple(x.shape[1:])
    try:
        if isinstance(layer, layers.Conv2D):
            shapes.conv_output_shape(
                layer_input, layer.filters, layer.kernel_size, layer.strides,
                layer.padding, layer.dilation_rate,
            )
        elif isinstance(layer, (layers.MaxPooling2D, layers.AveragePooling2D)):
            shapes.pool_output_shape(layer_input, layer.pool_size, layer.strides, layer.padding)
    except ValueError as err:
        raise _LayerTooSmallError(layer.name, layer_input, err) from err
    return layer(x)


def _classifier(x, num_classes, activation, name):
    """Die Ausgabeschicht. Sie rechnet immer in float32: Mit gemischter Genauigkeit
    (``mixed_float16`` auf der GPU) bliebe Softmax sonst numerisch ungenau."""
    return layers.Dense(num_classes, activation=activation, dtype="float32", name=name)(x)


def _is_int(value) -> bool:
    # numpy-Ganzzahlen (z. B. ``y.max() + 1``) zählen auch, bool und float nicht.
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_input_shape(input_shape, net):
    ok = (
        isinstance(input_shape, (tuple, list))
        and len(input_shape) == 3
        and all(_is_int(d) and d >= 1 for d in input_shape)
    )
    if not ok:
        raise ValueError(
            f"{net}: input_shape muss die Form (Höhe, Breite, Kanäle) mit positiven "
            f"ganzen Zahlen haben, erhalten: {input_shape!r}."
        )


def _check_num_classes(num_classes, net):
    if not _is_int(num_classes) or num_classes < 2:
        raise ValueError(
            f"{net}: num_classes muss eine ganze Zahl ab 2 sein (ein Klassifikator "
            f"braucht mindestens zwei Klassen), erhalten: {num_classes!r}."
        )


def _builder(build):
    """Dekorator für alle Netz-Funktionen: prüft ``input_shape`` und ``num_classes``
    und macht aus einer zu kleinen Eingabe einen verständlichen ``ValueError``."""
    signature = inspect.signature(build)

    @functools.wraps(build)
    def checked(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs)
        arguments.apply_defaults()
        input_shape = arguments.arguments["input_shape"]
        _check_input_shape(input_shape, build.__name__)
        _check_num_classes(arguments.arguments["num_classes"], build.__name__)
        arguments.arguments["input_shape"] = tuple(int(d) for d in input_shape)
        arguments.arguments["num_classes"] = int(arguments.arguments["num_classes"])
        try:
            return build(*arguments.args, **arguments.kwargs)
        except _LayerTooSmallError as err:
            raise ValueError(
                f"Die Eingabe {_format_shape(input_shape)} ist zu klein für "
                f"{build.__name__}: {err.detail}."
            ) from None

    return checked


# ---------------------------------------------------------------------------
# LeNet-5 (1998) und das MNIST-Netz aus dem Blog
# ---------------------------------------------------------------------------

_POOLING = {"average": layers.AveragePooling2D, "max": layers.MaxPooling2D}


@_builder
def lenet5(
    input_shape=(32, 32, 1),
    num_classes=10,
    activation="tanh",
    pooling="average",
    classifier_activation="softmax",
):
    """LeNet-5 (LeCun et al. 1998): zwei Konv-Schichten mit je einem Pooling,
    dann drei FC-Schichten; ohne Padding, 61.706 Parameter.

    Schichten: Conv1 (6 Filter 5×5), Pool1, Conv2 (16 Filter 5×5), Pool2,
    Flatten, FC1 (120), FC2 (84), FC3 (Ausgabe mit Softmax).

    ``activation="relu"`` und ``pooling="max"`` machen daraus die moderne
    Variante (Experiment ReLU gegen tanh). Läuft auch direkt auf 28×28-MNIST.
    """
    if pooling not in _POOLING:
        raise ValueError(
            f"pooling muss 'average' oder 'max' sein, erhalten: {pooling!r}."
        )
    pool = _POOLING[pooling]
    inputs = keras.Input(input_shape, name="input")
    x = _call(layers.Conv2D(6, 5, activation=activation, name="Conv1"), inputs)
    x = _call(pool(2, name="Pool1"), x)
    x = _call(layers.Conv2D(16, 5, activation=activation, name="Conv2"), x)
    x = _call(pool(2, name="Pool2"), x)
    x = layers.Flatten(name="Flatten")(x)
    x = layers.Dense(120, activation=activation, name="FC1")(x)
    x = layers.Dense(84, activation=activation, name="FC2")(x)
    outputs = _classifier(x, num_classes, classifier_activation, name="FC3")
    return keras.Model(inputs, outputs, name="lenet5")


@_builder
def mnist_cnn(
    input_shape=(28, 28, 1),
    num_classes=10,
    activation="relu",
    dropout=0.4,
    l2=0.007,
    classifier_activation="softmax",
):
    """Das schlanke CNN aus dem Blog-Artikel „Einstieg in CNN mit Keras“ (43.290 Parameter).

    Vier Konv-Schichten 3×3 mit Same-Padding (32, 32, 32, 16 Filter), nach den
    ersten drei je ein Max-Pooling 2×2; Dropout nach Conv4, nach Flatten und
    nach FC1; FC1 (128 Neuronen) mit L2-Regularisierung ``l2`` auf den Gewichten.
    """
    regularizer = keras.regularizers.L2(l2) if l2 else None
    inputs = keras.Input(input_shape, name="input")
    x = inputs
    for i, filters in enumerate((32, 32, 32, 16), start=1):
        conv = layers.Conv2D(filters, 3, padding="same", activation=activation, name=f"Conv{i}")
        x = _call(conv, x)
        if i < 4:
            x = _call(layers.MaxPooling2D(2, name=f"Pool{i}"), x)
    x = layers.Dropout(dropout, name="Dropout1")(x)
    x = layers.Flatten(name="Flatten")(x)
    x = layers.Dropout(dropout, name="Dropout2")(x)
    x = layers.Dense(128, activation=activation, kernel_regularizer=regularizer, name="FC1")(x)
    x = layers.Dropout(dropout, name="Dropout3")(x)
    outputs = _classifier(x, num_classes, classifier_activation, name="FC2")
    return keras.Model(inputs, outputs, name="mnist_cnn")


# ---------------------------------------------------------------------------
# AlexNet (2012) und VGG-16 (2015)
# ---------------------------------------------------------------------------

ALEXNET_MIN_SIZE = 67
"""Kleinste Kantenlänge, für die der Paper-Anfang (Conv1 11×11, Stride 4) passt."""


@_builder
def alexnet(
    input_shape=(227, 227, 3),
    num_classes=1000,
    fc_units=4096,
    dropout=0.5,
    small_input=None,
    classifier_activation="softmax",
    groups=1,
):
    """AlexNet (Krizhevsky et al. 2012) als ein Strang (ohne Local Response
    Normalization): 5 Konv- und 3 FC-Schichten, 62.378.344 Parameter bei
    227×227×3 und 1000 Klassen.

    ``groups=2`` bildet die Aufteilung auf zwei GPUs aus dem Paper in einem Modell
    nach: Conv2, Conv4 und Conv5 werden gruppierte Konvolutionen
    (``Conv2D(groups=2)``), jede Filterhälfte sieht nur die Hälfte der Kanäle der
    Schicht davor (die Kanäle „ihrer“ GPU); Conv3 und die FC-Schichten verbinden
    wie im Paper alles mit allem. Das ergibt 60.965.224 Parameter.
    ``groups`` muss 32 teilen (die Kanalzahlen 96, 256 und 384 sind Vielfache von 32).

    Conv1 (96, 11×11, Stride 4), Pool1 (Max 3×3, Stride 2), Conv2 (256, 5×5),
    Pool2, Conv3 (384), Conv4 (384), Conv5 (256, alle 3×3), Pool3, Flatten,
    FC1, Dropout1, FC2, Dropout2, FC3 (Softmax).

    Kleine Bilder (z. B. CIFAR-10 mit 32×32): Der Paper-Anfang braucht
    mindestens ``ALEXNET_MIN_SIZE`` = 67 Pixel Kantenlänge. ``small_input=True``
    ersetzt deshalb nur Conv1 durch 96 Filter 3×3 mit Stride 1 und Same-Padding;
    der Rest bleibt gleich. ``small_input=None`` (Vorgabe) wählt das selbst:
    kleine Variante genau dann, wenn die Eingabe kleiner als 67 Pixel ist.
    ``fc_units`` verkleinert die beiden großen FC-Schichten (z. B. 512 für die CPU).
    """
    if not _is_int(groups) or groups < 1 or 32 % groups:
        raise ValueError(f"alexnet: groups muss 1, 2, 4, 8, 16 oder 32 sein (ein Teiler der "
                         f"Kanalzahlen 96, 256 und 384), erhalten: {groups!r}.")
    if small_input is None:
        small_input = min(input_shape[:2]) < ALEXNET_MIN_SIZE
    if small_input:
        conv1 = layers.Conv2D(96, 3, padding="same", activation="relu", name="Conv1")
    else:
        conv1 = layers.Conv2D(96, 11, strides=4, activation="relu", name="Conv1")
    inputs = keras.Input(input_shape, name="input")
    x = _call(conv1, inputs)
    x = _call(layers.MaxPooling2D(3, strides=2, name="Pool1"), x)
    x = _call(layers.Conv2D(256, 5, padding="same", activation="relu", groups=groups,
                            name="Conv2"), x)
    x = _call(layers.MaxPooling2D(3, strides=2, name="Pool2"), x)
    x = _call(layers.Conv2D(384, 3, padding="same", activation="relu", name="Conv3"), x)
    x = _call(layers.Conv2D(384, 3, padding="same", activation="relu", groups=groups,
                            name="Conv4"), x)
    x = _call(layers.Conv2D(256, 3, padding="same", activation="relu", groups=groups,
                            name="Conv5"), x)
    x = _call(layers.MaxPooling2D(3, strides=2, name="Pool3"), x)
    x = layers.Flatten(name="Flatten")(x)
    x = layers.Dense(fc_units, activation="relu", name="FC1")(x)
    x = layers.Dropout(dropout, name="Dropout1")(x)
    x = layers.Dense(fc_units, activation="relu", name="FC2")(x)
    x = layers.Dropout(dropout, name="Dropout2")(x)
    outputs = _classifier(x, num_classes, classifier_activation, name="FC3")
    return keras.Model(inputs, outputs, name="alexnet")


VGG16_BLOCKS = ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3))
"""(Filter, Anzahl Konv-Schichten) der fünf Blöcke von VGG-16."""


@_builder
def vgg16(
    input_shape=(224, 224, 3),
    num_classes=1000,
    fc_units=4096,
    dropout=0.0,
    classifier_activation="softmax",
):
    """VGG-16 (Simonyan & Zisserman 2015): 13 Konv-Schichten 3×3 in fünf Blöcken
    mit je einem Max-Pooling 2×2, dann drei FC-Schichten; 138.357.544 Parameter.

    Schichtnamen und Ausgabeformen sind dieselben wie bei
    ``keras.applications.VGG16`` (``block1_conv1`` … ``block5_pool``,
    ``flatten``, ``fc1``, ``fc2``, ``predictions``).

    Kleine Bilder: Ab 32×32 Pixeln passt das Netz unverändert (nach fünf
    Poolings bleibt 1×1). ``fc_units`` verkleinert fc1 und fc2;
    ``dropout > 0`` fügt wie im Paper Dropout nach fc1 und fc2 ein
    (``fc1_dropout``, ``fc2_dropout``) – dann weichen die Schichtnamen von Keras ab.
    """
    inputs = keras.Input(input_shape, name="input")
    x = inputs
    for block, (filters, convs) in enumerate(VGG16_BLOCKS, start=1):
        x = vgg_block(x, filters, convs, name=f"block{block}")
    x = layers.Flatten(name="flatten")(x)
    for name in ("fc1", "fc2"):
        x = layers.Dense(fc_units, activation="relu", name=name)(x)
        if dropout:
            x = layers.Dropout(dropout, name=f"{name}_dropout")(x)
    outputs = _classifier(x, num_classes, classifier_activation, name="predictions")
    return keras.Model(inputs, outputs, name="vgg16")


def vgg_block(x, filters, convs, name):
    """Ein VGG-Block: ``convs`` Konv-Schichten 3×3 (Same-Padding, ReLU), dann Max-Pooling 2×2."""
    for i in range(1, convs + 1):
        conv = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv{i}")
        x = _call(conv, x)
    return _call(layers.MaxPooling2D(2, strides=2, name=f"{name}_pool"), x)


# ---------------------------------------------------------------------------
# ResNet (2015): Bausteine
# ---------------------------------------------------------------------------


def conv_bn(x, filters, kernel_size, strides=1, activation="relu", name="conv"):
    """Konv-Schicht ohne Bias (Same-Padding), Batch Normalization, optional ReLU.

    Schichtnamen: ``{name}_conv``, ``{name}_bn``, ``{name}_relu``. Einen Bias
    braucht die Konv-Schicht nicht, weil Batch Normalization ohnehin verschiebt.
    """
    conv = layers.Conv2D(
        filters, kernel_size, strides=strides, padding="same", use_bias=False, name=f"{name}_conv"
    )
    x = _call(conv, x)
    x = layers.BatchNormalization(epsilon=1e-5, name=f"{name}_bn")(x)
    if activation:
        x = layers.Activation(activation, name=f"{name}_relu")(x)
    return x


def _shortcut(x, filters, strides, name):
    """Identität, wenn die Form gleich bleibt, sonst Projektion 1×1 + BN (``{name}_0_…``)."""
    if strides == 1 and x.shape[-1] == filters:
        return x
    return conv_bn(x, filters, 1, strides, activation=None, name=f"{name}_0")


def _merge(x, shortcut, name):
    """Skip Connection addieren (falls vorhanden), dann ReLU (``{name}_add``, ``{name}_out``)."""
    if shortcut is not None:
        x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def basic_block(x, filters, strides=1, skip_connection=True, name="block"):
    """Residual Block aus zwei Konv-Schichten 3×3 (ResNet-18/34 und CIFAR-ResNets).

    Ohne ``skip_connection`` bleibt ein „plain“ Block ohne Addition übrig.
    """
    shortcut = _shortcut(x, filters, strides, name) if skip_connection else None
    x = conv_bn(x, filters, 3, strides, name=f"{name}_1")
    x = conv_bn(x, filters, 3, activation=None, name=f"{name}_2")
    return _merge(x, shortcut, name)


def bottleneck_block(x, filters, strides=1, skip_connection=True, name="block"):
    """Bottleneck-Block 1×1 → 3×3 → 1×1 (×4 Filter) für ResNet-50/101/152.

    Der Stride sitzt wie im Paper in der ersten Schicht (``{name}_1_conv``).
    """
    shortcut = _shortcut(x, 4 * filters, strides, name) if skip_connection else None
    x = conv_bn(x, filters, 1, strides, name=f"{name}_1")
    x = conv_bn(x, filters, 3, name=f"{name}_2")
    x = conv_bn(x, 4 * filters, 1, activation=None, name=f"{name}_3")
    return _merge(x, shortcut, name)


def residual_stack(x, block, filters, blocks, strides, skip_connection=True, name="conv"):
    """``blocks`` Residual Blocks hintereinander; nur der erste verkleinert (``strides``)."""
    for i in range(1, blocks + 1):
        x = block(x, filters, strides if i == 1 else 1, skip_connection, name=f"{name}_block{i}")
    return x


# ---------------------------------------------------------------------------
# ResNet (2015): Netze
# ---------------------------------------------------------------------------

RESNET_STACKS = {
    18: ("basic", (2, 2, 2, 2)),
    34: ("basic", (3, 4, 6, 3)),
    50: ("bottleneck", (3, 4, 6, 3)),
    101: ("bottleneck", (3, 4, 23, 3)),
    152: ("bottleneck", (3, 8, 36, 3)),
}
"""Tiefe → (Blocktyp, Anzahl Blöcke in den Stufen conv2 … conv5), wie in He et al. (2016)."""

_BLOCKS = {"basic": basic_block, "bottleneck": bottleneck_block}


@_builder
def resnet(
    depth=50,
    input_shape=(224, 224, 3),
    num_classes=1000,
    skip_connections=True,
    classifier_activation="softmax",
):
    """ResNet für ImageNet (He et al. 2016) mit ``depth`` aus ``RESNET_STACKS``.

    Anfang: Conv 7×7/2 mit 64 Filtern + BN + ReLU (``conv1_…``), Max-Pooling
    3×3/2 (``pool1_pool``); dann vier Stufen ``conv2`` … ``conv5`` mit 64, 128,
    256, 512 Filtern; am Ende Global Average Pooling (``avg_pool``) und die
    Softmax-Schicht ``predictions``. Konv-Schichten haben keinen Bias (BN folgt);
    eine Projektion 1×1 gibt es nur, wo sich die Form ändert. Alle Konv- und
    Pooling-Schichten nutzen Same-Padding, darum ist keine Eingabe zu klein.

    ``skip_connections=False`` baut das gleich tiefe „plain“ Netz ohne Addition.
    """
    if depth not in RESNET_STACKS:
        raise ValueError(
            f"resnet: depth muss einer der Werte {', '.join(map(str, RESNET_STACKS))} "
            f"sein, erhalten: {depth!r}."
        )
    kind, blocks = RESNET_STACKS[depth]
    inputs = keras.Input(input_shape, name="input")
    x = conv_bn(inputs, 64, 7, strides=2, name="conv1")
    x = _call(layers.MaxPooling2D(3, strides=2, padding="same", name="pool1_pool"), x)
    for stage, (filters, n) in enumerate(zip((64, 128, 256, 512), blocks)):
        x = residual_stack(
            x, _BLOCKS[kind], filters, n, strides=1 if stage == 0 else 2,
            skip_connection=skip_connections, name=f"conv{stage + 2}",
        )
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = _classifier(x, num_classes, classifier_activation, name="predictions")
    suffix = "" if skip_connections else "_plain"
    return keras.Model(inputs, outputs, name=f"resnet{depth}{suffix}")


def resnet18(input_shape=(224, 224, 3), num_classes=1000, **kwargs):
    """ResNet-18: Basic Blocks (2, 2, 2, 2); 11.689.512 trainierbare Parameter."""
    return resnet(18, input_shape=input_shape, num_classes=num_classes, **kwargs)


def resnet34(input_shape=(224, 224, 3), num_classes=1000, **kwargs):
    """ResNet-34, das Beispiel im Paper: Basic Blocks (3, 4, 6, 3);
    21.797.672 trainierbare Parameter."""
    return resnet(34, input_shape=input_shape, num_classes=num_classes, **kwargs)


def resnet50(input_shape=(224, 224, 3), num_classes=1000, **kwargs):
    """ResNet-50: Bottleneck-Blöcke (3, 4, 6, 3); 25.557.032 trainierbare Parameter."""
    return resnet(50, input_shape=input_shape, num_classes=num_classes, **kwargs)


def resnet152(input_shape=(224, 224, 3), num_classes=1000, **kwargs):
    """ResNet-152: Bottleneck-Blöcke (3, 8, 36, 3); 60.192.808 trainierbare Parameter."""
    return resnet(152, input_shape=input_shape, num_classes=num_classes, **kwargs)


@_builder
def resnet_cifar(
    depth=20,
    input_shape=(32, 32, 3),
    num_classes=10,
    skip_connections=True,
    classifier_activation="softmax",
):
    """ResNet für CIFAR-10 (He et al. 2016, Abschnitt 4.2) mit ``depth`` = 6n + 2.

    Conv 3×3 mit 16 Filtern + BN + ReLU, dann drei Stufen mit je n Basic Blocks
    (16, 32, 64 Filter; Feature Maps 32×32, 16×16, 8×8), Global Average Pooling
    und Softmax. Wo sich die Form ändert, gleicht eine Projektion 1×1 + BN an.
    ``depth=20`` hat rund 0,27 Mio. Parameter.

    ``skip_connections=False`` baut das „plain“ Netz derselben Tiefe (ohne
    Additionen und Projektionen) – für das Experiment 20 gegen 56 Schichten.
    """
    if not isinstance(depth, int) or depth < 8 or (depth - 2) % 6:
        raise ValueError(
            f"resnet_cifar: depth muss die Form 6n + 2 haben (20, 32, 44, 56, 110 …), "
            f"erhalten: {depth!r}."
        )
    inputs = keras.Input(input_shape, name="input")
    x = conv_bn(inputs, 16, 3, name="conv1")
    for stage, filters in enumerate((16, 32, 64)):
        x = residual_stack(
            x, basic_block, filters, (depth - 2) // 6, strides=1 if stage == 0 else 2,
            skip_connection=skip_connections, name=f"conv{stage + 2}",
        )
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = _classifier(x, num_classes, classifier_activation, name="predictions")
    kind = "resnet" if skip_connections else "plain"
    return keras.Model(inputs, outputs, name=f"{kind}{depth}_cifar")


# ---------------------------------------------------------------------------
# Das kleine ResNet aus der Keras-Dokumentation (Abschnitt 10.2.3)
# ---------------------------------------------------------------------------


@_builder
def toy_resnet(
    input_shape=(32, 32, 3),
    num_classes=10,
    skip_connections=True,
    blocks=2,
    filters=64,
    classifier_activation=None,
):
    """Das Beispiel-ResNet aus Abschnitt 10.2.3 mit genau dessen Schichtnamen
    (223.242 Parameter).

    image → Conv_1 (32) → Conv_2 (64) → Pool_1 (Max 3×3) → [Conv_3, Conv_4] +
    Skip Connection (``add``) → [Conv_5, Conv_6] + Skip Connection (``add_1``)
    → Conv_7 → Pool_2 (Global Average) → FC_1 (256) → dropout → FC_2.

    Wie im Kapitel hat FC_2 **keine** Aktivierung: Das Netz gibt Logits aus,
    beim Kompilieren also ``SparseCategoricalCrossentropy(from_logits=True)``
    verwenden (oder ``classifier_activation="softmax"`` setzen).
    ``skip_connections=False`` lässt nur die Additionen weg – gleiche
    Parameterzahl, aber ein „plain“ Netz. ``blocks`` und ``filters`` ändern die
    Zahl der Residual Blocks und die Filter ab Conv_2 (für das Widget in 10.2).
    """
    for value, label, low in ((blocks, "blocks", 0), (filters, "filters", 1)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < low:
            raise ValueError(f"toy_resnet: {label} muss eine ganze Zahl ab {low} sein, "
                             f"erhalten: {value!r}.")
    inputs = keras.Input(input_shape, name="image")
    x = _call(layers.Conv2D(32, 3, activation="relu", name="Conv_1"), inputs)
    x = _call(layers.Conv2D(filters, 3, activation="relu", name="Conv_2"), x)
    x = _call(layers.MaxPooling2D(3, name="Pool_1"), x)
    for number in range(1, blocks + 1):  # Block 1: Conv_3, Conv_4 und add
        add_name = "add" if number == 1 else f"add_{number - 1}"
        x = _toy_block(x, filters, 2 * number + 1, add_name, skip_connections)
    x = _call(layers.Conv2D(filters, 3, activation="relu", name=f"Conv_{2 * blocks + 3}"), x)
    x = layers.GlobalAveragePooling2D(name="Pool_2")(x)
    x = layers.Dense(256, activation="relu", name="FC_1")(x)
    x = layers.Dropout(0.5, name="dropout")(x)
    outputs = _classifier(x, num_classes, classifier_activation, name="FC_2")
    name = "toy_resnet" if skip_connections else "toy_resnet_plain"
    return keras.Model(inputs, outputs, name=name)


def _toy_block(x, filters, first, add_name, skip_connection):
    """Zwei Konv-Schichten 3×3 (Same-Padding), Conv_{first} und Conv_{first+1},
    und die Addition mit der Blockeingabe."""
    conv = functools.partial(layers.Conv2D, filters, 3, activation="relu", padding="same")
    out = _call(conv(name=f"Conv_{first}"), x)
    out = _call(conv(name=f"Conv_{first + 1}"), out)
    return layers.add([out, x], name=add_name) if skip_connection else out


# ---------------------------------------------------------------------------
# Netze im Vergleich (Tabelle in Abschnitt 10.1)
# ---------------------------------------------------------------------------

_WEIGHT_LAYER_TYPES = (
    layers.Conv1D, layers.Conv2D, layers.Conv3D,
    layers.Conv1DTranspose, layers.Conv2DTranspose, layers.Conv3DTranspose,
    layers.SeparableConv1D, layers.SeparableConv2D,
    layers.DepthwiseConv1D, layers.DepthwiseConv2D,
    layers.Dense,
)


def count_weight_layers(model, include_shortcuts=False) -> int:
    """Zählt die Schichten mit Gewichten (Konv- und FC-Schichten) – so wird die
    Tiefe eines Netzes angegeben (LeNet-5: 5, AlexNet: 8, VGG-16: 16).

    Projektions-Shortcuts der ResNets (Namen auf ``_0_conv``) zählen wie im
    Paper nicht mit, außer mit ``include_shortcuts=True``. Verschachtelte
    Modelle (z. B. beim Transfer Learning) werden mitgezählt.
    """
    count = 0
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            count += count_weight_layers(layer, include_shortcuts)
        elif isinstance(layer, _WEIGHT_LAYER_TYPES):
            is_shortcut = layer.name.endswith("_0_conv")
            if include_shortcuts or not is_shortcut:
                count += 1
    return count


@dataclass(frozen=True)
class Architecture:
    """Eine Spalte der Vergleichstabelle aus Abschnitt 10.1."""

    name: str
    year: int
    builder: Callable[..., keras.Model]
    paper_input: str
    """Eingabegröße, wie das Kapitel sie nennt (die Netze bekommen Ausschnitte)."""
    weight_layers: int
    """Schichten mit Gewichten laut Paper; ``count_weight_layers(builder())`` ergibt dasselbe."""
    epochs: int | None
    """Trainingsepochen im Paper; ``None``, wo das Kapitel keine nennt."""

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """Die Eingabeform, die ``builder()`` ohne Argumente verwendet."""
        return inspect.signature(self.builder).parameters["input_shape"].default


ARCHITECTURES = (
    Architecture("LeNet-5", 1998, lenet5, "32x32x1", 5, 20),
    Architecture("AlexNet", 2012, alexnet, "256x256x3 (Ausschnitte 224x224)", 8, 90),
    Architecture("VGG-16", 2015, vgg16, "256x256x3 (Ausschnitte 224x224)", 16, 74),
    Architecture("ResNet-34", 2015, resnet34, "256x256x3 (Ausschnitte 224x224)", 34, None),
    Architecture("ResNet-50", 2015, resnet50, "256x256x3 (Ausschnitte 224x224)", 50, None),
    Architecture("ResNet-152", 2015, resnet152, "256x256x3 (Ausschnitte 224x224)", 152, None),
)
"""Die Netze aus Abschnitt 10.1 mit Jahr, Eingabe, Tiefe und Epochen wie im Kapitel."""
