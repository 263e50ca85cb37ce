"""Aufgaben prüfen: jede Prüfung gibt ein ``Feedback`` mit deutschem Text zurück.

Die Bausteine hier sind allgemein (Zahl, Form, Auswahl); die Prüfungen der
einzelnen Notebooks stehen in eigenen Modulen (``exercises.k10_1`` usw.) und
bauen auf ihnen auf. Eine noch leere Antwort (``None``) ist kein Fehler, sondern
ergibt den Hinweis, dass noch etwas fehlt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_utils.arithmetic.shapes import format_number


@dataclass(frozen=True)
class Feedback:
    """Ergebnis einer Prüfung: ``correct`` und eine deutsche Rückmeldung."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        mark = "[Richtig]" if self.correct else "[Noch nicht]"
        return f"{mark}: {self.message}"

    __repr__ = __str__


MISSING = Feedback(False, "Noch keine Antwort – ersetzen Sie `None` durch Ihr Ergebnis.")


def check_number(answer, expected, what: str, hint: str = "", rtol: float = 0.0) -> Feedback:
    """Vergleicht eine Zahl (mit relativer Toleranz ``rtol``)."""
    if answer is None:
        return MISSING
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"{what}: erwartet wird eine Zahl, erhalten: {answer!r}.")
    if np.isclose(value, float(expected), rtol=rtol, atol=0.0):
        return Feedback(True, f"{what} = {_fmt(expected)}.")
    direction = "zu groß" if value > float(expected) else "zu klein"
    text = f"{what}: {_fmt(answer)} ist {direction}."
    return Feedback(False, f"{text} {hint}".strip())


def check_shape(answer, expected, what: str, hint: str = "") -> Feedback:
    """Vergleicht eine Form (Tupel) und sagt, welche Achse abweicht."""
    if answer is None:
        return MISSING
    try:
        answer = tuple(int(a) for a in answer)
    except (TypeError, ValueError):
        return Feedback(False, f"{what}: erwartet wird ein Tupel ganzer Zahlen, "
                               f"erhalten: {answer!r}.")
    expected = tuple(expected)
    if answer == expected:
        return Feedback(True, f"{what} = {expected}.")
    if len(answer) != len(expected):
        text = (f"{what}: {answer} hat {len(answer)} Achsen, richtig wären {len(expected)} "
                "(räumliche Achsen + Kanäle, ohne Batch-Achse).")
    else:
        wrong = [i for i, (a, e) in enumerate(zip(answer, expected)) if a != e]
        axes = ", ".join(f"Achse {i} ({answer[i]})" for i in wrong)
        text = f"{what}: {answer} – nicht richtig ist {axes}."
    return Feedback(False, f"{text} {hint}".strip())


def check_choice(answer, correct, explanations: dict | None = None, what: str = "Antwort"):
    """Prüft eine Auswahl (z. B. ``"b"``); ``explanations`` erklärt jede Option."""
    if answer is None:
        return MISSING
    explanations = explanations or {}
    key = str(answer).strip().lower()
    correct_keys = {str(c).lower() for c in (correct if isinstance(correct, (set, tuple, list))
                                            else [correct])}
    reason = explanations.get(key, "")
    if key in correct_keys:
        return Feedback(True, f"{what} {answer!r}. {reason}".strip())
    if explanations and key not in explanations:
        options = ", ".join(repr(k) for k in explanations)
        return Feedback(False, f"{what}: {answer!r} ist keine der Optionen ({options}).")
    return Feedback(False, f"{what} {answer!r}: {reason}".strip())


def check_all(*feedbacks: Feedback) -> Feedback:
    """Fasst mehrere Prüfungen zusammen: richtig, wenn alle richtig sind."""
    if any(f is MISSING for f in feedbacks):
        return MISSING
    wrong = [f.message for f in feedbacks if not f.correct]
    if not wrong:
        return Feedback(True, " ".join(f.message for f in feedbacks))
    return Feedback(False, " ".join(wrong))


def _fmt(number) -> str:
    number = float(number)
    if number.is_integer():
        return format_number(number)
    return f"{number:.4g}".replace(".", ",")
