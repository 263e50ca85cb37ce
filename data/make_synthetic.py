"""Baut die künstlichen Datensätze für Notebook 10.3 (reproduzierbar, fester Seed).

Aufruf aus dem Wurzelordner des Repositorys::

    .venv/bin/python data/make_synthetic.py            # schreibt data/*.npz
    .venv/bin/python data/make_synthetic.py --check    # prüft nur, schreibt nichts

Erzeugt mit ``lecture_utils.data.synthetic``:

- ``signals_1d.npz``: 1.600 + 400 Signale (128 Samples, float16), vier Wellenformen,
- ``volumes_3d.npz``: 400 + 100 Kopf-Phantome (24×24×24 Voxel, uint8), drei Klassen.

Die npz-Dateien haben dasselbe Format wie ``np.savez_compressed``, aber einen festen
Zeitstempel im zip, damit ein erneuter Lauf bitgleiche Dateien liefert. Ausgegeben
werden Größe und sha256; diese gehören in ``synthetic.SHA256`` und data/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from lecture_utils.data import synthetic  # noqa: E402

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Wie ``np.savez_compressed``, nur mit festem Zeitstempel (bitgleich reproduzierbar)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=REPO_ROOT / "data",
                        help="Zielordner der Dateien")
    parser.add_argument("--check", action="store_true",
                        help="nur prüfen, ob neu erzeugte Dateien den Prüfsummen entsprechen")
    args = parser.parse_args(argv)

    status = 0
    for name, filename in synthetic.FILES.items():
        arrays = synthetic.generate(name)
        raw = npz_bytes(arrays)
        digest = hashlib.sha256(raw).hexdigest()
        shapes = ", ".join(f"{key} {value.shape} {value.dtype}" for key, value in arrays.items())
        print(f"{filename}: {len(raw):,} Bytes, sha256 {digest}\n  {shapes}")
        if args.check:
            if digest != synthetic.SHA256[name]:
                print(f"  ≠ erwartet {synthetic.SHA256[name]}")
                status = 1
        else:
            (args.out_dir / filename).write_bytes(raw)
    return status


if __name__ == "__main__":
    sys.exit(main())
