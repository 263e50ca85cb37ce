"""Der Aufbau von lecture_utils: Gruppen mit einer Rangfolge, Importe nur nach unten,
kleine Module, und eine Paketkarte, die zum Baum passt."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lecture_utils"

# unten → oben; Gruppen mit gleichem Rang importieren einander nicht
RANK = {"core": 0, "arithmetic": 1, "models": 2, "data": 2, "explain": 2, "plots": 3,
        "training": 4, "widgets": 5, "exercises": 5}
MAX_LINES = 300


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "samples" not in p.parts)


def _group(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None  # None: lecture_utils/__init__.py


def _imported_groups(path: Path) -> set[str]:
    """Die Gruppen, die ``path`` importiert (auch Importe in Funktionen)."""
    groups = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "lecture_utils":
                names = [f"lecture_utils.{a.name}" for a in node.names]
            else:
                names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "lecture_utils" and len(parts) > 1:
                groups.add(parts[1])
    return groups


def test_every_module_belongs_to_a_known_group():
    groups = {_group(p) for p in _modules()} - {None}
    assert groups == set(RANK)
    top_level = [p.name for p in PACKAGE.glob("*.py")]
    assert top_level == ["__init__.py"], top_level


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down(path):
    own = _group(path)
    if own is None:
        assert _imported_groups(path) == set()
        return
    for other in _imported_groups(path) - {own}:
        assert other in RANK, f"{path.name} importiert lecture_utils.{other}"
        assert RANK[other] < RANK[own], (
            f"{path.relative_to(PACKAGE)} ({own}, Rang {RANK[own]}) importiert {other} "
            f"(Rang {RANK[other]})")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_are_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE)} hat {lines} Zeilen"


def test_the_package_map_names_every_module():
    """Die Karte im Docstring von lecture_utils/__init__.py nennt jedes Modul."""
    doc = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8")))
    missing = [str(p.relative_to(PACKAGE)) for p in _modules()
               if p.name != "__init__.py" and p.stem not in doc]
    assert not missing, f"nicht in der Paketkarte: {missing}"
    for group in RANK:
        assert f"{group}/" in doc, group


def test_the_readme_shows_the_same_map():
    doc = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8")))
    tree = doc.split("Die Karte des Pakets::\n\n", 1)[1].split("\n\n", 1)[0]
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    for line in tree.splitlines():
        assert line.strip() in readme, line
