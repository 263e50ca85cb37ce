"""Aufgaben zu Notebook 10.2, Abschnitt 10.2.6 „Was nur die Functional API kann“.

Hier stehen die Prüfungen für Modelle, die kein ``Sequential`` bauen kann: ein Modell
mit zwei Eingängen (Bild und Messwerte, ``check_two_inputs`` gegen
``reference_two_inputs``) und ein Residual Block mit Projektions-Shortcut
(``check_projection_params`` für die Projektion 1×1 von Hand, ``check_residual_block``
für den selbst geschriebenen Block gegen ``reference_block``). Verglichen werden
Eingänge, Ausgabeformen, Parameterzahlen und Verbindungen.
"""

from __future__ import annotations

import keras
from keras import layers

from lecture_utils.arithmetic import shapes
from lecture_utils.core import text
from lecture_utils.exercises import MISSING, Feedback, check_number, model_check
from lecture_utils.models import graphs

# --- Ein Modell mit zwei Eingängen -----------------------------------------------------

TWO_INPUT_SHAPES = ((32, 32, 3), (4,))
"""Bild 32×32×3 und 4 Messwerte, in dieser Reihenfolge."""


def reference_two_inputs() -> keras.Model:
    """Die Vorlage: image → Conv2D(16, 3, ReLU) → GlobalAveragePooling2D, mit den
    4 Messwerten aneinandergehängt (concatenate) → Dense(10, Softmax)."""
    image = keras.Input(TWO_INPUT_SHAPES[0], name="image")
    extra = keras.Input(TWO_INPUT_SHAPES[1], name="extra")
    x = layers.Conv2D(16, 3, activation="relu", name="conv")(image)
    x = layers.GlobalAveragePooling2D(name="pool")(x)
    x = layers.concatenate([x, extra], name="concat")
    outputs = layers.Dense(10, activation="softmax", name="classes")(x)
    return keras.Model([image, extra], outputs, name="two_inputs")


def _input_layer_name(model, index: int) -> str:
    """Name der Eingabeschicht, deren Ausgang ``model.inputs[index]`` ist.

    Nur öffentliche Keras-API (``model.layers``, ``layer.output``): Der Name des Tensors
    selbst (z. B. ``keras_tensor_3``) ist nicht der Name seiner Schicht (``input_layer_1``).
    """
    tensor = model.inputs[index]
    for layer in model.layers:
        if isinstance(layer, layers.InputLayer) and layer.output is tensor:
            return layer.name
    raise ValueError(f"Zum Eingang {index} ({tensor!r}) gehört keine Eingabeschicht des "
                     f"Modells {model.name!r}.")


def check_two_inputs(model) -> Feedback:
    """Prüft das Modell mit zwei Eingängen: Eingänge, Ausgang und Schichten."""
    if model is None:
        return MISSING
    if not isinstance(model, keras.Model) or not model.built or not model.inputs:
        return Feedback(False, "Erwartet wird ein Keras-Modell: keras.Model([image_in, "
                               f"extra_in], outputs), erhalten: {type(model).__name__}.")
    got = [tuple(t.shape[1:]) for t in model.inputs]
    if len(got) != 2:
        return Feedback(False, f"Ihr Modell hat {len(got)} Eingang/Eingänge. Übergeben Sie "
                               "beide als Liste: keras.Model([image_in, extra_in], outputs).")
    if got == list(reversed(TWO_INPUT_SHAPES)):
        return Feedback(False, "Die Eingänge sind vertauscht: zuerst das Bild (32, 32, 3), "
                               "dann die Messwerte (4,) – in dieser Reihenfolge bekommt das "
                               "Modell später auch seine Daten.")
    if len(model.outputs) != 1 or tuple(model.outputs[0].shape[1:]) != (10,):
        outs = ", ".join(str(tuple(t.shape[1:])) for t in model.outputs)
        return Feedback(False, f"Ausgang {outs}, erwartet ist ein Ausgang (10,) – die "
                               "FC-Schicht mit 10 Klassen hinter concatenate.")
    kinds = graphs.layer_kinds(model)
    if kinds["Add"]:
        return Feedback(False, "layers.add addiert elementweise und braucht gleiche Formen. "
                               "Zwei verschiedene Informationen hängt man mit "
                               "layers.concatenate aneinander.")
    if kinds["Concatenate"] == 0:
        return Feedback(False, "Es fehlt layers.concatenate([...]), das die Bildmerkmale und "
                               "die 4 Messwerte zu einem Vektor zusammenführt.")
    extra_name = _input_layer_name(model, 1)
    extra_used = any(extra_name in sources for name, sources in graphs.connections(model)
                     if isinstance(model.get_layer(name), layers.Concatenate))
    if not extra_used:
        return Feedback(False, "Der zweite Eingang (die Messwerte) führt nicht in "
                               "concatenate: Ohne diese Verbindung bleibt er ungenutzt.")
    return model_check.check_model(model, reference_two_inputs(), what="Ihr Modell",
                                   compare_names=False)


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
                              f"{text.number(reference.count_params())} Parameter, "
                              "und die Projektion 1×1 führt wie der Hauptzweig in die Addition.")
    return Feedback(False, " ".join(_specific_hints(model) + differences))
