"""Laufzeit und Speicherspitze jedes Notebooks messen, je Profil.

Jedes Notebook läuft in einem eigenen Prozess mit frischem Kernel, frischem
Zwischenspeicher für Trainings (also ein erster Start) und in einem leeren
Arbeitsordner. Gemessen werden die Wandzeit und die größte Speicherbelegung
(peak RSS) des Kernels. Das Ergebnis kommt nach ``bench/notebook_times.json``;
``make notebooks`` schreibt daraus die Zeile „Laufzeit“ in den Titel jedes
Notebooks (``lecture_utils.course``).

Aufruf::

    python bench/time_notebooks.py --profile quick [NAME.ipynb …]
    python bench/time_notebooks.py --profile laptop --offline   # ohne Netz (Stichproben)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "notebook_times.json"


def run_one(notebook: Path, timeout: int) -> dict:
    """Führt ein Notebook aus (in diesem Prozess als Elternprozess des Kernels)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    with tempfile.TemporaryDirectory() as work:
        os.environ["LECTURE_CHECKPOINT_DIR"] = str(Path(work) / "checkpoints")
        start = time.perf_counter()
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": work}}).execute()
        seconds = time.perf_counter() - start
    # ru_maxrss der beendeten Kindprozesse: der Kernel (Linux: KiB)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak_kib / 1024)}


def machine() -> str:
    from lecture_utils import device

    return f"{device.describe()}, {platform.system()}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="Dateinamen in notebooks/ (Vorgabe: alle)")
    parser.add_argument("--profile", required=True)
    parser.add_argument("--offline", action="store_true", help="LECTURE_OFFLINE=1")
    parser.add_argument("--timeout", type=int, default=3600, help="Sekunden je Zelle")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # innerer Aufruf: ein Notebook
    args = parser.parse_args(argv)

    if args.one:
        print(json.dumps(run_one(Path(args.one), args.timeout)))
        return 0

    from lecture_utils import profiles

    profiles.check_profile(args.profile)
    names = args.notebooks or [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    env = dict(os.environ, LECTURE_PROFILE=args.profile, TF_CPP_MIN_LOG_LEVEL="3")
    if args.offline:
        env["LECTURE_OFFLINE"] = "1"
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for name in names:
        path = ROOT / "notebooks" / name
        if not path.exists():
            raise ValueError(f"Kein Notebook {name!r} in notebooks/.")
        out = subprocess.run([sys.executable, __file__, "--profile", args.profile,
                              "--timeout", str(args.timeout), "--one", str(path)],
                             env=env, capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{name}: Fehler\n{out.stderr[-3000:]}", file=sys.stderr)
            return 1
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures.update(machine=machine(), offline=args.offline,
                       date=time.strftime("%Y-%m-%d"))
        results.setdefault(name, {})[args.profile] = figures
        print(f"{name:<45} {args.profile:<7} {figures['seconds']:>8.1f} s "
              f"{figures['peak_rss_mb']:>6} MB")
        RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False, sort_keys=True)
                           + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
