"""Explorer: Schicht, Filter und Bild wählen – Filter, Feature Map und stärkste Ausschnitte sehen.

``explorer_view`` rechnet alles, was das Widget zeigt (ohne Browser testbar);
``draw_view`` zeichnet es; ``explorer`` baut die Regler drumherum.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from lecture_utils.core import checks, text
from lecture_utils.explain import inspection, top_patches
from lecture_utils.plots import viz_inspect
from lecture_utils.widgets import error_text


@dataclass(frozen=True)
class ExplorerView:
    """Alles, was der Explorer für eine Einstellung zeigt."""

    layer: str
    filter_index: int
    image_index: int
    image: np.ndarray  # (H, W, C)
    kernel: np.ndarray  # (kh, kw, Eingangskanäle)
    feature_map: np.ndarray  # (h, w)
    strongest: tuple[int, int]  # Position der stärksten Aktivierung in der Feature Map
    top: top_patches.TopPatches
    caption: str


def explorer_view(model, images, layer: str, filter_index: int, image_index: int, k: int = 9,
                  layer_activations=None) -> ExplorerView:
    """Rechnet die Ansicht für Schicht ``layer``, Filter ``filter_index`` und Bild
    ``image_index`` aus ``images``. Schon berechnete Aktivierungen der Schicht (N, h, w,
    Filter) kann man als ``layer_activations`` übergeben (das Widget merkt sie sich)."""
    names = inspection.conv_layer_names(model)
    if layer not in names:
        raise ValueError(f"Schicht {layer!r} ist keine Konv-Schicht; wählbar: {', '.join(names)}.")
    if layer_activations is None:
        layer_activations = inspection.activations(model, images, layer)
    image_index = checks.index(image_index, len(images), "Bildnummer")
    top = top_patches.top_patches(model, images, layer, filter_index, k, layer_activations)
    feature_map = layer_activations[image_index, ..., filter_index]
    strongest = tuple(int(i) for i in np.unravel_index(feature_map.argmax(), feature_map.shape))
    size = top.field.size
    caption = (f"{layer} · Filter {filter_index} · Bild {image_index}: stärkste Aktivierung "
               f"{text.number(float(feature_map.max()), 2)} an Position {strongest}; "
               f"rezeptives Feld {size[0]}×{size[1]} Pixel")
    return ExplorerView(layer, int(filter_index), image_index, np.asarray(images[image_index]),
                        inspection.kernel(model, layer, filter_index), feature_map, strongest,
                        top, caption)


def draw_view(view: ExplorerView):
    """Bild (mit dem Feld des stärksten Neurons), Feature Map, Filter und die stärksten
    Ausschnitte nebeneinander. Gibt die Figure zurück."""
    fig = plt.figure(figsize=(12, 3.4))
    grid = fig.add_gridspec(3, 11, wspace=0.3, hspace=0.35)
    image_ax = fig.add_subplot(grid[:, 0:3])
    map_ax = fig.add_subplot(grid[:, 3:6])
    kernel_ax = fig.add_subplot(grid[:, 6:8])
    patch_axes = [fig.add_subplot(grid[r, 8 + c]) for r in range(3) for c in range(3)]
    viz_inspect.plot_image(view.image, image_ax, title=f"Bild {view.image_index}")
    viz_inspect.mark_window(image_ax, view.top.field.window(*view.strongest))
    map_ax.imshow(view.feature_map, cmap="viridis")
    map_ax.set_title(f"Feature Map {view.feature_map.shape[0]}×{view.feature_map.shape[1]}",
                     fontsize=10)
    map_ax.set_xticks([])
    map_ax.set_yticks([])
    viz_inspect.plot_top_patches(view.top, view.kernel, axes=(kernel_ax, patch_axes),
                                 title=f"Filter {view.filter_index}")
    fig.suptitle(view.caption, fontsize=10)
    return fig


class Explorer:
    """Die Regler und die Ausgabe; merkt sich die Aktivierungen je Schicht."""

    def __init__(self, model, images, k: int = 9):
        import ipywidgets as widgets

        self.model, self.images, self.k = model, np.asarray(images), k
        self._activations = {}
        names = inspection.conv_layer_names(model)
        self.layer = widgets.Dropdown(options=names, description="Schicht")
        self.filter = widgets.IntSlider(0, min=0, max=self._filters(names[0]) - 1,
                                        description="Filter", continuous_update=False)
        self.image = widgets.IntSlider(0, min=0, max=len(self.images) - 1, description="Bild",
                                       continuous_update=False)
        self.output = widgets.Output()
        self.layer.observe(self._layer_changed, names="value")
        self.filter.observe(self.update, names="value")
        self.image.observe(self.update, names="value")
        self.box = widgets.VBox([widgets.HBox([self.layer, self.filter, self.image]), self.output])

    def _filters(self, layer: str) -> int:
        return self.model.get_layer(layer).filters

    def activations(self, layer: str) -> np.ndarray:
        if layer not in self._activations:
            self._activations[layer] = inspection.activations(self.model, self.images, layer)
        return self._activations[layer]

    def view(self) -> ExplorerView:
        """Die Ansicht für die aktuelle Stellung der Regler."""
        return explorer_view(self.model, self.images, self.layer.value, self.filter.value,
                             self.image.value, self.k, self.activations(self.layer.value))

    def _layer_changed(self, change=None):
        self.filter.max = self._filters(self.layer.value) - 1  # kürzt den Wert bei Bedarf
        self.update()

    def update(self, change=None):
        from IPython.display import display

        self.output.clear_output(wait=True)
        with self.output:
            try:
                fig = draw_view(self.view())
            except ValueError as error:
                print(error_text(error))
                return
            display(fig)
            plt.close(fig)


def explorer(model, images, k: int = 9):
    """Das Widget: Schicht, Filter und Bild wählen. Zeigt sich selbst, wenn es die letzte
    Zeile einer Zelle ist."""
    widget = Explorer(model, images, k)
    widget.update()
    return widget.box
