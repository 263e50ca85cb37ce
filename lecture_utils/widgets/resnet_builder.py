"""Baukasten für ein kleines ResNet: Skip Connections an/aus, Residual Blocks, Filter.

Drei Teile, wie bei jedem Widget des Kurses:

* ``build_model`` baut das Netz. Mit den Vorgaben (Skip Connections an,
  2 Residual Blocks, 64 Filter) ist es genau das Beispiel-ResNet aus 10.2.3
  (``models.toy_resnet``, 223.242 Parameter, gleiche Schichtnamen);
* ``compute`` rechnet aus, was das Widget zeigt (Parameter, Schichtentabelle mit
  Ausgabeformen, Verbindungen) – ohne Browser testbar;
* ``show`` ist die ipywidgets-Oberfläche; sie ruft nur ``compute`` und
  ``model_plot.render_png`` auf.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import keras
from keras import layers

from lecture_utils import models, widgets
from lecture_utils.core import checks, text
from lecture_utils.models import graphs
from lecture_utils.plots import model_plot

MAX_BLOCKS = 6
MAX_FILTERS = 256
INPUT_SHAPE = (32, 32, 3)  # CIFAR-10
NUM_CLASSES = 10


@dataclass(frozen=True)
class View:
    """Alles, was das Widget für eine Einstellung zeigt."""

    model: keras.Model
    params: int
    adds: int  # Anzahl der Skip Connections (Add-Schichten)
    table_text: str  # Schichtentabelle mit Ausgabeformen und „verbunden mit“
    connections: list  # wie graphs.connections(model)

    @property
    def headline(self) -> str:
        skips = {0: "keine Skip Connection", 1: "1 Skip Connection"}.get(
            self.adds, f"{self.adds} Skip Connections")
        return f"{text.number(self.params)} Parameter · {skips} (Add)"


# ---------------------------------------------------------------------------
# Rechnen
# ---------------------------------------------------------------------------


def _check_settings(skip_connections, blocks, filters) -> None:
    checks.flag(skip_connections, "Skip Connections")
    checks.whole_number(blocks, "Residual Blocks", minimum=0, maximum=MAX_BLOCKS)
    checks.whole_number(filters, "Filter", maximum=MAX_FILTERS)


def build_model(skip_connections=True, blocks=2, filters=64) -> keras.Model:
    """Das Beispiel-ResNet aus 10.2.3 (``models.toy_resnet``) mit ``blocks`` Residual
    Blocks zu je ``filters`` Filtern; mit den Vorgaben genau das Netz des Kapitels."""
    _check_settings(skip_connections, blocks, filters)
    return models.toy_resnet(INPUT_SHAPE, NUM_CLASSES, skip_connections, blocks, filters)


def compute(skip_connections=True, blocks=2, filters=64) -> View:
    """Baut das Netz und gibt zurück, was das Widget zeigt.

    Ungültige Einstellungen ergeben einen deutschen ``ValueError`` mit dem Wert.
    """
    model = build_model(skip_connections, blocks, filters)
    adds = sum(isinstance(layer, layers.Add) for layer in model.layers)
    return View(model=model, params=model.count_params(), adds=adds,
                table_text=graphs.summary_text(model), connections=graphs.connections(model))


# ---------------------------------------------------------------------------
# Oberfläche (ipywidgets)
# ---------------------------------------------------------------------------


def _html(view: View) -> str:
    table = html.escape(view.table_text)
    return (f"<b>{html.escape(view.headline)}</b>"
            f"<pre style='white-space: pre; overflow-x: auto'>{table}</pre>")


def show():
    """Widget: Skip Connections an/aus, Anzahl der Residual Blocks und Filter wählen;
    Graph, Parameterzahl und Ausgabeformen werden sofort neu berechnet."""
    import ipywidgets as w

    style = {"description_width": "initial"}
    skip = w.Checkbox(value=True, description="Skip Connections", style=style)
    blocks = w.IntSlider(value=2, min=0, max=MAX_BLOCKS, description="Residual Blocks",
                         continuous_update=False, style=style)
    filters = w.IntText(value=64, description="Filter je Konv-Schicht", style=style,
                        layout=w.Layout(width="220px"))
    summary = w.HTML(layout=w.Layout(flex="1 1 auto", min_width="0"))
    graph = w.Image(format="png", layout=w.Layout(max_width="340px", flex="0 0 auto"))

    def update(_=None):
        try:
            view = compute(skip.value, blocks.value, filters.value)
        except ValueError as error:
            summary.value = f"<b>{html.escape(widgets.error_text(error))}</b>"
            graph.layout.display = "none"
            return
        summary.value = _html(view)
        png = model_plot.render_png(view.model, dpi=54)
        if png is None:
            summary.value += f"<p>{html.escape(model_plot.graphviz_hint() or '')}</p>"
            graph.layout.display = "none"
        else:
            graph.value, graph.layout.display = png, None

    for control in (skip, blocks, filters):
        control.observe(update, names="value")
    update()
    return w.VBox([w.HBox([skip, blocks, filters]), w.HBox([graph, summary])])
