"""Projektweite Regeln: Abhängigkeiten, saubere Notebooks, Umgebungsprüfung."""

import json
import shutil
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from lecture_utils.core import environment

ROOT = Path(__file__).resolve().parent.parent


def _pyproject():
    """pyproject.toml, gelesen mit tomllib (ab Python 3.11; unter 3.10 mit tomli)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        tomllib = pytest.importorskip("tomli", reason="tomllib gibt es erst ab Python 3.11")
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)


def _requirements(entries):
    """Name (normalisiert, wie pip ihn vergleicht) → Versionsgrenzen."""
    parsed = [Requirement(entry) for entry in entries]
    requirements = {canonicalize_name(r.name): r.specifier for r in parsed}
    assert len(requirements) == len(parsed), f"ein Paket steht doppelt da: {entries}"
    return requirements


def _pyproject_requirements():
    project = _pyproject()["project"]
    return _requirements(project["dependencies"] + project["optional-dependencies"]["test"])


def _conda_requirements():
    """environment.yml mit PyYAML; die Einträge unter ``pip:`` zählen mit."""
    with open(ROOT / "environment.yml", encoding="utf-8") as file:
        dependencies = yaml.safe_load(file)["dependencies"]
    entries = []
    for entry in dependencies:
        entries.extend(entry["pip"] if isinstance(entry, dict) else [entry])
    return _requirements(entries)


def test_environment_yml_lists_the_same_packages_and_bounds_as_pyproject():
    conda = _conda_requirements()
    pyproject = _pyproject_requirements()
    for name, spec in pyproject.items():
        assert name in conda, f"{name} fehlt in environment.yml"
        assert conda[name] == spec, f"{name}: pyproject {spec} ≠ environment.yml {conda[name]}"
    extra = set(conda) - set(pyproject) - {"python", "pip", "graphviz"}
    assert not extra, f"nur in environment.yml: {extra}"
    assert "graphviz" in conda  # das Programm dot für plot_model auf Binder
    assert conda["python"] == SpecifierSet(_pyproject()["project"]["requires-python"])


def test_the_parsers_see_known_entries():
    """Die Leser oben greifen wirklich: bekannte Einträge mit ihren Grenzen."""
    pyproject = _pyproject_requirements()
    assert pyproject["keras"] == SpecifierSet(">=3.5,<4")
    assert "jupyterlab-language-pack-de-de" in _conda_requirements()  # aus dem pip:-Block
    assert len(pyproject) >= 15


def test_yaml_used_by_the_tests_is_a_declared_test_dependency():
    test_extra = _requirements(_pyproject()["project"]["optional-dependencies"]["test"])
    assert "pyyaml" in test_extra


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
    lines = out.splitlines()
    for check in checks:  # jede Prüfung hat ihre eigene Zeile mit ihrer Marke
        mark = "[OK]" if check.ok else "[FEHLT]"
        assert [line for line in lines if line.startswith(mark) and f" {check.name}: " in line]
    # unabhängig nachgesehen: diese Umgebung hat die Pakete, also [OK] mit ihrer Version
    import ipywidgets
    import keras
    import matplotlib
    import numpy

    for name, module in (("Keras", keras), ("NumPy", numpy), ("matplotlib", matplotlib),
                         ("ipywidgets", ipywidgets)):
        assert f"[OK]    {name}: {module.__version__}" in lines
    dot = shutil.which("dot")
    graphviz = [line for line in lines if "Graphviz" in line]
    assert graphviz[0].startswith(f"[OK]    Graphviz (Programm dot): {dot}" if dot else "[FEHLT]")


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


# --- Arbeitsordner, git-Filter, Kernel und Sprache von make lab --------------------------

def _tool(name):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _git(repo, *args):
    import subprocess

    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def clone(tmp_path):
    """Eine frische Kopie der versionierten Dateien des Kurses als eigenes git-Repository."""
    files = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    repo = tmp_path / "kurs"
    for name in filter(None, files.split("\0")):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, repo / name)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "Kurs")
    return repo


def _run_like_jupyterlab(path):
    """Was JupyterLab mit einem Notebook tut: ausführen, Ausgaben und Kernel speichern."""
    notebook = json.loads(path.read_text())
    for number, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            cell["execution_count"] = number
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["ok\n"]}]
            cell["metadata"]["scrolled"] = True
    notebook["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    notebook["metadata"]["language_info"] = {
        "name": "python", "version": "3.11.2", "mimetype": "text/x-python",
        "codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
        "nbconvert_exporter": "python", "pygments_lexer": "ipython3"}
    path.write_text(json.dumps(notebook, indent=1))


def test_work_in_the_lab_changes_nothing_tracked(clone):
    """Arbeit im Arbeitsordner (Ausgaben, Zwischenstände, Autosave-Kopien) lässt git status
    leer: make test und git pull gehen danach wie vorher."""
    working_copy = _tool("working_copy")
    work = clone / "arbeitsordner"
    working_copy.start(clone / "notebooks", work, say=lambda text: None)
    for copy in work.glob("*.ipynb"):
        _run_like_jupyterlab(copy)
    # Zwischenstände landen relativ zum Notebook (training.checkpoint_root: ./checkpoints)
    (work / "checkpoints" / "mnist_cnn").mkdir(parents=True)
    (work / "checkpoints" / "mnist_cnn" / "final.weights.h5").write_bytes(b"w")
    (work / ".ipynb_checkpoints").mkdir()
    (work / ".ipynb_checkpoints" / "00_start-checkpoint.ipynb").write_text("{}")
    working_copy.new_versions(clone / "notebooks", work, say=lambda text: None)
    assert _git(clone, "status", "--porcelain", "--untracked-files=all") == ""


def test_git_filter_commits_course_notebooks_without_outputs(clone):
    import sys

    lab_setup = _tool("lab_setup")
    for command in lab_setup.git_filter_commands(sys.executable):
        _git(clone, *command[1:])
    path = sorted((clone / "notebooks").glob("*.ipynb"))[0]
    original = path.read_text()
    _run_like_jupyterlab(path)
    assert _git(clone, "diff") == ""  # nur ausgeführt: für git kein Unterschied
    _git(clone, "add", str(path))
    assert _git(clone, "status", "--porcelain") == ""
    assert _git(clone, "show", f":notebooks/{path.name}") == original  # Zell-IDs bleiben
    # eine echte Änderung kommt an, ohne Ausgaben
    notebook = json.loads(path.read_text())
    notebook["cells"][0]["source"] = ["# Neuer Titel\n"]
    path.write_text(json.dumps(notebook, indent=1))
    _git(clone, "add", str(path))
    stored = json.loads(_git(clone, "show", f":notebooks/{path.name}"))
    assert stored["cells"][0]["source"] == ["# Neuer Titel\n"]
    for cell in stored["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert "widgets" not in stored["metadata"]


def test_gitattributes_and_gitignore_cover_the_lab():
    attributes = (ROOT / ".gitattributes").read_text()
    assert "notebooks/*.ipynb filter=nbstripout" in attributes
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "/arbeitsordner/" in ignored


def test_kernel_keeps_tensorflow_logs_out_of_the_notebook(tmp_path):
    course = _tool("course")
    lab_setup = _tool("lab_setup")
    path = lab_setup.write_kernel(tmp_path, "/pfad/python")
    spec = json.loads(path.read_text())
    assert path == tmp_path / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    assert spec["argv"][:3] == ["/pfad/python", "-m", "ipykernel_launcher"]
    assert "--IPKernelApp.capture_fd_output=False" in spec["argv"]
    assert spec["env"] == course.QUIET_ENV == {"TF_CPP_MIN_LOG_LEVEL": "3",
                                               "TF_ONEDNN_USE_SYSTEM_ALLOCATOR": "1"}
    # dieselben Werte setzt das Paket selbst beim Import (lecture_utils/__init__.py)
    package = (ROOT / "lecture_utils" / "__init__.py").read_text()
    for key, value in course.QUIET_ENV.items():
        assert f'_os.environ.setdefault("{key}", "{value}")' in package, key


def test_german_is_the_default_in_the_course_settings_only(tmp_path):
    lab_setup = _tool("lab_setup")
    path = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "x"}}))
    assert lab_setup.write_locale(tmp_path) == path
    lab_setup.write_locale(tmp_path)  # zweimal: dasselbe Ergebnis
    settings = json.loads(path.read_text())
    assert settings == {"@jupyterlab/apputils-extension:themes": {"theme": "x"},
                        "@jupyterlab/translation-extension:plugin": {"locale": "de_DE"},
                        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}


def test_the_course_installs_the_german_language_pack_and_nbstripout():
    requirements = _pyproject_requirements()
    assert "jupyterlab-language-pack-de-de" in requirements
    assert "nbstripout" in requirements


def _has_emoji(text):
    return any(0x2600 <= ord(ch) <= 0x27BF or ord(ch) >= 0x1F000 for ch in text)


def test_environment_report_uses_text_marks_only(capsys):
    environment.report()
    out = capsys.readouterr().out
    missing = environment.Check("Testpaket", False, "nicht installiert", "pip install x").line()
    assert "[FEHLT]" in missing and "[OK]" in environment.Check("X", True, "1.0").line()
    assert not _has_emoji(out + missing), out
    assert _has_emoji("\u2705") and _has_emoji("\u26a0")  # die Prüfung selbst greift
