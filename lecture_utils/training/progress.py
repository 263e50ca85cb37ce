"""Fortschritt eines Trainings: Textzeilen, Balken und Lernkurven, die sich erneuern.

Im Notebook ist die Anzeige eines Trainings mit ``training.fit`` ein Block an einer Stelle:
eine Textzeile (während der Epoche mit Balken, danach die Werte der Epoche) und darunter
die Lernkurven. Beide werden an Ort und Stelle erneuert (IPython-Display-Handles);
Keras' eigener Fortschrittsbalken ist dann aus (``verbose=0``), sonst schriebe er seine
Zeilen um das Bild herum. Außerhalb eines Notebooks erscheint eine gedruckte Zeile pro
Epoche (``FitProgress``). Die Experimente drucken mit ``EpochProgress`` eine Zeile je
Epoche mit dem Trainingsfehler.
"""

from __future__ import annotations

import numbers
import time

import keras

from lecture_utils.core import checks, text

PROGRESS_EVERY_S = 0.5  # so oft wird die Zeile während einer Epoche erneuert


def _metrics(logs) -> str:
    """Die Werte einer Epoche, z. B. ``'loss 0,5000 · accuracy 0,9123'``."""
    return " · ".join(f"{key} {text.number(float(value), 4)}"
                      for key, value in (logs or {}).items())


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
        parts.append(f"noch ca. {text.duration(rest_s)}")
    return " · ".join(part for part in parts if part)


def epoch_line(epoch: int, epochs: int, logs, per_epoch_s: float, rest_s: float) -> str:
    """Die Zeile nach einer Epoche (``epoch`` zählt ab 1)."""
    end = "fertig" if epoch == epochs else f"noch ca. {text.duration(rest_s)}"
    return " · ".join(part for part in (f"Epoche {epoch}/{epochs}", _metrics(logs),
                                        f"{text.number(per_epoch_s, 1)} s/Epoche", end) if part)


class FitProgress(keras.callbacks.Callback):
    """Fortschritt eines Trainings: im Notebook eine Zeile und die Lernkurven an einer
    Stelle (beide an Ort und Stelle erneuert), sonst eine gedruckte Zeile pro Epoche."""

    def __init__(self, name, epochs, history, live_plot):
        super().__init__()
        self.name, self.epochs = name, epochs
        self.history, self.live_plot = history, live_plot  # history(): der Verlauf bisher

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
            self.handle = show_live(self.history(),
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


def in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in shell.config


class EpochProgress(keras.callbacks.Callback):
    """Eine Zeile je Epoche: Netz, Epoche, Trainingsfehler (1 − ``accuracy``) und Sekunden.

    Gedruckt wird mit ``flush=True``, damit ein langes Training im Notebook sichtbar
    vorankommt; das Training selbst wird dadurch nicht langsamer."""

    def __init__(self, label: str, epochs: int):
        super().__init__()
        self.label = str(label)
        self.epochs = checks.whole_number(epochs, "epochs")
        self._start = 0.0

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        error = 1 - float((logs or {}).get("accuracy", 0.0))
        seconds = time.perf_counter() - self._start
        print(f"{self.label}: Epoche {epoch + 1}/{self.epochs} · Trainingsfehler "
              f"{text.percent(error)} · {text.number(seconds, 0)} s", flush=True)
