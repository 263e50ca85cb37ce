"""Trainieren mit Fortschrittsanzeige, Lernkurven und Fortsetzen nach Abbruch.

``fit`` ist ein dünner Mantel um ``model.fit``:

* Epochen, Batchgröße und Datenmengen kommen aus dem Profil (``profiles.settings``);
* nach jeder Epoche wird ein Zwischenstand gespeichert (``BackupAndRestore``);
  stirbt der Kernel, setzt der nächste Aufruf dort fort, statt neu zu beginnen;
* ein fertiges Training wird beim nächsten Aufruf nur geladen, nicht wiederholt –
  aber nur, wenn sein Fingerabdruck passt (Modul ``fingerprint``: Schichten, Optimierer
  mit Lernrate usw., Trainingsdaten, Profil). Sonst beginnt es neu und sagt, warum;
* im Notebook erscheinen Fortschritt und Lernkurven live als ein Block an einer
  Stelle, sonst eine Textzeile pro Epoche (Modul ``progress``);
* mit mehreren GPUs im Profil ``full`` trainiert es datenparallel (``parallel_fit``).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import keras
import numpy as np

from lecture_utils.core import checks, device, profiles, text
from lecture_utils.training import fingerprint, parallel_fit, progress


def checkpoint_root() -> Path:
    """Ordner für Zwischenstände: ``LECTURE_CHECKPOINT_DIR`` oder ``./checkpoints``."""
    return Path(os.environ.get("LECTURE_CHECKPOINT_DIR", "checkpoints")).expanduser()


def checkpoint_dir(name: str) -> Path:
    """Ordner des Trainings ``name`` (Gewichte, Verlauf, Einstellungen)."""
    if not isinstance(name, str) or not name.replace("_", "").replace("-", "").isalnum():
        raise ValueError(
            f"Der Trainingsname muss aus Buchstaben, Ziffern, _ und - bestehen, erhalten: {name!r}."
        )
    return checkpoint_root() / name


def reset(name: str) -> bool:
    """Löscht den gespeicherten Stand des Trainings ``name`` (Gewichte, Verlauf und
    Zwischenstand im Ordner ``checkpoint_dir(name)``), damit der nächste Aufruf von
    ``fit`` von vorn beginnt. Sagt auf Deutsch, was gelöscht wurde; gibt ``True``
    zurück, wenn es etwas zu löschen gab."""
    folder = checkpoint_dir(name)
    if not folder.exists():
        print(f"Training '{name}': Es gibt keinen gespeicherten Stand ({folder}), "
              "nichts zu löschen.")
        return False
    files = sum(1 for path in folder.rglob("*") if path.is_file())
    shutil.rmtree(folder)
    print(f"Training '{name}' zurückgesetzt: Ordner {folder} mit {files} Datei"
          f"{'' if files == 1 else 'en'} gelöscht (Gewichte, Verlauf, Zwischenstand). "
          "Der nächste Aufruf von fit beginnt von vorn.")
    return True


def set_seed(seed: int = profiles.SEED) -> None:
    """Setzt den Zufallsstartwert für Python, NumPy und das Keras-Backend."""
    keras.utils.set_random_seed(checks.whole_number(seed, "seed", minimum=0))


def prepare_images(x) -> np.ndarray:
    """uint8-Bilder → float32 in [0, 1], bei Graustufen mit Kanalachse (N, H, W, 1)."""
    x = np.asarray(x)
    if x.ndim == 3:
        x = x[..., np.newaxis]
    if x.ndim != 4:
        raise ValueError(
            f"Erwartet werden Bilder der Form (N, H, W) oder (N, H, W, C), erhalten: {x.shape}."
        )
    return x.astype("float32") / 255.0


def take(x, y, n: int | None, seed: int = profiles.SEED):
    """Eine zufällige, reproduzierbare Teilmenge von ``n`` Beispielen (``None``: alle)."""
    if n is None or checks.whole_number(n, "n") >= len(x):
        return x, y
    index = np.random.default_rng(seed).permutation(len(x))[:n]
    index.sort()
    return x[index], y[index]


# ---------------------------------------------------------------------------
# Verlauf als CSV (übersteht einen Abbruch)
# ---------------------------------------------------------------------------


def read_history(path: Path) -> dict[str, list[float]]:
    """Liest den Verlauf; eine nach Abbruch wiederholte Epoche zählt nur einmal (die letzte).

    Spalten ohne Werte (``NA``, z. B. ``val_loss`` ohne Validierungsdaten) entfallen.
    """
    if not path.exists():
        return {}
    with open(path, newline="") as f:
        rows = {int(row["epoch"]): row for row in csv.DictReader(f)}
    history: dict[str, list[float]] = {}
    for epoch in sorted(rows):
        for key, value in rows[epoch].items():
            if key != "epoch" and value != "NA":
                history.setdefault(key, []).append(float(value))
    return history


def fit(model, train, validation=None, *, name: str, settings: profiles.TrainSettings,
        resume: bool = True, live_plot: bool | None = None, verbose: int = 1,
        callbacks=()):
    """Trainiert ``model`` (bereits kompiliert) auf ``train = (x, y)``.

    ``name`` benennt den Ordner unter ``checkpoint_dir``. Mit ``resume=True`` wird
    ein abgebrochenes Training fortgesetzt und ein fertiges nur geladen – beides nur,
    wenn der gespeicherte Fingerabdruck (``settings.json``) zu Modell, Optimierer, Daten
    und Profil passt; sonst beginnt das Training neu und nennt den Grund. Gibt den
    Verlauf als ``dict`` von Listen zurück (wie ``History.history``), über alle Teile
    eines fortgesetzten Trainings.
    Weitere Keras-Callbacks (z. B. ``EarlyStopping``) gehen über ``callbacks``.
    Im Notebook (``live_plot``) zeigt ein Block an einer Stelle den Fortschritt und die
    Lernkurven; ``verbose`` gilt dann nicht (Keras' eigener Balken ist aus).
    """
    folder = checkpoint_dir(name)
    weights, history_path = folder / "final.weights.h5", folder / "history.csv"
    info_path, backup = folder / "settings.json", folder / "backup"
    # Mehrere GPUs und Profil full: datenparallel, Batchgröße des Profils je GPU
    plan = parallel_fit.plan_fit(settings)
    settings = plan.settings
    wanted = fingerprint.fingerprint(model, train, settings)

    saved = info_path if weights.exists() else backup / "settings.json"
    reasons = []
    if resume and (weights.exists() or saved.exists()):
        reasons = fingerprint.changes(fingerprint.read_saved(saved) if saved.exists() else None,
                                      wanted)
    if resume and weights.exists() and not reasons:
        if model.optimizer is not None and not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)  # gespeichert mit Optimierer
        model.load_weights(weights)
        print(f"Training '{name}' ist bereits abgeschlossen: Gewichte aus {weights} geladen.")
        return read_history(history_path)
    if reasons:
        print(f"Training '{name}': {'; '.join(reasons)}: neues Training.")
    if not resume or reasons or not saved.exists():
        _start_anew(folder)
    elif (backup / "training_metadata.json").exists():
        epoch = _read_json(backup / "training_metadata.json")["epoch"]
        print(f"Setze Training '{name}' nach Epoche {epoch} von {settings.epochs} fort.")
    backup.mkdir(parents=True, exist_ok=True)
    (backup / "settings.json").write_text(json.dumps(wanted))

    x, y = plan.fit_data(train)
    print(f"Training '{name}': {settings.epochs} Epochen · {text.number(len(x))} Beispiele · "
          f"Batchgröße {settings.batch_size} · {device.describe()}"
          + (f" · {plan.describe()}" if plan.distributed else ""))
    live = progress.in_notebook() if live_plot is None else live_plot
    if live:
        verbose = 0  # die Fortschrittszeile zeigt FitProgress, im selben Block wie die Kurven
    callbacks = [
        keras.callbacks.CSVLogger(str(history_path), append=True),
        keras.callbacks.BackupAndRestore(str(backup), double_checkpoint=True),
        progress.FitProgress(name, settings.epochs, lambda: read_history(history_path), live),
        *callbacks,
    ]
    if not model.built:
        model.build((None, *x.shape[1:]))
    with parallel_fit.replicated(model, plan) as train_model:  # ohne Aufteilung: model
        train_model.fit(x, y, validation_data=plan.fit_data(validation), epochs=settings.epochs,
                        batch_size=settings.batch_size, callbacks=callbacks, verbose=verbose)
    model.save_weights(weights)
    info_path.write_text(json.dumps(wanted))
    return read_history(history_path)


def _read_json(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _start_anew(folder: Path) -> None:
    """Leert den Ordner eines Trainings; beiseite gelegte ``….defekt``-Dateien bleiben."""
    if not folder.exists():
        return
    for path in folder.iterdir():
        if path.is_dir():
            _start_anew(path)
            if not any(path.iterdir()):
                path.rmdir()
        elif not path.name.endswith(".defekt"):
            path.unlink()
