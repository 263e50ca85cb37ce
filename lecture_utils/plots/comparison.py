"""Netze im Vergleich: Zahlen aus den Buildern, nicht abgetippt.

Was hier steht, rechnet aus gebauten Keras-Modellen oder mit ``shapes``:

* ``comparison_rows`` / ``comparison_text``: die Tabelle „Netze im Vergleich“
  (Jahr, Eingabe, Schichten, Epochen, Parameter) für ``models.ARCHITECTURES``;
* ``lenet5_paper_counts``: warum unser LeNet-5 61.706 Parameter hat, das Paper
  aber 60.000 (Verbindungstabelle von C3, trainierbares Pooling, RBF-Ausgabe);
* ``stacked_vs_single``: zwei 3×3-Schichten sehen so weit wie eine 5×5-Schicht,
  mit weniger Parametern (VGG);
* ``activation_memory``: Speicher, den ein Bild je Schicht belegt;
* Zeichenfunktionen mit ``ax=None``/``axes=None``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from lecture_utils.arithmetic import shapes
from lecture_utils.core import checks, device
from lecture_utils.arithmetic.shapes import format_number

# ---------------------------------------------------------------------------
# Kennzahlen eines gebauten Modells
# ---------------------------------------------------------------------------


def multiply_adds(model) -> int:
    """Multiplikationen (genauer: Multiply-Adds) für ein Bild im Vorwärtsdurchlauf.

    Gezählt werden Konv- und FC-Schichten: Ausgabepositionen × Größe des Kernels
    (bei Conv2D: H_out · W_out · k_h · k_w · Kanäle_ein · Filter). Verschachtelte
    Modelle werden mitgezählt.
    """
    import keras

    total = 0
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            total += multiply_adds(layer)
        elif isinstance(layer, (keras.layers.Conv1D, keras.layers.Conv2D, keras.layers.Conv3D,
                                keras.layers.Dense)):
            positions = math.prod(layer.output.shape[1:-1])
            total += positions * math.prod(layer.kernel.shape)
    return int(total)


@dataclass(frozen=True)
class ModelSummary:
    """Die Kennzahlen eines Modells, die der Vergleich braucht."""

    name: str
    input_shape: tuple
    params: int
    trainable: int
    weight_layers: int
    multiply_adds: int


def summarize(model) -> ModelSummary:
    """Liest Parameter, Schichten mit Gewichten und Rechenaufwand aus ``model``."""
    from lecture_utils import models

    table = shapes.layer_table(model)
    return ModelSummary(
        name=model.name,
        input_shape=tuple(model.input_shape[1:]),
        params=table.total,
        trainable=table.trainable,
        weight_layers=models.count_weight_layers(model),
        multiply_adds=multiply_adds(model),
    )


def _release() -> None:
    """Gibt den Speicher frei, den Keras für gebaute Modelle hält."""
    device.free_memory()


# ---------------------------------------------------------------------------
# Die Vergleichstabelle
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    """Eine Spalte der Tabelle „Netze im Vergleich“."""

    name: str
    year: int
    paper_input: str
    model_input: tuple
    weight_layers: int
    epochs: int | None
    params: int
    """trainierbare Parameter (bei ResNets ohne die Statistiken der Batch Normalization)"""
    multiply_adds: int


def _architectures(names):
    from lecture_utils import models

    table = {a.name: a for a in models.ARCHITECTURES}
    if names is None:
        return list(table.values())
    if isinstance(names, str) or not isinstance(names, Iterable):
        raise TypeError(f"names muss eine Liste von Netznamen sein (z. B. ['LeNet-5']), "
                        f"erhalten: {names!r}.")
    names = list(names)
    unknown = [n for n in names if n not in table]
    if unknown:
        raise ValueError(
            f"Unbekanntes Netz {unknown[0]!r}; bekannt sind: {', '.join(table)}."
        )
    return [table[n] for n in names]


def comparison_rows(names: Iterable[str] | None = None,
                    summaries: Mapping[str, ModelSummary] | None = None) -> list[ComparisonRow]:
    """Die Spalten der Vergleichstabelle für die Netze ``names`` aus ``models.ARCHITECTURES``
    (Vorgabe: alle).

    Jahr, Eingabe laut Paper und Epochen stehen in ``ARCHITECTURES``; Parameter,
    Schichten mit Gewichten und Rechenaufwand werden am gebauten Modell gezählt.
    Was in ``summaries`` (Name → ``summarize(model)``) schon steht, wird nicht
    noch einmal gebaut; alle anderen Netze baut die Funktion einzeln und gibt
    ihren Speicher gleich wieder frei.
    """
    summaries = dict(summaries or {})
    rows = []
    for arch in _architectures(names):
        summary = summaries.get(arch.name)
        if summary is None:
            model = arch.builder()
            summary = summarize(model)
            del model
            _release()
        rows.append(ComparisonRow(
            name=arch.name, year=arch.year, paper_input=arch.paper_input,
            model_input=summary.input_shape, weight_layers=summary.weight_layers,
            epochs=arch.epochs, params=summary.trainable,
            multiply_adds=summary.multiply_adds,
        ))
    return rows


def format_short(number: int) -> str:
    """Große Zahl kurz wie im Kapitel: 61.706 → ``'61,7 Tsd.'``, 138.357.544 → ``'138,4 Mio.'``."""
    number = int(checks.real_number(number, "number"))
    for factor, unit in ((10**9, "Mrd."), (10**6, "Mio."), (10**3, "Tsd.")):
        if abs(number) >= factor:
            return f"{number / factor:.1f} {unit}".replace(".", ",", 1)
    return str(number)


def format_percent(value: float, digits: int = 1) -> str:
    """Anteil als deutsche Prozentangabe: 0.9912 → ``'99,1 %'``."""
    value = checks.real_number(value, "value")
    digits = checks.whole_number(digits, "digits", minimum=0)
    return f"{100 * value:.{digits}f} %".replace(".", ",")


def _shape_text(shape, sep: str = "x") -> str:
    return sep.join(str(d) for d in shape)


def network_input(row: ComparisonRow) -> str:
    """Was das Netz laut Paper wirklich bekommt: bei den ImageNet-Netzen den Ausschnitt
    (``'256x256x3 (Ausschnitte 224x224)'`` → ``'224x224x3'``), sonst die Bildgröße."""
    if not isinstance(row, ComparisonRow):
        raise TypeError(f"Erwartet wird eine ComparisonRow, erhalten: {type(row).__name__}.")
    if "Ausschnitte" not in row.paper_input:
        return row.paper_input
    crop = row.paper_input.split("Ausschnitte", 1)[1].strip(" )")
    return f"{crop}x{row.model_input[-1]}"


def comparison_text(rows: list[ComparisonRow], crops: bool = False) -> str:
    """Die Tabelle wie im Kapitel: eine Spalte pro Netz, eine Zeile pro Kennzahl.

    ``crops=True`` zeigt als Input die Eingabe des Netzes laut Paper (bei den
    ImageNet-Netzen den Ausschnitt 224x224, ``network_input``) und darunter die
    Bildgröße, aus der die Ausschnitte stammen; ohne bleibt es bei der Zeile des Kapitels.
    """
    if crops:
        inputs = [
            ("Input (Paper)", [network_input(r) for r in rows]),
            ("  aus Bildern", [r.paper_input.split(" (")[0] if "Ausschnitte" in r.paper_input
                               else "–" for r in rows]),
        ]
    else:
        inputs = [("Input (Paper)", [r.paper_input.split(" (")[0] for r in rows])]
    lines = [
        ("", [r.name for r in rows]),
        ("Jahr", [str(r.year) for r in rows]),
        *inputs,
        ("Input (Modell)", [_shape_text(r.model_input) for r in rows]),
        ("Schichten", [str(r.weight_layers) for r in rows]),
        ("Epochen", ["–" if r.epochs is None else str(r.epochs) for r in rows]),
        ("Parameter", [format_short(r.params) for r in rows]),
        ("  genau", [format_number(r.params) for r in rows]),
        ("Multiply-Adds/Bild", [format_short(r.multiply_adds) for r in rows]),
    ]
    label_width = max(len(label) for label, _ in lines)
    widths = [max(len(cells[i]) for _, cells in lines) for i in range(len(rows))]
    out = []
    for label, cells in lines:
        text = label.ljust(label_width) + "  " + "  ".join(
            c.rjust(w) for c, w in zip(cells, widths))
        out.append(text.rstrip())
    rule = "─" * max(len(line) for line in out)
    return "\n".join([out[0], rule, *out[1:]])


def plot_comparison(rows: list[ComparisonRow], axes=None):
    """Zwei Balkendiagramme (log. Skala): Parameter und Multiply-Adds pro Bild je Netz."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(12, 4))
    names = [f"{r.name} ({r.year})" for r in rows]
    for ax, values, title, color in (
        (axes[0], [r.params for r in rows], "Parameter (trainierbar)", "tab:blue"),
        (axes[1], [r.multiply_adds for r in rows], "Multiply-Adds pro Bild", "tab:orange"),
    ):
        x = np.arange(len(rows))
        bars = ax.bar(x, values, color=color)
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_ylabel("Anzahl (log. Skala)")
        ax.bar_label(bars, labels=[format_short(v) for v in values], fontsize=8, padding=2)
        ax.set_xticks(x, names, rotation=30, ha="right", rotation_mode="anchor", fontsize=8)
        ax.set_ylim(top=max(values) * 8)
        ax.grid(axis="y", alpha=0.3)
    return axes


