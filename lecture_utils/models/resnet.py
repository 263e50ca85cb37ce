"""ResNet (He, Zhang, Ren, Sun 2016): Residual Blocks und die Netze daraus.

Bausteine: ``conv_bn`` (Konv-Schicht + Batch Normalization + ReLU), ``basic_block``
(zwei Konv-Schichten 3×3) und ``bottleneck_block`` (1×1 → 3×3 → 1×1), je mit Skip
Connection oder ohne, ``residual_stack`` (mehrere Blöcke einer Stufe) und
``resnet_stages`` (die Stufen conv2, conv3, …). Netze: ``resnet`` für ImageNet mit
``resnet18``/``34``/``50``/``152``, ``resnet_cifar`` für CIFAR-10 (Tiefe 6n + 2) und
``toy_resnet``, das kleine Beispiel aus Abschnitt 10.2.3. Anfang, Stufen und Kopf
stehen einmal in ``_resnet_model``; ``resnet`` und ``resnet_cifar`` setzen nur ihre Zahlen ein.
"""

from __future__ import annotations

import functools

import keras
from keras import layers

from lecture_utils.core import checks
from lecture_utils.models.builder import builder, call, classifier

# ---------------------------------------------------------------------------
# Bausteine
# ---------------------------------------------------------------------------


def conv_bn(x, filters, kernel_size, strides=1, activation="relu", name="conv", *,
            zero_init=False):
    """Konv-Schicht ohne Bias (Same-Padding), Batch Normalization, optional ReLU.

    Schichtnamen: ``{name}_conv``, ``{name}_bn``, ``{name}_relu``. Einen Bias
    braucht die Konv-Schicht nicht, weil Batch Normalization ohnehin verschiebt.
    ``zero_init=True`` lässt das Gewicht der Batch Normalization bei 0 beginnen.
    """
    conv = layers.Conv2D(
        filters, kernel_size, strides=strides, padding="same", use_bias=False, name=f"{name}_conv"
    )
    x = call(conv, x)
    gamma = "zeros" if zero_init else "ones"
    x = layers.BatchNormalization(epsilon=1e-5, gamma_initializer=gamma, name=f"{name}_bn")(x)
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


def basic_block(x, filters, strides=1, skip_connection=True, name="block", *, zero_init=False):
    """Residual Block aus zwei Konv-Schichten 3×3 (ResNet-18/34 und CIFAR-ResNets).

    Ohne ``skip_connection`` bleibt ein „plain“ Block ohne Addition übrig.
    ``zero_init=True`` (nur mit Skip Connection): Die zweite Batch Normalization beginnt
    mit Gewicht 0, der Block gibt am Anfang nur seine Abkürzung weiter (Goyal et al. 2017).
    """
    shortcut = _shortcut(x, filters, strides, name) if skip_connection else None
    x = conv_bn(x, filters, 3, strides, name=f"{name}_1")
    x = conv_bn(x, filters, 3, activation=None, name=f"{name}_2",
                zero_init=zero_init and skip_connection)
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


def residual_stack(x, block, filters, blocks, strides, skip_connection=True, name="conv",
                   **block_options):
    """``blocks`` Residual Blocks hintereinander; nur der erste verkleinert (``strides``).
    ``block_options`` (z. B. ``zero_init=True``) gehen an jeden Block."""
    for i in range(1, blocks + 1):
        x = block(x, filters, strides if i == 1 else 1, skip_connection,
                  name=f"{name}_block{i}", **block_options)
    return x


def resnet_stages(x, block, widths, blocks, skip_connection=True, **block_options):
    """Die Stufen ``conv2``, ``conv3``, … mit ``widths`` Filtern und ``blocks`` Blöcken je Stufe;
    ab der zweiten Stufe halbiert der erste Block die Kantenlänge (Stride 2)."""
    for stage, (filters, n) in enumerate(zip(widths, blocks)):
        x = residual_stack(x, block, filters, n, strides=1 if stage == 0 else 2,
                           skip_connection=skip_connection, name=f"conv{stage + 2}",
                           **block_options)
    return x


def _resnet_model(input_shape, stem, block, widths, blocks, skip_connections, num_classes,
                  classifier_activation, name, **block_options):
    """Anfang (``stem``: Filter, Kernel, Stride, mit Max-Pooling?), Stufen und Kopf
    (Global Average Pooling, ``predictions``) – für ``resnet`` und ``resnet_cifar``."""
    filters, kernel, strides, pool = stem
    inputs = keras.Input(input_shape, name="input")
    x = conv_bn(inputs, filters, kernel, strides=strides, name="conv1")
    if pool:
        x = call(layers.MaxPooling2D(3, strides=2, padding="same", name="pool1_pool"), x)
    x = resnet_stages(x, block, widths, blocks, skip_connections, **block_options)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = classifier(x, num_classes, classifier_activation, name="predictions")
    return keras.Model(inputs, outputs, name=name)


