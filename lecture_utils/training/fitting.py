"""Trainieren mit Fortschrittsanzeige, Lernkurven und Fortsetzen nach Abbruch.

``fit`` ist ein dünner Mantel um ``model.fit``:

* Epochen, Batchgröße und Datenmengen kommen aus dem Profil (``profiles.settings``);
* nach jeder Epoche wird ein Zwischenstand gespeichert (``BackupAndRestore``);
  stirbt der Kernel, setzt der nächste Aufruf dort fort, statt neu zu beginnen;
* ein fertiges Training wird beim nächsten Aufruf nur geladen, nicht wiederholt –
  aber nur, wenn sein Fingerabdruck passt (Modul ``fingerprint``: Schichten, Optimierer
  mit Lernrate usw., Trainingsdaten, Profil). Sonst beginnt es neu und sagt, warum;
* im Notebook erscheinen Fortschritt und Lernkurven live als ein Block an einer
  Stelle, sonst eine Textzeile pro Epoche.
"""

from __future__ import annotations

import csv
import json
import numbers
import os
import shutil
import time
from pathlib import Path

import keras
import numpy as np

from lecture_utils.core import checks, device, profiles
from lecture_utils.training import distributed, fingerprint
from lecture_utils.arithmetic.shapes import format_number


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


# --- Fortschrittsanzeige ---------------------------------------------------------------
# Im Notebook ist die Anzeige eines Trainings ein Block an einer Stelle: eine Textzeile
# (während der Epoche mit Balken, danach die Werte der Epoche) und darunter die Lernkurven.
# Beide werden an Ort und Stelle erneuert (IPython-Display-Handles); Keras' eigener
# Fortschrittsbalken ist dann aus (verbose=0), sonst schriebe er seine Zeilen um das
# Bild herum. Außerhalb eines Notebooks: eine gedruckte Zeile pro Epoche.

PROGRESS_EVERY_S = 0.5  # so oft wird die Zeile während einer Epoche erneuert


def _number(value: float) -> str:
    """0.12345 → '0,1235' (deutsches Dezimalkomma)."""
    return f"{value:.4f}".replace(".", ",")


def _metrics(logs) -> str:
    return " · ".join(f"{key} {_number(float(value))}" for key, value in (logs or {}).items())


def progress_bar(fraction: float, width: int = 20) -> str:
    """Ein Textbalken wie ``[#####---------------]`` für einen Anteil zwischen 0 und 1."""
    if isinstance(fraction, bool) or not isinstance(fraction, numbers.Real) \
            or not 0 <= fraction <= 1:
        raise ValueError(f"Der Anteil muss zwischen 0 und 1 liegen, erhalten: {fraction!r}.")
    width = checks.whole_number(width, "width")
    filled = round(fraction * width)
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def progress_line(epoch: int, epochs: int, batch: int, steps: int | None, logs=None,
                  rest_s: float | None = None) -> str:
    """Die Zeile während einer Epoche: ``epoch`` und ``batch`` zählen ab 1.

    >>> progress_line(2, 5, 10, 20, {"loss": 0.5})
    'Epoche 2/5 [##########----------] Batch 10/20 · loss 0,5000'
    """
    if steps:
        bar = progress_bar(min(batch / steps, 1.0))
        head = f"Epoche {epoch}/{epochs} {bar} Batch {batch}/{steps}"
    else:
        head = f"Epoche {epoch}/{epochs} · Batch {batch}"
    parts = [head, _metrics(logs)]
    if rest_s is not None:
        parts.append(f"noch ca. {_duration(rest_s)}")
    return " · ".join(part for part in parts if part)


def epoch_line(epoch: int, epochs: int, logs, per_epoch_s: float, rest_s: float) -> str:
    """Die Zeile nach einer Epoche (``epoch`` zählt ab 1)."""
    end = "fertig" if epoch == epochs else f"noch ca. {_duration(rest_s)}"
    seconds = f"{per_epoch_s:.1f}".replace(".", ",")
    return " · ".join(part for part in (f"Epoche {epoch}/{epochs}", _metrics(logs),
                                        f"{seconds} s/Epoche", end) if part)


class _Report(keras.callbacks.Callback):
    """Fortschritt eines Trainings: im Notebook eine Zeile und die Lernkurven an einer
    Stelle (beide an Ort und Stelle erneuert), sonst eine gedruckte Zeile pro Epoche."""

    def __init__(self, name, epochs, history_path, live_plot):
        super().__init__()
        self.name, self.epochs = name, epochs
        self.history_path, self.live_plot = history_path, live_plot

    def on_train_begin(self, logs=None):
        self.start_epoch, self.handle, self.status = None, None, None
        self.last_shown = 0.0
        if self.live_plot:
            from IPython.display import display

            self.status = display({"text/plain": f"Training '{self.name}' beginnt …"},
                                  raw=True, display_id=True)

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch
        if self.start_epoch is None:
            self.start_epoch, self.t0 = epoch, time.perf_counter()

    def _show(self, line: str) -> None:
        if self.status is not None:
            self.status.update({"text/plain": line}, raw=True)

    def on_train_batch_end(self, batch, logs=None):
        if self.status is None:
            return
        now = time.perf_counter()
        steps = (self.params or {}).get("steps")
        if now - self.last_shown < PROGRESS_EVERY_S and (batch + 1) != steps:
            return
        self.last_shown = now
        rest = None
        if steps:
            done = (self.epoch - self.start_epoch) * steps + batch + 1
            total = (self.epochs - self.start_epoch) * steps
            rest = (now - self.t0) / done * (total - done)
        self._show(progress_line(self.epoch + 1, self.epochs, batch + 1, steps, logs, rest))

    def on_epoch_end(self, epoch, logs=None):
        done = epoch + 1
        per_epoch = (time.perf_counter() - self.t0) / (done - self.start_epoch)
        line = epoch_line(done, self.epochs, logs, per_epoch, per_epoch * (self.epochs - done))
        if self.live_plot:
            self._show(f"{self.name}: {line}")
            self.handle = show_live(read_history(self.history_path),
                                    f"{self.name}: Epoche {done}/{self.epochs}", self.handle)
        else:
            print(line, flush=True)


def show_live(history, title, handle=None):
    """Zeichnet die Lernkurven; beim ersten Mal als neue Ausgabe, danach an derselben
    Stelle (``handle``), damit Kopfzeile und frühere Trainings der Zelle stehen bleiben."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    from lecture_utils.plots import viz

    axes = viz.plot_history(history)
    fig = axes[0].figure
    fig.suptitle(title, fontsize=9)
    if handle is None:
        handle = display(fig, display_id=True)
    else:
        handle.update(fig)
    plt.close(fig)
    return handle


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min".replace(".", ",")


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in shell.config


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
    plan = distributed.plan_fit(settings)
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
    print(f"Training '{name}': {settings.epochs} Epochen · {format_number(len(x))} Beispiele · "
          f"Batchgröße {settings.batch_size} · {device.describe()}"
          + (f" · {plan.describe()}" if plan.distributed else ""))
    live = _in_notebook() if live_plot is None else live_plot
    if live:
        verbose = 0  # die Fortschrittszeile zeigt _Report, im selben Block wie die Kurven
    callbacks = [
        keras.callbacks.CSVLogger(str(history_path), append=True),
        keras.callbacks.BackupAndRestore(str(backup), double_checkpoint=True),
        _Report(name, settings.epochs, history_path, live),
        *callbacks,
    ]
    if not model.built:
        model.build((None, *x.shape[1:]))
    with distributed.replicated(model, plan) as train_model:  # ohne Aufteilung: model
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