# ---------------------------------------------------------------------------
# LeNet-5: 61.706 statt 60.000 Parameter
# ---------------------------------------------------------------------------


def lenet_c3_table() -> np.ndarray:
    """Die Verbindungstabelle von C3 (LeCun et al. 1998, Tabelle I) als bool-Array (6, 16).

    Zeile i = Feature Map i von S2, Spalte j = Feature Map j von C3. Die Maps 0–5
    sehen je 3 benachbarte Maps, 6–11 je 4 benachbarte, 12–14 je 4 nicht
    benachbarte und Map 15 alle 6.
    """
    inputs = [[(j + k) % 6 for k in range(3)] for j in range(6)]
    inputs += [[(j + k) % 6 for k in range(4)] for j in range(6)]
    inputs += [[0, 1, 3, 4], [1, 2, 4, 5], [0, 2, 3, 5]]
    inputs += [list(range(6))]
    table = np.zeros((6, 16), dtype=bool)
    for column, rows in enumerate(inputs):
        table[rows, column] = True
    return table


@dataclass(frozen=True)
class PaperCount:
    """Eine Schicht von LeNet-5: unsere Parameter gegen die im Paper."""

    ours_name: str
    paper_name: str
    ours: int
    paper: int
    reason: str


def lenet5_paper_counts(table: shapes.LayerTable) -> list[PaperCount]:
    """Vergleicht die Parameter unseres LeNet-5 (``shapes.layer_table(models.lenet5())``)
    Schicht für Schicht mit dem Paper; die Paper-Zahlen werden hier ausgerechnet."""
    _check_table(table)
    c3 = lenet_c3_table()
    kernel = 5
    c3_params = int(c3.sum()) * kernel * kernel + c3.shape[1]
    paper = [
        ("Conv1", "C1", shapes.conv_param_count(kernel, 1, 6), "gleich"),
        ("Pool1", "S2", 2 * 6,
         "im Paper hat jedes Pooling einen Faktor und einen Bias pro Map (2·6)"),
        ("Conv2", "C3", c3_params,
         f"Verbindungstabelle: nur {int(c3.sum())} statt {c3.size} Verbindungen "
         f"({int(c3.sum())}·5·5 + 16)"),
        ("Pool2", "S4", 2 * 16, "Faktor und Bias pro Map (2·16)"),
        ("FC1", "C5", shapes.conv_param_count(kernel, 16, 120),
         "C5 ist eine Konv-Schicht 5×5 auf 5×5 – dasselbe wie unsere FC-Schicht"),
        ("FC2", "F6", shapes.dense_param_count(120, 84), "gleich"),
        ("FC3", "Ausgabe", 0,
         "RBF-Einheiten mit 84·10 fest vorgegebenen Gewichten statt Softmax-Schicht"),
    ]
    return [PaperCount(ours, name, table.row(ours).params, count, reason)
            for ours, name, count, reason in paper]


