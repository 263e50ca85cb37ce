"""Ein selbst gebautes Keras-Modell mit der Vorlage des Kurses vergleichen.

``check_model(model, reference)`` geht beide Modelle Schicht für Schicht durch und
nennt die **erste** Abweichung auf Deutsch: fehlende oder zusätzliche Schicht,
anderer Schichttyp, anderer Name, andere Ausgabeform, andere Parameterzahl,
andere Einstellung (Aktivierung, Kernelgröße, Stride, Padding, Dropout-Rate,
Regularisierung …) oder eine andere Verbindung (von welcher Schicht eine Schicht
ihre Eingabe bekommt). Sequential- und funktionale Modelle lassen sich beliebig
mischen: Bei Sequential ist die Eingabe jeder Schicht die vorherige.

Gelesen wird nur über öffentliche Keras-API (``model.layers``, ``layer.output``,
``layer.get_config()``, ``model.get_config()``).
"""

from __future__ import annotations

from dataclasses import dataclass

import keras

from lecture_utils.core import text
from lecture_utils.exercises import MISSING, Feedback

# Einstellungen, die zwei sonst gleich große Schichten unterscheiden (und ihr deutscher Name)
SETTINGS = {
    "activation": "Aktivierung",
    "kernel_size": "Kernelgröße",
    "strides": "Stride",
    "padding": "Padding",
    "pool_size": "Pooling-Fenster",
    "dilation_rate": "Dilation",
    "groups": "Gruppen",
    "rate": "Dropout-Rate",
    "use_bias": "Bias",
    "kernel_regularizer": "Regularisierung",
}


@dataclass(frozen=True)
class LayerInfo:
    """Was an einer Schicht verglichen wird."""

    name: str
    kind: str
    output_shape: tuple
    params: int
    settings: dict
    inputs: tuple[str, ...]


def _settings(layer) -> dict:
    config = layer.get_config()
    found = {}
    for key in SETTINGS:
        if key in config:
            value = config[key]
            if isinstance(value, dict):  # z. B. ein Regularisierer: Klasse und Werte
                value = (value.get("class_name"), tuple(sorted(
                    (k, round(v, 8) if isinstance(v, float) else v)
                    for k, v in (value.get("config") or {}).items())))
            elif isinstance(value, list):
                value = tuple(value)
            found[key] = value
    return found


def _history_names(node) -> list[str]:
    """Alle Schichtnamen, die in einem ``inbound_nodes``-Eintrag vorkommen."""
    if isinstance(node, dict):
        if "keras_history" in node:
            return [node["keras_history"][0]]
        return [name for value in node.values() for name in _history_names(value)]
    if isinstance(node, (list, tuple)):
        return [name for value in node for name in _history_names(value)]
    return []


def _connections(model) -> dict[str, tuple[str, ...]]:
    """Eingaben jeder Schicht als Namen; Eingabeschichten heißen dabei „Eingabe“."""
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    config = model.get_config()
    entries = config.get("layers", []) if isinstance(config, dict) else []
    if isinstance(model, keras.Sequential) or not any("inbound_nodes" in e for e in entries):
        previous = ["Eingabe"] + [layer.name for layer in layers]
        return {layer.name: (previous[i],) for i, layer in enumerate(layers)}
    input_names = {e["name"] for e in entries if e.get("class_name") == "InputLayer"}
    found = {}
    for entry in entries:
        names = _history_names(entry.get("inbound_nodes", []))
        found[entry["name"]] = tuple("Eingabe" if n in input_names else n for n in names)
    return found


def describe(model) -> list[LayerInfo]:
    """Die Schichten eines Modells (ohne Eingabeschichten) in der Reihenfolge von Keras."""
    connections = _connections(model)
    return [
        LayerInfo(layer.name, type(layer).__name__, tuple(layer.output.shape[1:]),
                  layer.count_params(), _settings(layer), connections.get(layer.name, ()))
        for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)
    ]


def _input_shapes(model) -> list[tuple]:
    return [tuple(t.shape[1:]) for t in model.inputs]


def _shape(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def _first_difference(mine: list[LayerInfo], ref: list[LayerInfo], compare_names: bool):
    by_name = {info.name: info for info in mine}
    same_names = compare_names and {i.name for i in mine} == {i.name for i in ref}
    pairs = [(by_name[r.name], r) for r in ref] if same_names else list(zip(mine, ref))
    for position, (m, r) in enumerate(pairs, start=1):
        where = f"Schicht {position} ('{r.name}')"
        if m.kind != r.kind:
            return f"{where}: Sie haben eine {m.kind}-Schicht ('{m.name}'), erwartet ist {r.kind}."
        if compare_names and m.name != r.name:
            return (f"{where}: Ihre Schicht heißt '{m.name}'. Geben Sie ihr mit "
                    f"name='{r.name}' den Namen aus der Vorlesung.")
        for key, label in SETTINGS.items():
            if m.settings.get(key) != r.settings.get(key):
                return (f"{where}: {label} ist {m.settings.get(key)!r}, erwartet ist "
                        f"{r.settings.get(key)!r}.")
        if m.output_shape != r.output_shape:
            return (f"{where}: Ausgabeform {_shape(m.output_shape)}, erwartet ist "
                    f"{_shape(r.output_shape)}. Prüfen Sie Filterzahl, Padding und Stride.")
        if m.params != r.params:
            return (f"{where}: {text.number(m.params)} Parameter, erwartet sind "
                    f"{text.number(r.params)}.")
        if same_names and set(m.inputs) != set(r.inputs):
            mine_in = ", ".join(m.inputs) or "nichts"
            ref_in = ", ".join(r.inputs) or "nichts"
            return f"{where}: bekommt seine Eingabe von {mine_in}, erwartet ist {ref_in}."
    if len(mine) < len(ref):
        missing = ref[len(mine)]
        return (f"Ihrem Modell fehlen Schichten: nach {len(mine)} Schichten kommt in der "
                f"Vorlage noch '{missing.name}' ({missing.kind}).")
    if len(mine) > len(ref):
        extra = mine[len(ref)]
        return (f"Ihr Modell hat mehr Schichten als die Vorlage: '{extra.name}' "
                f"({extra.kind}) ist zu viel.")
    return None


def check_model(model, reference, what: str = "Ihr Modell",
                compare_names: bool = True) -> Feedback:
    """Vergleicht ``model`` Schicht für Schicht mit ``reference`` und nennt die erste
    Abweichung. ``compare_names=False`` lässt die Schichtnamen außer Acht."""
    if model is None:
        return MISSING
    if not isinstance(model, keras.Model):
        return Feedback(False, f"{what}: erwartet wird ein Keras-Modell (z. B. "
                               f"keras.Sequential([...])), erhalten: {type(model).__name__}.")
    if not model.built or not model.inputs:
        return Feedback(False, f"{what} hat noch keine Eingabe. Beginnen Sie mit "
                               "keras.Input(shape=...), dann kennt Keras alle Formen.")
    if _input_shapes(model) != _input_shapes(reference):
        mine = ", ".join(_shape(s) for s in _input_shapes(model))
        ref = ", ".join(_shape(s) for s in _input_shapes(reference))
        return Feedback(False, f"{what}: Eingabe {mine}, erwartet ist {ref}.")
    difference = _first_difference(describe(model), describe(reference), compare_names)
    if difference:
        return Feedback(False, f"{what}: {difference}")
    total = text.number(model.count_params())
    return Feedback(True, f"{what} stimmt Schicht für Schicht mit der Vorlage überein "
                          f"({len(describe(model))} Schichten, {total} Parameter).")
