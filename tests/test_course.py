"""tools/course.py: Badges, Colab-Zeilen, Folien-Metadaten und die Studierenden-Fassung."""

import importlib.util
import re
import types
from pathlib import Path

import nbformat
import pytest

from lecture_utils.core import text

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("course", ROOT / "tools" / "course.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)

NOTEBOOKS = course.notebook_paths()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_in_sync_with_the_course_settings(path):
    notebook = nbformat.read(path, as_version=4)
    assert not course.sync(notebook, path.name), (
        f"{path.name} ist nicht aktuell: `make notebooks` ausführen und committen."
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_title_cell_has_badges_pointing_at_this_notebook(path):
    title = nbformat.read(path, as_version=4).cells[0].source
    links = re.findall(r"\]\((https://[^)]+)\)", title)
    colab = [u for u in links if u.startswith("https://colab.research.google.com/github/")]
    binder = [u for u in links if u.startswith("https://mybinder.org/v2/gh/")]
    kaggle = [u for u in links if u.startswith("https://kaggle.com/kernels/welcome?src=")]
    assert colab == [f"https://colab.research.google.com/github/{course.REPOSITORY}/blob/"
                     f"{course.RELEASE}/notebooks/{path.name}"]
    assert kaggle == [f"https://kaggle.com/kernels/welcome?src=https://github.com/"
                      f"{course.REPOSITORY}/blob/{course.RELEASE}/notebooks/{path.name}"]
    assert binder == [f"https://mybinder.org/v2/gh/{course.REPOSITORY}/{course.RELEASE}"
                      f"?labpath=notebooks%2F{path.name}"]


def test_badges_and_install_line_name_the_release_tag_not_a_branch():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        tomllib = pytest.importorskip("tomli", reason="tomllib gibt es erst ab Python 3.11")
    version = tomllib.loads((course.ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert course.RELEASE == f"v{version}"
    assert "main" not in course.badges("x.ipynb") and "/main" not in course.colab_setup()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_slides_title_and_one_slide_per_section(path):
    cells = nbformat.read(path, as_version=4).cells
    types_ = [c.metadata["slideshow"]["slide_type"] for c in cells]
    assert types_[0] == "slide"
    for cell, kind in zip(cells, types_):
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            assert kind == "slide"
    assert "fragment" in types_


def test_colab_cell_installs_only_on_colab(monkeypatch):
    import subprocess
    import sys

    calls = []
    monkeypatch.setattr(subprocess, "run", lambda args, check: calls.append(args))
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.delenv("KAGGLE_KERNEL_RUN_TYPE", raising=False)
    exec(course.colab_setup(), {})
    assert calls == []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    exec(course.colab_setup(), {})
    assert len(calls) == 1
    assert calls[0][-1] == (f"lecture-utils @ git+https://github.com/{course.REPOSITORY}"
                            f"@{course.RELEASE}")
    # Kaggle erkennt die Zelle an seiner Umgebungsvariable
    monkeypatch.delitem(sys.modules, "google.colab")
    monkeypatch.setenv("KAGGLE_KERNEL_RUN_TYPE", "Interactive")
    exec(course.colab_setup(), {})
    assert len(calls) == 2 and calls[1] == calls[0]
    # Colabs eigene Pakete bleiben, wie sie sind (ipywidgets 8 zeigt Colab nicht an)
    assert "--no-deps" in calls[0]


def _setup_notebook(setup_source):
    return nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Titel\n\n<!-- badges -->\nalt\n<!-- /badges -->"),
        nbformat.v4.new_markdown_cell("## Setup"),
        nbformat.v4.new_code_cell(setup_source),
        nbformat.v4.new_markdown_cell("## Abschnitt"),
        nbformat.v4.new_code_cell("x = 1"),
    ])


def test_sync_puts_the_colab_block_into_its_own_collapsed_form_cell():
    notebook = _setup_notebook("from lecture_utils.core import environment\nenvironment.report()")
    assert course.sync(notebook, "x.ipynb")
    nbformat.validate(notebook)
    sources = [c.source for c in notebook.cells]
    colab = notebook.cells[2]
    assert colab.source.startswith("# @title ")  # Titel des Formulars auf Colab
    assert colab.metadata["cellView"] == "form"
    assert colab.metadata["jupyter"]["source_hidden"] is True  # zugeklappt in JupyterLab
    assert colab.metadata["slideshow"]["slide_type"] == "skip"
    assert colab.id == course.COLAB_CELL_ID
    setup = notebook.cells[3].source
    assert "google.colab" not in setup and "subprocess" not in setup  # nur in der Colab-Zelle
    assert setup.endswith("from lecture_utils.core import environment\nenvironment.report()")
    assert sum("google.colab" in s for s in sources) == 1
    assert not course.sync(notebook, "x.ipynb")  # idempotent


def test_sync_keeps_old_notebook_formats_valid():
    notebook = _setup_notebook("from lecture_utils.core import environment\nenvironment.report()")
    notebook.nbformat_minor = 4
    for cell in notebook.cells:
        del cell["id"]
    course.sync(notebook, "x.ipynb")
    nbformat.validate(notebook)
    assert course.is_colab_cell(notebook.cells[2]) and "id" not in notebook.cells[2]


def test_setup_cell_silences_tensorflow_before_anything_imports_it():
    notebook = _setup_notebook("from lecture_utils.core import environment\nenvironment.report()")
    course.sync(notebook, "x.ipynb")
    setup = notebook.cells[3].source
    lines = setup.splitlines()
    env_line = next(i for i, line in enumerate(lines) if "TF_CPP_MIN_LOG_LEVEL" in line)
    first_import = next(i for i, line in enumerate(lines)
                        if line.startswith(("import ", "from ")) and line != "import os")
    assert env_line < first_import
    namespace = {}
    import os

    before = os.environ.pop("TF_CPP_MIN_LOG_LEVEL", None)
    try:
        exec(course.quiet_setup(), namespace)
        assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"
        os.environ["TF_CPP_MIN_LOG_LEVEL"] = "0"  # eine eigene Einstellung bleibt
        exec(course.quiet_setup(), namespace)
        assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "0"
    finally:
        os.environ.pop("TF_CPP_MIN_LOG_LEVEL", None)
        if before is not None:
            os.environ["TF_CPP_MIN_LOG_LEVEL"] = before
    # ein zweiter sync ändert nichts, auch nicht an einem schon erneuerten Setup-Block
    assert setup.count(course.QUIET_BEGIN) == 1
    assert not course.sync(notebook, "x.ipynb")


def test_package_import_silences_tensorflow_first():
    import subprocess
    import sys

    code = ("import os; os.environ.pop('TF_CPP_MIN_LOG_LEVEL', None); import lecture_utils; "
            "import sys; print(os.environ['TF_CPP_MIN_LOG_LEVEL'], 'tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["3", "False"]


def test_sync_is_idempotent_and_replaces_old_badges():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Titel\n\n<!-- badges -->\nalt\n<!-- /badges -->"),
        nbformat.v4.new_code_cell("from lecture_utils.core import environment\n"
                                  "environment.report()"),
        nbformat.v4.new_markdown_cell("## Abschnitt"),
        nbformat.v4.new_code_cell("x = 1"),
    ])
    assert course.sync(notebook, "x.ipynb")
    assert "alt" not in notebook.cells[0].source
    assert course.is_colab_cell(notebook.cells[1])
    assert notebook.cells[2].source.startswith(course.QUIET_BEGIN)
    assert not course.sync(notebook, "x.ipynb")
    kinds = [c.metadata["slideshow"]["slide_type"] for c in notebook.cells]
    assert kinds == ["slide", "skip", "skip", "slide", "fragment"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_colab_cell_comes_right_before_the_setup_cell(path):
    cells = nbformat.read(path, as_version=4).cells
    colab = [i for i, c in enumerate(cells) if course.is_colab_cell(c)]
    assert len(colab) == 1, f"{path.name}: genau eine Colab-Zelle erwartet"
    assert "environment.report()" in cells[colab[0] + 1].source
    assert all("google.colab" not in c.source for i, c in enumerate(cells) if i != colab[0])


def test_student_version_drops_only_solution_cells():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("antwort = None"),
        nbformat.v4.new_code_cell("print(check(antwort))"),
        nbformat.v4.new_code_cell("# Lösung\nantwort = 5", metadata={"tags": ["solution"]}),
    ])
    student = course.student_version(notebook)
    assert [c.source for c in student.cells] == ["antwort = None", "print(check(antwort))"]
    assert len(notebook.cells) == 3  # das Original bleibt unverändert


