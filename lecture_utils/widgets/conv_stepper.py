"""Konvolution Schritt für Schritt: Der Filter wandert über die Eingabe (1D, 2D, 3D).

Drei Teile, wie bei jedem Widget des Kurses:

* ``frame`` rechnet einen Schritt aus (welche Zellen der Filter überdeckt, die
  Produkte, ihre Summe, die bisher gefüllte Ausgabe) – reine NumPy-Rechnung über
  ``lecture_utils.arithmetic.convolution``;
* ``draw_frame`` zeichnet einen solchen Schritt in matplotlib-Achsen (auch ohne
  Browser, etwa für den Ausdruck oder die Tests);
* ``stepper`` und ``demo`` sind die ipywidgets-Oberflächen mit Schieberegler.

Gezeichnet werden alle Arrays als Raster von 2D-Tafeln (``widgets.cell_grid``): in 1D eine
Zeile pro Kanal, in 2D eine Tafel pro Kanal, in 3D eine Tafel pro Tiefenscheibe (z) und Kanal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_utils import widgets
from lecture_utils.arithmetic import convolution
from lecture_utils.core import profiles
from lecture_utils.widgets import cell_grid

# Farben der Zellen
PLAIN, PADDING, COVERED = "#ffffff", "#e0e0e0", "#ffcc80"
WEIGHT, DONE, CURRENT = "#bbdefb", "#c8e6c9", "#ffa726"
INCH_PER_CELL = 0.36


@dataclass(frozen=True)
class Frame:
    """Ein Schritt des Steppers: alles, was ``draw_frame`` zeigt."""

    number: int  # 1 … num_steps
    num_steps: int
    padded: np.ndarray  # Eingabe mit Rand, Form (*räumlich, Kanäle)
    pad_before: tuple[int, ...]
    input_size: tuple[int, ...]  # räumliche Größe ohne Rand
    filter_index: int
    current: convolution.Step  # die Ausgabezelle dieses Schritts
    output: np.ndarray  # Ausgabe dieses Filters, NaN = noch nicht berechnet

    @property
    def rank(self) -> int:
        return self.padded.ndim - 1


# --- Rechnen ---------------------------------------------------------------


def num_steps(x, kernel, strides=1, padding="valid", dilation_rate=1) -> int:
    """Anzahl der Schritte = Anzahl der Ausgabezellen eines Filters."""
    x = np.asarray(x)
    kernel_size = np.shape(kernel)[:-2]
    geo = convolution.geometry(x.shape, kernel_size, strides, padding, dilation_rate)
    return int(np.prod(geo.output_size))


def frame(x, kernel, number, bias=None, strides=1, padding="valid", dilation_rate=1,
          filter_index=0) -> Frame:
    """Schritt ``number`` (1 bis ``num_steps``): die Ausgabezellen werden in
    Lesereihenfolge gefüllt, die letzte Achse läuft am schnellsten."""
    x = np.asarray(x, dtype=float)
    geo = convolution.geometry(x.shape, np.shape(kernel)[:-2], strides, padding, dilation_rate)
    positions = geo.positions()
    if isinstance(number, bool) or number != int(number) or not 1 <= number <= len(positions):
        raise ValueError(f"Schritt muss zwischen 1 und {len(positions)} liegen, "
                         f"erhalten: {number!r}.")
    number = int(number)
    settings = dict(bias=bias, strides=strides, padding=padding, dilation_rate=dilation_rate)
    current = convolution.step(x, kernel, positions[number - 1], filter_index=filter_index,
                               **settings)
    output = np.full(geo.output_size, np.nan)
    full = convolution.conv(x, kernel, **settings)[..., filter_index]
    for index in positions[:number]:
        output[index] = full[index]
    return Frame(number, len(positions), convolution.pad(x, geo), geo.pad_before,
                 x.shape[:-1], int(filter_index), current, output)


def products_text(step: convolution.Step, per_line: int = 6) -> str:
    """Die Rechnung eines Schritts, z. B. ``'2·1 + 0·(−1) + 3·2 = 8'``."""
    number = cell_grid.formula_number
    terms = [f"{number(a, parens=True)}·{number(w, parens=True)}"
             for a, w in zip(step.inputs.ravel(), step.weights.ravel())]
    if step.bias:
        terms.append(number(step.bias, parens=True))
    lines = [" + ".join(terms[i:i + per_line]) for i in range(0, len(terms), per_line)]
    return "\n+ ".join(lines) + f" = {number(step.total)}"


def example(rank: int, channels: int = 1, filters: int = 1, seed: int = profiles.SEED):
    """Kleines Beispiel mit ganzen Zahlen: ``(x, kernel)``.

    1D: Länge 10, Filter 3 · 2D: 5×5, Filter 3×3 · 3D: 3×3×3, Filter 2×2×2.
    """
    sizes = {1: ((10,), (3,)), 2: ((5, 5), (3, 3)), 3: ((3, 3, 3), (2, 2, 2))}
    if rank not in sizes:
        raise ValueError(f"Die Dimension muss 1, 2 oder 3 sein, erhalten: {rank!r}.")
    spatial, kernel_size = sizes[rank]
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 5, size=(*spatial, channels)).astype(float)
    kernel = rng.integers(-1, 2, size=(*kernel_size, channels, filters)).astype(float)
    return x, kernel


# --- Zeichnen --------------------------------------------------------------


def draw_frame(frame: Frame, ax=None):
    """Zeichnet Eingabe (überdeckte Zellen orange, Rand grau), Filter und Ausgabe
    (fertige Zellen grün, aktuelle orange) sowie die Rechnung. Gibt die Achsen zurück."""
    blocks = _blocks(frame)
    vertical = frame.rank == 1  # 1D: Kanäle untereinander wie Tonspuren
    sizes = [cell_grid.block_size(panels, vertical) for _, panels in blocks]
    origins, width, height = cell_grid.layout(sizes)
    text = products_text(frame.current, per_line=max(3, int(width / 3.4)))
    bottom = height + 1.0 + 0.75 * (text.count("\n") + 1)
    if ax is None:
        import matplotlib.pyplot as plt

        scale = min(INCH_PER_CELL, 14 / (width + 1))
        _, ax = plt.subplots(figsize=((width + 1) * scale, (bottom + 2.2) * scale + 0.4))
    for (title, panels), origin in zip(blocks, origins):
        cell_grid.draw_block(ax, title, panels, origin, vertical)
    ax.text(0, height + 0.7, text, ha="left", va="top", fontsize=9)
    step = frame.current
    index = ", ".join(map(str, step.out_index))
    ax.set_title(f"Schritt {frame.number} von {frame.num_steps}: Ausgabe [{index}] = "
                 f"{cell_grid.formula_number(step.total)}", fontsize=11)
    _legend(ax, with_padding=frame.padded.shape[:-1] != frame.input_size)
    ax.set_xlim(-0.5, width + 0.5)
    ax.set_ylim(bottom, -0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _blocks(frame: Frame):
    """Die drei Teile der Abbildung als (Titel, Tafeln); eine Tafel ist
    (Beschriftung, Werte, Farben) mit 2D-Arrays gleicher Form."""
    step = frame.current
    covered = np.zeros(frame.padded.shape, dtype=bool)
    covered[np.ix_(*step.window, range(frame.padded.shape[-1]))] = True
    inside = np.zeros(frame.padded.shape, dtype=bool)
    inside[tuple(slice(b, b + n) for b, n in zip(frame.pad_before, frame.input_size))] = True
    input_colors = np.where(covered, COVERED, np.where(inside, PLAIN, PADDING))

    weight_colors = np.full(step.weights.shape, WEIGHT)
    output = frame.output[..., np.newaxis]
    output_colors = np.where(np.isnan(output), PLAIN, DONE)
    output_colors[step.out_index + (0,)] = CURRENT
    return [("Eingabe", cell_grid.panels(frame.padded, input_colors)),
            (f"Filter {frame.filter_index + 1}", cell_grid.panels(step.weights, weight_colors)),
            ("Ausgabe", cell_grid.panels(output, output_colors, show_channel=False))]


def _legend(ax, with_padding: bool) -> None:
    from matplotlib.patches import Patch

    entries = [(COVERED, "vom Filter überdeckt"), (DONE, "schon berechnet"),
               (CURRENT, "dieser Schritt")]
    if with_padding:
        entries.insert(1, (PADDING, "Rand (Padding, Nullen)"))
    handles = [Patch(facecolor=color, edgecolor="#616161", label=text) for color, text in entries]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(handles),
              fontsize=8, frameon=False, handlelength=1.2, columnspacing=1.0)


# --- Oberfläche (ipywidgets) -----------------------------------------------


def stepper(x, kernel, bias=None, strides=1, padding="valid", dilation_rate=1):
    """Widget: Schieberegler (und Abspielknopf) bewegt den Filter über ``x``."""
    import ipywidgets as w

    settings = dict(bias=bias, strides=strides, padding=padding, dilation_rate=dilation_rate)
    steps = num_steps(x, kernel, strides, padding, dilation_rate)
    slider = w.IntSlider(value=1, min=1, max=steps, description="Schritt")
    play = w.Play(value=1, min=1, max=steps, interval=900, description="Abspielen")
    w.jslink((play, "value"), (slider, "value"))
    filters = np.shape(kernel)[-1]
    choice = w.Dropdown(options=[(f"Filter {f + 1}", f) for f in range(filters)],
                        description="Filter", layout=w.Layout(width="200px"))
    out = w.Output()

    def show(_=None):
        result = frame(x, kernel, slider.value, filter_index=choice.value, **settings)
        _show(out, result)

    slider.observe(show, names="value")
    choice.observe(show, names="value")
    show()
    controls = [play, slider] + ([choice] if filters > 1 else [])
    return w.VBox([w.HBox(controls), out])


def demo():
    """Widget mit Auswahl: Dimension, Kanäle, Filter, Padding und Stride."""
    import ipywidgets as w

    options = dict(
        rank=w.Dropdown(options=[("1D", 1), ("2D", 2), ("3D", 3)], value=2,
                        description="Dimension"),
        channels=w.Dropdown(options=[1, 2], description="Kanäle"),
        filters=w.Dropdown(options=[1, 2], description="Filter"),
        padding=w.Dropdown(options=["valid", "same"], description="Padding"),
        strides=w.Dropdown(options=[1, 2], description="Stride"),
    )
    for widget in options.values():
        widget.layout = w.Layout(width="180px")
    out = w.Output()

    def rebuild(_=None):
        out.clear_output()
        with out:
            from IPython.display import display

            x, kernel = example(options["rank"].value, options["channels"].value,
                                options["filters"].value)
            try:
                display(stepper(x, kernel, strides=options["strides"].value,
                                padding=options["padding"].value))
            except ValueError as error:
                print(widgets.error_text(error))

    for widget in options.values():
        widget.observe(rebuild, names="value")
    rebuild()
    return w.VBox([w.HBox(list(options.values())), out])


def _show(out, result: Frame) -> None:
    import matplotlib.pyplot as plt
    from IPython.display import display

    ax = draw_frame(result)
    with out:
        out.clear_output(wait=True)
        display(ax.figure)
    plt.close(ax.figure)
