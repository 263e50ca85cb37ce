"""Pflegewerkzeug für die Notebooks als Ganzes: Badges, Colab-Zelle, Folien, Lösungen.

Gehört nicht zum installierten Paket ``lecture_utils`` (Studierende brauchen es nicht).
Die Adresse des Repositorys steht nur hier (``REPOSITORY``); daraus entstehen die Badges
im Titel und die Colab-Zelle vor dem Setup-Block (installiert das Kurspaket, nur auf Colab
und Kaggle). ``sync`` schreibt sie, die Zeile „Laufzeit“, den leisen Anfang des
Setup-Blocks (TensorFlows C++-Protokoll aus, vor dem ersten Import) und die
Folien-Metadaten in die Notebooks und klappt Lösungszellen zu; ein Test prüft, dass alle
Notebooks aktuell sind. ``student`` schreibt die Fassung ohne Lösungszellen.

Aufruf (so nutzt es das Makefile)::

    python tools/course.py sync [NAME.ipynb …]  # Notebooks aktualisieren
    python tools/course.py student ZIELORDNER  # Fassung ohne Lösungen
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import TagRemovePreprocessor

from lecture_utils.core import text

# Adresse des Kurses (GitHub „Besitzer/Name“) und der Stand, den Badges und Installation
# nennen: das Tag „v“ + Version aus pyproject.toml (ein Test prüft das), nie ``main``.
REPOSITORY = "kurs-ki/10-architekturen"
RELEASE = "v0.1.0"

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
SOLUTION_TAG = "solution"
# Erste Zeile jeder Lösungszelle: Colab zeigt sie als Titel eines zugeklappten Formulars.
SOLUTION_TITLE = "# @title Lösung – erst selbst versuchen, dann aufklappen"

BADGES_BEGIN, BADGES_END = "<!-- badges -->", "<!-- /badges -->"
# Die eigene Colab-Zelle: erste Zeile (auf Colab der Titel des Formulars) und feste Zell-ID.
COLAB_TITLE = ("# @title Nur für Colab und Kaggle: Kurspaket installieren "
               "(anderswo tut diese Zelle nichts)")
COLAB_CELL_ID = "colab-setup"
# Der erzeugte Anfang des Setup-Blocks: TensorFlows C++-Protokoll abstellen, bevor
# TensorFlow zum ersten Mal geladen wird (danach wirkt die Variable nicht mehr).
QUIET_BEGIN = "# --- TensorFlow leise stellen, bevor es geladen wird"
QUIET_END = "# --- Ende TensorFlow-Einstellung"


def colab_url(notebook: str) -> str:
    """Link, der das Notebook ``notebooks/<name>`` direkt in Colab öffnet."""
    return (f"https://colab.research.google.com/github/{REPOSITORY}/blob/{RELEASE}/"
            f"notebooks/{notebook}")


def binder_url(notebook: str) -> str:
    """Link, der das Repository auf Binder startet und das Notebook öffnet."""
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{RELEASE}?labpath=notebooks%2F{notebook}"


def kaggle_url(notebook: str) -> str:
    """Link, der das Notebook als neues Kaggle-Notebook öffnet."""
    return (f"https://kaggle.com/kernels/welcome?src=https://github.com/{REPOSITORY}/blob/"
            f"{RELEASE}/notebooks/{notebook}")


def badges(notebook: str) -> str:
    """Die Markdown-Zeile mit den Badges Colab, Kaggle, Binder (zwischen festen Markierungen)."""
    colab = ("[![In Colab öffnen](https://colab.research.google.com/assets/colab-badge.svg)]"
             f"({colab_url(notebook)})")
    kaggle = ("[![In Kaggle öffnen](https://kaggle.com/static/images/open-in-kaggle.svg)]"
              f"({kaggle_url(notebook)})")
    binder = f"[![Binder](https://mybinder.org/badge_logo.svg)]({binder_url(notebook)})"
    return f"{BADGES_BEGIN}\n{colab} {kaggle} {binder}\n{BADGES_END}"


def colab_setup() -> str:
    """Der Code der Colab-Zelle: installiert auf Colab und Kaggle das Kurspaket, sonst nichts."""
    return (
        f"{COLAB_TITLE}\n"
        "import os\n"
        "import sys\n\n"
        "# Kaggle: vorher rechts unter „Settings“ das Internet einschalten.\n"
        "if \"google.colab\" in sys.modules or \"KAGGLE_KERNEL_RUN_TYPE\" in os.environ:\n"
        "    import subprocess\n\n"
        "    # Keras, TensorFlow, matplotlib und ipywidgets sind dort schon da; --no-deps lässt\n"
        "    # ihre Versionen unverändert (Colab zeigt nur ipywidgets 7 an). Fehlt doch etwas,\n"
        "    # nennt es der Umgebungscheck in der nächsten Zelle.\n"
        "    subprocess.run([sys.executable, \"-m\", \"pip\", \"install\", \"-q\", \"--no-deps\",\n"
        f"                    \"lecture-utils @ git+https://github.com/{REPOSITORY}@{RELEASE}\"],\n"
        "                   check=True)"
    )


# Die Umgebungsvariablen für TensorFlows C++-Teil (dieselben setzen lecture_utils/__init__.py
# und der Kernel von ``make lab``); sie wirken nur vor dem ersten Import von TensorFlow.
QUIET_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ONEDNN_USE_SYSTEM_ALLOCATOR": "1"}
QUIET_NOTES = {
    "TF_CPP_MIN_LOG_LEVEL": "nur fatale Fehler melden",
    # Ohne: oneDNN behält den Speicher gelöschter Modelle und Daten, der Kernel wächst mit
    # jedem Training (10.4: 2,1 GB). Auf 2 Kernen gemessen gleich schnell (bench/README.md).
    "TF_ONEDNN_USE_SYSTEM_ALLOCATOR": "Speicher gelöschter Modelle zurückgeben",
}


def quiet_setup() -> str:
    """Die ersten Zeilen des Setup-Blocks: TensorFlow einstellen, vor dem ersten Import."""
    lines = [f"{QUIET_BEGIN}\nimport os\n"]
    lines += [f'os.environ.setdefault("{key}", "{value}")  # {QUIET_NOTES[key]}'
              for key, value in QUIET_ENV.items()]
    return "\n".join(lines) + f"\n{QUIET_END}"


def colab_cell(cell_id: str = COLAB_CELL_ID):
    """Die Colab-Zelle: in JupyterLab zugeklappt, auf Colab ein Formular, keine Folie."""
    cell = nbformat.v4.new_code_cell(colab_setup())
    cell.id = cell_id
    cell.metadata = {"cellView": "form", "jupyter": {"source_hidden": True},
                     "slideshow": {"slide_type": "skip"}}
    return cell


# --- Notebooks aktualisieren ---------------------------------------------------------


def _replace_block(source: str, begin: str, end: str, block: str, *, at_start: bool) -> str:
    """Ersetzt den Block zwischen ``begin`` und ``end`` oder fügt ihn ein: am Anfang
    (``at_start``) oder direkt unter der ersten Zeile (der Überschrift)."""
    if begin in source and end in source:
        head, rest = source.split(begin, 1)
        tail = rest.split(end, 1)[1]
        return head + block + tail
    if at_start:
        return block + "\n\n" + source
    heading, _, rest = source.partition("\n")
    return f"{heading}\n\n{block}\n{rest}"


def _is_setup_cell(cell) -> bool:
    return cell.cell_type == "code" and "environment.report()" in cell.source


def is_colab_cell(cell) -> bool:
    """``True`` für die erzeugte Colab-Zelle: erste Zeile ``COLAB_TITLE`` oder ein früherer
    Titel der Zelle (``# @title Nur für Colab…``)."""
    return cell.cell_type == "code" and cell.source.startswith("# @title Nur für Colab")


def slide_type(cell, index: int) -> str:
    """Folientyp einer Zelle: Titel und ``##`` neue Folie, ``###`` Unterfolie,
    Code Schritt für Schritt (Fragment), der Setup-Block wird übersprungen."""
    if index == 0:
        return "slide"
    if cell.cell_type == "markdown":
        first = cell.source.lstrip().split("\n", 1)[0]
        if first.startswith("## "):
            return "slide"
        if first.startswith("### "):
            return "subslide"
        return "-"
    return "skip" if _is_setup_cell(cell) or is_colab_cell(cell) else "fragment"


def is_solution(cell) -> bool:
    """``True`` für eine Zelle mit dem Tag ``solution``."""
    return SOLUTION_TAG in cell.metadata.get("tags", [])


def collapse_solution(cell) -> None:
    """Klappt eine Lösungszelle zu: in JupyterLab ``jupyter.source_hidden``, auf Colab
    ein Formular (``cellView: form``) mit der Titelzeile ``SOLUTION_TITLE``."""
    cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    cell.metadata["cellView"] = "form"
    lines = cell.source.split("\n")
    first = lines[0].strip().lower()
    if first in ("# lösung", "# @title lösung") or lines[0].startswith("# @title"):
        lines = lines[1:]
    cell.source = "\n".join([SOLUTION_TITLE, *lines])


def _sync_setup(notebook) -> None:
    """Colab-Zelle direkt vor den Setup-Block, TensorFlow-Einstellung an dessen Anfang."""
    cells = notebook.cells
    old = [c for c in cells if is_colab_cell(c)]
    cells[:] = [c for c in cells if not is_colab_cell(c)]
    setup = next((i for i, c in enumerate(cells) if _is_setup_cell(c)), None)
    if setup is None:
        return
    cell = cells[setup]
    cell.source = _replace_block(cell.source.lstrip("\n"), QUIET_BEGIN, QUIET_END,
                                 quiet_setup(), at_start=True)
    cell_id = (old[0].get("id") if old else None) or COLAB_CELL_ID
    if cell_id in {c.get("id") for c in cells}:
        cell_id = nbformat.v4.new_code_cell().id
    fresh = colab_cell(cell_id)
    if notebook.get("nbformat_minor", 5) < 5:
        del fresh["id"]  # Notebook im Format 4.4 und älter: ohne Zell-IDs
    cells.insert(setup, fresh)


# --- Gemessene Laufzeiten im Titel (aus bench/time_notebooks.py) ---------------------

TIMES_FILE = ROOT / "bench" / "notebook_times.json"
PROFILE_ORDER = ("quick", "laptop", "gpu", "full")
RUNTIME_BEGIN, RUNTIME_END = "<!-- laufzeit -->", "<!-- /laufzeit -->"


def read_times(path: Path = TIMES_FILE) -> dict:
    """Die gemessenen Laufzeiten: {Notebook: {Profil: {"seconds", "machine", …}}}."""
    return json.loads(path.read_text()) if path.exists() else {}


def runtime_line(name: str, times: dict) -> str:
    """Die Zeile „Laufzeit“ des Titels, nur aus Messungen; ungemessene Profile sagen das."""
    measured = times.get(name, {})
    parts, machines = [], []
    for profile in PROFILE_ORDER:
        entry = measured.get(profile)
        if entry is None:
            parts.append(f"`{profile}` noch nicht gemessen")
            continue
        where = entry.get("machine", "?")
        if entry.get("full_size"):
            where += ", Daten in voller Größe"
        elif entry.get("offline"):
            where += ", offline mit den Stichproben des Kurses"
        if where not in machines:
            machines.append(where)
        parts.append(f"`{profile}` {text.duration(entry['seconds'])}")
    line = "**Laufzeit** (gemessen, erster Start): " + " · ".join(parts)
    if machines:
        line += f" – auf {'; '.join(machines)}"
    return f"{RUNTIME_BEGIN}\n{line}\n{RUNTIME_END}"


def _sync_runtime(cell, name: str, times: dict) -> None:
    """Erneuert die Zeile „Laufzeit“ zwischen ihren Markierungen; eine Zeile ohne sie (ein
    neues Notebook: ``**Laufzeit**`` bis zur Leerzeile) bekommt sie dabei."""
    block = runtime_line(name, times)
    paragraphs = [block if p.startswith("**Laufzeit**") else p
                  for p in cell.source.split("\n\n")]
    cell.source = _replace_block("\n\n".join(paragraphs), RUNTIME_BEGIN, RUNTIME_END, block,
                                 at_start=False)


def sync(notebook, name: str, times: dict | None = None) -> bool:
    """Bringt Badges, Colab-Zelle, Setup-Anfang und Folien-Metadaten des Notebooks ``name``
    auf den Stand; True, wenn sich etwas geändert hat."""
    before = nbformat.writes(notebook)
    cells = notebook.cells
    cells[0].source = _replace_block(cells[0].source, BADGES_BEGIN, BADGES_END,
                                     badges(name), at_start=False)
    _sync_runtime(cells[0], name, read_times() if times is None else times)
    _sync_setup(notebook)
    for index, cell in enumerate(cells):
        cell.metadata.setdefault("slideshow", {})["slide_type"] = slide_type(cell, index)
        if is_solution(cell):
            collapse_solution(cell)
    return nbformat.writes(notebook) != before


def student_version(notebook):
    """Kopie ohne die Zellen mit dem Tag ``solution`` (Prüfzellen bleiben), mit nbconverts
    ``TagRemovePreprocessor``."""
    remover = TagRemovePreprocessor(remove_cell_tags={SOLUTION_TAG})
    student, _ = remover.preprocess(copy.deepcopy(notebook), {})
    return student


def notebook_paths() -> list[Path]:
    """Alle Kurs-Notebooks in ``notebooks/``, sortiert."""
    return sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def main(argv: list[str]) -> int:
    if argv[:1] == ["sync"]:
        wanted = set(argv[1:])  # ohne Namen alle Notebooks
        for path in notebook_paths():
            if wanted and path.name not in wanted:
                continue
            notebook = nbformat.read(path, as_version=4)
            if sync(notebook, path.name):
                nbformat.write(notebook, path)
                print(f"aktualisiert: {path.name}")
        return 0
    if argv[:1] == ["student"] and len(argv) == 2:
        target = Path(argv[1])
        target.mkdir(parents=True, exist_ok=True)
        for path in notebook_paths():
            student = student_version(nbformat.read(path, as_version=4))
            nbformat.write(student, target / path.name)
            print(f"Studierenden-Fassung: {target / path.name}")
        return 0
    print("Aufruf: python tools/course.py sync [NAME.ipynb …] | student ZIELORDNER")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
