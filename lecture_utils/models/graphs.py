"""Modelle als Graph lesen: Verbindungen auflisten, mit einer Vorlage vergleichen.

Mit der Functional API ist ein Modell ein gerichteter azyklischer Graph (DAG):
Jede Schicht ist ein Knoten, jede Verbindung eine Kante. Dieses Modul liest den
Graphen über ``model.get_config()`` (öffentliche API)::

    from lecture_utils import models
    from lecture_utils.models import graphs

    model = models.toy_resnet()
    graphs.connections(model)         # [('image', []), ('Conv_1', ['image']), …]
    print(graphs.summary_text(model)) # Tabelle mit Spalte „verbunden mit“
    graphs.compare(model, reference)  # deutsche Liste der Unterschiede

Das Bild des Graphen zeichnet ``plots.model_plot``. Das Modul benutzt nur ``keras``
und läuft unter jedem Backend.
"""

from __future__ import annotations

from collections import Counter

import keras
from keras import layers

from lecture_utils.arithmetic import shapes
from lecture_utils.core import checks, text

# Schichten ohne Parameter, die nur eine Aktivierung anwenden: Beim Vergleich ist es
# gleich, ob ReLU in der Konv-Schicht steckt oder als eigene Schicht folgt.
_TRANSPARENT = (layers.Activation, layers.ReLU)


# ---------------------------------------------------------------------------
# Verbindungen lesen
# ---------------------------------------------------------------------------


def as_functional(model):
    """``model`` als Functional-Modell; ein Sequential-Modell wird dazu über seinen
    Ein- und Ausgaben neu gefasst (dieselben Schichten, dieselben Knoten)."""
    try:
        if isinstance(model, keras.Sequential):
            model = keras.Model(model.inputs, model.outputs, name=model.name)
        config = model.get_config() if isinstance(model, keras.Model) else {}
    except (AttributeError, ValueError, NotImplementedError):
        config = {}
    if "input_layers" not in (config or {}):
        name = getattr(model, "name", model)
        raise ValueError(
            f"Die Verbindungen gibt es nur für gebaute Functional- oder Sequential-Modelle "
            f"(mit keras.Input), erhalten: {name!r}."
        )
    return model


def _tensor_sources(value) -> list[str]:
    """Die Namen der Schichten, deren Ausgaben in einem Aufruf aus ``get_config`` stecken."""
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__":
            return [value["config"]["keras_history"][0]]
        return [name for item in value.values() for name in _tensor_sources(item)]
    if isinstance(value, (list, tuple)):
        return [name for item in value for name in _tensor_sources(item)]
    return []


def _calls(model):
    """(Schicht, [Eingangsschichten]) für jeden Aufruf einer Schicht in ``model``.

    Gelesen aus ``model.get_config()``: Jede Schicht hat dort ihre ``inbound_nodes``,
    einen je Aufruf in diesem Modell (wie ``model.summary()``). Eine geteilte Schicht
    wird mehrmals aufgerufen und erscheint dann mehrmals.
    """
    inner = as_functional(model)
    calls = []
    for entry in inner.get_config()["layers"]:
        layer = inner.get_layer(entry["name"])
        if isinstance(layer, layers.InputLayer):
            calls.append((layer, []))
        for node in entry["inbound_nodes"]:
            calls.append((layer, [inner.get_layer(name) for name in _tensor_sources(node)]))
    return calls


def connections(model) -> list[tuple[str, list[str]]]:
    """Für jeden Schichtaufruf: (Name der Schicht, Namen der Schichten, die hineinführen).

    Reihenfolge wie ``model.layers``; Eingabeschichten haben eine leere Liste.
    Eine ``Add``-Schicht hat zwei Eingänge – das ist die Skip Connection.
    """
    return [(layer.name, [s.name for s in sources]) for layer, sources in _calls(model)]


def summary_text(model) -> str:
    """Schichtentabelle wie ``model.summary()`` mit der Spalte „verbunden mit“ (deutsch)."""
    table = shapes.layer_table(as_functional(model))
    inputs = {}
    for name, sources in connections(model):
        inputs.setdefault(name, []).extend(sources)
    rows = [(r.name, r.kind, shapes.format_shape(r.output_shape), r.params,
             ", ".join(inputs.get(r.name, [])) or "–") for r in table.rows]
    lines = text.table(("Schicht", "Typ", "Ausgabeform", "Parameter", "verbunden mit"), rows)
    rule = lines.splitlines()[1]
    return "\n".join([lines, rule, f"Parameter gesamt: {text.number(table.total)}"])


def side_by_side(left: str, right: str, titles=("", ""), gap: int = 4) -> str:
    """Zwei mehrzeilige Texte (z. B. zwei Schichtentabellen) nebeneinander."""
    gap = checks.whole_number(gap, "gap", minimum=0)
    for part in (left, right, *titles):
        if not isinstance(part, str):
            raise ValueError(f"side_by_side erwartet Texte (str), erhalten: {part!r}.")
    a, b = [titles[0], *left.splitlines()], [titles[1], *right.splitlines()]
    width = max(len(line) for line in a) + gap
    a += [""] * (len(b) - len(a))
    b += [""] * (len(a) - len(b))
    return "\n".join((x.ljust(width) + y).rstrip() for x, y in zip(a, b))


