"""Trainieren: ``fit`` mit Fortsetzen, Checkpoints, CSV-Protokoll und Live-Kurven
(``fitting``), der Fingerabdruck gespeicherter Trainings (``fingerprint``), die
Trainingsrezepte der Notebooks (``recipes``), die Experimente aus den Papern
(``experiments``), Transfer Learning (``transfer``) und Training auf mehreren Geräten
(``distributed``).

Die Notebooks schreiben ``from lecture_utils import training`` und rufen
``training.fit(...)``; die übrigen Module holen sie einzeln, etwa
``from lecture_utils.training import recipes``.
"""

from lecture_utils.training.fitting import (checkpoint_dir, checkpoint_root, epoch_line, fit,
                                            prepare_images, progress_bar, progress_line,
                                            read_history, reset, set_seed, show_live, take)

__all__ = ["checkpoint_dir", "checkpoint_root", "epoch_line", "fit", "prepare_images",
           "progress_bar", "progress_line", "read_history", "reset", "set_seed", "show_live",
           "take"]
