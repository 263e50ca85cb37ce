"""Aufgaben zu Notebook 10.3: Konvolutionen von Hand (Abschnitte 10.3.1 und 10.3.2).

* ``check_signal_by_hand``: eine 1D-Konvolution von Hand (``HAND_SIGNAL`` mit
  ``HAND_KERNEL_1D``), Element für Element geprüft; erkennt einen gespiegelten Filter;
* ``check_hand_calculation``: eine 3D-Konvolution von Hand (``HAND_VOLUME`` mit
  ``HAND_KERNEL``), Element für Element geprüft.

Die richtigen Ergebnisse rechnet ``lecture_utils.arithmetic.convolution`` aus (wie die
Konv-Schichten von Keras); hier steht keine Lösung als Zahl.
"""

from __future__ import annotations

import numpy as np

from lecture_utils.arithmetic import convolution, shapes
from lecture_utils.core import text
from lecture_utils.exercises import MISSING, Feedback

# --- Elemente einer Konvolution vergleichen ---------------------------------------

def _as_values(answer, expected: np.ndarray, what: str):
    """Die Antwort als Array der Form von ``expected`` oder eine Rückmeldung (auch
    ``MISSING`` für eine noch leere Antwort)."""
    if answer is None:
        return MISSING
    try:
        values = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Feedback(False, f"Erwartet wird {what} aus Zahlen, erhalten: {answer!r}.")
    if values.shape == expected.shape + (1,):  # mit Kanalachse
        values = values[..., 0]
    return values


def _wrong_count(wrong: int, total: int, things: str) -> str:
    verb = "stimmt" if wrong == 1 else "stimmen"
    return f"{wrong} von {total} {things} {verb} nicht"


# --- 1D-Konvolution von Hand ----------------------------------------------------

# ein kurzes Signal (Länge 6, ein Kanal) und ein Filter der Länge 3, kein Bias
HAND_SIGNAL = np.array([1, 3, 0, 2, 4, 1])
HAND_KERNEL_1D = np.array([2, 0, -1])


def _conv_1d(signal, kernel) -> np.ndarray:
    return convolution.conv(np.asarray(signal)[:, np.newaxis],
                            np.asarray(kernel)[:, np.newaxis, np.newaxis])[:, 0]


def signal_expected() -> np.ndarray:
    """Das richtige Ergebnis, gerechnet von ``convolution.conv`` (wie Keras' Conv1D)."""
    return _conv_1d(HAND_SIGNAL, HAND_KERNEL_1D)


def check_signal_by_hand(answer) -> Feedback:
    """Vergleicht die Ausgabe der 1D-Konvolution Element für Element."""
    expected = signal_expected()
    values = _as_values(answer, expected, "eine Liste")
    if isinstance(values, Feedback):
        return values
    n, k = len(HAND_SIGNAL), len(HAND_KERNEL_1D)
    if values.ndim != 1:
        return Feedback(False, f"Erwartet wird eine einfache Liste von Zahlen, Ihre Antwort hat "
                               f"die Form {values.shape}.")
    if len(values) == n:
        return Feedback(False, f"Ihre Liste hat {n} Werte, so viele wie das Signal. Ohne Padding "
                               f"passt der Filter nur an {shapes.explain_conv_length(n, k)} "
                               "Stellen; gleich lang bliebe die Ausgabe nur mit "
                               "padding=\"same\" (Nullen am Rand).")
    if len(values) != len(expected):
        return Feedback(False, f"Ihre Liste hat {len(values)} Werte. Der Filter passt an "
                               f"{shapes.explain_conv_length(n, k)} Stellen.")
    if np.allclose(values, expected):
        return Feedback(True, f"Alle {len(expected)} Werte stimmen.")
    flipped = _conv_1d(HAND_SIGNAL, HAND_KERNEL_1D[::-1])
    if np.allclose(values, flipped):
        return Feedback(False, "Sie haben den Filter gespiegelt (so definiert die Mathematik "
                               "die Faltung). Keras und das Kapitel legen den Filter "
                               "ungespiegelt auf: das erste Gewicht auf das erste Sample "
                               "des Ausschnitts.")
    wrong = [i for i in range(len(expected)) if not np.isclose(values[i], expected[i])]
    details = "; ".join(f"[{i}]: Ihr Wert {text.number(float(values[i]))} stimmt nicht (der "
                        f"Filter liegt dort auf den Samples {i} bis {i + k - 1})" for i in wrong)
    return Feedback(False, f"{_wrong_count(len(wrong), len(expected), 'Werten')}: {details}.")


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
    expected = hand_expected()
    values = _as_values(answer, expected, "ein 2×2×2-Array")
    if isinstance(values, Feedback):
        return values
    if values.shape != expected.shape:
        return Feedback(False, f"Das Ergebnis hat die Form {values.shape}; richtig ist "
                               f"{expected.shape} (z, y, x) – der 2×2×2-Filter passt in "
                               "jede Achse der 3×3×3-Eingabe zweimal.")
    wrong = [index for index in np.ndindex(*expected.shape)
             if not np.isclose(values[index], expected[index])]
    if not wrong:
        return Feedback(True, f"Alle {expected.size} Elemente stimmen.")
    details = "; ".join(_wrong_element(index, values[index]) for index in wrong)
    return Feedback(False, f"{_wrong_count(len(wrong), expected.size, 'Elementen')}: "
                           f"{details}.")


def _wrong_element(index, value) -> str:
    z, y, x = index
    window = f"z {z}–{z + 1}, y {y}–{y + 1}, x {x}–{x + 1}"
    return (f"[{z}, {y}, {x}]: Ihr Wert {text.number(float(value))} stimmt nicht (der Filter "
            f"liegt dort auf {window})")
