"""Baut die mitgelieferten Stichproben in data/ (reproduzierbar, fester Seed).

Aufruf aus dem Wurzelordner des Repositorys::

    .venv/bin/python data/make_samples.py
    .venv/bin/python data/make_samples.py --shared-dir /pfad/zu/shared/data \\
        --fashion-dir /usr/share/datasets/fashion-mnist --out-dir data

Erzeugt:

- ``mnist_sample.npz``: die 10.000 offiziellen MNIST-Testbilder, mit festem Seed
  zufällig aufgeteilt in 8.000 "Trainings-" und 2.000 Testbilder,
- ``cifar10_sample.npz``: die 984 CIFAR-10-Bilder aus ``cifar10_sample.npz`` der
  Vorlage, aufgeteilt nach ihrer Spalte ``split`` (820 / 164), Labels als (N, 1),
- ``fashion_mnist_sample.npz``: die ersten 2.000 Trainings- und 500 Testbilder
  von Fashion-MNIST (Debian-Paket dataset-fashion-mnist).

Jede Eingabedatei wird vor dem Lesen an ihrer sha256-Prüfsumme erkannt. Die npz-
Dateien haben dasselbe Format wie ``np.savez_compressed``, aber einen festen
Zeitstempel im zip, damit ein erneuter Lauf bitgleiche Dateien liefert.
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

from lecture_utils.data import catalog, formats  # noqa: E402

SEED = 10
MNIST_TRAIN_SIZE = 8_000
FASHION_TRAIN_SIZE = 2_000
FASHION_TEST_SIZE = 500

# Prüfsummen der Vorlagen, übernommen aus shared/data/README.md.
SHARED_SHA256 = {
    "mnist/t10k-images-idx3-ubyte.gz":
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "mnist/t10k-labels-idx1-ubyte.gz":
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    "cifar10_sample.npz":
        "c742ce18d1b20e8265242c9f16f891c7815145729ee42b6fa5d9c45cf9236878",
}
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def sha256(path: Path) -> str:
    """sha256 einer Datei als Hex-Text."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verified(path: Path, *accepted: str) -> Path:
    """Gibt ``path`` zurück, wenn die Datei eine der erwarteten Prüfsummen hat."""
    actual = sha256(path)
    if actual not in accepted:
        raise SystemExit(f"Prüfsumme von {path} stimmt nicht: {actual}")
    return path


def build_mnist(shared: Path) -> dict[str, np.ndarray]:
    """MNIST-Testdaten zufällig (fester Seed) in 8.000 / 2.000 aufteilen."""
    images = formats.read_idx_gz(verified(shared / "mnist/t10k-images-idx3-ubyte.gz",
                                  SHARED_SHA256["mnist/t10k-images-idx3-ubyte.gz"]))
    labels = formats.read_idx_gz(verified(shared / "mnist/t10k-labels-idx1-ubyte.gz",
                                  SHARED_SHA256["mnist/t10k-labels-idx1-ubyte.gz"]))
    order = np.random.default_rng(SEED).permutation(len(images))
    train, test = order[:MNIST_TRAIN_SIZE], order[MNIST_TRAIN_SIZE:]
    return {"x_train": images[train], "y_train": labels[train],
            "x_test": images[test], "y_test": labels[test]}


def build_cifar10(shared: Path) -> dict[str, np.ndarray]:
    """Die CIFAR-10-Vorlage nach ihrer Spalte ``split`` trennen, Labels als (N, 1)."""
    path = verified(shared / "cifar10_sample.npz", SHARED_SHA256["cifar10_sample.npz"])
    with np.load(path) as source:
        x, y, split = source["x"], source["y"], source["split"]
    train, test = split == "train", split == "test"
    return {"x_train": x[train], "y_train": y[train].reshape(-1, 1).astype(np.uint8),
            "x_test": x[test], "y_test": y[test].reshape(-1, 1).astype(np.uint8)}


def build_fashion_mnist(fashion_dir: Path) -> dict[str, np.ndarray]:
    """Die ersten 2.000 Trainings- und 500 Testbilder von Fashion-MNIST."""
    def read(name: str, count: int) -> np.ndarray:
        path = fashion_dir / name
        accepted = (catalog.FASHION_MNIST_FILES[name]["sha256"],
                    catalog.FASHION_MNIST_DEBIAN[name]["sha256"])
        return formats.read_idx_gz(verified(path, *accepted))[:count]

    return {"x_train": read("train-images-idx3-ubyte.gz", FASHION_TRAIN_SIZE),
            "y_train": read("train-labels-idx1-ubyte.gz", FASHION_TRAIN_SIZE),
            "x_test": read("t10k-images-idx3-ubyte.gz", FASHION_TEST_SIZE),
            "y_test": read("t10k-labels-idx1-ubyte.gz", FASHION_TEST_SIZE)}


def save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Wie ``np.savez_compressed``, nur mit festem Zeitstempel (bitgleich reproduzierbar)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array, dtype=np.uint8),
                                     allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-dir", type=Path, default=Path("/work/shared/data"),
                        help="Ordner mit mnist/ und cifar10_sample.npz")
    parser.add_argument("--fashion-dir", type=Path,
                        default=Path(catalog.FASHION_MNIST_SYSTEM_DIR),
                        help="Ordner mit den vier Fashion-MNIST-Dateien (IDX, gzip)")
    parser.add_argument("--out-dir", type=Path, default=REPO_ROOT / "data",
                        help="Zielordner der Stichproben")
    args = parser.parse_args(argv)

    builders = {"mnist": lambda: build_mnist(args.shared_dir),
                "cifar10": lambda: build_cifar10(args.shared_dir),
                "fashion_mnist": lambda: build_fashion_mnist(args.fashion_dir)}
    for name, build in builders.items():
        path = args.out_dir / catalog.SAMPLE_FILES[name]
        arrays = build()
        save_npz(path, arrays)
        shapes = ", ".join(f"{key} {value.shape}" for key, value in arrays.items())
        print(f"{path.name}: {path.stat().st_size:,} Bytes, sha256 {sha256(path)}\n  {shapes}")


if __name__ == "__main__":
    main()
