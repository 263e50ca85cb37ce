"""Laufzeit und Speicherspitze jedes Notebooks messen, je Profil.

Jedes Notebook läuft in einem eigenen Prozess mit frischem Kernel, frischem
Zwischenspeicher für Trainings (also ein erster Start) und in einem leeren
Arbeitsordner. Gemessen werden die Wandzeit und die größte Speicherbelegung
(peak RSS) des Kernels. Das Ergebnis kommt nach ``bench/notebook_times.json``;
``make notebooks`` schreibt daraus die Zeile „Laufzeit“ in den Titel jedes
Notebooks (``tools/course.py``).

Aufruf::

    python bench/time_notebooks.py --profile quick [NAME.ipynb …]
    python bench/time_notebooks.py --profile laptop --offline   # ohne Netz (Stichproben)
    python bench/time_notebooks.py --profile laptop --full-size # Daten in voller Größe

``--full-size`` misst offline mit Daten in der Größe, die ein Studierender online
bekommt: Statt der MNIST-Stichprobe kommt das volle Fashion-MNIST (gleiche Form und
Anzahl: 60.000 + 10.000 Bilder 28×28), statt der CIFAR-10-Stichprobe dieselbe Stichprobe,
wiederholt bis 50.000 + 10.000 Bilder. Das erledigt eine Startdatei des Kernels
(``STANDIN_STARTUP``), die ``lecture_utils.data.loaders._from_sample`` ersetzt; die Notebooks
selbst bleiben unverändert.
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


STANDIN_STARTUP = '''
# Von bench/time_notebooks.py --full-size geschrieben: Daten in voller Größe, offline.
import numpy as np
from lecture_utils import data as _data
from lecture_utils.data import loaders as _loaders

_sample = _loaders._from_sample


def _tile(x, y, n):
    index = np.arange(n) % len(x)
    return x[index], y[index]


def _full_size(name, say, *, reason):
    if name == "mnist":  # Stellvertreter: volles Fashion-MNIST, gleiche Form und Anzahl
        result = _data.load_fashion_mnist(verbose=False)
    elif name == "cifar10":  # Stellvertreter: die Stichprobe, wiederholt bis 50.000/10.000
        (x, y), (xt, yt) = _sample(name, lambda message: None, reason=reason)
        result = (_tile(x, y, 50_000), _tile(xt, yt, 10_000))
    else:
        return _sample(name, say, reason=reason)
    say(f"Messlauf: {name} durch Daten in voller Größe ersetzt "
        f"({len(result[0][0])} + {len(result[1][0])} Bilder).")
    _loaders._last_sources[name] = "cache"
    return result


_loaders._from_sample = _full_size
'''


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


def table(results: dict, profile: str, limit_s: float = 900, limit_mb: float = 1800) -> str:
    """Markdown-Tabelle: Laufzeit und Speicherspitze je Notebook im Profil ``profile``,
    mit den Zielen aus Issue 12 (höchstens 15 min und 1,8 GB)."""
    rows = ["| Notebook | Laufzeit | Speicherspitze (peak RSS) | Daten | gemessen |",
            "| --- | --- | --- | --- | --- |"]
    for name, by_profile in sorted(results.items()):
        entry = by_profile.get(profile)
        if entry is None:
            continue
        minutes = f"{entry['seconds'] / 60:.1f}".replace(".", ",") + " min"
        if entry["seconds"] > limit_s:
            minutes += " (über 15 min)"
        memory = f"{entry['peak_rss_mb']} MB"
        if entry["peak_rss_mb"] > limit_mb:
            memory += " (über 1,8 GB)"
        kind = ("volle Größe" if entry.get("full_size")
                else "Stichproben" if entry.get("offline") else "online")
        rows.append(f"| {name} | {minutes} | {memory} | {kind} | "
                    f"{entry['date']}, {entry['machine']} |")
    return "\n".join(rows)


def machine() -> str:
    from lecture_utils.core import device

    return f"{device.describe()}, {platform.system()}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", help="Dateinamen in notebooks/ (Vorgabe: alle)")
    parser.add_argument("--profile", default="laptop")
    parser.add_argument("--offline", action="store_true", help="LECTURE_OFFLINE=1")
    parser.add_argument("--full-size", action="store_true",
                        help="offline mit Daten in voller Größe (Stellvertreter, siehe oben)")
    parser.add_argument("--json", type=Path, default=RESULTS,
                        help="Ergebnisdatei (Vorgabe: bench/notebook_times.json)")
    parser.add_argument("--timeout", type=int, default=3600, help="Sekunden je Zelle")
    parser.add_argument("--table", action="store_true",
                        help="nur die Tabelle für bench/README.md aus der Ergebnisdatei ausgeben")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # innerer Aufruf: ein Notebook
    args = parser.parse_args(argv)

    if args.one:
        print(json.dumps(run_one(Path(args.one), args.timeout)))
        return 0
    if args.table:
        print(table(json.loads(args.json.read_text()), args.profile))
        return 0

    from lecture_utils.core import profiles

    profiles.check_profile(args.profile)
    names = args.notebooks or [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    env = dict(os.environ, LECTURE_PROFILE=args.profile, TF_CPP_MIN_LOG_LEVEL="3")
    if args.offline or args.full_size:
        env["LECTURE_OFFLINE"] = "1"
    ipython_dir = tempfile.mkdtemp(prefix="ipython-")  # eigene Kernel-Einstellungen
    env["IPYTHONDIR"] = ipython_dir
    if args.full_size:
        startup = Path(ipython_dir) / "profile_default" / "startup"
        startup.mkdir(parents=True)
        (startup / "00-full-size.py").write_text(STANDIN_STARTUP)
    results = json.loads(args.json.read_text()) if args.json.exists() else {}
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
        figures.update(machine=machine(), offline=args.offline or args.full_size,
                       full_size=args.full_size,
                       date=time.strftime("%Y-%m-%d"))
        results.setdefault(name, {})[args.profile] = figures
        print(f"{name:<45} {args.profile:<7} {figures['seconds']:>8.1f} s "
              f"{figures['peak_rss_mb']:>6} MB")
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, sort_keys=True)
                           + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
