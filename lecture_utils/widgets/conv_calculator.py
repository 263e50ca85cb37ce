"""Rechner: Ausgabeform und Parameterzahl einer Konv-Schicht in 1D, 2D oder 3D.

``result_text`` ist die reine Rechenfunktion (ohne Browser testbar): Sie nimmt
die Einstellungen und gibt den Text zurück, den das Widget anzeigt – Ausgabeform,
Parameterzahl und die Formeln mit eingesetzten Zahlen. Gerechnet wird
ausschließlich mit ``lecture_utils.arithmetic.shapes``. Ungültige Einstellungen ergeben die
deutsche Meldung statt eines Tracebacks. ``calculator`` ist die Oberfläche.
"""

from __future__ import annotations

import html

from lecture_utils import widgets
from lecture_utils.arithmetic import shapes
from lecture_utils.core import checks

DEFAULTS = dict(rank=2, size=16, channels=3, filters=16, kernel_size=3, strides=1,
                padding="valid", dilation_rate=1)
LAYER_NAMES = {1: "Conv1D", 2: "Conv2D", 3: "Conv3D"}
AXIS_NAMES = {1: "Länge", 2: "Höhe × Breite", 3: "Tiefe × Höhe × Breite"}


def result_text(rank=2, size=16, channels=3, filters=16, kernel_size=3, strides=1,
                padding="valid", dilation_rate=1) -> str:
    """Der Text des Rechners; bei ungültigen Einstellungen die deutsche Meldung.

    ``size``, ``kernel_size``, ``strides`` und ``dilation_rate`` gelten für jede
    räumliche Achse (ein Quadrat bzw. Würfel).
    """
    try:
        return _explain(rank, size, channels, filters, kernel_size, strides, padding,
                        dilation_rate)
    except ValueError as error:
        return widgets.error_text(error)


def _explain(rank, size, channels, filters, kernel_size, strides, padding, dilation_rate):
    if rank not in LAYER_NAMES:
        raise ValueError(f"Die Dimension muss 1, 2 oder 3 sein, erhalten: {rank!r}.")
    checks.whole_number(size, "Die Eingabegröße")
    checks.whole_number(channels, "Die Zahl der Kanäle")
    input_shape = (size,) * rank + (channels,)
    output = shapes.conv_output_shape(input_shape, filters, kernel_size, strides, padding,
                                      dilation_rate)
    axis = shapes.explain_conv_length(size, kernel_size, strides, padding, dilation_rate)
    params = shapes.explain_conv_params(kernel_size, channels, filters, rank=rank)
    weights = _shape((kernel_size,) * rank + (channels,))
    layer = (f"keras.layers.{LAYER_NAMES[rank]}(filters={filters}, kernel_size={kernel_size}, "
             f"strides={strides}, padding={padding!r}, dilation_rate={dilation_rate})")
    return "\n".join([
        f"Schicht:    {layer}",
        f"Eingabe:    {_shape(input_shape)}  ({rank}D, {_count(channels, 'Kanal', 'Kanäle')})",
        f"Ausgabe:    {_shape(output)}  ({AXIS_NAMES[rank]} × Filter)",
        f"  je Achse: {axis}",
        f"Filter:     {filters} Stück, je {weights} Gewichte + 1 Bias",
        f"Parameter:  {params}",
    ])


def _shape(dims) -> str:
    return "×".join(str(d) for d in dims)


def _count(n, one, many) -> str:
    return f"{n} {one if n == 1 else many}"


def calculator(**initial):
    """Widget mit Schiebereglern und Auswahlfeldern; ``initial`` überschreibt
    die Voreinstellungen (z. B. ``calculator(rank=1, size=16, channels=2)``)."""
    import ipywidgets as w

    values = {**DEFAULTS, **initial}
    short = w.Layout(width="300px")
    def slider(name, label, maximum):
        return w.IntSlider(value=values[name], min=1, max=maximum, description=label,
                           continuous_update=False)

    fields = dict(
        rank=w.Dropdown(options=[("1D", 1), ("2D", 2), ("3D", 3)], value=values["rank"],
                        description="Dimension"),
        size=slider("size", "Eingabegröße", 64),
        channels=slider("channels", "Kanäle", 16),
        filters=slider("filters", "Filter", 64),
        kernel_size=slider("kernel_size", "Kernel", 11),
        strides=slider("strides", "Stride", 4),
        padding=w.Dropdown(options=["valid", "same", "causal"], value=values["padding"],
                           description="Padding"),
        dilation_rate=slider("dilation_rate", "Dilation", 4),
    )
    for field in fields.values():
        field.layout = short
        field.style = {"description_width": "90px"}
    result = w.HTML()

    def update(_=None):
        text = result_text(**{name: field.value for name, field in fields.items()})
        result.value = f"<pre>{html.escape(text)}</pre>"

    for field in fields.values():
        field.observe(update, names="value")
    update()
    items = list(fields.values())
    grid = w.GridBox(items, layout=w.Layout(grid_template_columns="repeat(2, 310px)"))
    return w.VBox([grid, result])