def lenet5_paper_text(counts: list[PaperCount]) -> str:
    """Die Gegenüberstellung als Text mit Summenzeile."""
    header = f"{'unser':<7}{'Paper':<9}{'unser':>8}{'Paper':>8}  Grund"
    lines = [header, "─" * 100]
    for c in counts:
        lines.append(f"{c.ours_name:<7}{c.paper_name:<9}{format_number(c.ours):>8}"
                     f"{format_number(c.paper):>8}  {c.reason}")
    lines.append("─" * 100)
    ours = sum(c.ours for c in counts)
    paper = sum(c.paper for c in counts)
    lines.append(f"{'Summe':<16}{format_number(ours):>8}{format_number(paper):>8}")
    return "\n".join(lines)


def plot_c3_table(table=None, ax=None):
    """Zeichnet die Verbindungstabelle von C3 (dunkel = verbunden)."""
    import matplotlib.pyplot as plt

    table = lenet_c3_table() if table is None else np.asarray(table)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    ax.imshow(table, cmap="Blues", vmin=0, vmax=1.3)
    ax.set_xticks(range(table.shape[1]))
    ax.set_yticks(range(table.shape[0]))
    ax.set_xlabel("Feature Map von C3 (Conv2)")
    ax.set_ylabel("Feature Map\nvon S2 (Pool1)")
    for r, c in zip(*np.nonzero(table)):
        ax.text(c, r, "X", ha="center", va="center", fontsize=8, color="white")
    ax.set_title(f"C3: {int(table.sum())} von {table.size} möglichen Verbindungen")
    return ax


