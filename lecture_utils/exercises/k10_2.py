"""Aufgaben zu Notebook 10.2 „Functional API und ResNet“.

* ``check_dense_params``: Parameter des kleinen Netzes aus FC-Schichten auf einer
  28×28×3-Eingabe (Abschnitt 10.2.1);
* ``check_last_axis``: Warum wirkt Dense nur auf die letzte Achse?
* ``check_projection_params``: Parameter einer Projektion 1×1;
* ``check_residual_block``: ein Residual Block mit Projektions-Shortcut, verglichen
  mit der Vorlage ``reference_block`` (Ausgabeform, Parameter, Verbindungen);
* ``check_blog_cnn``: das Blog-CNN mit der Functional API (gegen ``models.mnist_cnn``);
* ``check_toy_resnet``: das Beispiel-ResNet aus dem Kapitel (gegen ``models.toy_resnet``);
* ``check_identity_params``: Warum kostet eine Identitäts-Abkürzung keine Parameter?
* ``check_z_identity``, ``check_ws_shortcut``, ``check_z_projection``: die Formel des
  Residual Blocks von Hand, ohne und mit W_s (Zahlen in ``HAND`` und ``HAND_4``);
* ``check_two_inputs``: ein Modell mit zwei Eingängen (Bild und Messwerte);
* ``check_speed``: Welches Netz erreicht 91 % auf Fashion-MNIST zuerst, und warum
  (Abschnitt 10.2.7)?

Alle erwarteten Zahlen werden mit ``lecture_utils.arithmetic.shapes`` berechnet.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from lecture_utils import exercises, models
from lecture_utils.arithmetic import residual, shapes
from lecture_utils.models import graphs
from lecture_utils.exercises import MISSING, Feedback, check_choice, check_number, model_check

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
    if feedback.correct:
        return Feedback(True, f"{feedback.message} Mit der Functional API ergibt sich "
                              "dasselbe Netz wie mit Sequential.")
    return feedback


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
         f"(3·3·64 + 1)·64 = {shapes.format_number(shapes.conv_param_count(3, 64, 64))} "
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


# --- Die Formel von Hand (10.2.4) ------------------------------------------------------

HAND = {
    "a_l": np.array([2.0, 1.0]),
    "W1": np.array([[1.0, -1.0], [-1.0, 0.0], [0.0, 1.0]]),
    "b1": np.array([0.0, 1.0, 0.0]),
    "W2": np.array([[1.0, 1.0, -1.0], [0.0, 2.0, 1.0]]),
    "b2": np.array([1.0, -3.0]),
}
"""Kleine Zahlen zum Rechnen von Hand: n_l = 2, n_{l+1} = 3, n_{l+2} = 2, g = ReLU."""

HAND_4 = {
    **HAND,
    "W2": np.array([[1.0, 1.0, -1.0], [0.0, 2.0, 1.0], [-1.0, 0.0, 1.0], [0.0, -1.0, -2.0]]),
    "b2": np.array([1.0, -3.0, 0.0, 1.0]),
}
"""Dieselbe Eingabe, aber Schicht l+2 hat 4 Neuronen; dazu ``W_S`` aus dem Kapitel."""

W_S = residual.projection_matrix(4, 2)
"""Die 4×2-Matrix W_s aus dem Kapitel: Einsen auf der Diagonalen, sonst Nullen."""

for _array in (*HAND.values(), *HAND_4.values(), W_S):
    _array.flags.writeable = False  # eine Lösung im Notebook soll die Aufgabe nicht ändern


_LATEX_NAMES = {"a_l": "a^{(l)}", "W1": "W^{(l+1)}", "b1": "b^{(l+1)}",
                "W2": "W^{(l+2)}", "b2": "b^{(l+2)}", "W_s": "W_s"}


def _latex_matrix(array) -> str:
    rows = array if array.ndim == 2 else array.reshape(-1, 1)  # Vektoren als Spalte
    body = r" \\ ".join(" & ".join(exercises._fmt(v).replace(",", "{,}") for v in row)
                        for row in rows)
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


def task_latex(values: dict) -> str:
    """Die gegebenen Zahlen einer Aufgabe als LaTeX (für ``IPython.display.Math``),
    z. B. ``task_latex(HAND)``. Schlüssel wie in ``HAND`` und ``"W_s"``."""
    if not isinstance(values, dict):
        raise TypeError(f"task_latex erwartet ein dict wie k10_2.HAND, erhalten: {values!r}.")
    parts = []
    for key, value in values.items():
        if key not in _LATEX_NAMES:
            raise ValueError(f"Unbekannte Größe {key!r}; bekannt sind "
                             f"{', '.join(_LATEX_NAMES)}.")
        array = np.asarray(value, dtype=float)
        if array.ndim not in (1, 2):
            raise ValueError(f"{key} muss ein Vektor oder eine Matrix sein, erhalten: "
                             f"Form {array.shape}.")
        parts.append(f"{_LATEX_NAMES[key]} = {_latex_matrix(array)}")
    return r",\qquad ".join(parts)


def _as_vector(answer, length, what):
    """(Vektor, None) oder (None, Feedback) für eine Antwort wie [3, -1]."""
    try:
        vector = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        return None, Feedback(False, f"{what}: erwartet wird eine Liste mit {length} Zahlen, "
                                     f"erhalten: {answer!r}.")
    if vector.size != length:
        return None, Feedback(False, f"{what}: {vector.size} Zahlen, erwartet sind {length} – "
                                     f"so viele Neuronen hat die Schicht, zu der addiert wird.")
    return vector, None


def _vector_text(vector) -> str:
    return "[" + ", ".join(exercises._fmt(v) for v in vector) + "]"


def _check_vector(answer, expected, what, mistakes, hint) -> Feedback:
    """Vergleicht einen Vektor; ``mistakes`` ist eine Liste (falscher Vektor, Hinweis)."""
    if answer is None:
        return MISSING
    vector, problem = _as_vector(answer, len(expected), what)
    if problem is not None:
        return problem
    if np.allclose(vector, expected):
        return Feedback(True, f"{what} = {_vector_text(expected)}.")
    for wrong, text in mistakes:
        if np.allclose(vector, wrong):
            return Feedback(False, f"{what} = {_vector_text(vector)}: {text}")
    return Feedback(False, f"{what} = {_vector_text(vector)} stimmt noch nicht. {hint}")


def _mistakes(step, W2, b2) -> list:
    """Die typischen Rechenfehler beim Residual Block und ihr Hinweis."""
    shortcut = step.shortcut
    no_relu = W2 @ step.z_l1 + b2 + shortcut
    return [
        (step.z_plain, "Das ist W⁽ˡ⁺²⁾·a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾ ohne die Skip Connection. Addieren Sie "
                       "noch den Shortcut."),
        (no_relu, "Sie haben a⁽ˡ⁺¹⁾ ohne ReLU gerechnet. Negative Werte von z⁽ˡ⁺¹⁾ werden "
                  "erst durch g = ReLU zu 0, bevor W⁽ˡ⁺²⁾ sie bekommt."),
        (step.z_l2 - b2, "Es fehlt der Bias b⁽ˡ⁺²⁾."),
        (step.a_l2, "Das ist schon a⁽ˡ⁺²⁾ = ReLU(z⁽ˡ⁺²⁾). Gefragt ist der Rohinput z⁽ˡ⁺²⁾ "
                    "vor der Aktivierung (mit negativen Werten)."),
        (residual.relu(step.z_plain) + shortcut,
         "Sie haben ReLU schon vor der Addition angewandt. In der Formel ist z⁽ˡ⁺²⁾ die "
         "Summe vor der Aktivierung; g kommt erst danach."),
    ]


def check_z_identity(answer) -> Feedback:
    """z⁽ˡ⁺²⁾ für ``HAND`` mit Identitäts-Abkürzung, von Hand gerechnet."""
    step = residual.residual_block(**HAND)
    return _check_vector(answer, step.z_l2, "z⁽ˡ⁺²⁾", _mistakes(step, HAND["W2"], HAND["b2"]),
                         hint="Rechnen Sie der Reihe nach: z⁽ˡ⁺¹⁾ = W⁽ˡ⁺¹⁾·a⁽ˡ⁾ + b⁽ˡ⁺¹⁾, "
                              "a⁽ˡ⁺¹⁾ = ReLU(z⁽ˡ⁺¹⁾), dann W⁽ˡ⁺²⁾·a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾ + a⁽ˡ⁾.")


def check_ws_shortcut(answer) -> Feedback:
    """W_s·a⁽ˡ⁾ für die 4×2-Matrix aus dem Kapitel und a⁽ˡ⁾ aus ``HAND``."""
    a_l = HAND["a_l"]
    expected = W_S @ a_l
    mistakes = [
        (np.concatenate([np.zeros(2), a_l]), "Die Einsen von W_s stehen in den Zeilen 1 und 2: "
                                             "a⁽ˡ⁾ landet oben, die Nullen kommen unten dazu."),
        (np.full(4, a_l.sum()), "Zeile i von W_s mal a⁽ˡ⁾ ergibt Eintrag i. Die Zeilen 3 und 4 "
                                "enthalten nur Nullen."),
    ]
    feedback = _check_vector(answer, expected, "W_s·a⁽ˡ⁾", mistakes,
                             hint="Eintrag i ist Zeile i von W_s mal a⁽ˡ⁾.")
    if feedback.correct:
        return Feedback(True, f"{feedback.message} W_s übernimmt a⁽ˡ⁾ in die ersten beiden "
                              "Einträge und füllt die übrigen mit Nullen auf (Zero-Padding). "
                              "Die Matrix ist fest: Sie kostet keine Parameter.")
    return feedback


def check_z_projection(answer) -> Feedback:
    """z⁽ˡ⁺²⁾ für ``HAND_4`` mit dem Shortcut W_s·a⁽ˡ⁾."""
    step = residual.residual_block(**HAND_4, W_s=W_S)
    return _check_vector(answer, step.z_l2, "z⁽ˡ⁺²⁾ mit W_s",
                         _mistakes(step, HAND_4["W2"], HAND_4["b2"]),
                         hint="a⁽ˡ⁺¹⁾ ist dasselbe wie in der Aufgabe davor; neu sind "
                              "W⁽ˡ⁺²⁾ (4×3), b⁽ˡ⁺²⁾ und der Shortcut W_s·a⁽ˡ⁾ statt a⁽ˡ⁾.")


# --- Ein Modell mit zwei Eingängen ----------------------------------------------------

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
