"""Aufgaben zu Notebook 10.3 „Konvolution in 1D, 2D und 3D“.

* ``check_layer_1d`` / ``check_layer_3d``: Ausgabeform und Parameterzahl der
  Schichten ``TASK_1D`` (Conv1D auf einem Stereo-Signal) und ``TASK_3D``
  (Conv3D auf einem Volumen mit zwei Kanälen);
* ``check_conv1d_layer`` / ``check_conv3d_layer``: eine selbst geschriebene
  Keras-Schicht, die aus ``GOAL_1D.input_shape`` (bzw. ``GOAL_3D``) die verlangte
  Ausgabeform mit der verlangten Parameterzahl macht;
* ``check_signal_net``: das Signalnetz des Notebooks, selbst geschrieben, Schicht für
  Schicht mit ``signal_net_reference()`` verglichen;
* ``check_3d_vs_2d``: Auswahlfrage, warum ein Volumen mit einem Kanal kein
  2D-Bild mit drei Kanälen ist.

Die Konvolutionen von Hand prüft ``k10_3_by_hand``. Die erwarteten Werte rechnet
``lecture_utils.arithmetic.shapes`` aus; hier steht keine Lösung als Zahl.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
from keras import layers

from lecture_utils.arithmetic import shapes
from lecture_utils.core import text
from lecture_utils.exercises import (
    MISSING,
    Feedback,
    check_all,
    check_choice,
    check_number,
    check_shape,
    model_check,
)


@dataclass(frozen=True)
class LayerTask:
    """Eine Konv-Schicht auf einer Eingabe, wie in der Aufgabe beschrieben."""

    layer: str
    input_shape: tuple[int, ...]
    filters: int
    kernel_size: int
    strides: int = 1
    padding: str = "valid"

    @property
    def rank(self) -> int:
        return len(self.input_shape) - 1

    def output_shape(self) -> tuple[int, ...]:
        return shapes.conv_output_shape(self.input_shape, self.filters, self.kernel_size,
                                        self.strides, self.padding)

    def params(self, with_channels: bool = True, use_bias: bool = True) -> int:
        channels = self.input_shape[-1] if with_channels else 1
        return shapes.conv_param_count(self.kernel_size, channels, self.filters,
                                       use_bias=use_bias, rank=self.rank)

    def describe(self) -> str:
        """Die Aufgabe als Keras-Zeile, z. B.
        ``Conv1D(filters=8, kernel_size=5) auf (100, 2)``."""
        extra = "" if self.strides == 1 else f", strides={self.strides}"
        extra += "" if self.padding == "valid" else f", padding={self.padding!r}"
        return (f"{self.layer}(filters={self.filters}, kernel_size={self.kernel_size}{extra}) "
                f"auf eine Eingabe der Form {self.input_shape}")

    def describe_goal(self) -> str:
        """Das Ziel einer Schreibaufgabe: Eingabe, Ausgabe und Parameter, ohne Einstellungen."""
        return (f"Eingabe {self.input_shape} → Ausgabe {self.output_shape()} "
                f"mit {text.number(self.params())} Parametern "
                f"(ohne Batch-Achse, Stride 1, ohne Padding)")


TASK_1D = LayerTask("Conv1D", input_shape=(100, 2), filters=8, kernel_size=5)
TASK_3D = LayerTask("Conv3D", input_shape=(16, 16, 16, 2), filters=5, kernel_size=3)

SHAPE_HINT = ("Ohne Padding verliert jede räumliche Achse kernel_size − 1 Werte; die letzte "
              "Achse ist die Zahl der Filter.")
PARAMS_HINT = ("Ein Filter hat (Kernelvolumen · Eingabekanäle) Gewichte und einen Bias; "
               "das mal die Zahl der Filter.")


def check_layer(task: LayerTask, answer) -> Feedback:
    """Prüft ``answer = (Ausgabeform ohne Batch-Achse, Parameterzahl)`` für ``task``."""
    if answer is None:
        return MISSING
    try:
        output_shape, params = answer
    except (TypeError, ValueError):
        return Feedback(False, "Erwartet wird ein Paar (Ausgabeform, Parameterzahl), z. B. "
                               f"((Länge, Filter), Parameter), erhalten: {answer!r}.")
    mistakes = {
        task.params(with_channels=False): "der Filter reicht über alle "
        f"{task.input_shape[-1]} Eingabekanäle – jeder Kanal hat eigene Gewichte.",
        task.params(use_bias=False): "es fehlt der Bias: je Filter ein Parameter mehr.",
    }
    param_feedback = check_number(params, task.params(), "Parameter", hint=PARAMS_HINT,
                                  mistakes=mistakes)
    return check_all(check_shape(output_shape, task.output_shape(), "Ausgabeform",
                                 hint=SHAPE_HINT), param_feedback)


def check_layer_1d(answer) -> Feedback:
    """Aufgabe zu ``TASK_1D`` (Conv1D auf einem Stereo-Signal): ``(Form, Parameter)``."""
    return check_layer(TASK_1D, answer)


def check_layer_3d(answer) -> Feedback:
    """Aufgabe zu ``TASK_3D`` (Conv3D, Volumen mit zwei Kanälen): ``(Form, Parameter)``."""
    return check_layer(TASK_3D, answer)


# --- Eine Konv-Schicht selbst schreiben ---------------------------------------------

# die erste Schicht des Signalnetzes im Notebook (Signale mit 128 Samples, ein Kanal)
GOAL_1D = LayerTask("Conv1D", input_shape=(128, 1), filters=8, kernel_size=15)
# ein Volumen mit zwei Kanälen (etwa zwei Aufnahmearten desselben Körperteils)
GOAL_3D = LayerTask("Conv3D", input_shape=(20, 20, 20, 2), filters=4, kernel_size=5)

_CONV_RANKS = {"Conv1D": 1, "Conv2D": 2, "Conv3D": 3}
_DIRECTIONS = {1: "nur einer Richtung", 2: "zwei Richtungen", 3: "drei Richtungen"}
_AXES = {1: "eine räumliche Achse", 2: "zwei räumliche Achsen", 3: "drei räumliche Achsen"}


def check_layer_written(task: LayerTask, layer, what: str = "Ihre Schicht") -> Feedback:
    """Prüft eine Keras-Schicht: Typ, Ausgabeform und Parameterzahl auf ``task.input_shape``.

    Die Schicht selbst bleibt unverändert; geprüft wird eine frische Kopie aus ihrer
    Konfiguration.
    """
    if layer is None:
        return MISSING
    if not isinstance(layer, keras.layers.Layer):
        return Feedback(False, f"{what}: erwartet wird eine Keras-Schicht wie "
                               f"layers.{task.layer}(...), erhalten: {type(layer).__name__}.")
    kind = type(layer).__name__
    spatial = task.rank
    if kind != task.layer:
        if kind in _CONV_RANKS:
            return Feedback(False, f"{what} ist eine {kind}-Schicht; ihr Filter wandert in "
                                   f"{_DIRECTIONS[_CONV_RANKS[kind]]}. Die Eingabe "
                                   f"{task.input_shape} hat {_AXES[spatial]} und dahinter die "
                                   f"Kanäle, also braucht es {task.layer}.")
        return Feedback(False, f"{what} ist eine {kind}-Schicht, gebraucht wird {task.layer}.")
    try:
        fresh = type(layer).from_config(layer.get_config())
        output = fresh(keras.Input(shape=task.input_shape))
    except Exception as error:  # Keras meldet z. B. einen zu großen Kernel
        return Feedback(False, f"{what} passt nicht auf die Eingabe {task.input_shape}: "
                               f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
    shape = tuple(int(d) for d in output.shape[1:])
    params = fresh.count_params()
    expected_shape, expected_params = task.output_shape(), task.params()
    problems = []
    if shape[-1] != expected_shape[-1]:
        problems.append(f"Die letzte Achse der Ausgabe ist {shape[-1]}, verlangt ist "
                        f"{expected_shape[-1]}: Sie ist die Zahl der Filter (filters=...).")
    if shape[:-1] != expected_shape[:-1]:
        problems.append(f"Die räumlichen Achsen sind {shape[:-1]}, verlangt ist "
                        f"{expected_shape[:-1]}. Mit Stride 1 und ohne Padding gilt je Achse: "
                        "Ausgabe = Eingabe − kernel_size + 1.")
    if not problems and params != expected_params:
        if not fresh.get_config().get("use_bias", True):
            problems.append(f"{text.number(params)} Parameter statt "
                            f"{text.number(expected_params)}: Es fehlt der Bias "
                            "(use_bias=False); jeder Filter hat einen.")
        else:
            problems.append(f"{text.number(params)} Parameter statt "
                            f"{text.number(expected_params)}. {PARAMS_HINT}")
    if problems:
        return Feedback(False, f"{what}: " + " ".join(problems))
    return Feedback(True, f"{what} macht aus {task.input_shape} die Ausgabe {shape} mit "
                          f"{text.number(params)} Parametern.")


def check_conv1d_layer(layer) -> Feedback:
    """Schreibaufgabe zu ``GOAL_1D``: die erste Conv1D-Schicht des Signalnetzes."""
    return check_layer_written(GOAL_1D, layer, what="Ihre Schicht")


def check_conv3d_layer(layer) -> Feedback:
    """Schreibaufgabe zu ``GOAL_3D``: eine Conv3D-Schicht auf einem Volumen mit zwei Kanälen."""
    return check_layer_written(GOAL_3D, layer, what="Ihre Schicht")


# --- 3D mit einem Kanal ist nicht 2D mit drei Kanälen ----------------------------------

# dieselben 27 Zahlen: Volumen (3, 3, 3, 1) mit Conv3D(1, 2) oder Bild (3, 3, 3) mit Conv2D(1, 2)
SAME_NUMBERS_3D = (3, 3, 3, 1)
SAME_NUMBERS_2D = (3, 3, 3)
SAME_NUMBERS_KERNEL = 2


def same_numbers_facts() -> dict:
    """Ausgabeform und Parameterzahl beider Sichten (aus ``shapes`` gerechnet)."""
    k = SAME_NUMBERS_KERNEL
    return {
        "out_3d": shapes.conv_output_shape(SAME_NUMBERS_3D, 1, k),
        "out_2d": shapes.conv_output_shape(SAME_NUMBERS_2D, 1, k),
        "params_3d": shapes.conv_param_count(k, SAME_NUMBERS_3D[-1], 1, rank=3),
        "params_2d": shapes.conv_param_count(k, SAME_NUMBERS_2D[-1], 1, rank=2),
        "weights_2d": k * k * SAME_NUMBERS_2D[-1],
        "weights_3d": k ** 3,
    }


def _3d_vs_2d_options() -> dict:
    f = same_numbers_facts()
    return {
        "a": "Nein: Die Zahlen sind dieselben, die Rechnung nicht. Conv2D legt einen Filter über "
             f"alle {SAME_NUMBERS_2D[-1]} Kanäle zugleich ({f['weights_2d']} Gewichte) und "
             "wandert nur in Höhe und Breite; Conv3D legt einen Würfel mit "
             f"{f['weights_3d']} Gewichten auf und schiebt ihn auch in die Tiefe. Die Ausgaben "
             f"haben verschiedene Formen: {f['out_3d']} gegen {f['out_2d']}.",
        "b": "Genau: Der 3D-Filter wandert auch entlang der Tiefe und verwendet an jeder Stelle "
             f"dieselben {f['weights_3d']} Gewichte, ob er auf den Tiefenscheiben 0 und 1 oder "
             "1 und 2 liegt. Die Tiefe bleibt als Achse erhalten: Ausgabe "
             f"{f['out_3d']}, {f['params_3d']} Parameter. Der 2D-Filter deckt alle drei "
             "Tiefenscheiben auf einmal ab, mit eigenen Gewichten für jede, und wandert nicht "
             f"durch sie: Ausgabe {f['out_2d']}, {f['params_2d']} Parameter.",
        "c": "Nein: Ein 2D-Filter ist so tief, wie die Eingabe Kanäle hat. Hier hat er "
             f"{f['weights_2d']} Gewichte und einen Bias, also {f['params_2d']} Parameter – "
             f"mehr als die {f['params_3d']} der Conv3D-Schicht.",
        "d": "Nein: Gerade umgekehrt. Conv3D verwendet denselben Würfel in jeder Tiefe (geteilte "
             f"Gewichte, {f['params_3d']} Parameter); eigene Gewichte je Tiefenscheibe hat die "
             f"Conv2D-Schicht, die die Tiefe als Kanäle liest ({f['params_2d']} Parameter).",
    }


def check_3d_vs_2d(answer) -> Feedback:
    """Auswahlfrage: Was unterscheidet Conv3D auf (3, 3, 3, 1) von Conv2D auf (3, 3, 3)?"""
    return check_choice(answer, "b", _3d_vs_2d_options(), what="Antwort")


# --- Das Signalnetz selbst schreiben -------------------------------------------------

SIGNAL_NET_CLASSES = 4  # Sinus, Rechteck, Sägezahn, Chirp


def signal_net_reference(length: int = GOAL_1D.input_shape[0],
                         num_classes: int = SIGNAL_NET_CLASSES) -> keras.Model:
    """Die Vorlage des Signalnetzes aus dem Notebook (Eingabe (Länge, 1))."""
    inputs = keras.Input(shape=(length, 1), name="Signal")
    x = layers.Conv1D(GOAL_1D.filters, GOAL_1D.kernel_size, activation="relu",
                      name="Conv1")(inputs)
    x = layers.MaxPooling1D(2, name="Pool1")(x)
    x = layers.Conv1D(16, 5, activation="relu", name="Conv2")(x)
    x = layers.MaxPooling1D(2, name="Pool2")(x)
    x = layers.Conv1D(16, 5, activation="relu", name="Conv3")(x)
    x = layers.GlobalAveragePooling1D(name="GAP")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="Klasse")(x)
    return keras.Model(inputs, outputs, name="signal_net")


def check_signal_net(model) -> Feedback:
    """Vergleicht ein selbst geschriebenes Signalnetz Schicht für Schicht mit der Vorlage."""
    return model_check.check_model(model, signal_net_reference(), what="Ihr Signalnetz")
