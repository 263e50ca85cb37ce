"""Die Residual-Formel zum Nachrechnen, mit kleinen Zahlen in NumPy.

Ein Residual Block aus den Schichten l+1 und l+2 rechnet

    z⁽ˡ⁺¹⁾ = W⁽ˡ⁺¹⁾ a⁽ˡ⁾ + b⁽ˡ⁺¹⁾,           a⁽ˡ⁺¹⁾ = g(z⁽ˡ⁺¹⁾)
    z⁽ˡ⁺²⁾ = W⁽ˡ⁺²⁾ a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾ + a⁽ˡ⁾,    a⁽ˡ⁺²⁾ = g(z⁽ˡ⁺²⁾)

Die Skip Connection addiert a⁽ˡ⁾ auf den Rohinput der übernächsten Schicht. Das
geht nur, wenn beide Vektoren gleich lang sind; sonst gleicht eine Matrix W_s der
Form (n_{l+2}, n_l) die Länge an: … + W_s a⁽ˡ⁾.

``residual_block`` rechnet alle Zwischenwerte aus und gibt sie zurück;
``ResidualStep.explain()`` schreibt den Rechenweg auf Deutsch auf.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_utils.core import checks


def relu(z):
    """ReLU: max(0, z) elementweise."""
    return np.maximum(0.0, z)


def identity(z):
    """Keine Aktivierung (lineare Schicht)."""
    return np.asarray(z, dtype=float)


@dataclass(frozen=True)
class ResidualStep:
    """Alle Zwischenwerte eines Residual Blocks (Vektoren als 1D-Arrays)."""

    a_l: np.ndarray
    z_l1: np.ndarray
    a_l1: np.ndarray
    z_plain: np.ndarray
    """W⁽ˡ⁺²⁾ a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾ – der Rohinput ohne Skip Connection."""
    shortcut: np.ndarray
    """Was die Skip Connection addiert: a⁽ˡ⁾ oder W_s a⁽ˡ⁾."""
    z_l2: np.ndarray
    a_l2: np.ndarray
    W_s: np.ndarray | None = None

    def explain(self) -> str:
        """Der Rechenweg mit eingesetzten Zahlen, Zeile für Zeile."""
        skip = "a⁽ˡ⁾" if self.W_s is None else "W_s·a⁽ˡ⁾"
        lines = [
            f"a⁽ˡ⁾        = {_vec(self.a_l)}",
            f"z⁽ˡ⁺¹⁾      = W⁽ˡ⁺¹⁾·a⁽ˡ⁾ + b⁽ˡ⁺¹⁾ = {_vec(self.z_l1)}",
            f"a⁽ˡ⁺¹⁾      = g(z⁽ˡ⁺¹⁾) = {_vec(self.a_l1)}",
            f"W⁽ˡ⁺²⁾·a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾ = {_vec(self.z_plain)}   (ohne Skip Connection)",
        ]
        if self.W_s is not None:
            lines.append(f"W_s·a⁽ˡ⁾    = {_vec(self.shortcut)}   (W_s hat die Form "
                         f"{self.W_s.shape[0]}×{self.W_s.shape[1]})")
        lines += [
            f"z⁽ˡ⁺²⁾      = {_vec(self.z_plain)} + {_vec(self.shortcut)} = {_vec(self.z_l2)}"
            f"   (+ {skip})",
            f"a⁽ˡ⁺²⁾      = g(z⁽ˡ⁺²⁾) = {_vec(self.a_l2)}",
        ]
        return "\n".join(lines)

    __str__ = explain


def _vec(v) -> str:
    """Vektor als Spalte in einer Zeile, deutsches Dezimalkomma: (1,5; 0; 2)."""
    parts = [_num(x) for x in np.ravel(v)]
    return "(" + "; ".join(parts) + ")ᵀ"


def _num(x) -> str:
    x = float(x)
    if x == 0:
        x = 0.0  # kein „-0“
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _as_vector(value, name):
    array = checks.float_array(value, name)
    if array.ndim != 1:
        raise ValueError(f"{name} muss ein Vektor (1D) sein, erhalten: Form {array.shape}.")
    return array


def _as_matrix(value, name, rows, cols):
    array = checks.float_array(value, name)
    if array.shape != (rows, cols):
        raise ValueError(
            f"{name} muss die Form ({rows}, {cols}) haben (Neuronen der Schicht × Eingaben), "
            f"erhalten: {array.shape}."
        )
    return array


def _check_layers(a_l, W1, b1, W2, b2, activation):
    """Eingabe, Gewichte und Bias der Schichten l+1 und l+2 als Arrays, mit passenden Formen."""
    if not callable(activation):
        raise TypeError(f"activation muss eine Funktion sein (z. B. residual.relu oder "
                        f"residual.identity), erhalten: {activation!r}.")
    a_l = _as_vector(a_l, "a⁽ˡ⁾")
    b1 = _as_vector(b1, "b⁽ˡ⁺¹⁾")
    b2 = _as_vector(b2, "b⁽ˡ⁺²⁾")
    W1 = _as_matrix(W1, "W⁽ˡ⁺¹⁾", len(b1), len(a_l))
    W2 = _as_matrix(W2, "W⁽ˡ⁺²⁾", len(b2), len(b1))
    return a_l, W1, b1, W2, b2


def residual_block(a_l, W1, b1, W2, b2, W_s=None, activation=relu) -> ResidualStep:
    """Rechnet einen Residual Block (Schichten l+1 und l+2) mit Skip Connection.

    ``W1`` hat die Form (n_{l+1}, n_l), ``W2`` die Form (n_{l+2}, n_{l+1}).
    Sind n_l und n_{l+2} verschieden, muss ``W_s`` mit der Form (n_{l+2}, n_l)
    angegeben werden, sonst gibt es einen ``ValueError``.
    """
    a_l, W1, b1, W2, b2 = _check_layers(a_l, W1, b1, W2, b2, activation)
    z_l1 = W1 @ a_l + b1
    a_l1 = activation(z_l1)
    z_plain = W2 @ a_l1 + b2
    if W_s is None:
        if len(a_l) != len(z_plain):
            raise ValueError(
                f"Die Skip Connection kann a⁽ˡ⁾ (Länge {len(a_l)}) nicht zu z⁽ˡ⁺²⁾ "
                f"(Länge {len(z_plain)}) addieren: Beide Vektoren müssen gleich lang sein. "
                f"Geben Sie eine Matrix W_s der Form ({len(z_plain)}, {len(a_l)}) an, "
                f"z. B. projection_matrix({len(z_plain)}, {len(a_l)})."
            )
        shortcut = a_l.copy()
    else:
        W_s = _as_matrix(W_s, "W_s", len(z_plain), len(a_l))
        shortcut = W_s @ a_l
    z_l2 = z_plain + shortcut
    return ResidualStep(a_l, z_l1, a_l1, z_plain, shortcut, z_l2, activation(z_l2), W_s)


def plain_block(a_l, W1, b1, W2, b2, activation=relu) -> np.ndarray:
    """Dieselben zwei Schichten ohne Skip Connection:
    a⁽ˡ⁺²⁾ = g(W⁽ˡ⁺²⁾ g(W⁽ˡ⁺¹⁾a⁽ˡ⁾ + b⁽ˡ⁺¹⁾) + b⁽ˡ⁺²⁾)."""
    a_l, W1, b1, W2, b2 = _check_layers(a_l, W1, b1, W2, b2, activation)
    return activation(W2 @ activation(W1 @ a_l + b1) + b2)


def projection_matrix(n_out: int, n_in: int, kind: str = "pad") -> np.ndarray:
    """Eine einfache Matrix W_s der Form (n_out, n_in) für die Skip Connection.

    ``kind="pad"``: die ersten Werte werden übernommen, fehlende mit 0 aufgefüllt
    (bei n_out < n_in fallen die letzten weg) – für 4×2 genau die Matrix aus dem
    Kapitel. ``kind="sum"``: Ausgabe i ist die Summe der Eingaben j mit
    j mod n_out = i (fasst zusammen, wenn n_out < n_in).
    """
    n_out = checks.whole_number(n_out, "n_out")
    n_in = checks.whole_number(n_in, "n_in")
    if not isinstance(kind, str):
        raise ValueError(f"kind muss 'pad' oder 'sum' sein, erhalten: {kind!r}.")
    if kind == "pad":
        return np.eye(n_out, n_in)
    if kind == "sum":
        matrix = np.zeros((n_out, n_in))
        matrix[np.arange(n_in) % n_out, np.arange(n_in)] = 1.0
        return matrix
    raise ValueError(f"kind muss 'pad' oder 'sum' sein, erhalten: {kind!r}.")


# Das Beispiel aus dem Kapitel: Schicht l hat 2 Neuronen, l+1 hat 3, l+2 hat 2
# (bzw. 4 Neuronen für das Beispiel mit W_s). Die Zahlen sind frei gewählt.
EXAMPLE = {
    "a_l": np.array([1.0, 2.0]),
    "W1": np.array([[0.5, -0.5], [1.0, 0.0], [-1.0, 0.5]]),
    "b1": np.array([0.0, 0.5, 1.0]),
    "W2": np.array([[1.0, 0.5, -1.0], [0.0, -0.5, 1.0]]),
    "b2": np.array([0.5, 0.0]),
}
"""Gewichte für n_l = 2, n_{l+1} = 3, n_{l+2} = 2."""

EXAMPLE_4 = {
    **EXAMPLE,
    "W2": np.array([[1.0, 0.5, -1.0], [0.0, -0.5, 1.0], [0.5, 0.5, 0.5], [-1.0, 0.0, 1.0]]),
    "b2": np.array([0.5, 0.0, 0.0, -0.5]),
}
"""Dieselbe Eingabe, aber Schicht l+2 mit 4 Neuronen: ohne W_s passt die Addition nicht."""