# ---------------------------------------------------------------------------
# Mit einer Vorlage vergleichen
# ---------------------------------------------------------------------------


def describe_layer(layer) -> str:
    """Eine Schicht ohne ihren Namen beschrieben, z. B. ``'Conv2D 1×1 (64 Filter)'``."""
    if isinstance(layer, layers.InputLayer):
        return "Eingabe"
    if not isinstance(layer, layers.Layer):
        raise ValueError(f"describe_layer erwartet eine Keras-Schicht, erhalten: {layer!r}.")
    kind = type(layer).__name__
    if hasattr(layer, "filters") and hasattr(layer, "kernel_size"):
        text = f"{kind} {'×'.join(map(str, layer.kernel_size))} ({layer.filters} Filter"
        strides = tuple(layer.strides)
        if any(s != 1 for s in strides):
            text += f", Stride {'×'.join(map(str, strides))}"
        return text + ")"
    if isinstance(layer, layers.Dense):
        return f"{kind} ({layer.units} Neuronen)"
    if hasattr(layer, "pool_size"):
        return f"{kind} {'×'.join(map(str, layer.pool_size))}"
    return kind


def _skip_activations(sources, inputs_of):
    """Die Eingangsschichten, wobei reine Aktivierungsschichten übersprungen werden."""
    found = []
    for source in sources:
        if isinstance(source, _TRANSPARENT):
            found += _skip_activations(inputs_of.get(id(source), []), inputs_of)
        else:
            found.append(source)
    return found


def edges(model) -> Counter:
    """Die Kanten des Graphen als Zähler von (Quelle, Ziel), beschrieben mit
    ``describe_layer`` statt mit Namen – so lassen sich zwei Modelle mit
    verschiedenen Schichtnamen vergleichen. Aktivierungsschichten zählen nicht mit.
    """
    calls = _calls(model)
    inputs_of = {}
    for layer, sources in calls:
        inputs_of.setdefault(id(layer), []).extend(sources)
    result = Counter()
    for layer, sources in calls:
        if not isinstance(layer, _TRANSPARENT):
            for source in _skip_activations(sources, inputs_of):
                result[(describe_layer(source), describe_layer(layer))] += 1
    return result


def layer_kinds(model) -> Counter:
    """Wie oft jede Art von Schichtaufruf vorkommt (ohne Aktivierungsschichten)."""
    return Counter(describe_layer(layer) for layer, _ in _calls(model)
                   if not isinstance(layer, _TRANSPARENT))


def _output_shapes(model):
    outputs = model.outputs
    return [tuple(t.shape[1:]) for t in outputs]


def _shape_text(shapes_list) -> str:
    return " und ".join("(" + ", ".join(map(str, s)) + ")" for s in shapes_list)


def _count_text(kind, got, expected) -> str:
    if got == 0:
        return f"{kind} fehlt (Vorlage: {expected}×)"
    if expected == 0:
        return f"{kind} ist zu viel (nicht in der Vorlage)"
    return f"{kind}: {got}× statt {expected}×"


def compare(model, reference) -> list[str]:
    """Was unterscheidet ``model`` von ``reference``? Eine deutsche Liste, leer = gleich.

    Verglichen werden die Ausgabeform, die Parameterzahl und die Verbindungen
    (welche Art Schicht in welche führt, unabhängig von den Namen; ob eine
    ReLU in der Konv-Schicht steckt oder als eigene Schicht folgt, ist gleich).
    """
    as_functional(model), as_functional(reference)  # deutscher Fehler statt AttributeError
    differences = []
    got_shapes, want_shapes = _output_shapes(model), _output_shapes(reference)
    if got_shapes != want_shapes:
        differences.append(f"Ausgabeform: {_shape_text(got_shapes)} statt "
                           f"{_shape_text(want_shapes)}.")
    got, want = model.count_params(), reference.count_params()
    if got != want:
        direction = "zu viele" if got > want else "zu wenige"
        differences.append(f"Parameter: {text.number(got)} statt "
                           f"{text.number(want)} ({text.number(abs(got - want))} "
                           f"{direction}).")
    kinds, want_kinds = layer_kinds(model), layer_kinds(reference)
    if kinds != want_kinds:
        wrong = sorted(set(kinds) | set(want_kinds))
        texts = [_count_text(k, kinds[k], want_kinds[k]) for k in wrong
                 if kinds[k] != want_kinds[k]]
        differences.append("Schichten: " + "; ".join(texts) + ".")
    else:
        differences += _edge_differences(edges(model), edges(reference))
    return differences


def _edge_differences(got: Counter, want: Counter) -> list[str]:
    missing, extra = want - got, got - want
    texts = []
    if missing:
        texts.append("es fehlt " + "; ".join(f"{a} → {b}" for a, b in sorted(missing.elements())))
    if extra:
        texts.append("nicht in der Vorlage ist "
                     + "; ".join(f"{a} → {b}" for a, b in sorted(extra.elements())))
    return [f"Verbindungen: {', '.join(texts)}."] if texts else []
