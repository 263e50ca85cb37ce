"""Richtet JupyterLab für den Kurs ein, nur in der Kursumgebung (``sys.prefix``).

``make lab`` (und auf Binder ``postBuild``) ruft es mit dem Python der Umgebung auf:

* **Kernel** ``python3`` der Umgebung (``<prefix>/share/jupyter/kernels/python3``):
  TensorFlows C++-Protokoll ist aus, bevor TensorFlow geladen wird
  (``env`` mit ``TF_CPP_MIN_LOG_LEVEL=3``), und was C-Bibliotheken direkt auf den
  Fehlerkanal schreiben, geht ins Terminal statt ins Notebook
  (``--IPKernelApp.capture_fd_output=False``). Das braucht es für TensorFlow 2.21: Die
  Zeilen „All log messages before absl::InitializeLog() …“, „oneDNN custom operations
  …“ und „Could not find cuda drivers …“ schreibt es beim Laden der Bibliothek, bevor
  es ``TF_CPP_MIN_LOG_LEVEL`` liest; keine Umgebungsvariable stellt sie ab (nur die
  oneDNN-Zeile verschwindet mit ``TF_ENABLE_ONEDNN_OPTS=0``, das aber die schnelleren
  oneDNN-Rechenwege abschaltet). Python-Warnungen und Fehlermeldungen erscheinen weiter
  im Notebook.
* **Sprache**: Deutsch als Vorgabe in ``<prefix>/share/jupyter/lab/settings/overrides.json``
  (dazu: keine englische Frage nach Jupyter-Neuigkeiten)
  (das Sprachpaket ``jupyterlab-language-pack-de-DE`` installiert der Kurs mit). Die
  eigenen Einstellungen der Nutzerin (``~/.jupyter``) bleiben unberührt; wer dort eine
  andere Sprache wählt, behält sie.
* **git-Filter** (nur in einem git-Repository, ``--ohne-git`` lässt es aus): nbstripout
  als ``filter.nbstripout`` in ``.git/config`` dieses Repositorys, damit Notebooks aus
  ``notebooks/`` ohne Ausgaben committet werden (``.gitattributes`` nennt sie).

Braucht nur die Standardbibliothek.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# dieselben Werte wie QUIET_ENV in tools/course.py (ein Test prüft das)
KERNEL_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ONEDNN_USE_SYSTEM_ALLOCATOR": "1"}
# Vorgaben der Kursumgebung: Deutsch; keine (englische) Frage nach Jupyter-Neuigkeiten
OVERRIDES = {"@jupyterlab/translation-extension:plugin": {"locale": "de_DE"},
             "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}
# nbstripout ab 0.8 nummeriert sonst die Zell-IDs neu; was JupyterLab beim Speichern
# über die Python-Version ergänzt, fällt auch weg (gespeichert ist nur der Name)
LANGUAGE_INFO = ("codemirror_mode", "file_extension", "mimetype", "nbconvert_exporter",
                 "pygments_lexer", "version")
NBSTRIPOUT_ARGS = ["-m", "nbstripout", "--keep-id", "--extra-keys",
                   " ".join(f"metadata.language_info.{key}" for key in LANGUAGE_INFO)]


def kernel_spec(python: str) -> dict:
    """Der Kernel ``python3`` des Kurses (wie der von ipykernel, plus Umgebung)."""
    return {
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.capture_fd_output=False"],
        "display_name": "Python 3",  # wie in den Notebooks gespeichert: keine Änderung beim Öffnen
        "language": "python",
        "env": dict(KERNEL_ENV),
        "metadata": {"debugger": True},
    }


def write_kernel(prefix: Path, python: str) -> Path:
    folder = prefix / "share" / "jupyter" / "kernels" / "python3"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kernel.json"
    path.write_text(json.dumps(kernel_spec(python), indent=1) + "\n", encoding="utf-8")
    return path


def write_locale(prefix: Path) -> Path:
    """Deutsch als Vorgabe (und ``OVERRIDES``); andere Einträge in overrides.json bleiben."""
    path = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        settings = {}
    if not isinstance(settings, dict):
        settings = {}
    for plugin, values in OVERRIDES.items():
        settings.setdefault(plugin, {}).update(values)
    path.write_text(json.dumps(settings, indent=1) + "\n", encoding="utf-8")
    return path


def git_filter_commands(python: str) -> list[list[str]]:
    """Die ``git config``-Aufrufe für den nbstripout-Filter (wie ``nbstripout --install``)."""
    clean = " ".join(shlex.quote(part) for part in [python, *NBSTRIPOUT_ARGS])
    return [
        ["git", "config", "filter.nbstripout.clean", clean],
        ["git", "config", "filter.nbstripout.smudge", "cat"],
        ["git", "config", "diff.ipynb.textconv", f"{clean} -t"],
    ]


def setup_git_filter(repo: Path, python: str) -> bool:
    inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=repo,
                            capture_output=True, text=True)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return False
    for command in git_filter_commands(python):
        subprocess.run(command, cwd=repo, check=True)
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="JupyterLab für den Kurs einrichten")
    parser.add_argument("--ohne-git", action="store_true", help="keinen git-Filter einrichten")
    args = parser.parse_args(argv)
    prefix, python = Path(sys.prefix), sys.executable
    write_kernel(prefix, python)
    write_locale(prefix)
    if not args.ohne_git:
        try:
            setup_git_filter(ROOT, python)
        except (OSError, subprocess.CalledProcessError) as error:
            print(f"Hinweis: git-Filter für Notebooks nicht eingerichtet ({error}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
