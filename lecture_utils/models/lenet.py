"""LeNet-5 (LeCun et al. 1998) und das schlanke MNIST-Netz aus dem Blog-Artikel.

``lenet5`` baut das Netz aus dem Paper (61.706 Parameter, ohne Padding), ``mnist_cnn``
das CNN aus „Einstieg in CNN mit Keras“ (43.290 Parameter). Beide geben ein nicht
kompiliertes funktionales ``keras.Model`` mit festen Schichtnamen wie auf den Folien zurück.
``lenet5_paper_counts`` erklärt, warum unser LeNet-5 61.706 Parameter hat, das Paper aber
rund 60.000 (Verbindungstabelle von C3 aus ``lenet_c3_table``, trainierbares Pooling,
RBF-Ausgabe).
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
from keras import layers

from lecture_utils.arithmetic import shapes
from lecture_utils.core import text
from lecture_utils.models.builder import builder, call, classifier

_POOLING = {"average": layers.AveragePooling2D, "max": layers.MaxPooling2D}


@builder
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
    x = call(layers.Conv2D(6, 5, activation=activation, name="Conv1"), inputs)
    x = call(pool(2, name="Pool1"), x)
    x = call(layers.Conv2D(16, 5, activation=activation, name="Conv2"), x)
    x = call(pool(2, name="Pool2"), x)
    x = layers.Flatten(name="Flatten")(x)
    x = layers.Dense(120, activation=activation, name="FC1")(x)
    x = layers.Dense(84, activation=activation, name="FC2")(x)
    outputs = classifier(x, num_classes, classifier_activation, name="FC3")
    return keras.Model(inputs, outputs, name="lenet5")


@builder
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
        x = call(conv, x)
        if i < 4:
            x = call(layers.MaxPooling2D(2, name=f"Pool{i}"), x)
    x = layers.Dropout(dropout, name="Dropout1")(x)
    x = layers.Flatten(name="Flatten")(x)
    x = layers.Dropout(dropout, name="Dropout2")(x)
    x = layers.Dense(128, activation=activation, kernel_regularizer=regularizer, name="FC1")(x)
    x = layers.Dropout(dropout, name="Dropout3")(x)
    outputs = classifier(x, num_classes, classifier_activation, name="FC2")
    return keras.Model(inputs, outputs, name="mnist_cnn")


def lenet_c3_table() -> np.ndarray:
    """Die Verbindungstabelle von C3 (LeCun et al. 1998, Tabelle I) als bool-Array (6, 16).

    Zeile i = Feature Map i von S2, Spalte j = Feature Map j von C3. Die Maps 0–5
    sehen je 3 benachbarte Maps, 6–11 je 4 benachbarte, 12–14 je 4 nicht
    benachbarte und Map 15 alle 6.
    """
    inputs = [[(j + k) % 6 for k in range(3)] for j in range(6)]
    inputs += [[(j + k) % 6 for k in range(4)] for j in range(6)]
    inputs += [[0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5]]
    inputs += [list(range(6))]
    table = np.zeros((6, 16), dtype=bool)
    for column, rows in enumerate(inputs):
        table[rows, column] = True
    return table


@dataclass(frozen=True)
class PaperCount:
    """Eine Schicht von LeNet-5: unsere Parameter gegen die im Paper."""

    ours_name: str
    paper_name: str
    ours: int
    paper: int
    reason: str


def lenet5_paper_counts(table: shapes.LayerTable) -> list[PaperCount]:
    """Vergleicht die Parameter unseres LeNet-5 (``shapes.layer_table(models.lenet5())``)
    Schicht für Schicht mit dem Paper; die Paper-Zahlen werden hier ausgerechnet."""
    shapes.check_table(table)
    c3 = lenet_c3_table()
    kernel = 5
    c3_params = int(c3.sum()) * kernel * kernel + c3.shape[1]
    paper = [
        ("Conv1", "C1", shapes.conv_param_count(kernel, 1, 6), "gleich"),
        ("Pool1", "S2", 2 * 6,
         "im Paper hat jedes Pooling einen Faktor und einen Bias pro Map (2·6)"),
        ("Conv2", "C3", c3_params,
         f"Verbindungstabelle: nur {int(c3.sum())} statt {c3.size} Verbindungen "
         f"({int(c3.sum())}·5·5 + 16)"),
        ("Pool2", "S4", 2 * 16, "Faktor und Bias pro Map (2·16)"),
        ("FC1", "C5", shapes.conv_param_count(kernel, 16, 120),
         "C5 ist eine Konv-Schicht 5×5 auf 5×5 – dasselbe wie unsere FC-Schicht"),
        ("FC2", "F6", shapes.dense_param_count(120, 84), "gleich"),
        ("FC3", "Ausgabe", 0,
         "RBF-Einheiten mit 84·10 fest vorgegebenen Gewichten statt Softmax-Schicht"),
    ]
    return [PaperCount(ours, name, table.row(ours).params, count, reason)
            for ours, name, count, reason in paper]


def lenet5_paper_text(counts: list[PaperCount]) -> str:
    """Die Gegenüberstellung als Tabelle mit Summenzeile."""
    rows = [(c.ours_name, c.paper_name, c.ours, c.paper, c.reason) for c in counts]
    rows.append(("Summe", "", sum(c.ours for c in counts), sum(c.paper for c in counts), ""))
    lines = text.table(("unser", "Paper", "unser", "Paper", "Grund"), rows).splitlines()
    lines.insert(-1, lines[1])  # Linie über der Summe
    return "\n".join(lines)
