"""Die eine Eingabeprüfung des Kurses: falsche Eingaben ergeben einen deutschen
``ValueError``, der den Wert nennt – nie einen Fehler aus dem Inneren von NumPy oder Keras.

Alle öffentlichen Funktionen prüfen ganze Zahlen mit :func:`whole_number`, damit überall
dasselbe gilt: ``True``/``False`` sind keine Zahlen, NumPy-Ganzzahlen (``np.int64`` …)
zählen wie ``int``, Gleitkommazahlen (auch ``3.0``) werden abgelehnt.
"""

from __future__ import annotations

import numbers

import numpy as np


def whole_number(value, name: str, *, minimum: int | None = 1,
                 maximum: int | None = None) -> int:
    """``value`` als ``int``, sonst ein ``ValueError``, der ``name`` und den Wert nennt.

    ``minimum``/``maximum`` begrenzen den Bereich (``None``: keine Grenze).
    Beispiel: ``whole_number(n, "n")`` verlangt eine ganze Zahl ab 1.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} muss eine ganze Zahl sein, erhalten: {value!r} "
                         f"(Typ {type(value).__name__}).")
    number = int(value)
    if minimum is not None and number < minimum:
        bound = f"von {minimum} bis {maximum}" if maximum is not None else f"ab {minimum}"
        raise ValueError(f"{name} muss eine ganze Zahl {bound} sein, erhalten: {value!r}.")
    if maximum is not None and number > maximum:
        bound = f"von {minimum} bis {maximum}" if minimum is not None else f"bis {maximum}"
        raise ValueError(f"{name} muss eine ganze Zahl {bound} sein, erhalten: {value!r}.")
    return number


def one_of(value, name: str, allowed) -> object:
    """``value``, wenn es in ``allowed`` steht, sonst ein ``ValueError`` mit allen Möglichkeiten."""
    allowed = tuple(allowed)
    if isinstance(value, (list, dict, set)) or value not in allowed:
        choices = ", ".join(repr(option) for option in allowed)
        raise ValueError(f"{name} muss einer dieser Werte sein: {choices}; erhalten: {value!r}.")
    return value
