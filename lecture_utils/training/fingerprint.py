"""Der Fingerabdruck eines Trainings: Wann darf ``training.fit`` ein gespeichertes
Training wiederverwenden?

Nur wenn alles gleich ist, was das Ergebnis bestimmt: die Schichten (Typ, Einstellungen,
Formen der Gewichte; Schichtnamen zählen nicht), der Optimierer mit seinen Einstellungen
(Lernrate, Momentum, Lernraten-Plan …), die Trainingsdaten (Form, Datentyp und eine
Prüfsumme aus jedem n-ten Beispiel und allen Labels) und die Einstellungen des Profils.
``changes`` sagt auf Deutsch, was sich geändert hat.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

from lecture_utils.core import profiles, text

_UNNAMED = {"name", "inbound_nodes", "input_layers", "output_layers"}  # Namen zählen nicht


def _without_names(value):
    """Eine Konfiguration ohne Schichtnamen: ``dense_3`` statt ``dense`` nach erneutem
    Bauen im selben Kernel ist dasselbe Modell."""
    if isinstance(value, dict):
        return {k: _without_names(v) for k, v in value.items() if k not in _UNNAMED}
    if isinstance(value, (list, tuple)):
        return [_without_names(v) for v in value]
    return value


def _data_fingerprint(data) -> dict:
    """Form, Datentyp und eine Prüfsumme von (x, y): jedes n-te Bild und alle Labels."""
    if not isinstance(data, tuple):
        return {"Typ": type(data).__name__}
    x, y = (np.asarray(part) for part in data)
    digest = hashlib.sha256(np.ascontiguousarray(x[::max(1, len(x) // 256)]).tobytes())
    digest.update(np.ascontiguousarray(y).tobytes())
    return {"Form": list(x.shape), "Typ": str(x.dtype), "Prüfsumme": digest.hexdigest()[:16]}


def fingerprint(model, train, settings: profiles.TrainSettings) -> dict:
    """Alles, was ein gespeichertes Training festlegt, als JSON-fähiges ``dict``:
    die Einstellungen des Profils, je Schicht Typ, Einstellungen und Gewichtsformen,
    der Optimierer mit seinen Einstellungen (Lernrate, Momentum, Plan …) und die Daten."""
    layers = [{"Typ": type(layer).__name__, "Einstellungen": _without_names(layer.get_config()),
               "Gewichte": [list(w.shape) for w in layer.weights]} for layer in model.layers]
    optimizer = model.optimizer
    result = {**asdict(settings), "Schichten": layers,
              "Optimierer": type(optimizer).__name__,
              "Optimierer-Einstellungen": _without_names(optimizer.get_config()
                                                         if optimizer is not None else {}),
              "Daten": _data_fingerprint(train)}
    return json.loads(json.dumps(result, default=str))  # so wie es gespeichert wird


_SETTING_NAMES = {"epochs": "Die Zahl der Epochen", "batch_size": "Die Batchgröße",
                  "train_samples": "Die Zahl der Trainingsbeispiele",
                  "test_samples": "Die Zahl der Testbeispiele",
                  "Optimierer": "Der Optimierer", "learning_rate": "Die Lernrate",
                  "momentum": "Das Momentum", "weight_decay": "Der Weight Decay"}


def _german(value) -> str:
    """Ein Wert für die Meldung: Zahlen mit Dezimalkomma, lange Werte gekürzt."""
    if value is None:
        return "keine"
    if isinstance(value, float):
        return text.number(value)
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return shown if len(shown) <= 40 else shown[:37] + "…"


def _changed(what: str, old, new) -> str:
    return f"{what} hat sich geändert ({_german(old)} → {_german(new)})"


def _layer_change(old: list, new: list) -> str:
    """Die erste geänderte Schicht, z. B. ``Schicht 2 (Dense): units hat sich geändert …``."""
    if len(old) != len(new):
        return _changed("Die Zahl der Schichten", len(old), len(new))
    for number, (a, b) in enumerate(zip(old, new), start=1):
        if a["Typ"] != b["Typ"]:
            return _changed(f"Schicht {number}", a["Typ"], b["Typ"])
        for key in sorted(set(a["Einstellungen"]) | set(b["Einstellungen"])):
            before, after = a["Einstellungen"].get(key), b["Einstellungen"].get(key)
            if before != after:
                return _changed(f"Schicht {number} ({b['Typ']}): {key}", before, after)
        if a["Gewichte"] != b["Gewichte"]:
            return _changed(f"Schicht {number} ({b['Typ']}): die Form der Gewichte",
                            a["Gewichte"], b["Gewichte"])
    return "Die Architektur hat sich geändert"


def _data_change(old: dict, new: dict) -> str:
    """Was an den Trainingsdaten anders ist: Form, Datentyp oder nur der Inhalt."""
    if old.get("Form") != new.get("Form"):
        shapes = ("×".join(map(str, d.get("Form") or ["?"])) for d in (old, new))
        return _changed("Die Form der Trainingsdaten", *shapes)
    if old.get("Typ") != new.get("Typ"):
        return _changed("Der Datentyp der Trainingsdaten", old.get("Typ"), new.get("Typ"))
    return "Die Trainingsdaten haben sich geändert (gleiche Form, anderer Inhalt)"


def changes(saved: dict | None, wanted: dict) -> list[str]:
    """Warum das gespeicherte Training nicht passt, als deutsche Sätze (leer: es passt)."""
    if not isinstance(saved, dict) or "Schichten" not in saved:
        return ["Zum gespeicherten Stand gibt es keinen lesbaren Fingerabdruck"]
    reasons = []
    for key, new in wanted.items():
        old = saved.get(key)
        if old == new or key == "Optimierer-Einstellungen" and "Der Optimierer" in str(reasons):
            continue
        if key == "Schichten":
            reasons.append(_layer_change(old or [], new))
        elif key == "Optimierer-Einstellungen" and isinstance(old, dict):
            reasons += [_changed(_SETTING_NAMES.get(k, f"Die Einstellung {k} des Optimierers"),
                                 old.get(k), new.get(k))
                        for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
        elif key == "Daten":
            reasons.append(_data_change(old or {}, new))
        else:  # None bei den Mengen des Profils: alle Daten
            reasons.append(_changed(_SETTING_NAMES.get(key, key),
                                    "alle" if old is None else old, "alle" if new is None else new))
    return reasons


def read_saved(path: Path) -> dict | None:
    """Der gespeicherte Fingerabdruck; eine beschädigte Datei wird gemeldet und beiseite
    gelegt (``….defekt``), nicht gelöscht."""
    try:
        saved = json.loads(path.read_text())
        if not isinstance(saved, dict):
            raise ValueError(f"kein JSON-Objekt, sondern {type(saved).__name__}")
        return saved
    except (OSError, ValueError) as error:
        aside = path.with_name(path.name + ".defekt")
        path.replace(aside)
        print(f"Die Datei {path} ist beschädigt ({type(error).__name__}: {error}); "
              f"sie liegt jetzt unter {aside}.")
        return None
