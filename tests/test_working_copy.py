"""tools/working_copy.py: eigene Kopien der Notebooks, neue Fassungen daneben."""

import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("working_copy", ROOT / "tools" / "working_copy.py")
working_copy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(working_copy)


def _notebook(path: Path, *sources: str) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def course(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _notebook(folder / "00_start.ipynb", "x = 1")
    _notebook(folder / "10_1_netze.ipynb", "y = 2")
    return folder


def _work_as_a_student(path: Path, source: str) -> None:
    """Wie JupyterLab: Zelle ändern, ausführen, mit Ausgabe speichern."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[0].source = source
    notebook.cells[0].execution_count = 1
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", text="fertig\n")]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, path)


def test_first_start_copies_every_notebook_and_records_its_version(course, tmp_path, capsys):
    work = tmp_path / "arbeitsordner"
    result = working_copy.start(course, work)
    assert result == {"kopiert": ["00_start.ipynb", "10_1_netze.ipynb"], "neu": []}
    assert (work / "00_start.ipynb").read_bytes() == (course / "00_start.ipynb").read_bytes()
    state = json.loads((work / working_copy.STATE_FILE).read_text())["notebooks"]
    assert set(state) == {"00_start.ipynb", "10_1_netze.ipynb"}
    assert state["00_start.ipynb"] != state["10_1_netze.ipynb"]  # Inhalt zählt
    assert "2 Notebooks kopiert" in capsys.readouterr().out


def test_later_start_never_overwrites_and_names_new_versions(course, tmp_path, capsys):
    work = tmp_path / "arbeitsordner"
    working_copy.start(course, work)
    _work_as_a_student(work / "00_start.ipynb", "x = 'meine Lösung'")
    capsys.readouterr()

    assert working_copy.start(course, work) == {"kopiert": [], "neu": []}
    assert "auf dem Stand des Kurses" in capsys.readouterr().out

    _notebook(course / "10_1_netze.ipynb", "y = 3  # neue Fassung")
    _notebook(course / "00_start.ipynb", "x = 2  # neue Fassung")
    result = working_copy.start(course, work)
    assert result["neu"] == ["00_start.ipynb", "10_1_netze.ipynb"]
    out = capsys.readouterr().out
    assert "Neue Fassungen im Kurs: 00_start.ipynb, 10_1_netze.ipynb" in out
    assert "make neue-versionen" in out
    mine = nbformat.read(work / "00_start.ipynb", as_version=4)
    assert mine.cells[0].source == "x = 'meine Lösung'"  # nichts überschrieben
    assert mine.cells[0].outputs


def test_running_a_notebook_is_not_a_new_version(course, tmp_path):
    plain = working_copy.version(course / "00_start.ipynb")
    _work_as_a_student(course / "00_start.ipynb", "x = 1")
    assert working_copy.version(course / "00_start.ipynb") != plain  # kernelspec geändert
    _notebook(course / "a.ipynb", "x = 1")
    before = working_copy.version(course / "a.ipynb")
    notebook = nbformat.read(course / "a.ipynb", as_version=4)
    notebook.cells[0].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    notebook.cells[0].execution_count = 7
    nbformat.write(notebook, course / "a.ipynb")
    assert working_copy.version(course / "a.ipynb") == before


def test_new_versions_go_beside_the_copy_and_are_recorded(course, tmp_path, capsys):
    work = tmp_path / "arbeitsordner"
    working_copy.start(course, work)
    _work_as_a_student(work / "10_1_netze.ipynb", "y = 'meins'")
    _notebook(course / "10_1_netze.ipynb", "y = 3  # neue Fassung")

    written = working_copy.new_versions(course, work)
    assert written == [work / "10_1_netze.neu.ipynb"]
    assert (work / "10_1_netze.neu.ipynb").read_bytes() == \
        (course / "10_1_netze.ipynb").read_bytes()
    assert nbformat.read(work / "10_1_netze.ipynb", as_version=4).cells[0].source == "y = 'meins'"
    assert "10_1_netze.neu.ipynb" in capsys.readouterr().out
    # vermerkt: der nächste Start meldet nichts mehr, ein zweiter Aufruf legt nichts an
    assert working_copy.start(course, work)["neu"] == []
    assert working_copy.new_versions(course, work) == []
    assert "Keine neuen Fassungen" in capsys.readouterr().out

    # noch eine Fassung: die erste .neu-Datei (vielleicht schon bearbeitet) bleibt
    (work / "10_1_netze.neu.ipynb").write_text((work / "10_1_netze.neu.ipynb").read_text())
    _notebook(course / "10_1_netze.ipynb", "y = 4  # dritte Fassung")
    assert working_copy.new_versions(course, work) == [work / "10_1_netze.neu-2.ipynb"]
    assert "y = 3" in (work / "10_1_netze.neu.ipynb").read_text()


def test_deleted_or_new_notebooks_are_copied_fresh(course, tmp_path):
    work = tmp_path / "arbeitsordner"
    working_copy.start(course, work)
    (work / "00_start.ipynb").unlink()  # neu anfangen: Kopie löschen
    _notebook(course / "10_2_neu.ipynb", "z = 1")  # neues Notebook im Kurs
    result = working_copy.start(course, work)
    assert result["kopiert"] == ["00_start.ipynb", "10_2_neu.ipynb"]
    assert result["neu"] == []


def test_lost_state_file_is_rebuilt_for_unchanged_copies(course, tmp_path):
    work = tmp_path / "arbeitsordner"
    working_copy.start(course, work)
    _work_as_a_student(work / "10_1_netze.ipynb", "y = 'meins'")
    (work / working_copy.STATE_FILE).unlink()
    result = working_copy.start(course, work)
    # unverändert (nur ausgeführt?) ist nur 00_start; 10_1 unterscheidet sich vom Kurs
    assert result["neu"] == ["10_1_netze.ipynb"]
    assert "00_start.ipynb" in working_copy.read_state(work)


def test_missing_course_folder_is_a_german_error(tmp_path):
    with pytest.raises(ValueError, match="Kursordner"):
        working_copy.start(tmp_path / "gibt-es-nicht", tmp_path / "arbeitsordner")
    assert working_copy.main(["start", "--kurs", str(tmp_path / "nein"),
                              "--ordner", str(tmp_path / "a")]) == 1
