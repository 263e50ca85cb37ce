"""Umgebungsprüfung für den Setup-Block der Notebooks: [OK]/[FEHLT] je Baustein.

``check()`` rechnet nur (Liste von ``Check``), ``report()`` druckt die Zeilen.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import shutil
import sys
from dataclasses import dataclass

# TensorFlows C++-Protokoll (z. B. die harmlose „CUDA error“-Zeile auf Rechnern ohne GPU)
# abstellen, falls noch nicht geschehen (Setup-Block, lecture_utils/__init__); wirkt nur
# vor dem ersten Import von TensorFlow. Python-Fehler bleiben sichtbar. Was TensorFlow 2.21
# schon beim Laden schreibt, hält der Kernel von make lab aus dem Notebook heraus
# (tools/lab_setup.py).
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

PIP_FIX = "pip install -e .  (im Kursordner) oder: make lab"
GRAPHVIZ_FIX = ("Graphviz installieren: Debian/Ubuntu 'sudo apt-get install graphviz', "
                "macOS 'brew install graphviz', conda 'conda install -c conda-forge graphviz'")

# (Importname, Anzeigename, wofür)
PACKAGES = (
    ("keras", "Keras", "Modelle bauen und trainieren"),
    ("numpy", "NumPy", "Arrays"),
    ("matplotlib", "matplotlib", "Abbildungen"),
    ("ipywidgets", "ipywidgets", "interaktive Elemente"),
    ("pydot", "pydot", "Netzgraphen mit plot_model"),
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str  # Version bzw. was fehlt
    fix: str = ""

    def line(self) -> str:
        mark = "[OK]   " if self.ok else "[FEHLT]"
        text = f"{mark} {self.name}: {self.detail}"
        return text if self.ok else f"{text}\n        → {self.fix}"


def _pip_fix(module: str) -> str:
    """Auf Colab einzeln nachinstallieren, sonst den ganzen Kurs."""
    if "google.colab" in sys.modules:
        return f"in einer Code-Zelle: !pip install {module}"
    return PIP_FIX


def _package(module: str, name: str, purpose: str) -> Check:
    try:
        importlib.import_module(module)
    except ImportError:
        return Check(name, False, f"nicht installiert ({purpose})", _pip_fix(module))
    try:
        version = importlib.metadata.version(module)
    except importlib.metadata.PackageNotFoundError:
        version = "installiert"
    return Check(name, True, version)


def _backend() -> Check:
    name = os.environ.get("KERAS_BACKEND", "tensorflow")
    module = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}.get(name, name)
    check = _package(module, f"Backend {name}", "rechnet für Keras")
    if not check.ok and name == "tensorflow":
        return Check(check.name, False, check.detail, "pip install tensorflow  (oder: make lab)")
    return check


def _graphviz() -> Check:
    dot = shutil.which("dot")
    if dot:
        return Check("Graphviz (Programm dot)", True, dot)
    return Check("Graphviz (Programm dot)", False, "nicht gefunden (nur für plot_model nötig)",
                 GRAPHVIZ_FIX)


def check() -> list[Check]:
    """Prüft Pakete, Keras-Backend und das Graphviz-Programm; druckt nichts."""
    return [_package(*p) for p in PACKAGES[:1]] + [_backend()] + [
        _package(*p) for p in PACKAGES[1:]
    ] + [_graphviz()]


def report() -> list[Check]:
    """Druckt je Baustein eine Zeile [OK]/[FEHLT] (mit Abhilfe) und gibt die Liste zurück."""
    checks = check()
    for item in checks:
        print(item.line())
    missing = [c.name for c in checks if not c.ok]
    if missing:
        print(f"\nEs fehlen: {', '.join(missing)}. Der Kurs läuft, aber betroffene Zellen "
              "zeigen einen Hinweis statt eines Ergebnisses.")
    return checks
