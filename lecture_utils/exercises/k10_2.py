"""Aufgaben zu Notebook 10.2 „Functional API und ResNet“, Abschnitte 10.2.1 bis 10.2.3
und 10.2.7.

* ``check_dense_params``: Parameter des kleinen Netzes aus FC-Schichten auf einer
  28×28×3-Eingabe (Abschnitt 10.2.1);
* ``check_last_axis``: Warum wirkt Dense nur auf die letzte Achse?
* ``check_blog_cnn``: das Blog-CNN mit der Functional API (gegen ``models.mnist_cnn``);
* ``check_toy_resnet``: das Beispiel-ResNet aus dem Kapitel (gegen ``models.toy_resnet``);
* ``check_identity_params``: Warum kostet eine Identitäts-Abkürzung keine Parameter?
* ``check_speed``: Welches Netz erreicht 91 % auf Fashion-MNIST zuerst, und warum
  (Abschnitt 10.2.7)?

Die Formel des Residual Blocks von Hand (10.2.4) prüft ``k10_2_formulas``, die Modelle,
die nur die Functional API bauen kann (10.2.6), prüft ``k10_2_graphs``. Alle erwarteten
Zahlen werden mit ``lecture_utils.arithmetic.shapes`` berechnet.
"""

from __future__ import annotations

import keras

from lecture_utils import models
from lecture_utils.arithmetic import shapes
from lecture_utils.core import text
from lecture_utils.exercises import MISSING, Feedback, check_choice, check_number, model_check
from lecture_utils.models import graphs

# --- Das Netz aus FC-Schichten (10.2.1) -----------------------------------------

DENSE_INPUT_SHAPE = (28, 28, 3)
DENSE_UNITS = (64, 64, 10)  # FC_1, FC_2, FC_3


def dense_example_params(flatten: bool = False, use_bias: bool = True) -> int:
    """Parameter der drei FC-Schichten auf 28×28×3 (Vorgabe: 5.066).

    ``flatten=True`` rechnet, als würde die Eingabe vorher flachgeklopft
    (28·28·3 Eingänge statt 3) – der typische Denkfehler.
    """
    *pixels, channels = DENSE_INPUT_SHAPE
    inputs = channels * (pixels[0] * pixels[1] if flatten else 1)
    total = 0
    for units in DENSE_UNITS:
        total += shapes.dense_param_count(inputs, units, use_bias)
        inputs = units
    return total


def check_dense_params(answer) -> Feedback:
    """Prüft die Parameterzahl des Netzes FC_1 → FC_2 → FC_3 auf 28×28×3."""
    mistakes = {
        dense_example_params(flatten=True): "Sie haben mit 28·28·3 Eingängen gerechnet. Dense "
        "wirkt aber nur auf die letzte Achse: FC_1 sieht je Pixel nur 3 Werte.",
        dense_example_params(use_bias=False): "Es fehlt der Bias: je Neuron ein Parameter mehr.",
    }
    return check_number(answer, dense_example_params(), "Parameter gesamt",
                        hint="Rechnen Sie je Schicht (Eingänge + 1) · Neuronen; als "
                             "Eingänge zählt nur die Größe der letzten Achse.",
                        mistakes=mistakes)


LAST_AXIS_OPTIONS = {
    "a": "Nein: Ohne Flatten bleibt die Form erhalten – FC_1 gibt 28×28×64 aus, nicht 64.",
    "b": "Dense rechnet entlang der letzten Achse; dieselbe Gewichtsmatrix (3×64) und "
         "derselbe Bias gelten an jedem der 28·28 Pixel.",
    "c": "Nein: Die Gewichte entstehen schon beim Bauen des Modells; der Kernel von FC_1 "
         "hat die Form (3, 64).",
}


def check_last_axis(answer) -> Feedback:
    """Auswahlfrage: Warum hat FC_1 auf 28×28×3 nur 256 Parameter?"""
    return check_choice(answer, "b", LAST_AXIS_OPTIONS, what="Antwort")


# --- Das Blog-CNN mit der Functional API (10.2.2) ------------------------------------


def check_blog_cnn(model) -> Feedback:
    """Prüft das CNN aus dem Blog-Artikel, neu geschrieben mit der Functional API.

    Verglichen wird Schicht für Schicht mit ``models.mnist_cnn()`` (Typen,
    Einstellungen, Ausgabeformen, Parameter); die Schichtnamen sind frei. Ein
    ``Sequential``-Modell gilt nicht: Die Aufgabe verlangt ``keras.Input`` und
    ``keras.Model``.
    """
    if model is None:
        return MISSING
    if isinstance(model, keras.Sequential):
        return Feedback(False, "Das ist ein Sequential-Modell. Schreiben Sie das Netz mit der "
                               "Functional API: x = keras.Input(...), dann x = Schicht(...)(x) "
                               "und am Ende keras.Model(inputs, outputs).")
    feedback = model_check.check_model(model, models.mnist_cnn(), what="Ihr Blog-CNN",
                                       compare_names=False)
    return feedback.with_remark("Mit der Functional API ergibt sich "
                                "dasselbe Netz wie mit Sequential.")


# --- Das Beispiel-ResNet (10.2.3) ------------------------------------------------------


