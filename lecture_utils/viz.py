"""Bilder zum Kurs: erst rechnen, dann zeichnen.

Zeichenfunktionen nehmen ``ax=None`` (bzw. ``axes``), legen bei Bedarf eigene
Achsen an, geben sie zurück und ändern keine globalen matplotlib-Einstellungen.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

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
        ax.set_ylabel(metric.capitalize())
        ax.grid(alpha=0.3)
        if ax.get_legend_handles_labels()[0]:
            ax.legend()
    return axes
