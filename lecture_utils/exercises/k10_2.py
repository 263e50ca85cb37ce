"""Aufgaben zu Notebook 10.2 „Functional API und ResNet“.

* ``check_dense_params``: Parameter des kleinen Netzes aus FC-Schichten auf einer
  28×28×3-Eingabe (Abschnitt 10.2.1);
* ``check_last_axis``: Warum wirkt Dense nur auf die letzte Achse?
* ``check_projection_params``: Parameter einer Projektion 1×1;
* ``check_residual_block``: ein Residual Block mit Projektions-Shortcut, verglichen
  mit der Vorlage ``reference_block`` (Ausgabeform, Parameter, Verbindungen).

Alle erwarteten Zahlen werden mit ``lecture_utils.shapes`` berechnet.
"""

from __future__ import annotations

import keras
from keras import layers

from lecture_utils import graphs, shapes
from lecture_utils.exercises import MISSING, Feedback, check_choice, check_number

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
    flattened = dense_example_params(flatten=True)
    hints = {
        flattened: "Sie haben mit 28·28·3 Eingängen gerechnet. Dense wirkt aber nur "
                   "auf die letzte Achse: FC_1 sieht je Pixel nur 3 Werte.",
        dense_example_params(use_bias=False): "Es fehlt der Bias: je Neuron ein Parameter mehr.",
    }
    if answer is not None and answer in hints:
        return Feedback(False, f"Parameter gesamt: {shapes.format_number(answer)} – "
                               f"{hints[answer]}")
    return check_number(answer, dense_example_params(), "Parameter gesamt",
                        hint="Rechnen Sie je Schicht (Eingänge + 1) · Neuronen; als "
                             "Eingänge zählt nur die Größe der letzten Achse.")


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


# --- Projektion 1×1 -------------------------------------------------------------

BLOCK_INPUT_SHAPE = (16, 16, 32)
BLOCK_FILTERS = 64


def check_projection_params(answer) -> Feedback:
    """Parameter der Projektion Conv2D 1×1 von 32 auf 64 Kanäle."""
    expected = shapes.conv_param_count(1, BLOCK_INPUT_SHAPE[-1], BLOCK_FILTERS)
    return check_number(answer, expected, "Parameter der Projektion 1×1",
                        hint="Ein Filter 1×1 hat ein Gewicht je Eingangskanal, dazu einen Bias.")


# --- Residual Block mit Projektions-Shortcut --------------------------------------


def reference_block(x, filters):
    """Die Vorlage: zwei Konv-Schichten 3×3 (Same-Padding, ReLU) im Hauptzweig,
    eine Projektion 1×1 auf dem Shortcut, dann die Addition."""
    main = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    main = layers.Conv2D(filters, 3, padding="same", activation="relu")(main)
    shortcut = layers.Conv2D(filters, 1)(x)
    return layers.add([main, shortcut])


def block_model(block, input_shape=BLOCK_INPUT_SHAPE, filters=BLOCK_FILTERS) -> keras.Model:
    """Baut aus einer Block-Funktion ``block(x, filters)`` ein Modell zum Vergleichen."""
    inputs = keras.Input(input_shape)
    return keras.Model(inputs, block(inputs, filters))


def _build(answer):
    """(Modell, None) oder (None, Feedback) – auch wenn der Code der Lösung abbricht."""
    if isinstance(answer, keras.Model):
        return answer, None
    if not callable(answer):
        return None, Feedback(False, "Erwartet wird eine Funktion block(x, filters) "
                                     f"oder ein keras.Model, erhalten: {answer!r}.")
    inputs = keras.Input(BLOCK_INPUT_SHAPE)
    try:
        outputs = answer(inputs, BLOCK_FILTERS)
        if outputs is None:
            return None, MISSING
        return keras.Model(inputs, outputs), None
    except Exception as error:  # Fehler im Code der Studierenden: als Rückmeldung zeigen
        text = f"Beim Aufbau des Blocks kam ein Fehler: {type(error).__name__}: {error}"
        if "shape" in str(error).lower():
            text += (" – Passen die Formen in der Addition zusammen? Beide Zweige müssen "
                     "gleich groß sein: Same-Padding im Hauptzweig und eine Projektion 1×1 "
                     f"auf {BLOCK_FILTERS} Kanäle im Shortcut.")
        return None, Feedback(False, text)


def _specific_hints(model) -> list[str]:
    kinds = graphs.layer_kinds(model)
    projection = f"Conv2D 1×1 ({BLOCK_FILTERS} Filter)"
    hints = []
    if kinds["Concatenate"]:
        hints.append("Concatenate hängt die Kanäle aneinander; eine Skip Connection addiert "
                     "sie (layers.add).")
    elif kinds["Add"] == 0:
        hints.append("Es fehlt die Addition (layers.add oder layers.Add()) – ohne sie gibt "
                     "es keine Skip Connection.")
    if kinds[projection] == 0:
        hints.append(f"Es fehlt die Projektion auf dem Shortcut: eine Conv2D mit "
                     f"{BLOCK_FILTERS} Filtern und Kernel 1×1 von der Blockeingabe zur Addition.")
    return hints


def check_residual_block(answer) -> Feedback:
    """Prüft einen Residual Block mit Projektions-Shortcut.

    ``answer`` ist eine Funktion ``block(x, filters)`` (oder ein fertiges Modell
    mit Eingabe 16×16×32). Verglichen wird mit ``reference_block`` bei 16×16×32
    und 64 Filtern: Ausgabeform, Parameterzahl und Verbindungen.
    """
    if answer is None:
        return MISSING
    model, problem = _build(answer)
    if problem is not None:
        return problem
    reference = block_model(reference_block)
    differences = graphs.compare(model, reference)
    if not differences:
        return Feedback(True, f"Ausgabeform {tuple(reference.output_shape[1:])}, "
                              f"{shapes.format_number(reference.count_params())} Parameter, "
                              "und die Projektion 1×1 führt wie der Hauptzweig in die Addition.")
    return Feedback(False, " ".join(_specific_hints(model) + differences))