def _names(source: str, ctx) -> set[str]:
    import ast

    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    tree = ast.parse("\n".join(lines))
    found = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}
    if ctx is ast.Store:
        found |= {n.arg for n in ast.walk(tree) if isinstance(n, ast.arg)}  # Parameter
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found |= {(a.asname or a.name).split(".")[0] for a in node.names}
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                found.add(node.name)
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_version_needs_nothing_from_the_solutions(path):
    """Ohne Lösungszellen darf keine spätere Zelle einen Namen brauchen, den nur eine
    Lösungszelle anlegt – sonst bricht die Studierenden-Fassung ab."""
    import ast

    notebook = nbformat.read(path, as_version=4)
    defined, only_in_solutions = set(), set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        stored = _names(cell.source, ast.Store)
        if course.SOLUTION_TAG in cell.metadata.get("tags", []):
            only_in_solutions |= stored - defined
            continue
        used = _names(cell.source, ast.Load) - stored
        missing = used & only_in_solutions
        assert not missing, f"{path.name}: Zelle braucht {missing} aus einer Lösungszelle"
        defined |= stored
        only_in_solutions -= stored


def test_sync_collapses_solution_cells_in_jupyterlab_and_colab():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Titel"),
        nbformat.v4.new_code_cell("antwort = None"),
        nbformat.v4.new_code_cell("# Lösung\nantwort = 5", metadata={"tags": ["solution"]}),
    ])
    course.sync(notebook, "x.ipynb")
    task, solution = notebook.cells[1], notebook.cells[2]
    assert solution.metadata["jupyter"]["source_hidden"] is True
    assert solution.metadata["cellView"] == "form"
    assert solution.source == f"{course.SOLUTION_TITLE}\nantwort = 5"
    assert "jupyter" not in task.metadata and "cellView" not in task.metadata
    assert not course.sync(notebook, "x.ipynb")  # der Titel kommt nur einmal hinein


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_solution_cell_is_collapsed(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if course.is_solution(cell):
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, cell.source[:60]
            assert cell.source.startswith(course.SOLUTION_TITLE), cell.source[:60]


def test_runtime_line_comes_only_from_measurements():
    times = {"a.ipynb": {"quick": {"seconds": 42.4, "machine": "CPU (2 Kerne)", "offline": True},
                         "laptop": {"seconds": 380, "machine": "CPU (2 Kerne)", "offline": True}}}
    line = course.runtime_line("a.ipynb", times)
    assert "`quick` 42 s · `laptop` 6 min · `gpu` noch nicht gemessen · `full` noch nicht" in line
    assert "auf CPU (2 Kerne), offline mit den Stichproben" in line
    assert "gemessen" in course.runtime_line("b.ipynb", times)
    assert "`quick` noch nicht gemessen" in course.runtime_line("b.ipynb", times)
    assert text.duration(4000) == "1 h 7 min"


def test_sync_replaces_a_guessed_runtime_by_the_measured_one():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Titel\n\n**Laufzeit** (ungefähr): `quick` 1 min\n"
                                      "· `laptop` 5 min\n\nWeiter im Text."),
    ])
    times = {"x.ipynb": {"quick": {"seconds": 30, "machine": "CPU (2 Kerne)"}}}
    course.sync(notebook, "x.ipynb", times)
    title = notebook.cells[0].source
    assert "ungefähr" not in title and "`quick` 30 s" in title and "Weiter im Text." in title
    assert not course.sync(notebook, "x.ipynb", times)


def test_sync_gives_a_new_title_its_runtime_line():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Titel\n\nWeiter im Text."),
    ])
    times = {"x.ipynb": {"quick": {"seconds": 30, "machine": "CPU (2 Kerne)"}}}
    assert course.sync(notebook, "x.ipynb", times)
    title = notebook.cells[0].source
    assert title.count(course.RUNTIME_BEGIN) == 1 and "`quick` 30 s" in title
    assert title.startswith("# Titel\n") and title.endswith("Weiter im Text.")
    assert not course.sync(notebook, "x.ipynb", times)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_title_states_the_measured_runtime(path):
    title = nbformat.read(path, as_version=4).cells[0].source
    assert course.runtime_line(path.name, course.read_times()) in title
    assert "ungefähr" not in title
