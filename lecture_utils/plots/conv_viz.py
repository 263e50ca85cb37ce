"""Bilder zu 10.3: Signale, gelernte 1D-Filter und Volumen in Schichten (wie ein CT).

Wie in ``viz``: erst rechnen (``filter_waveforms``, ``slice_indices``), dann
zeichnen. Die Zeichenfunktionen nehmen ``axes=None``, legen bei Bedarf eigene
Achsen an, geben sie zurück und ändern keine globalen matplotlib-Einstellungen.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from lecture_utils.core import checks, text


def plot_signals(x, y, class_names, per_class: int = 3, axes=None):
    """Je Klasse eine Zeile mit ``per_class`` Beispielsignalen (x: (N, Länge, 1))."""
    x = checks.float_array(x, "x", ndim=3)
    y = checks.float_array(y, "y").ravel()
    if len(y) != len(x):
        raise ValueError(f"y braucht eine Klasse je Signal: {len(x)} Signale, "
                         f"erhalten: {len(y)} Werte.")
    class_names = _class_names(class_names)
    per_class = checks.whole_number(per_class, "per_class")
    if axes is None:
        _, axes = plt.subplots(len(class_names), per_class, sharex=True, sharey=True,
                               figsize=(2.6 * per_class, 1.3 * len(class_names)), squeeze=False)
    for row, name in enumerate(class_names):
        examples = np.flatnonzero(y == row)[:per_class]
        for col, ax in enumerate(axes[row]):
            if col < len(examples):
                ax.plot(x[examples[col], :, 0], linewidth=0.9)
            ax.set_yticks([])
            if col == 0:
                ax.set_ylabel(name, rotation=0, ha="right", va="center")
    for ax in axes[-1]:
        ax.set_xlabel("Sample")
    return axes


def _check_title(title) -> None:
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title muss ein Text oder None sein, erhalten: {title!r}.")


def _class_names(class_names) -> list[str]:
    if isinstance(class_names, (str, bytes)) or not isinstance(class_names, (list, tuple)):
        raise TypeError(f"class_names muss eine Liste der Klassennamen sein, "
                        f"erhalten: {class_names!r}.")
    return [str(name) for name in class_names]


def filter_waveforms(kernel) -> np.ndarray:
    """Die Filter einer Conv1D-Schicht mit einem Eingabekanal als Zeilen: (Filter, Länge)."""
    kernel = checks.float_array(kernel, "kernel")
    if kernel.ndim != 3 or kernel.shape[1] != 1:
        raise ValueError(
            "Erwartet wird der Kernel einer Conv1D-Schicht mit einem Eingabekanal, Form "
            f"(Länge, 1, Filter), erhalten: {kernel.shape}."
        )
    return kernel[:, 0, :].T


def plot_filters_1d(kernel, ncols: int = 4, axes=None):
    """Jeder Filter einer Conv1D-Schicht als kurze Wellenform (Punkte = Gewichte)."""
    waves = filter_waveforms(kernel)
    ncols = checks.whole_number(ncols, "ncols")
    if axes is None:
        nrows = -(-len(waves) // ncols)
        _, axes = plt.subplots(nrows, ncols, sharey=True, figsize=(2.4 * ncols, 1.6 * nrows),
                               squeeze=False)
    axes = np.ravel(axes)
    for i, ax in enumerate(axes):
        if i >= len(waves):
            ax.axis("off")
            continue
        ax.axhline(0, color="#9e9e9e", linewidth=0.6)
        ax.plot(waves[i], marker="o", markersize=3, linewidth=1.2)
        ax.set_title(f"Filter {i + 1}", fontsize=9)
        ax.set_xticks([])
    return axes


def slice_indices(depth: int, count: int = 8) -> np.ndarray:
    """``count`` gleichmäßig verteilte Schichten, ohne die leeren Ränder des Volumens."""
    depth = checks.whole_number(depth, "depth")
    count = checks.whole_number(count, "count", maximum=depth)
    margin = depth // 6
    return np.unique(np.linspace(margin, depth - 1 - margin, count).round().astype(int))


def plot_slices(volume, count: int = 8, title: str | None = None, axes=None):
    """Schichten eines Volumens (Tiefe, Höhe, Breite[, 1]) nebeneinander, wie ein CT."""
    _check_title(title)
    volume = checks.float_array(volume, "volume")
    if volume.ndim == 4 and volume.shape[-1] == 1:
        volume = volume[..., 0]
    if volume.ndim != 3:
        raise ValueError(f"Erwartet wird ein Volumen (Tiefe, Höhe, Breite), erhalten: "
                         f"{volume.shape}.")
    indices = slice_indices(len(volume), count)
    if axes is None:
        _, axes = plt.subplots(1, len(indices), figsize=(1.3 * len(indices), 1.6))
    axes = np.ravel(axes)
    for ax, z in zip(axes, indices):
        ax.imshow(volume[z], cmap="gray", vmin=0.0, vmax=1.0)
        ax.set_title(f"z = {z}", fontsize=8)
        ax.axis("off")
    if title:
        axes[0].text(-0.1, 0.5, title, ha="right", va="center", fontsize=9,
                     transform=axes[0].transAxes)
    return axes


def plot_volume_predictions(volumes, labels, probabilities, class_names, count: int = 8,
                            axes=None):
    """Je Volumen eine Zeile Schichten, links wahre Klasse und Vorhersage des Netzes."""
    volumes = checks.float_array(volumes, "volumes", ndim=(4, 5))
    probabilities = checks.float_array(probabilities, "probabilities", ndim=2)
    labels = checks.float_array(labels, "labels").ravel()
    class_names = _class_names(class_names)
    count = checks.whole_number(count, "count")
    if not len(volumes) == len(labels) == len(probabilities) \
            or probabilities.shape[1] != len(class_names):
        raise ValueError(f"Je Volumen braucht es ein Label und eine Zeile Wahrscheinlichkeiten "
                         f"mit {len(class_names)} Werten: {len(volumes)} Volumen, "
                         f"{len(labels)} Labels, probabilities der Form {probabilities.shape}.")
    if axes is None:
        _, axes = plt.subplots(len(volumes), count, figsize=(1.3 * count + 2.4,
                                                              1.45 * len(volumes)),
                               squeeze=False)
    for row, volume in enumerate(volumes):
        guess = int(np.argmax(probabilities[row]))
        ok = "✓" if guess == int(labels[row]) else "✗"
        label = (f"wahr: {class_names[int(labels[row])]}\nNetz: {class_names[guess]} "
                 f"({text.percent(probabilities[row, guess], 0)}) {ok}")
        plot_slices(volume, count, axes=axes[row])
        axes[row][0].text(-0.15, 0.5, label, ha="right", va="center", fontsize=8,
                          transform=axes[row][0].transAxes)
    return axes
