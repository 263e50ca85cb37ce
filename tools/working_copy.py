"""Der Arbeitsordner der Studierenden: eigene Kopien der Kurs-Notebooks.

``make lab`` ruft ``start`` auf: Beim ersten Start kopiert es jedes Notebook aus
``notebooks/`` in den Arbeitsordner (git-ignoriert, Vorgabe ``arbeitsordner/``) und
merkt sich in ``.kurs-stand.json``, von welcher Fassung des Kurses jede Kopie stammt
(Prüfsumme des Notebooks ohne Ausgaben). Bei jedem späteren Start sagt es, welche
Notebooks der Kurs inzwischen neu gefasst hat. Eine vorhandene Kopie wird nie
überschrieben; fehlt eine (gelöscht oder ein neues Notebook im Kurs), wird sie angelegt.

``make neue-versionen`` ruft ``neue-versionen`` auf: Es legt jede neue Fassung als
``NAME.neu.ipynb`` neben die eigene Kopie (gibt es die schon, ``NAME.neu-2.ipynb`` usw.)
und vermerkt sie im Stand.

Aufruf::

    python tools/working_copy.py start [--kurs notebooks] [--ordner arbeitsordner]
    python tools/working_copy.py neue-versionen [--kurs …] [--ordner …]

Braucht nur die Standardbibliothek und nbformat.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import nbformat

STATE_FILE = ".kurs-stand.json"
ROOT = Path(__file__).resolve().parent.parent


def version(path: Path) -> str:
    """Prüfsumme der Fassung eines Notebooks: ohne Ausgaben, Zählnummern und Widget-Zustand,
    damit nur der Inhalt zählt, nicht ob jemand es ausgeführt hat."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)
    text = json.dumps(notebook, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_state(folder: Path) -> dict[str, str]:
    """Der gemerkte Stand: Notebook-Name → Prüfsumme der Kursfassung der Kopie."""
    try:
        state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    notebooks = state.get("notebooks", {}) if isinstance(state, dict) else {}
    return {k: v for k, v in notebooks.items() if isinstance(v, str)}


def write_state(folder: Path, state: dict[str, str]) -> None:
    path = folder / STATE_FILE
    partial = path.with_name(path.name + ".tmp")
    text = json.dumps({"hinweis": "Von make lab verwaltet: aus welcher Kursfassung jede "
                                  "Kopie stammt. Nicht von Hand ändern.",
                       "notebooks": dict(sorted(state.items()))}, indent=1, ensure_ascii=False)
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, path)


def _course_notebooks(course: Path) -> list[Path]:
    if not course.is_dir():
        raise ValueError(f"Der Kursordner {course} existiert nicht.")
    return sorted(p for p in course.glob("*.ipynb") if ".neu" not in p.stem)


def _new_versions(course: Path, folder: Path, state: dict[str, str]) -> list[tuple[Path, str]]:
    """(Kursnotebook, Prüfsumme) für jede vorhandene Kopie, deren Kursfassung sich geändert hat."""
    found = []
    for source in _course_notebooks(course):
        copy = folder / source.name
        current = version(source)
        if not copy.exists() or state.get(source.name) == current:
            continue
        if source.name not in state and version(copy) == current:
            state[source.name] = current  # Stand verloren, aber die Kopie ist unverändert
            continue
        found.append((source, current))
    return found


def start(course: Path, folder: Path, say=print) -> dict[str, list[str]]:
    """Legt fehlende Kopien an und sagt, welche Notebooks neue Fassungen haben.

    Gibt ``{"kopiert": [...], "neu": [...]}`` mit Dateinamen zurück."""
    first = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    state = read_state(folder)
    copied = []
    for source in _course_notebooks(course):
        copy = folder / source.name
        if not copy.exists():
            shutil.copyfile(source, copy)
            state[source.name] = version(source)
            copied.append(source.name)
    new = _new_versions(course, folder, state)
    write_state(folder, state)

    where = _shown(folder)
    if first:
        say(f"Ihr Arbeitsordner {where} ist angelegt: {len(copied)} Notebooks kopiert. Dort "
            "arbeiten Sie; der Kurs selbst (notebooks/) bleibt unverändert, git pull geht immer.")
    elif copied:
        say(f"In {where} neu angelegt: {', '.join(copied)}.")
    if new:
        names = ", ".join(source.name for source, _ in new)
        say(f"Neue Fassungen im Kurs: {names}. Ihre Kopien bleiben, wie sie sind. "
            "`make neue-versionen` legt die neuen Fassungen daneben (NAME.neu.ipynb).")
    elif not first:
        say(f"Arbeitsordner {where}: Ihre Kopien sind auf dem Stand des Kurses.")
    return {"kopiert": copied, "neu": [source.name for source, _ in new]}


def _free_name(folder: Path, stem: str) -> Path:
    target = folder / f"{stem}.neu.ipynb"
    number = 2
    while target.exists():
        target = folder / f"{stem}.neu-{number}.ipynb"
        number += 1
    return target


def new_versions(course: Path, folder: Path, say=print) -> list[Path]:
    """Legt jede neue Kursfassung als ``NAME.neu.ipynb`` neben die eigene Kopie (nie über
    eine vorhandene Datei) und vermerkt sie im Stand. Gibt die neuen Dateien zurück."""
    if not folder.exists():
        start(course, folder, say)
        return []
    state = read_state(folder)
    written = []
    for source in _course_notebooks(course):  # fehlende Kopien: einfach anlegen
        if not (folder / source.name).exists():
            shutil.copyfile(source, folder / source.name)
            state[source.name] = version(source)
            say(f"{source.name}: fehlte in {_shown(folder)} und ist jetzt angelegt.")
    for source, current in _new_versions(course, folder, state):
        target = _free_name(folder, source.stem)
        shutil.copyfile(source, target)
        state[source.name] = current
        written.append(target)
        say(f"{source.name}: neue Fassung liegt daneben als {target.name}; "
            "Ihre Kopie bleibt, wie sie ist.")
    write_state(folder, state)
    if not written:
        say(f"Keine neuen Fassungen: Ihre Kopien in {_shown(folder)} sind auf dem Stand "
            "des Kurses.")
    return written


def _shown(folder: Path) -> str:
    try:
        return f"{folder.resolve().relative_to(Path.cwd().resolve())}/"
    except ValueError:
        return f"{folder}/"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Arbeitsordner mit eigenen Kopien der Notebooks")
    parser.add_argument("befehl", choices=["start", "neue-versionen"])
    parser.add_argument("--kurs", type=Path, default=ROOT / "notebooks")
    parser.add_argument("--ordner", type=Path, default=ROOT / "arbeitsordner")
    args = parser.parse_args(argv)
    try:
        if args.befehl == "start":
            start(args.kurs, args.ordner)
        else:
            new_versions(args.kurs, args.ordner)
    except (ValueError, OSError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
