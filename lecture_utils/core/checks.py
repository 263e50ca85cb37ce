"""Die eine Eingabeprüfung des Kurses: falsche Eingaben ergeben einen deutschen
``ValueError``, der den Wert nennt – nie einen Fehler aus dem Inneren von NumPy oder Keras.

Alle öffentlichen Funktionen prüfen ganze Zahlen mit :func:`whole_number`, damit überall
dasselbe gilt: ``True``/``False`` sind keine Zahlen, NumPy-Ganzzahlen (``np.int64`` …)
zählen wie ``int``, Gleitkommazahlen (auch ``3.0``) werden abgelehnt.
"""

from __future__ import annotations

import numbers
from collections.abc import Hashable

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
    if not isinstance(value, Hashable) or value not in allowed:
        choices = ", ".join(repr(option) for option in allowed)
        raise ValueError(f"{name} muss einer dieser Werte sein: {choices}; erhalten: {value!r}.")
    return value


def real_number(value, name: str, *, minimum: float | None = None,
                maximum: float | None = None, positive: bool = False) -> float:
    """``value`` als endliche ``float``-Zahl, sonst ein ``ValueError``, der ``name`` und den
    Wert nennt. ``True``/``False``, Texte und Arrays sind keine Zahlen; ``positive``
    verlangt > 0, ``minimum``/``maximum`` begrenzen den Bereich (einschließlich)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real) \
            or not np.isfinite(value):
        raise ValueError(f"{name} muss eine (endliche) Zahl sein, erhalten: {value!r} "
                         f"(Typ {type(value).__name__}).")
    number = float(value)
    if positive and number <= 0:
        raise ValueError(f"{name} muss eine positive Zahl sein, erhalten: {value!r}.")
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        low = "-∞" if minimum is None else f"{minimum}"
        high = "∞" if maximum is None else f"{maximum}"
        raise ValueError(f"{name} muss eine Zahl von {low} bis {high} sein, erhalten: {value!r}.")
    return number


def float_array(value, name: str, *, ndim=None, dtype="float64") -> np.ndarray:
    """``value`` als Array ``dtype`` (``ndim``: erlaubte Zahl(en) der Achsen), sonst ein
    ``ValueError``, der ``name`` und die Form bzw. den Wert nennt."""
    if isinstance(value, (str, bytes)):
        raise ValueError(f"{name} muss ein Array aus Zahlen sein, erhalten: {value!r}.")
    try:
        array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise ValueError(f"{name} muss ein Array aus Zahlen sein, erhalten: "
                         f"{_short(value)}.") from None
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed is not None and array.ndim not in allowed:
        axes = " oder ".join(str(n) for n in allowed)
        raise ValueError(f"{name} braucht {axes} Achsen, erhalten: Form {array.shape}.")
    return array


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def flag(value, name: str) -> bool:
    """``value`` als ``bool`` (``True``/``False``, auch NumPy-bool), sonst ein ``ValueError``,
    der ``name`` und den Wert nennt – 0, 1 oder ``"ja"`` sind keine Schalter."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} muss True oder False sein, erhalten: {value!r}.")
    return bool(value)


def index(value, size: int, name: str) -> int:
    """Eine Nummer 0 … ``size`` − 1 (etwa eines Bildes oder Filters), sonst ein deutscher
    ``ValueError``, der ``name`` und den Wert nennt."""
    size = whole_number(size, "size")
    return whole_number(value, str(name), minimum=0, maximum=size - 1)
