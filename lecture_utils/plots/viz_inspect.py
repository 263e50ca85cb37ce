"""Bilder zu Abschnitt 10.4: Filter, Feature Maps, Heatmaps, Transfer-Kurven.

Gerechnet wird in ``inspection``, ``attribution`` und ``transfer``; hier wird
nur gezeichnet. Jede Funktion nimmt ``ax=None`` (bzw. ``axes``), legt bei Bedarf
eigene Achsen an, gibt sie zurück und ändert keine globalen matplotlib-Einstellungen.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import PercentFormatter

from lecture_utils.core import checks
from lecture_utils.explain import inspection

_GRAY = plt.get_cmap("gray").with_extremes(bad="white")
_DIVERGING = plt.get_cmap("RdBu_r").with_extremes(bad="white")


def _axes(ax, figsize):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _show(ax, image, **kwargs):
    """Zeigt ein Graustufen- (H, W) oder Farbbild (H, W, 3); NaN bleibt weiß."""
    image = np.asarray(image, dtype="float32")
    if image.ndim not in (2, 3) or image.ndim == 3 and image.shape[-1] not in (1, 3):
        raise ValueError(f"Erwartet wird ein Bild (H, W), (H, W, 1) oder (H, W, 3), "
                         f"erhalten: Form {image.shape}.")
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim == 3:
        ax.imshow(np.clip(np.nan_to_num(image, nan=1.0), 0, 1), **kwargs)
    else:
        ax.imshow(image, **{"cmap": _GRAY, **kwargs})
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_image(image, ax=None, title=None):
    """Ein Bild (H, W), (H, W, 1) oder (H, W, 3) mit Werten in [0, 1], ohne Achsenbeschriftung."""
    ax = _show(_axes(ax, (3, 3)), image, vmin=0, vmax=1)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_filter_grid(grid, ax=None, title="Filter der ersten Konv-Schicht"):
    """Zeigt das Raster aus ``inspection.filter_grid``."""
    ax = _show(_axes(ax, (8, 2.5)), grid, vmin=0, vmax=1)
    ax.set_title(title)
    return ax


def plot_kernel(kernel, ax=None, title=None):
    """Zeigt einen Filter (kh, kw, C): bei 1 oder 3 Kanälen als Bild, sonst jeden
    Eingangskanal als eigene Kachel (rot positiv, blau negativ)."""
    ax = _axes(ax, (2, 2))
    kernel = np.asarray(kernel, dtype="float32")
    channels = kernel.shape[-1]
    if channels in (1, 3):
        _show(ax, inspection.normalize(kernel), vmin=0, vmax=1)
    else:
        tiles = inspection.tile(np.moveaxis(kernel, 2, 0), ncols=math.isqrt(channels))
        limit = np.nanmax(np.abs(tiles)) or 1.0
        _show(ax, tiles, cmap=_DIVERGING, vmin=-limit, vmax=limit)
        ax.set_xlabel(f"{channels} Kanäle à {kernel.shape[0]}×{kernel.shape[1]}", fontsize=8)
    if title:
        ax.set_title(title, fontsize=9)
    return ax


def plot_feature_maps(maps: dict, channels: int = 8, axes=None):
    """Feature Maps eines Bildes: eine Zeile je Schicht, die ersten ``channels`` Filter.

    ``maps`` kommt von ``inspection.feature_maps``. Gibt ein 2D-Array von Achsen zurück.
    """
    channels = checks.whole_number(channels, "channels")
    if not isinstance(maps, dict) or not maps:
        raise ValueError(f"maps muss ein nicht leeres dict Name → Feature Maps sein "
                         f"(aus inspection.feature_maps), erhalten: {type(maps).__name__}.")
    if axes is None:
        _, axes = plt.subplots(len(maps), channels, figsize=(1.3 * channels, 1.45 * len(maps)),
                               squeeze=False)
    axes = np.asarray(axes).reshape(len(maps), -1)
    for row, (name, fmap) in zip(axes, maps.items()):
        for i, ax in enumerate(row):
            ax.axis("off")
            if i < fmap.shape[-1]:
                ax.imshow(fmap[..., i], cmap="viridis")
                ax.set_title(f"Filter {i}", fontsize=7)
        row[0].text(-0.15, 0.5, f"{name}\n{fmap.shape[0]}×{fmap.shape[1]}", fontsize=9,
                    ha="right", va="center", transform=row[0].transAxes)
    return axes


def plot_class_means(means, ax=None, class_names=None, layer_name="letzte Konv-Schicht"):
    """Heatmap (Klassen × Filter) aus ``inspection.class_means`` mit Farbskala."""
    means = np.asarray(means)
    ax = _axes(ax, (0.45 * means.shape[1] + 2, 0.4 * means.shape[0] + 1.2))
    image = ax.imshow(means, cmap="viridis", aspect="auto")
    ax.figure.colorbar(image, ax=ax, label="mittlere Aktivierung")
    ax.set_xticks(range(means.shape[1]))
    ax.set_yticks(range(means.shape[0]), class_names or range(means.shape[0]))
    ax.set_xlabel(f"Filter ({layer_name})")
    ax.set_ylabel("Klasse")
    ax.set_title("Wie reagieren die Filter auf die Klassen?")
    return ax


def mark_window(ax, window, color="red", label=None):
    """Rahmt ein Fenster (Zeilen-, Spalten-Slice, z. B. aus ``ReceptiveField.window``) ein."""
    rows, cols = window
    ax.add_patch(Rectangle((cols.start - 0.5, rows.start - 0.5), cols.stop - cols.start,
                           rows.stop - rows.start, fill=False, lw=2, color=color, label=label))
    return ax


def plot_receptive_fields(image, fields, ax=None, pixel=None):
    """Zeichnet die rezeptiven Felder (``receptive.receptive_fields``) je eines Neurons
    pro Schicht ins Bild: das Neuron, dessen Feld um ``pixel`` (Vorgabe: Bildmitte) liegt."""
    ax = plot_image(image, _axes(ax, (4, 4)))
    height, width = np.shape(image)[:2]
    pixel = pixel or ((height - 1) / 2, (width - 1) / 2)
    colors = plt.get_cmap("autumn")(np.linspace(0, 0.85, len(fields)))
    windows = [field.window(*field.neuron_at(*pixel)) for field in fields]
    for field, window, color in zip(fields, windows, colors):
        mark_window(ax, window, color, label=f"{field.layer}: {field.size[0]}×{field.size[1]}")
    # auch Felder zeigen, die über den Bildrand (ins Padding) hinausragen
    top = min([0] + [rows.start for rows, _ in windows])
    left = min([0] + [cols.start for _, cols in windows])
    bottom = max([height] + [rows.stop for rows, _ in windows])
    right = max([width] + [cols.stop for _, cols in windows])
    ax.add_patch(Rectangle((left - 0.5, top - 0.5), right - left, bottom - top, zorder=-1,
                           color="0.85", label="außerhalb des Bildes"))
    ax.set_xlim(left - 1, right)
    ax.set_ylim(bottom, top - 1)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8, title="rezeptives Feld")
    return ax


def top_patch_axes(n: int, ncols: int = 2, patch_cols: int = 3):
    """Legt Achsen für ``n`` Blöcke an: je eine breite Spalte für den Filter und ein Raster
    ``patch_cols`` × ``patch_cols`` für die Ausschnitte. Gibt eine Liste von
    (Filter-Achse, Ausschnitt-Achsen) zurück."""
    n, ncols = checks.whole_number(n, "n"), checks.whole_number(ncols, "ncols")
    patch_cols = checks.whole_number(patch_cols, "patch_cols")
    nrows = -(-n // ncols)
    fig = plt.figure(figsize=(5.6 * ncols, 2.9 * nrows))
    outer = fig.add_gridspec(nrows, ncols, wspace=0.15, hspace=0.25)
    blocks = []
    for i in range(n):
        inner = outer[i // ncols, i % ncols].subgridspec(
            patch_cols, patch_cols + 2, width_ratios=[2.2, 0.3] + [1] * patch_cols,
            hspace=0.45, wspace=0.1)
        kernel_ax = fig.add_subplot(inner[:, 0])
        patch_axes = [fig.add_subplot(inner[r, 2 + c])
                      for r in range(patch_cols) for c in range(patch_cols)]
        blocks.append((kernel_ax, patch_axes))
    return blocks


def plot_top_patches(top, kernel=None, axes=None, title=None):
    """Die Ausschnitte aus ``receptive.top_patches`` als Raster, links daneben der Filter.

    ``axes``: (Filter-Achse, Liste der Ausschnitt-Achsen) wie aus ``top_patch_axes``.
    """
    side = math.isqrt(len(top.patches) - 1) + 1
    kernel_ax, patch_axes = axes if axes is not None else top_patch_axes(1, 1, side)[0]
    if kernel is None:
        kernel_ax.axis("off")
    else:
        plot_kernel(kernel, ax=kernel_ax)
    kernel_ax.set_title(title or f"{top.field.layer}", fontsize=9)
    for ax, patch, value in zip(patch_axes, top.patches, top.activations):
        _show(ax, patch, vmin=0, vmax=1)
        ax.set_xlabel(f"{value:.2f}".replace(".", ","), fontsize=7, labelpad=1)
    for ax in patch_axes[len(top.patches):]:
        ax.axis("off")
    return kernel_ax, patch_axes


def plot_heatmap(image, heat, ax=None, title=None, symmetric=False, alpha=0.55,
                 label="Heatmap", colorbar=True, vmax=None):
    """Legt eine Heatmap (h, w) halbtransparent über ``image`` (H, W[, C]).

    Die Heatmap wird auf die Bildfläche gestreckt (bilinear). ``symmetric=True``
    (z. B. für Occlusion): Farbskala um 0, rot = Wahrscheinlichkeit sinkt.
    ``vmax``: oberes Ende der Farbskala (Vorgabe: das Maximum dieser Heatmap). Wer
    mehrere Heatmaps vergleicht, gibt allen dasselbe ``vmax`` – eine gemeinsame Skala.
    """
    ax = plot_image(image, _axes(ax, (3.5, 3)))
    height, width = np.shape(image)[:2]
    heat = np.asarray(heat, dtype="float32")
    if vmax is not None and (isinstance(vmax, bool) or not np.isfinite(vmax) or vmax <= 0):
        raise ValueError(f"vmax muss eine positive Zahl sein, erhalten: {vmax!r}.")
    if symmetric:
        limit = float(vmax or np.abs(heat).max()) or 1.0
        style = {"cmap": "RdBu_r", "vmin": -limit, "vmax": limit}
    else:
        top = float(vmax) if vmax is not None else max(float(heat.max()), 1e-12)
        style = {"cmap": "jet", "vmin": 0.0, "vmax": top}
    shown = ax.imshow(heat, alpha=alpha, interpolation="bilinear",
                      extent=(-0.5, width - 0.5, height - 0.5, -0.5), **style)
    if colorbar:
        ax.figure.colorbar(shown, ax=ax, fraction=0.046, pad=0.04, label=label)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_transfer(table, ax=None):
    """Test-Accuracy über der Zahl gelabelter Beispiele pro Klasse, je Strategie eine Linie
    (Mittel über die Wiederholungen, Fläche: kleinster bis größter Wert)."""
    ax = _axes(ax, (7, 4))
    n = np.asarray(table.n_per_class)
    for strategy, label in table.labels.items():
        runs = np.asarray(table.accuracy[strategy])  # (len(n), Wiederholungen)
        line, = ax.plot(n, runs.mean(axis=1), marker="o", label=label)
        if runs.shape[1] > 1:
            ax.fill_between(n, runs.min(axis=1), runs.max(axis=1), alpha=0.2,
                            color=line.get_color())
    ax.set_xscale("log")
    ax.set_xticks(n, [str(v) for v in n])
    ax.minorticks_off()
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("gelabelte Beispiele pro Klasse (Aufgabe B)")
    ax.set_ylabel("Test-Accuracy (Aufgabe B)")
    ax.set_title(table.title)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(table.labels),
              fontsize=9, frameon=False)
    return ax
