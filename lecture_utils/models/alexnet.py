"""AlexNet (Krizhevsky, Sutskever, Hinton 2012) als ein Strang oder auf zwei „GPUs“ verteilt.

``alexnet`` baut die fünf Konv- und drei FC-Schichten aus dem Paper (ohne Local Response
Normalization); ``groups=2`` bildet die Aufteilung auf zwei GPUs mit gruppierten
Konvolutionen nach, ``small_input`` passt nur Conv1 an kleine Bilder wie CIFAR-10 an.
"""

from __future__ import annotations

import keras
from keras import layers

from lecture_utils.models.builder import builder, call, classifier, is_int

ALEXNET_MIN_SIZE = 67
"""Kleinste Kantenlänge, für die der Paper-Anfang (Conv1 11×11, Stride 4) passt."""


@builder
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
    if not is_int(groups) or groups < 1 or 32 % groups:
        raise ValueError(f"alexnet: groups muss 1, 2, 4, 8, 16 oder 32 sein (ein Teiler der "
                         f"Kanalzahlen 96, 256 und 384), erhalten: {groups!r}.")
    if small_input is None:
        small_input = min(input_shape[:2]) < ALEXNET_MIN_SIZE
    if small_input:
        conv1 = layers.Conv2D(96, 3, padding="same", activation="relu", name="Conv1")
    else:
        conv1 = layers.Conv2D(96, 11, strides=4, activation="relu", name="Conv1")
    inputs = keras.Input(input_shape, name="input")
    x = call(conv1, inputs)
    x = call(layers.MaxPooling2D(3, strides=2, name="Pool1"), x)
    x = call(layers.Conv2D(256, 5, padding="same", activation="relu", groups=groups,
                            name="Conv2"), x)
    x = call(layers.MaxPooling2D(3, strides=2, name="Pool2"), x)
    x = call(layers.Conv2D(384, 3, padding="same", activation="relu", name="Conv3"), x)
    x = call(layers.Conv2D(384, 3, padding="same", activation="relu", groups=groups,
                            name="Conv4"), x)
    x = call(layers.Conv2D(256, 3, padding="same", activation="relu", groups=groups,
                            name="Conv5"), x)
    x = call(layers.MaxPooling2D(3, strides=2, name="Pool3"), x)
    x = layers.Flatten(name="Flatten")(x)
    x = layers.Dense(fc_units, activation="relu", name="FC1")(x)
    x = layers.Dropout(dropout, name="Dropout1")(x)
    x = layers.Dense(fc_units, activation="relu", name="FC2")(x)
    x = layers.Dropout(dropout, name="Dropout2")(x)
    outputs = classifier(x, num_classes, classifier_activation, name="FC3")
    return keras.Model(inputs, outputs, name="alexnet")
