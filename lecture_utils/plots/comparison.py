"""Netze im Vergleich, gezeichnet: Parameter und Rechenaufwand, die Verbindungstabelle von
LeNet-5, Bildgröße und Kanäle je Schicht, Speicher und Parameter je Schicht.

Die Zahlen kommen aus ``models.catalog`` (``comparison_rows``), ``models.lenet``
(``lenet_c3_table``) und ``arithmetic.volumes`` (``feature_maps``, ``activation_memory``);
hier wird nur gezeichnet. Jede Funktion nimmt ``ax=None``/``axes=None`` und gibt die
Achsen zurück.
"""

from __future__ import annotations

import numpy as np

from lecture_utils.arithmetic import shapes, volumes
from lecture_utils.core import text
from lecture_utils.models import catalog, lenet


def plot_comparison(rows: list[catalog.ComparisonRow], axes=None):
    """Zwei Balkendiagramme (log. Skala): Parameter und Multiply-Adds pro Bild je Netz."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(12, 4))
    names = [f"{r.name} ({r.year})" for r in rows]
    for ax, values, title, color in (
        (axes[0], [r.params for r in rows], "Parameter (trainierbar)", "tab:blue"),
        (axes[1], [r.multiply_adds for r in rows], "Multiply-Adds pro Bild", "tab:orange"),
    ):
        x = np.arange(len(rows))
        bars = ax.bar(x, values, color=color)
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_ylabel("Anzahl (log. Skala)")
        ax.bar_label(bars, labels=[text.short(v) for v in values], fontsize=8, padding=2)
        ax.set_xticks(x, names, rotation=30, ha="right", rotation_mode="anchor", fontsize=8)
        ax.set_ylim(top=max(values) * 8)
        ax.grid(axis="y", alpha=0.3)
    return axes


def plot_c3_table(table=None, ax=None):
    """Zeichnet die Verbindungstabelle von C3 (dunkel = verbunden)."""
    import matplotlib.pyplot as plt

    table = lenet.lenet_c3_table() if table is None else np.asarray(table)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    ax.imshow(table, cmap="Blues", vmin=0, vmax=1.3)
    ax.set_xticks(range(table.shape[1]))
    ax.set_yticks(range(table.shape[0]))
    ax.set_xlabel("Feature Map von C3 (Conv2)")
    ax.set_ylabel("Feature Map\nvon S2 (Pool1)")
    for r, c in zip(*np.nonzero(table)):
        ax.text(c, r, "X", ha="center", va="center", fontsize=8, color="white")
    ax.set_title(f"C3: {int(table.sum())} von {table.size} möglichen Verbindungen")
    return ax


def _check_title(title) -> None:
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title muss ein Text oder None sein, erhalten: {title!r}.")


def plot_size_and_channels(table: shapes.LayerTable, ax=None, title=None):
    """Kantenlänge (Balken, links) und Kanäle (Linie, rechts) je Schicht."""
    import matplotlib.pyplot as plt

    maps = volumes.feature_maps(table)
    _check_title(title)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(5, 0.55 * len(maps) + 2), 3.2))
    x = np.arange(len(maps))
    ax.bar(x, [m.side for m in maps], color="tab:blue", alpha=0.7)
    ax.set_ylabel("Kantenlänge (Pixel)", color="tab:blue")
    ax.set_xticks(x, [m.name for m in maps], rotation=60, ha="right", fontsize=8)
    right = ax.twinx()
    right.plot(x, [m.channels for m in maps], color="tab:red", marker="o")
    right.set_ylabel("Kanäle", color="tab:red")
    right.set_ylim(bottom=0)
    ax.set_title(title or "Bildgröße sinkt, Kanäle steigen")
    return ax, right


def plot_memory_and_params(rows: list[volumes.MemoryRow], axes=None, bytes_per_value: int = 4):
    """Links: Speicher je Bild und Schicht (MB), rechts: Parameter je Schicht (Mio.)."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 0.28 * len(rows) + 1.2), sharey=True)
    y = np.arange(len(rows))
    axes[0].barh(y, [r.bytes / 2**20 for r in rows], color="tab:blue")
    axes[0].set_xlabel("Speicher für ein Bild (MB)")
    axes[0].set_title("Ausgaben (Aktivierungen)")
    axes[1].barh(y, [r.params / 1e6 for r in rows], color="tab:orange")
    axes[1].set_xlabel("Parameter (Mio.)")
    axes[1].set_title("Gewichte")
    axes[0].set_yticks(y, [r.name for r in rows], fontsize=8)
    axes[0].invert_yaxis()
    for ax in axes:
        ax.grid(axis="x", alpha=0.3)
    return axes
