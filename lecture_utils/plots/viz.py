"""Bilder zum Kurs: erst rechnen, dann zeichnen.

Zeichenfunktionen nehmen ``ax=None`` (bzw. ``axes``), legen bei Bedarf eigene
Achsen an, geben sie zurück und ändern keine globalen matplotlib-Einstellungen.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

_LABELS = {"loss": "Loss (Training)", "val_loss": "Loss (Validierung)",
           "accuracy": "Accuracy (Training)", "val_accuracy": "Accuracy (Validierung)"}


def plot_history(history, axes=None):
    """Lernkurven: links der Loss, rechts die Accuracy, je Training und Validierung.

    ``history`` ist ein ``dict`` von Listen (wie ``History.history``).
    """
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    for ax, metric in zip(axes, ("loss", "accuracy")):
        for key in (metric, f"val_{metric}"):
            if history.get(key):
                epochs = range(1, len(history[key]) + 1)
                ax.plot(epochs, history[key], marker="o", label=_LABELS[key])
        ax.set_xlabel("Epoche")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(metric.capitalize())
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    return axes


def plot_images(images, labels=None, class_names=None, ncols=8, axes=None, cmap="gray"):
    """Zeigt Bilder (N, H, W) oder (N, H, W, C) als Raster, optional mit Beschriftung.

    ``labels`` sind Klassennummern (oder Texte); ``class_names`` übersetzt Nummern.
    Gibt das Array der Achsen zurück.
    """
    import numpy as np

    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    n = len(images)
    if axes is None:
        nrows = -(-n // ncols)
        _, axes = plt.subplots(nrows, ncols, figsize=(1.3 * ncols, 1.5 * nrows), squeeze=False)
    axes = np.ravel(axes)
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap=cmap if images[i].ndim == 2 else None)
        if labels is not None:
            label = np.ravel(labels[i])[0] if np.ndim(labels[i]) else labels[i]
            ax.set_title(class_names[int(label)] if class_names else str(label), fontsize=9)
    return axes
