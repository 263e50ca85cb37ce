"""Abbildungen für den Beamer: größere Schrift, dickere Linien.

Nichts ändert sich beim Import. Wer präsentiert, ruft einmal ``enable()`` auf
(gilt dann für die eigene Sitzung, bis ``disable()``), oder nutzt den
Kontextmanager für einzelne Abbildungen::

    with presentation.style():
        viz.plot_history(history)
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

STYLE = {
    "figure.dpi": 110,
    "font.size": 15,
    "axes.titlesize": 17,
    "axes.labelsize": 15,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "lines.linewidth": 3.0,
    "lines.markersize": 8,
    "axes.grid": True,
    "grid.alpha": 0.3,
}

_saved: dict | None = None


def style():
    """Kontextmanager: Präsentationsstil nur innerhalb des ``with``-Blocks."""
    return plt.style.context(STYLE)


def enable() -> None:
    """Schaltet den Präsentationsstil für diese Sitzung ein."""
    global _saved
    if _saved is None:
        _saved = {key: mpl.rcParams[key] for key in STYLE}
    mpl.rcParams.update(STYLE)
    print("Präsentationsstil an: größere Schrift und Linien (aus mit presentation.disable()).")


def disable() -> None:
    """Stellt die Einstellungen von vor ``enable()`` wieder her."""
    global _saved
    if _saved is not None:
        mpl.rcParams.update(_saved)
        _saved = None
