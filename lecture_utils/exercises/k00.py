"""Aufgaben zum Start-Notebook 00 „So arbeiten Sie mit diesem Kurs“.

* ``check_conv1_params``: Parameterzahl der ersten Konv-Schicht des MNIST-CNN, von Hand;
* ``check_pool1_shape``: Ausgabeform nach dem ersten Max-Pooling;
* ``check_dropout``: Auswahlfrage, was ``Dropout(0.4)`` im Training und beim Testen tut.

Die erwarteten Zahlen rechnet ``lecture_utils.arithmetic.shapes`` aus den Einstellungen unten;
ein Test prüft sie an dem Keras-Modell ``models.mnist_cnn()``.
"""

from __future__ import annotations

from lecture_utils.arithmetic import shapes
from lecture_utils.exercises import Feedback, check_choice, check_number, check_shape

# Die erste Konv-Schicht des MNIST-CNN (Blogbeitrag): 32 Filter 3×3, Same-Padding,
# auf 28×28-Graustufenbildern (ein Kanal); danach Max-Pooling 2×2.
INPUT_SHAPE = (28, 28, 1)
CONV1 = {"filters": 32, "kernel_size": 3, "padding": "same"}
POOL1 = 2


# --- Parameter von Conv1 --------------------------------------------------------


def conv1_params() -> int:
    """Gewichte und Biases von Conv1: (3·3·1 + 1) · 32."""
    return shapes.conv_param_count(CONV1["kernel_size"], INPUT_SHAPE[-1], CONV1["filters"])


def check_conv1_params(answer) -> Feedback:
    """Prüft die Parameterzahl von Conv1 und erkennt die typischen Fehler."""
    k, c_in, filters = CONV1["kernel_size"], INPUT_SHAPE[-1], CONV1["filters"]
    height, width = INPUT_SHAPE[:2]
    typical = {
        k * k * c_in * filters: "Die Gewichte stimmen, aber jeder Filter hat zusätzlich "
                                "einen Bias: ein Parameter mehr je Filter.",
        k * k * c_in + 1: f"Das ist ein einziger Filter (mit Bias). Conv1 hat {filters} "
                          "Filter, jeder mit eigenen Gewichten.",
        k * k * c_in: f"Das sind die Gewichte eines einzigen Filters ohne Bias. Conv1 hat "
                      f"{filters} Filter, und jeder hat einen Bias.",
        shapes.conv_param_count(k, filters, filters): "Das wäre Conv2, die 32 "
                                                       "Kanäle bekommt. Conv1 sieht ein "
                                                       "Graustufenbild mit einem Kanal.",
        height * width * filters: "Das ist die Zahl der Werte in der Ausgabe (28·28·32). "
                                  "Die Parameter hängen nicht von der Bildgröße ab: Derselbe "
                                  "Filter wandert über alle Stellen des Bildes.",
    }
    return check_number(answer, conv1_params(), "Parameter von Conv1",
                        hint="Je Filter: Höhe · Breite · Eingabekanäle Gewichte plus ein "
                             "Bias; das mal die Zahl der Filter.", mistakes=typical)


# --- Form nach Pool1 ------------------------------------------------------------


def pool1_shape() -> tuple[int, int, int]:
    """Ausgabeform nach Conv1 (Same-Padding) und Pool1 (2×2): (14, 14, 32)."""
    conv = shapes.conv_output_shape(INPUT_SHAPE, **CONV1)
    return shapes.pool_output_shape(conv, POOL1)


def check_pool1_shape(answer) -> Feedback:
    """Prüft die Form (Höhe, Breite, Kanäle) nach dem ersten Pooling."""
    expected = pool1_shape()
    conv = shapes.conv_output_shape(INPUT_SHAPE, **CONV1)
    valid = shapes.pool_output_shape(
        shapes.conv_output_shape(INPUT_SHAPE, CONV1["filters"], CONV1["kernel_size"]), POOL1)
    shape = _as_shape(answer)
    if shape is not None and shape != expected:
        if len(shape) == 4 and shape[1:] == expected:
            return Feedback(False, f"Form nach Pool1: {shape} – lassen Sie die Batch-Achse "
                                   f"weg und geben Sie nur (Höhe, Breite, Kanäle) an.")
        typical = {
            conv: "Das ist die Ausgabe von Conv1. Das Max-Pooling 2×2 halbiert danach "
                  "Höhe und Breite.",
            valid: "Mit padding='same' bleibt das Bild in Conv1 28×28 groß; erst das "
                   "Pooling halbiert es.",
            expected[:2] + (INPUT_SHAPE[-1],): "Die Kanäle der Ausgabe sind die Filter von "
                                              "Conv1; Pooling ändert die Zahl der Kanäle "
                                              "nicht.",
            (expected[2],) + expected[:2]: "Keras legt die Kanäle standardmäßig ans Ende: "
                                           "(Höhe, Breite, Kanäle).",
        }
        if shape in typical:
            return Feedback(False, f"Form nach Pool1: {shape} – {typical[shape]}")
    return check_shape(answer, expected, "Form nach Pool1",
                       hint="Same-Padding erhält 28×28, Pooling 2×2 halbiert; Kanäle = "
                            "Filter von Conv1.")


# --- Dropout --------------------------------------------------------------------

DROPOUT_OPTIONS = {
    "a": "Nein: Dropout löscht nichts dauerhaft und hat selbst keine Parameter. In jedem "
         "Trainingsschritt wird neu ausgelost, welche Werte wegfallen.",
    "b": "Genau: Im Training setzt die Schicht in jedem Schritt zufällig etwa 40 % ihrer "
         "Eingangswerte auf 0 und vergrößert die übrigen um den Faktor 1/(1 − 0,4), damit "
         "die Summe im Mittel gleich bleibt. Bei evaluate und predict gibt sie alles "
         "unverändert weiter.",
    "c": "Nein: Jede Epoche verwendet alle Trainingsbilder. Dropout verwirft Werte im "
         "Inneren des Netzes, keine Bilder.",
    "d": "Nein: Beim Testen (evaluate, predict) ist Dropout abgeschaltet. Dass die "
         "Test-Accuracy von Lauf zu Lauf schwankt, liegt an anderen Startgewichten und einer "
         "anderen Reihenfolge der Trainingsbilder, nicht an Dropout beim Testen.",
}


def check_dropout(answer) -> Feedback:
    """Auswahlfrage: Was macht ``layers.Dropout(0.4)``?"""
    return check_choice(answer, "b", DROPOUT_OPTIONS, what="Antwort")


# --- Hilfen ---------------------------------------------------------------------


def _as_shape(answer):
    """Die Antwort als Tupel ganzer Zahlen, sonst ``None`` (``check_shape`` meldet es)."""
    try:
        return tuple(int(a) for a in answer)
    except (TypeError, ValueError):
        return None