# ---------------------------------------------------------------------------
# Netze
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


@builder
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
    suffix = "" if skip_connections else "_plain"
    return _resnet_model(input_shape, (64, 7, 2, True), _BLOCKS[kind], (64, 128, 256, 512),
                         blocks, skip_connections, num_classes, classifier_activation,
                         name=f"resnet{depth}{suffix}")


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


@builder
def resnet_cifar(
    depth=20,
    input_shape=(32, 32, 3),
    num_classes=10,
    skip_connections=True,
    classifier_activation="softmax",
    *,
    widths=(16, 32, 64),
    stem_strides=1,
    zero_init=False,
    name=None,
):
    """ResNet für CIFAR-10 (He et al. 2016, Abschnitt 4.2) mit ``depth`` = 6n + 2.

    Conv 3×3 mit 16 Filtern + BN + ReLU, dann drei Stufen mit je n Basic Blocks
    (16, 32, 64 Filter; Feature Maps 32×32, 16×16, 8×8), Global Average Pooling
    und Softmax. Wo sich die Form ändert, gleicht eine Projektion 1×1 + BN an.
    ``depth=20`` hat rund 0,27 Mio. Parameter.

    ``skip_connections=False`` baut das „plain“ Netz derselben Tiefe (ohne
    Additionen und Projektionen) – für das Experiment 20 gegen 56 Schichten.
    Für Varianten: ``widths`` (Filter der drei Stufen; die erste auch für den Anfang),
    ``stem_strides`` (Stride der ersten Konv-Schicht), ``zero_init`` (siehe
    ``basic_block``) und ``name`` (Vorgabe ``resnet20_cifar`` bzw. ``plain20_cifar``).
    """
    if not isinstance(depth, int) or depth < 8 or (depth - 2) % 6:
        raise ValueError(
            f"resnet_cifar: depth muss die Form 6n + 2 haben (20, 32, 44, 56, 110 …), "
            f"erhalten: {depth!r}."
        )
    if not isinstance(widths, (tuple, list)) or len(widths) != 3:
        raise ValueError(f"resnet_cifar: widths braucht drei Filterzahlen (eine je Stufe), "
                         f"erhalten: {widths!r}.")
    widths = tuple(checks.whole_number(w, "widths") for w in widths)
    stem_strides = checks.whole_number(stem_strides, "stem_strides")
    name = name or f"{'resnet' if skip_connections else 'plain'}{depth}_cifar"
    return _resnet_model(input_shape, (widths[0], 3, stem_strides, False), basic_block, widths,
                         ((depth - 2) // 6,) * 3, skip_connections, num_classes,
                         classifier_activation, name=name, zero_init=zero_init)


# ---------------------------------------------------------------------------
# Das kleine ResNet aus der Keras-Dokumentation (Abschnitt 10.2.3)
# ---------------------------------------------------------------------------


@builder
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
    blocks = checks.whole_number(blocks, "toy_resnet: blocks", minimum=0)
    filters = checks.whole_number(filters, "toy_resnet: filters")
    inputs = keras.Input(input_shape, name="image")
    x = call(layers.Conv2D(32, 3, activation="relu", name="Conv_1"), inputs)
    x = call(layers.Conv2D(filters, 3, activation="relu", name="Conv_2"), x)
    x = call(layers.MaxPooling2D(3, name="Pool_1"), x)
    for number in range(1, blocks + 1):  # Block 1: Conv_3, Conv_4 und add
        add_name = "add" if number == 1 else f"add_{number - 1}"
        x = _toy_block(x, filters, 2 * number + 1, add_name, skip_connections)
    x = call(layers.Conv2D(filters, 3, activation="relu", name=f"Conv_{2 * blocks + 3}"), x)
    x = layers.GlobalAveragePooling2D(name="Pool_2")(x)
    x = layers.Dense(256, activation="relu", name="FC_1")(x)
    x = layers.Dropout(0.5, name="dropout")(x)
    outputs = classifier(x, num_classes, classifier_activation, name="FC_2")
    name = "toy_resnet" if skip_connections else "toy_resnet_plain"
    return keras.Model(inputs, outputs, name=name)


def _toy_block(x, filters, first, add_name, skip_connection):
    """Zwei Konv-Schichten 3×3 (Same-Padding), Conv_{first} und Conv_{first+1},
    und die Addition mit der Blockeingabe."""
    conv = functools.partial(layers.Conv2D, filters, 3, activation="relu", padding="same")
    out = call(conv(name=f"Conv_{first}"), x)
    out = call(conv(name=f"Conv_{first + 1}"), out)
    return layers.add([out, x], name=add_name) if skip_connection else out