def check_toy_resnet(model) -> Feedback:
    """Prüft das selbst geschriebene Beispiel-ResNet gegen ``models.toy_resnet()``:
    Schichttypen, Namen, Einstellungen, Ausgabeformen, Parameter und Verbindungen."""
    if model is None:
        return MISSING
    if isinstance(model, keras.Model) and model.built and model.inputs:
        kinds = graphs.layer_kinds(model)
        inputs = [layer.name for layer in model.layers
                  if isinstance(layer, keras.layers.InputLayer)]
        if kinds["Concatenate"]:
            return Feedback(False, "Ihr Toy-ResNet enthält Concatenate: Das hängt die Kanäle "
                                   "aneinander (9×9×128). Eine Skip Connection addiert "
                                   "elementweise – mit layers.add([...]).")
        if kinds["Add"] == 0:
            return Feedback(False, "In Ihrem Toy-ResNet fehlen die beiden Skip Connections: "
                                   "Nach Conv_4 und nach Conv_6 kommt je ein layers.add([...]) "
                                   "mit dem Eingang des Blocks.")
        if inputs != ["image"]:
            return Feedback(False, f"Ihr Toy-ResNet: Die Eingabe heißt {inputs}, im Kapitel "
                                   "heißt sie 'image': keras.Input(shape=(32, 32, 3), "
                                   "name=\"image\").")
    return model_check.check_model(model, models.toy_resnet(), what="Ihr Toy-ResNet")


IDENTITY_PARAMS_OPTIONS = {
    "a": "Nein: Keras rechnet der Konv-Schicht davor nichts zu. Conv_4 hat genau "
         f"(3·3·64 + 1)·64 = {text.number(shapes.conv_param_count(3, 64, 64))} "
         "Parameter, so viele wie jede Konv-Schicht 3×3 mit 64 Filtern auf 64 Kanälen – "
         "ob eine Addition folgt oder nicht.",
    "b": "Die Identitäts-Abkürzung reicht a⁽ˡ⁾ unverändert weiter, und die Add-Schicht "
         "addiert nur elementweise. Es gibt nichts zu lernen – in der Formel wäre W_s die "
         "feste Einheitsmatrix, und die schreibt man gar nicht hin.",
    "c": "Nein: Keras legt alle Gewichte schon beim Bauen an (die Übersicht zählt sie vor "
         "dem Training), und das Training fügt keine hinzu. Die Add-Schicht hat einfach "
         "keine.",
    "d": "Nein: Nicht trainierbare Gewichte würde die Übersicht als „Non-trainable params“ "
         "zählen; dort steht 0. Eine Add-Schicht hat weder trainierbare noch feste Gewichte.",
}


def check_identity_params(answer) -> Feedback:
    """Auswahlfrage: Warum kostet eine Skip Connection mit Identität keine Parameter?"""
    return check_choice(answer, "b", IDENTITY_PARAMS_OPTIONS, what="Antwort")


# --- Wie schnell geht es? (10.2.7) ------------------------------------------------------

SPEED_OPTIONS = {
    "a": "Nein. Die Zeit bis zum Ziel ist Sekunden je Epoche mal Epochen bis zum Ziel. Auch "
         "wenn eine Epoche der Baseline weniger kostet, entscheidet, wie viele Epochen sie "
         "braucht. Adam passt die Schrittweite zwar je Gewicht an, aber die Grundlernrate "
         "0,001 bleibt im keras-io-Rezept bis zum Schluss fest: Einen Plan, der sie zum Ende "
         "senkt, hat die Baseline nicht.",
    "b": "Nein. Mehr Parameter und mehr Schichten machen das Training nicht von selbst "
         "schneller: Jeder Parameter kostet Rechenzeit in jedem Schritt, und He et al. (2016) "
         "zeigen mit der Degradation, dass ein tieferes Plain-Netz sogar einen höheren "
         "Trainingsfehler haben kann als ein flacheres. Schnell wird das ResNet-8 durch "
         "Batch Normalization, Abkürzungen und den Lernratenplan.",
    "c": "Batch Normalization normalisiert die Eingaben jeder Schicht über den Batch; Ioffe "
         "und Szegedy (2015) zeigen, dass ein Netz damit viel höhere Lernraten verträgt – hier "
         "0,1 mit SGD. Die Skip Connections geben dem Gradienten einen Weg ohne Gewichte zurück "
         "zu den ersten Schichten (siehe 10.2.5), und der Kosinus-Abfall senkt die Lernrate "
         "zum Ende auf 0, so dass die letzten Schritte fein einstellen. Darum braucht das "
         "ResNet-8 im vollen Lauf von bench/bench_training.py viel weniger Epochen bis 91 % "
         "als die Baseline.",
    "d": "Nein. Wie viel ein Netz in einer Epoche dazulernt, hängt von Architektur, "
         "Normalisierung und Lernrate ab. Ioffe und Szegedy (2015) erreichen mit Batch "
         "Normalization dieselbe Accuracy wie ohne in einem Bruchteil der Trainingsschritte.",
}


def check_speed(answer) -> Feedback:
    """Auswahlfrage: Welches Netz erreicht 91 % Test-Accuracy zuerst, und warum?"""
    return check_choice(answer, "c", SPEED_OPTIONS, what="Antwort")
