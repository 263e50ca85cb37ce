"""Projektweite Regeln: Abhängigkeiten, saubere Notebooks, Umgebungsprüfung."""

import json
import re
from pathlib import Path

import pytest

from lecture_utils import environment

ROOT = Path(__file__).resolve().parent.parent


def _toml_list(key):
    """Die Strings der Liste ``key = [...]`` in pyproject.toml (tomllib gibt es erst ab 3.11)."""
    text = (ROOT / "pyproject.toml").read_text()
    block = re.search(rf"^{key} = \[(.*?)\]", text, re.M | re.S).group(1)
    return re.findall(r'"([^"]+)"', block)


def _pyproject_requirements():
    reqs = _toml_list("dependencies") + _toml_list("test")
    return dict(_split(r) for r in reqs)


def _split(requirement):
    name, spec = re.match(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$", requirement).groups()
    return name.lower(), spec.replace(" ", "")


def _conda_requirements():
    dependencies = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    entries = re.findall(r"^\s+- ([^\s#:][^#\n]*)$", dependencies, re.M)
    return dict(_split(e.strip()) for e in entries)


def test_environment_yml_lists_the_same_packages_and_bounds_as_pyproject():
    conda = _conda_requirements()
    for name, spec in _pyproject_requirements().items():
        assert name in conda, f"{name} fehlt in environment.yml"
        assert conda[name] == spec, f"{name}: pyproject {spec!r} ≠ environment.yml {conda[name]!r}"
    extra = set(conda) - set(_pyproject_requirements()) - {"python", "pip", "graphviz"}
    assert not extra, f"nur in environment.yml: {extra}"
    assert "graphviz" in conda  # das Programm dot für plot_model auf Binder


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs_or_widget_state(path):
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs", []) == [], f"{path.name}: Zelle mit Ausgabe"
            assert cell.get("execution_count") is None, f"{path.name}: execution_count gesetzt"
    assert "widgets" not in notebook.get("metadata", {}), f"{path.name}: Widget-Zustand gespeichert"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_test_markers_are_cell_tags_not_comments(path):
    """nbval liest seine Markierungen aus den Zell-Tags; Studierende sehen keine."""
    notebook = json.loads(path.read_text())
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        assert "NBVAL_" not in source, f"{path.name}: NBVAL-Kommentar statt Tag: {source[:60]!r}"


def test_ci_and_readme_use_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_environment_check_reports_every_piece_in_german(capsys):
    checks = environment.report()
    out = capsys.readouterr().out
    names = [c.name for c in checks]
    assert {"Keras", "NumPy", "matplotlib", "ipywidgets", "pydot"} <= set(names)
    assert any(n.startswith("Backend ") for n in names)
    assert any("Graphviz" in n for n in names)
    for check in checks:
        assert ("[OK]" if check.ok else "[FEHLT]") in out


def test_missing_pieces_show_the_fix(monkeypatch):
    monkeypatch.setattr(environment.shutil, "which", lambda name: None)
    graphviz = environment._graphviz()
    assert not graphviz.ok
    assert "[FEHLT]" in graphviz.line() and "apt-get install graphviz" in graphviz.line()
    missing = environment._package("gibt_es_nicht_123", "Testpaket", "Test")
    assert not missing.ok and "pip install -e ." in missing.line()
    monkeypatch.setitem(environment.sys.modules, "google.colab", object())
    on_colab = environment._package("gibt_es_nicht_123", "Testpaket", "Test")
    assert "!pip install gibt_es_nicht_123" in on_colab.line()
