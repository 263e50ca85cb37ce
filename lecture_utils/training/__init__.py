"""Trainieren: ``fit`` mit Fortsetzen, Checkpoints und CSV-Protokoll (``fitting``), seine
Fortschrittszeilen und Live-Kurven (``progress``), der Fingerabdruck gespeicherter
Trainings (``fingerprint``), die Trainingsrezepte der Notebooks (``recipes``), die
Experimente aus den Papern (``experiments`` mit ``relu_vs_tanh`` und ``plain_vs_resnet``),
Transfer Learning (``transfer_tasks``, ``transfer``) und Training auf mehreren Geräten
(``simulated``, ``parallel_fit``, ``model_parallel``).

Die Notebooks schreiben ``from lecture_utils import training`` und rufen
``training.fit(...)``; die übrigen Module holen sie einzeln, etwa
``from lecture_utils.training import recipes``.
"""

from lecture_utils.training.fitting import (
    checkpoint_dir,
    checkpoint_root,
    fit,
    prepare_images,
    read_history,
    reset,
    set_seed,
    take,
)
from lecture_utils.training.progress import epoch_line, progress_bar, progress_line, show_live

__all__ = ["checkpoint_dir", "checkpoint_root", "epoch_line", "fit", "prepare_images",
           "progress_bar", "progress_line", "read_history", "reset", "set_seed", "show_live",
           "take"]
