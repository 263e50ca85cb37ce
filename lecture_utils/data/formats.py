"""Dateiformate der Datensätze lesen: IDX (MNIST), die CIFAR-10-Binärdateien und npz.

- **IDX** ist das Format der MNIST-Originaldateien (auch Fashion-MNIST): ein kurzer Kopf
  mit den Dimensionen, danach die Bytes der Bilder oder Labels. ``parse_idx`` liest eine
  entpackte Datei, ``read_idx_gz`` eine gzip-gepackte, ``read_idx_folder`` die vier
  Dateien (Training und Test, Bilder und Labels) eines Ordners.
- **CIFAR-10** (Binärversion): je Bild ein Label-Byte und 3.072 Pixel-Bytes;
  ``read_cifar_tar`` liest die sechs Dateien direkt aus dem Archiv.
- **npz**: ``read_npz`` liest x_train, y_train, x_test, y_test (so speichert Keras MNIST
  und so liegen die Stichproben vor).

Alle Leser geben uint8-Arrays zurück, wie ``keras.datasets``; eine kaputte Datei gibt
einen deutschen ``ValueError``. Das Modul braucht nur numpy und die Standardbibliothek.
"""

from __future__ import annotations

import gzip
import struct
import tarfile
import zipfile
from pathlib import Path

import numpy as np

from lecture_utils.data import catalog

Arrays = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


def parse_idx(raw: bytes) -> np.ndarray:
    """Liest eine entpackte IDX-Datei (Format von MNIST) als uint8-Array.

    Prüft die magische Zahl und dass die Dateigröße zu den Dimensionen passt.
    """
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse_idx braucht den Inhalt der Datei als bytes, "
                        f"erhalten: {type(raw).__name__}.")
    raw = bytes(raw)
    if len(raw) < 4 or raw[:3] != b"\x00\x00\x08":
        raise ValueError("Keine IDX-Datei mit uint8-Werten: die magische Zahl fehlt.")
    ndim = raw[3]
    header_size = 4 + 4 * ndim
    if ndim == 0 or len(raw) < header_size:
        raise ValueError(f"IDX-Kopf unvollständig (Dimensionen: {ndim}).")
    shape = struct.unpack(f">{ndim}I", raw[4:header_size])
    if len(raw) != header_size + int(np.prod(shape)):
        raise ValueError(
            f"IDX-Datei hat {len(raw)} Bytes, erwartet für die Form {shape} "
            f"sind {header_size + int(np.prod(shape))}."
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header_size).reshape(shape).copy()


def read_idx_gz(path: Path) -> np.ndarray:
    """Entpackt eine IDX-Datei im gzip-Format und liest sie mit ``parse_idx``."""
    try:
        raw = gzip.decompress(Path(path).read_bytes())
    except (OSError, EOFError) as error:
        raise ValueError(f"Die Datei {path} lässt sich nicht entpacken ({error}).") from None
    return parse_idx(raw)


def read_idx_folder(directory: Path) -> Arrays:
    """Liest die vier IDX-Dateien (gzip) eines Ordners: ``train-…`` und ``t10k-…``."""
    def read(prefix: str) -> tuple[np.ndarray, np.ndarray]:
        images = read_idx_gz(directory / f"{prefix}-images-idx3-ubyte.gz")
        labels = read_idx_gz(directory / f"{prefix}-labels-idx1-ubyte.gz")
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise ValueError(f"Bilder {images.shape} und Labels {labels.shape} in "
                             f"{directory} passen nicht zusammen.")
        return images, labels

    return read("train"), read("t10k")


def read_cifar_tar(path: Path) -> Arrays:
    """Liest die sechs Binärdateien aus dem CIFAR-10-Archiv, ohne es auszupacken."""
    with tarfile.open(path, "r:gz") as archive:
        train = [cifar_records(_tar_member(archive, name))
                 for name in catalog.CIFAR10_TRAIN_MEMBERS]
        test = cifar_records(_tar_member(archive, catalog.CIFAR10_TEST_MEMBER))
    x_train = np.concatenate([x for x, _ in train])
    y_train = np.concatenate([y for _, y in train])
    return (x_train, y_train), test


def _tar_member(archive: tarfile.TarFile, name: str) -> bytes:
    """Liest eine Datei aus dem tar-Archiv; fehlt sie, gibt es einen ValueError."""
    try:
        return archive.extractfile(name).read()
    except (KeyError, AttributeError):
        raise ValueError(f"Im CIFAR-10-Archiv fehlt die Datei {name}.") from None


def cifar_records(raw: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Zerlegt eine CIFAR-10-Binärdatei: je Bild 1 Label-Byte + 3072 Pixel-Bytes.

    Die Pixel liegen kanalweise vor (erst alle Rot-, dann Grün-, dann Blauwerte);
    Keras erwartet (Höhe, Breite, Kanäle), daher das Umsortieren.
    """
    if len(raw) == 0 or len(raw) % 3073 != 0:
        raise ValueError(f"CIFAR-10-Binärdatei hat {len(raw)} Bytes, kein Vielfaches von 3073.")
    records = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3073)
    labels = records[:, :1].copy()
    images = records[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), labels


def read_npz(path: Path) -> Arrays:
    """Liest eine npz-Datei mit x_train, y_train, x_test, y_test."""
    try:
        with np.load(path) as arrays:
            train = arrays["x_train"], arrays["y_train"]
            test = arrays["x_test"], arrays["y_test"]
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise ValueError(f"Die Datei {path} ist keine gültige Datensatz-Datei ({error}).") \
            from None
    return train, test
