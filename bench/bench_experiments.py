"""Benchmark: Zeigen die drei Experimente, was die Vorlesung behauptet?

Führt mit genau dem Code, den die Notebooks nehmen (``lecture_utils.training.relu_vs_tanh``,
``plain_vs_resnet`` und ``transfer``), aus:

1. ReLU gegen tanh (Krizhevsky et al. 2012, Abb. 1): Epochen bis 25 % Trainingsfehler;
2. Degradation (He et al. 2016, Abb. 1): Trainingsfehler am Ende, Plain-Netz und ResNet
   in zwei Tiefen;
3. Transfer Learning (Yosinski et al. 2014): Kleidung (Fashion-MNIST) → Ziffern 5–9, von
   Grund auf, eingefroren und feinjustiert, je Anzahl Beispiele pro Klasse, in den Profilen
   gpu und full auch Schicht für Schicht (nur Conv1 kopiert: ``frozen1``,
   ``finetune1``); ``--transfer-source ziffern_0_4``: die nahe Aufgabe Ziffern 0–4 → 5–9.

Aufruf (im Kursordner)::

    python bench/bench_experiments.py --profile laptop --json experimente.json
    python bench/bench_experiments.py --only degradation      # nur ein Experiment

Gibt die Zahlen aus und schreibt sie als JSON (``null``, wo ein Ziel nicht erreicht
wurde). Am Ende steht je Experiment, ob sein Effekt zu sehen war.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # Kursordner ohne Installation
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from lecture_utils.core import device, profiles, text
from lecture_utils.training import plain_vs_resnet, relu_vs_tanh, transfer, transfer_tasks  # noqa: E402

PARTS = ("relu_vs_tanh", "degradation", "transfer")


def effects(report: dict) -> dict:
    """Je Experiment: Zeigt das Ergebnis den Effekt aus dem Paper? (``None``: nicht gelaufen)."""
    seen = {}
    if "relu_vs_tanh" in report:
        epochs = report["relu_vs_tanh"]["epochs_to_target"]
        relu, tanh = epochs["relu"], epochs["tanh"]
        seen["relu_vs_tanh"] = relu is not None and (tanh is None or relu < tanh)
    if "degradation" in report:
        error = report["degradation"]["final_train_error"]
        seen["degradation"] = (error["plain_deep"] > error["plain_shallow"]
                               and error["resnet_deep"] <= error["plain_deep"]
                               and error["resnet_deep"] <= error["resnet_shallow"] + 0.01)
    if "transfer" in report:
        accuracy = report["transfer"]["accuracy"]
        best = max(accuracy["frozen"][0], accuracy["finetune"][0])
        seen["transfer"] = best > accuracy["scratch"][0]
    return seen


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=profiles.PROFILES, default=None,
                        help="Laufprofil (Vorgabe: LECTURE_PROFILE bzw. nach Gerät)")
    parser.add_argument("--only", choices=PARTS, action="append", help="nur diese(s) Experiment(e)")
    parser.add_argument("--transfer-source", choices=transfer_tasks.SOURCES,
                        default="fashion",
                        help="Ausgangsaufgabe des Transfers (fern: fashion, nah: ziffern_0_4)")
    parser.add_argument("--json", type=Path, help="Ergebnisse zusätzlich als JSON speichern")
    args = parser.parse_args(argv)

    profile = args.profile or profiles.active_profile()
    profiles.use(profile)
    report = {"profile": profile, "backend": device.backend(), "device": device.describe()}
    print(f"Experimente · Profil {profile} · Backend {report['backend']} · "
          f"Gerät {report['device']}", flush=True)
    start = time.perf_counter()
    runs = {"relu_vs_tanh": relu_vs_tanh.relu_vs_tanh, "degradation": plain_vs_resnet.degradation,
            "transfer": lambda: transfer.transfer(source=args.transfer_source)}
    for part in args.only or PARTS:
        print(f"\n== {part} ==", flush=True)
        report[part] = runs[part]()
        print(f"{part}: {text.number(report[part]['seconds'], 0)} s", flush=True)
    report["effect_seen"] = effects(report)
    report["total_s"] = round(time.perf_counter() - start, 1)
    print("\nEffekt sichtbar: " + ", ".join(
        f"{part} {'ja' if seen else 'nein'}" for part, seen in report["effect_seen"].items()))
    print(f"Gesamtzeit: {text.number(report['total_s'], 0)} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(f"Ergebnisse gespeichert: {args.json}")
    return report


if __name__ == "__main__":
    main()