# ---------------------------------------------------------------------------
# Bildgröße und Kanäle entlang der Pipeline
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureMap:
    name: str
    side: int
    channels: int


def feature_maps(table: shapes.LayerTable) -> list[FeatureMap]:
    """Kantenlänge und Kanäle jeder Schicht mit Bildausgabe (H, W, C) aus ``layer_table``."""
    _check_table(table)
    return [FeatureMap(r.name, r.output_shape[0], r.output_shape[2])
            for r in table.rows
            if len(r.output_shape) == 3 and not isinstance(r.output_shape[0], tuple)]


def _check_title(title) -> None:
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title muss ein Text oder None sein, erhalten: {title!r}.")


def _check_table(table) -> None:
    if not isinstance(table, shapes.LayerTable):
        raise TypeError(f"table muss eine Tabelle aus shapes.layer_table(model) sein, "
                        f"erhalten: {type(table).__name__}.")


def _sequence(values, name: str) -> list:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise ValueError(f"{name} muss eine Liste ganzer Zahlen sein (eine je Schicht), "
                         f"erhalten: {values!r}.")
    return list(values)


def _dedupe(values):
    out = []
    for v in values:
        if not out or out[-1] != v:
            out.append(v)
    return tuple(out)


def size_path(table: shapes.LayerTable) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(Kantenlängen, Kanalzahlen) entlang des Netzes, aufeinanderfolgende gleiche Werte
    zusammengefasst – für LeNet-5: ((32, 28, 14, 10, 5), (1, 6, 16))."""
    maps = feature_maps(table)
    return _dedupe(m.side for m in maps), _dedupe(m.channels for m in maps)


def plot_size_and_channels(table: shapes.LayerTable, ax=None, title=None):
    """Kantenlänge (Balken, links) und Kanäle (Linie, rechts) je Schicht."""
    import matplotlib.pyplot as plt

    maps = feature_maps(table)
    _check_title(title)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(5, 0.55 * len(maps) + 2), 3.2))
    x = np.arange(len(maps))
    ax.bar(x, [m.side for m in maps], color="tab:blue", alpha=0.7)
    ax.set_ylabel("Kantenlänge (Pixel)", color="tab:blue")
    ax.set_xticks(x, [m.name for m in maps], rotation=60, ha="right", fontsize=8)
    right = ax.twinx()
    right.plot(x, [m.channels for m in maps], color="tab:red", marker="o")
    right.set_ylabel("Kanäle", color="tab:red")
    right.set_ylim(bottom=0)
    ax.set_title(title or "Bildgröße sinkt, Kanäle steigen")
    return ax, right


# ---------------------------------------------------------------------------
# VGG: zwei 3×3-Schichten gegen eine 5×5-Schicht
# ---------------------------------------------------------------------------


def stacked_field_size(kernel_sizes, strides=None) -> int:
    """Kantenlänge des Eingabeausschnitts, den ein Ausgabepixel nach den Schichten sieht.

    r = 1 + Σ (kᵢ − 1) · (Produkt der Strides davor). Für das Feld eines Neurons in
    einem gebauten Modell (mit Padding und Lage im Bild): ``receptive.receptive_field``.
    """
    kernel_sizes = [checks.whole_number(k, "kernel_sizes") for k in _sequence(kernel_sizes,
                                                                              "kernel_sizes")]
    strides = [1] * len(kernel_sizes) if strides is None else [
        checks.whole_number(s, "strides") for s in _sequence(strides, "strides")]
    if len(strides) != len(kernel_sizes):
        raise ValueError(
            f"Für jede Schicht braucht es einen Stride: {len(kernel_sizes)} Kernel, "
            f"aber {len(strides)} Strides."
        )
    field, jump = 1, 1
    for k, s in zip(kernel_sizes, strides):
        field += (k - 1) * jump
        jump *= s
    return field


@dataclass(frozen=True)
class StackComparison:
    """n Konv-Schichten k×k gegen eine Schicht mit gleich großem rezeptivem Feld."""

    n_layers: int
    kernel: int
    channels: int
    receptive_field: int
    stack_shapes: tuple
    single_shape: tuple
    stack_params: int
    single_params: int

    @property
    def ratio(self) -> float:
        """Parameter des Stapels im Verhältnis zur einzelnen Schicht."""
        return self.stack_params / self.single_params

    def explain(self) -> str:
        k, n, c, r = self.kernel, self.n_layers, self.channels, self.receptive_field
        path = " → ".join(_shape_text(s, "×") for s in self.stack_shapes)
        per_layer = self.stack_params // n
        return "\n".join([
            f"Ausschnitt {r}×{r} mit {c} Kanälen:",
            f"  {n} × Konv {k}×{k}:  {path}",
            f"  1 × Konv {r}×{r}:  {_shape_text(self.stack_shapes[0], '×')} → "
            f"{_shape_text(self.single_shape, '×')}",
            f"Parameter {n} × Konv {k}×{k}:  {n} · ({k}·{k}·{c} + 1) · {c} = "
            f"{n} · {format_number(per_layer)} = {format_number(self.stack_params)}",
            f"Parameter 1 × Konv {r}×{r}:  ({r}·{r}·{c} + 1) · {c} = "
            f"{format_number(self.single_params)}",
            f"Der Stapel braucht {self.ratio:.0%} der Parameter ".replace("%", " %")
            + f"und hat {n} statt 1 Nichtlinearität (ReLU).",
        ])


def stacked_vs_single(n_layers: int = 2, kernel: int = 3, channels: int = 64) -> StackComparison:
    """Vergleicht ``n_layers`` Konv-Schichten ``kernel``×``kernel`` (ohne Padding, Stride 1,
    ``channels`` Filter) mit einer Schicht, deren Kernel so groß ist wie das rezeptive
    Feld des Stapels. Beide machen aus demselben Ausschnitt genau einen Pixel."""
    n_layers = checks.whole_number(n_layers, "n_layers")
    kernel = checks.whole_number(kernel, "kernel")
    channels = checks.whole_number(channels, "channels")
    field = stacked_field_size([kernel] * n_layers)
    shape = (field, field, channels)
    stack = [shape]
    for _ in range(n_layers):
        shape = shapes.conv_output_shape(shape, channels, kernel)
        stack.append(shape)
    single = shapes.conv_output_shape(stack[0], channels, field)
    return StackComparison(
        n_layers=n_layers, kernel=kernel, channels=channels, receptive_field=field,
        stack_shapes=tuple(stack), single_shape=single,
        stack_params=n_layers * shapes.conv_param_count(kernel, channels, channels),
        single_params=shapes.conv_param_count(field, channels, channels),
    )


def vgg16_param_split(fc_units: int = 4096, num_classes: int = 1000,
                      input_side: int = 224) -> tuple[int, int]:
    """(Parameter der 13 Konv-Schichten, Parameter der 3 FC-Schichten) von VGG-16,
    nur mit den Formeln aus ``shapes`` gerechnet."""
    from lecture_utils import models

    fc_units = checks.whole_number(fc_units, "fc_units")
    num_classes = checks.whole_number(num_classes, "num_classes")
    input_side = checks.whole_number(input_side, "input_side", minimum=32)
    conv, channels, side = 0, 3, input_side
    for filters, convs in models.VGG16_BLOCKS:
        for _ in range(convs):
            conv += shapes.conv_param_count(3, channels, filters)
            channels = filters
        side = shapes.pool_output_shape((side, side, channels), 2)[0]
    flat = side * side * channels
    fc = (shapes.dense_param_count(flat, fc_units) + shapes.dense_param_count(fc_units, fc_units)
          + shapes.dense_param_count(fc_units, num_classes))
    return conv, fc


# ---------------------------------------------------------------------------
# Speicher pro Bild
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MemoryRow:
    name: str
    kind: str
    output_shape: tuple
    values: int
    bytes: int
    params: int


def activation_memory(table: shapes.LayerTable, bytes_per_value: int = 4) -> list[MemoryRow]:
    """Wie viel Speicher die Ausgabe jeder Schicht für **ein** Bild braucht
    (Werte × ``bytes_per_value``, 4 für float32), dazu ihre Parameter."""
    _check_table(table)
    bytes_per_value = checks.whole_number(bytes_per_value, "bytes_per_value")
    rows = []
    for r in table.rows:
        values = math.prod(r.output_shape)
        rows.append(MemoryRow(r.name, r.kind, r.output_shape, values,
                              values * bytes_per_value, r.params))
    return rows


def memory_text(rows: list[MemoryRow], bytes_per_value: int = 4) -> str:
    """Tabelle: Schicht, Ausgabeform, Werte, Speicher (KB), Parameter; mit Summen."""
    bytes_per_value = checks.whole_number(bytes_per_value, "bytes_per_value")
    head = f"{'Schicht':<14}{'Ausgabe':<14}{'Werte':>12}{'Speicher':>12}{'Parameter':>14}"
    lines = [head, "─" * len(head)]
    for r in rows:
        lines.append(f"{r.name:<14}{_shape_text(r.output_shape):<14}{format_number(r.values):>12}"
                     f"{_megabytes(r.bytes):>12}{format_number(r.params):>14}")
    values = sum(r.values for r in rows)
    params = sum(r.params for r in rows)
    lines.append("─" * len(head))
    total = _megabytes(values * bytes_per_value)
    lines.append(f"{'Summe':<28}{format_number(values):>12}{total:>12}{format_number(params):>14}")
    lines.append(f"Gewichte: {format_number(params)} · {bytes_per_value} Bytes = "
                 f"{_megabytes(params * bytes_per_value)}")
    return "\n".join(lines)


def _megabytes(n_bytes: int) -> str:
    return f"{n_bytes / 2**20:.2f} MB".replace(".", ",")


def plot_memory_and_params(rows: list[MemoryRow], axes=None, bytes_per_value: int = 4):
    """Links: Speicher je Bild und Schicht (MB), rechts: Parameter je Schicht (Mio.)."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 0.28 * len(rows) + 1.2), sharey=True)
    y = np.arange(len(rows))
    axes[0].barh(y, [r.bytes / 2**20 for r in rows], color="tab:blue")
    axes[0].set_xlabel("Speicher für ein Bild (MB)")
    axes[0].set_title("Ausgaben (Aktivierungen)")
    axes[1].barh(y, [r.params / 1e6 for r in rows], color="tab:orange")
    axes[1].set_xlabel("Parameter (Mio.)")
    axes[1].set_title("Gewichte")
    axes[0].set_yticks(y, [r.name for r in rows], fontsize=8)
    axes[0].invert_yaxis()
    for ax in axes:
        ax.grid(axis="x", alpha=0.3)
    return axes
