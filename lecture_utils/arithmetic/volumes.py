"""Die Ausgaben eines Netzes Schicht für Schicht: Bildgröße, Kanäle und Speicher.

Alles wird aus der Schichtentabelle ``shapes.layer_table(model)`` gelesen:
``feature_maps`` und ``size_path`` zeigen, wie die Kantenlänge sinkt und die Kanäle
steigen (LeNet-5: 32 → 28 → 14 → 10 → 5, Kanäle 1 → 6 → 16); ``activation_memory`` und
``memory_text`` rechnen aus, wie viel Speicher die Ausgabe jeder Schicht für ein Bild
belegt (VGG-16). Die Bilder dazu zeichnet ``plots.comparison``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lecture_utils.arithmetic import shapes
from lecture_utils.core import checks, text

# ---------------------------------------------------------------------------
# Bildgröße und Kanäle entlang des Netzes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FeatureMap:
    name: str
    side: int
    channels: int


def feature_maps(table: shapes.LayerTable) -> list[FeatureMap]:
    """Kantenlänge und Kanäle jeder Schicht mit Bildausgabe (H, W, C) aus ``layer_table``."""
    shapes.check_table(table)
    return [FeatureMap(r.name, r.output_shape[0], r.output_shape[2])
            for r in table.rows
            if len(r.output_shape) == 3 and not isinstance(r.output_shape[0], tuple)]


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
    shapes.check_table(table)
    bytes_per_value = checks.whole_number(bytes_per_value, "bytes_per_value")
    rows = []
    for r in table.rows:
        values = math.prod(r.output_shape)
        rows.append(MemoryRow(r.name, r.kind, r.output_shape, values,
                              values * bytes_per_value, r.params))
    return rows


def memory_text(rows: list[MemoryRow], bytes_per_value: int = 4) -> str:
    """Tabelle: Schicht, Ausgabeform, Werte, Speicher (MB), Parameter; mit Summen."""
    bytes_per_value = checks.whole_number(bytes_per_value, "bytes_per_value")
    values = sum(r.values for r in rows)
    params = sum(r.params for r in rows)
    body = [(r.name, "x".join(map(str, r.output_shape)), r.values, _megabytes(r.bytes), r.params)
            for r in rows]
    body.append(("Summe", "", values, _megabytes(values * bytes_per_value), params))
    lines = text.table(("Schicht", "Ausgabe", "Werte", "Speicher (MB)", "Parameter"),
                       body).splitlines()
    lines.insert(-1, lines[1])  # Linie über der Summe
    lines.append(f"Gewichte: {text.number(params)} · {bytes_per_value} Bytes = "
                 f"{_megabytes(params * bytes_per_value)} MB")
    return "\n".join(lines)


def _megabytes(n_bytes: int) -> str:
    return text.number(n_bytes / 2**20, 2)
