"""Aufgaben zu Notebook 10.2, Abschnitt 10.2.4 „Die Skip Connection in Formeln“.

Hier steht die Formel des Residual Blocks zum Rechnen von Hand: die kleinen Zahlen
``HAND`` (Identitäts-Abkürzung) und ``HAND_4`` mit der festen Matrix ``W_S`` aus dem
Kapitel, ``task_latex`` zeigt sie als Formel, und ``check_z_identity``,
``check_ws_shortcut`` und ``check_z_projection`` prüfen die Ergebnisse Zahl für Zahl.
Jede typische Verwechslung (Abkürzung vergessen, ReLU an der falschen Stelle, Bias
vergessen) bekommt ihren eigenen Hinweis. Die richtigen Werte rechnet
``lecture_utils.arithmetic.residual``.
"""

from __future__ import annotations

import numpy as np

from lecture_utils.arithmetic import residual
from lecture_utils.core import text
from lecture_utils.exercises import Feedback, check_vector

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
    body = r" \\ ".join(" & ".join(text.number(float(v)).replace(",", "{,}") for v in row)
                        for row in rows)
    return r"\begin{pmatrix} " + body + r" \end{pmatrix}"


def task_latex(values: dict) -> str:
    """Die gegebenen Zahlen einer Aufgabe als LaTeX (für ``IPython.display.Math``),
    z. B. ``task_latex(HAND)``. Schlüssel wie in ``HAND`` und ``"W_s"``."""
    if not isinstance(values, dict):
        raise TypeError("task_latex erwartet ein dict wie k10_2_formulas.HAND, erhalten: "
                        f"{values!r}.")
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


LENGTH_HINT = "So viele Neuronen hat die Schicht, zu der addiert wird."


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
    return check_vector(answer, step.z_l2, "z⁽ˡ⁺²⁾", _mistakes(step, HAND["W2"], HAND["b2"]),
                        hint="Rechnen Sie der Reihe nach: z⁽ˡ⁺¹⁾ = W⁽ˡ⁺¹⁾·a⁽ˡ⁾ + b⁽ˡ⁺¹⁾, "
                             "a⁽ˡ⁺¹⁾ = ReLU(z⁽ˡ⁺¹⁾), dann W⁽ˡ⁺²⁾·a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾ + a⁽ˡ⁾.",
                        length_hint=LENGTH_HINT)


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
    feedback = check_vector(answer, expected, "W_s·a⁽ˡ⁾", mistakes,
                            hint="Eintrag i ist Zeile i von W_s mal a⁽ˡ⁾.", length_hint=LENGTH_HINT)
    return feedback.with_remark("W_s übernimmt a⁽ˡ⁾ in die ersten beiden "
                                "Einträge und füllt die übrigen mit Nullen auf (Zero-Padding). "
                                "Die Matrix ist fest: Sie kostet keine Parameter.")


def check_z_projection(answer) -> Feedback:
    """z⁽ˡ⁺²⁾ für ``HAND_4`` mit dem Shortcut W_s·a⁽ˡ⁾."""
    step = residual.residual_block(**HAND_4, W_s=W_S)
    return check_vector(answer, step.z_l2, "z⁽ˡ⁺²⁾ mit W_s",
                        _mistakes(step, HAND_4["W2"], HAND_4["b2"]), length_hint=LENGTH_HINT,
                        hint="a⁽ˡ⁺¹⁾ ist dasselbe wie in der Aufgabe davor; neu sind "
                             "W⁽ˡ⁺²⁾ (4×3), b⁽ˡ⁺²⁾ und der Shortcut W_s·a⁽ˡ⁾ statt a⁽ˡ⁾.")
