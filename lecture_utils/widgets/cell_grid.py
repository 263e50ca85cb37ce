"""Zahlen in Kästchen zeichnen: Arrays als Tafeln aus Zellen, wie der Konvolutions-Stepper.

Ein Array der Form (*räumlich, Kanäle) wird in 2D-Tafeln zerlegt (``panels``): in 1D eine
Zeile pro Kanal, in 2D eine Tafel pro Kanal, in 3D eine Tafel pro Tiefenscheibe (z) und
Kanal. Mehrere Tafeln unter einem Titel bilden einen Teil der Abbildung; ``block_size``
misst ihn, ``layout`` stellt die Teile nebeneinander oder untereinander, ``draw_block``
zeichnet einen. Gemessen wird in Zellenbreiten. ``formula_number`` schreibt eine Zahl so,
wie sie in einer Rechnung steht (``−1,5``, ``(−1)``).
"""

from __future__ import annotations

import numpy as np

from lecture_utils.core import text

# Abstände in Zellenbreiten; passen die Teile nicht in MAX_ROW_WIDTH, stehen sie untereinander
TITLE, LABEL, PANEL_GAP, BLOCK_GAP, MAX_ROW_WIDTH = 1.0, 0.7, 1.0, 2.0, 30


def formula_number(value, parens=False) -> str:
    """``text.number`` auf zwei Nachkommastellen gerundet, mit echtem Minuszeichen wie in
    einer Formel (``−1,5``) und auf Wunsch negativ in Klammern: ``(−1)``."""
    value = round(float(value), 2) + 0.0  # + 0.0 macht aus −0 eine 0
    written = text.number(value).replace("-", "−")
    return f"({written})" if parens and value < 0 else written


def panels(values, colors, show_channel=True):
    """Zerlegt ein Array (*räumlich, Kanäle) in 2D-Tafeln: eine je Tiefe z und Kanal."""
    rank, channels = values.ndim - 1, values.shape[-1]
    if rank == 1:  # eine Zeile …
        values, colors = values[np.newaxis], colors[np.newaxis]
    if rank < 3:  # … in einer einzigen Schicht
        values, colors = values[np.newaxis], colors[np.newaxis]
    panels = []
    for z, c in np.ndindex(values.shape[0], channels):
        parts = [f"z = {z}" if rank == 3 else "",
                 f"Kanal {c + 1}" if channels > 1 and show_channel else ""]
        panels.append((", ".join(p for p in parts if p), values[z, ..., c], colors[z, ..., c]))
    return panels


def block_size(panels, vertical):
    """Breite und Höhe eines Teils (mit Titel und Beschriftungen)."""
    label = _label_space(panels)
    shapes = [values.shape for _, values, _ in panels]
    if vertical:
        height = sum(h + label for h, _ in shapes) + 0.3 * (len(shapes) - 1)
        return max(w for _, w in shapes), TITLE + height
    width = sum(w for _, w in shapes) + PANEL_GAP * (len(shapes) - 1)
    return width, TITLE + label + max(h for h, _ in shapes)


def _label_space(panels) -> float:
    """Platz über den Tafeln für ihre Beschriftung (keiner, wenn keine beschriftet ist)."""
    return LABEL if any(label for label, _, _ in panels) else 0.0


def layout(sizes):
    """Teile nebeneinander, wenn sie in eine Zeile passen, sonst untereinander."""
    in_row = sum(w for w, _ in sizes) + BLOCK_GAP * (len(sizes) - 1) <= MAX_ROW_WIDTH
    origins, x, y = [], 0.0, 0.0
    for w, h in sizes:
        origins.append((x, y))
        x, y = (x + w + BLOCK_GAP, y) if in_row else (x, y + h + BLOCK_GAP / 2)
    width = max(x0 + w for (x0, _), (w, _) in zip(origins, sizes))
    height = max(y0 + h for (_, y0), (_, h) in zip(origins, sizes))
    return origins, width, height


def draw_block(ax, title, panels, origin, vertical) -> None:
    """Zeichnet einen Teil bei ``origin`` (links, oben): Titel, dann die Tafeln nebeneinander
    (``vertical``: untereinander), jede mit Beschriftung."""
    left, top = origin
    ax.text(left, top + TITLE - 0.25, title, fontsize=10, weight="bold", va="bottom")
    label_space = _label_space(panels)
    y = top + TITLE
    for label, values, colors in panels:
        rows, cols = values.shape
        if label:
            ax.text(left, y + label_space - 0.15, label, fontsize=7, color="#424242",
                    va="bottom")
        _draw_grid(ax, values, colors, left, y + label_space)
        if vertical:
            y += label_space + rows + 0.3
        else:
            left += cols + PANEL_GAP


def _draw_grid(ax, values, colors, left, top) -> None:
    """Eine Tafel: je Zelle ein Kästchen in ihrer Farbe, darin ihr Wert (NaN bleibt leer)."""
    from matplotlib.patches import Rectangle

    for (r, c), value in np.ndenumerate(values):
        ax.add_patch(Rectangle((left + c, top + r), 1, 1, facecolor=colors[r, c],
                               edgecolor="#616161", linewidth=0.8))
        if not np.isnan(value):
            ax.text(left + c + 0.5, top + r + 0.5, formula_number(value), ha="center", va="center",
                    fontsize=8)
