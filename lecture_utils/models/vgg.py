"""VGG-16 (Simonyan & Zisserman 2015): fünf Blöcke aus Konv-Schichten 3×3 und Max-Pooling.

``VGG16_BLOCKS`` nennt Filter und Anzahl Konv-Schichten der fünf Blöcke, ``vgg_block``
baut einen Block, ``vgg16`` das ganze Netz mit den Schichtnamen von
``keras.applications.VGG16``. ``vgg16_param_split`` zählt die Parameter der Konv- und
der FC-Schichten nur mit den Formeln aus ``arithmetic.shapes`` – mit derselben Schleife
über die Blöcke wie ``vgg16``.
"""

from __future__ import annotations

import keras
from keras import layers

from lecture_utils.arithmetic import shapes
from lecture_utils.core import checks
from lecture_utils.models.builder import builder, call, classifier

VGG16_BLOCKS = ((64, 2), (128, 2), (256, 3), (512, 3), (512, 3))
"""(Filter, Anzahl Konv-Schichten) der fünf Blöcke von VGG-16."""


@builder
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
    outputs = classifier(x, num_classes, classifier_activation, name="predictions")
    return keras.Model(inputs, outputs, name="vgg16")


def vgg_block(x, filters, convs, name):
    """Ein VGG-Block: ``convs`` Konv-Schichten 3×3 (Same-Padding, ReLU), dann Max-Pooling 2×2."""
    for i in range(1, convs + 1):
        conv = layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"{name}_conv{i}")
        x = call(conv, x)
    return call(layers.MaxPooling2D(2, strides=2, name=f"{name}_pool"), x)


def vgg16_param_split(fc_units: int = 4096, num_classes: int = 1000, input_side: int = 224,
                      blocks=VGG16_BLOCKS) -> tuple[int, int]:
    """(Parameter der Konv-Schichten, Parameter der 3 FC-Schichten) eines VGG-Netzes mit
    ``blocks`` (Vorgabe: die 13 Konv-Schichten von VGG-16), nur mit den Formeln aus
    ``shapes`` gerechnet."""
    fc_units = checks.whole_number(fc_units, "fc_units")
    num_classes = checks.whole_number(num_classes, "num_classes")
    input_side = checks.whole_number(input_side, "input_side", minimum=2 ** len(blocks))
    conv, channels, side = 0, 3, input_side
    for filters, convs in blocks:
        for _ in range(convs):
            conv += shapes.conv_param_count(3, channels, filters)
            channels = filters
        side = shapes.pool_output_shape((side, side, channels), 2)[0]
    flat = side * side * channels
    fc = (shapes.dense_param_count(flat, fc_units) + shapes.dense_param_count(fc_units, fc_units)
          + shapes.dense_param_count(fc_units, num_classes))
    return conv, fc
