"""Aufgaben prüfen: jede Prüfung gibt ein ``Feedback`` mit deutschem Text zurück.

Die Bausteine hier sind allgemein (Zahl, Form, Auswahl); die Prüfungen der
einzelnen Notebooks stehen in eigenen Modulen (``exercises.k10_1`` usw.) und
bauen auf ihnen auf. Eine noch leere Antwort (``None``) ist kein Fehler, sondern
ergibt den Hinweis, dass noch etwas fehlt.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_utils.core import text


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

    def with_remark(self, remark: str) -> Feedback:
        """Eine richtige Rückmeldung mit einer Erklärung dahinter; eine falsche bleibt, wie
        sie ist (die Erklärung verriete sonst die Lösung)."""
        return Feedback(True, f"{self.message} {remark}") if self.correct else self


MISSING = Feedback(False, "Noch keine Antwort – ersetzen Sie `None` durch Ihr Ergebnis.")


def check_number(answer, expected, what: str, hint: str = "", rtol: float = 0.0,
                 mistakes: dict | None = None) -> Feedback:
    """Vergleicht eine Zahl (mit relativer Toleranz ``rtol``).

    ``mistakes`` ordnet typischen falschen Zahlen ihren Hinweis zu, z. B.
    ``{48_000: "Der Bias fehlt."}``; eine solche Antwort bekommt genau diesen Hinweis."""
    if answer is None:
        return MISSING
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"{what}: erwartet wird eine Zahl, erhalten: {answer!r}.")
    if np.isclose(value, float(expected), rtol=rtol, atol=0.0):
        return Feedback(True, f"{what} = {text.number(float(expected))}.")
    for wrong, explanation in (mistakes or {}).items():
        if np.isclose(value, float(wrong), rtol=rtol, atol=0.0):
            return Feedback(False, f"{what}: {text.number(value)} – {explanation}")
    direction = "zu groß" if value > float(expected) else "zu klein"
    message = f"{what}: {text.number(value)} ist {direction}."
    return Feedback(False, f"{message} {hint}".strip())


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


def vector_text(vector) -> str:
    """Ein Vektor als Text mit deutschen Zahlen, z. B. ``[3, -1]`` oder ``[1,25, 0,5]``."""
    return "[" + ", ".join(text.number(float(v)) for v in np.ravel(vector)) + "]"


def check_vector(answer, expected, what: str, mistakes=(), hint: str = "",
                 length_hint: str = "") -> Feedback:
    """Vergleicht einen Vektor wie ``[3, -1]`` Zahl für Zahl.

    ``mistakes`` ist eine Liste von Paaren (typischer falscher Vektor, Hinweis);
    ``length_hint`` erklärt, woher die verlangte Länge kommt."""
    if answer is None:
        return MISSING
    expected = np.asarray(expected, dtype=float)
    try:
        vector = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        return Feedback(False, f"{what}: erwartet wird eine Liste mit {expected.size} Zahlen, "
                               f"erhalten: {answer!r}.")
    if vector.size != expected.size:
        return Feedback(False, f"{what}: {vector.size} Zahlen, erwartet sind {expected.size}. "
                               f"{length_hint}".strip())
    if np.allclose(vector, expected):
        return Feedback(True, f"{what} = {vector_text(expected)}.")
    for wrong, explanation in mistakes:
        if np.allclose(vector, wrong):
            return Feedback(False, f"{what} = {vector_text(vector)}: {explanation}")
    return Feedback(False, f"{what} = {vector_text(vector)} stimmt noch nicht. {hint}".strip())
