"""Aufgaben zu Notebook 10.3 „Konvolution in 1D, 2D und 3D“.

* ``check_layer_1d`` / ``check_layer_3d``: Ausgabeform und Parameterzahl der
  Schichten ``TASK_1D`` (Conv1D auf einem Stereo-Signal) und ``TASK_3D``
  (Conv3D auf einem Volumen mit zwei Kanälen);
* ``check_hand_calculation``: eine 3D-Konvolution von Hand (``HAND_VOLUME`` mit
  ``HAND_KERNEL``), Element für Element geprüft.

Die erwarteten Werte rechnen ``lecture_utils.shapes`` und
``lecture_utils.convolution`` aus; hier steht keine Lösung als Zahl.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_utils import convolution, shapes
from lecture_utils.exercises import MISSING, Feedback, check_all, check_number, check_shape


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
        """Die Aufgabe als Keras-Zeile, z. B. ``Conv1D(filters=8, kernel_size=5) auf (100, 2)``."""
        extra = "" if self.strides == 1 else f", strides={self.strides}"
        extra += "" if self.padding == "valid" else f", padding={self.padding!r}"
        return (f"{self.layer}(filters={self.filters}, kernel_size={self.kernel_size}{extra}) "
                f"auf eine Eingabe der Form {self.input_shape}")


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
    typical = {
        task.params(with_channels=False): "der Filter reicht über alle "
        f"{task.input_shape[-1]} Eingabekanäle – jeder Kanal hat eigene Gewichte.",
        task.params(use_bias=False): "es fehlt der Bias: je Filter ein Parameter mehr.",
    }
    if isinstance(params, (int, np.integer)) and params in typical and params != task.params():
        param_feedback = Feedback(False, f"Parameter: {shapes.format_number(params)} – "
                                         f"{typical[params]}")
    else:
        param_feedback = check_number(params, task.params(), "Parameter", hint=PARAMS_HINT)
    return check_all(check_shape(output_shape, task.output_shape(), "Ausgabeform",
                                 hint=SHAPE_HINT), param_feedback)


def check_layer_1d(answer) -> Feedback:
    """Aufgabe zu ``TASK_1D`` (Conv1D auf einem Stereo-Signal): ``(Form, Parameter)``."""
    return check_layer(TASK_1D, answer)


def check_layer_3d(answer) -> Feedback:
    """Aufgabe zu ``TASK_3D`` (Conv3D, Volumen mit zwei Kanälen): ``(Form, Parameter)``."""
    return check_layer(TASK_3D, answer)


# --- 3D-Konvolution von Hand ----------------------------------------------------

# Eingabe 3×3×3 (Achsen z, y, x) und Filter 2×2×2, ein Kanal, ein Filter, kein Bias
HAND_VOLUME = np.array([[[1, 0, 2], [0, 1, 0], [2, 1, 1]],
                        [[0, 2, 1], [1, 0, 1], [1, 1, 0]],
                        [[2, 1, 0], [0, 1, 2], [1, 0, 1]]])
HAND_KERNEL = np.array([[[1, 0], [0, -1]],
                        [[0, 1], [1, 0]]])


def hand_expected() -> np.ndarray:
    """Das richtige Ergebnis (2×2×2), gerechnet von ``convolution.conv``."""
    x = HAND_VOLUME[..., np.newaxis]
    kernel = HAND_KERNEL[..., np.newaxis, np.newaxis]
    return convolution.conv(x, kernel)[..., 0]


def check_hand_calculation(answer) -> Feedback:
    """Vergleicht die 2×2×2-Ausgabe Element für Element und nennt falsche Elemente."""
    if answer is None:
        return MISSING
    expected = hand_expected()
    try:
        values = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"Erwartet wird ein 2×2×2-Array aus Zahlen, erhalten: {answer!r}.")
    if values.shape == expected.shape + (1,):
        values = values[..., 0]
    if values.shape != expected.shape:
        return Feedback(False, f"Das Ergebnis hat die Form {values.shape}; richtig ist "
                               f"{expected.shape} (z, y, x) – der 2×2×2-Filter passt in "
                               "jede Achse der 3×3×3-Eingabe zweimal.")
    wrong = [index for index in np.ndindex(*expected.shape)
             if not np.isclose(values[index], expected[index])]
    if not wrong:
        return Feedback(True, f"Alle {expected.size} Elemente stimmen.")
    details = "; ".join(_wrong_element(index, values[index]) for index in wrong)
    return Feedback(False, f"{len(wrong)} von {expected.size} Elementen stimmen nicht: "
                           f"{details}.")


def _wrong_element(index, value) -> str:
    z, y, x = index
    window = f"z {z}–{z + 1}, y {y}–{y + 1}, x {x}–{x + 1}"
    number = f"{float(value):g}".replace(".", ",")
    return f"[{z}, {y}, {x}]: Ihr Wert {number} stimmt nicht (der Filter liegt dort auf {window})"
