"""Ein Modell als Bild seines Graphen, gezeichnet von ``keras.utils.plot_model``.

``render_png`` gibt das Bild als PNG-Bytes zurück (braucht pydot und das
Graphviz-Programm ``dot``). Fehlt eines davon oder scheitert das Zeichnen, gibt es
``None``, und ``graphviz_hint`` nennt den Grund auf Deutsch, mit der Meldung von
Keras/pydot; ``plot_model_hint`` formuliert den Hinweis für ein Notebook, das
``keras.utils.plot_model`` direkt aufruft. Die Verbindungen als Text liest
``models.graphs``.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path

import keras

from lecture_utils.core import checks, environment
from lecture_utils.models import graphs

PYDOT_FIX = "pip install pydot  (oder: make lab)"


def _has_pydot() -> bool:
    return importlib.util.find_spec("pydot") is not None


def _render_errors() -> tuple[type[BaseException], ...]:
    """Was beim Zeichnen erwartet ist: dot fehlt oder bricht ab (OSError, bei pydot ein
    fehlgeschlagenes ``assert``), pydot fehlt (ImportError) oder meldet einen eigenen Fehler."""
    errors: tuple[type[BaseException], ...] = (OSError, ImportError, AssertionError)
    if _has_pydot():
        import pydot

        errors += (pydot.PydotException,)
    return errors


_last_failure: str | None = None  # Meldung, mit der das letzte render_png scheiterte


def graphviz_hint() -> str | None:
    """Deutscher Hinweis, was für ``plot_model`` fehlt oder woran das letzte ``render_png``
    scheiterte (mit der Meldung von Keras/pydot); ``None``, wenn alles da ist und klappte."""
    if not _has_pydot():
        return f"Für das Bild des Graphen fehlt das Python-Paket pydot. Abhilfe: {PYDOT_FIX}."
    if shutil.which("dot") is None:
        return ("Für das Bild des Graphen fehlt das Programm Graphviz (dot). "
                f"{environment.GRAPHVIZ_FIX}.")
    if _last_failure is not None:
        return f"Graphviz ist installiert, das Zeichnen schlug aber fehl ({_last_failure})."
    return None


def render_png(model, show_shapes=True, show_layer_names=True, rankdir="TB", dpi=72):
    """Zeichnet ``model`` mit ``keras.utils.plot_model`` und gibt das PNG als Bytes zurück.

    ``None``, wenn pydot oder Graphviz fehlen oder das Zeichnen scheitert; den Grund
    (auch die Meldung von Keras/pydot) nennt dann ``graphviz_hint()``.
    """
    global _last_failure
    graphs.as_functional(model)
    dpi = checks.whole_number(dpi, "dpi")
    rankdir = checks.one_of(rankdir, "rankdir", ("TB", "LR", "BT", "RL"))
    _last_failure = None
    if graphviz_hint() is not None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "graph.png"
        try:
            keras.utils.plot_model(
                model, to_file=str(path), show_shapes=show_shapes,
                show_layer_names=show_layer_names, rankdir=rankdir, dpi=dpi,
            )
        except _render_errors() as error:
            _last_failure = f"{type(error).__name__}: {str(error).strip() or 'ohne Meldung'}"
            return None
        return path.read_bytes() if path.exists() else None


def plot_model_hint(error: BaseException | str | None = None) -> str:
    """Deutscher Hinweis für das Notebook, wenn ``keras.utils.plot_model`` kein Bild liefert.

    ``error`` ist die Ausnahme (meist ``ImportError``), die ``plot_model`` außerhalb
    von Jupyter auslöst; ihr Text wird mit genannt. In Jupyter meldet Keras das
    Fehlen von pydot oder Graphviz nur (englisch) und gibt ``None`` zurück – dann
    ``plot_model_hint()`` ohne Argument aufrufen. Der Grund kommt von ``graphviz_hint``.
    """
    if error is not None and not isinstance(error, (BaseException, str)):
        raise TypeError(f"plot_model_hint erwartet eine Ausnahme, einen Text oder None, "
                        f"erhalten: {error!r}.")
    reason = graphviz_hint() or "Keras konnte den Graphen nicht zeichnen."
    text = f"Kein Bild des Graphen. {reason}"
    message = str(error or "").strip()
    if message:
        kind = f"{type(error).__name__}: " if isinstance(error, BaseException) else ""
        text += f" (Meldung von Keras: {kind}{message})"
    return (f"{text} Das Notebook läuft ohne das Bild weiter; die Übersicht mit "
            "„Connected to“ zeigt dieselben Verbindungen.")
