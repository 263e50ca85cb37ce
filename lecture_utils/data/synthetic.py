"""Künstliche Daten für 1D- und 3D-Konvolution: Signale und CT-artige Volumen.

Beide Datensätze entstehen aus einem festen Seed, also bei jedem Lauf gleich.
``data/make_synthetic.py`` schreibt sie in die mitgelieferten Dateien
``data/signals_1d.npz`` und ``data/volumes_3d.npz``; die Lader lesen diese
Dateien (nach Prüfung der sha256-Summe). Fehlt eine Datei oder ist sie
beschädigt, erzeugen die Lader dieselben Daten neu im Speicher.

* **Signale** (1D, „wie Audio“): 128 Samples, eine von vier Wellenformen –
  Sinus, Rechteck, Sägezahn, Chirp (Ton mit steigender Frequenz) – mit
  zufälliger Frequenz, Phase, Lautstärke und Rauschen.
* **Volumen** (3D, „wie ein CT“): 24×24×24 Voxel, ein ellipsoider „Kopf“ mit
  Schädel, Hirngewebe und zwei Ventrikeln; dazu eventuell eine kleine helle oder
  dunkle Läsion an zufälliger Stelle, plus Rauschen.

Die Lader geben ``(x_train, y_train), (x_test, y_test), class_names`` zurück;
``x`` ist float32 mit Kanalachse, ``y`` sind Klassennummern (uint8).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from lecture_utils.core import checks
from lecture_utils.data import downloads
from lecture_utils.data.loaders import sample_dir

SIGNAL_CLASSES = ("Sinus", "Rechteck", "Sägezahn", "Chirp")
VOLUME_CLASSES = ("ohne Läsion", "helle Läsion", "dunkle Läsion")
SIGNAL_LENGTH = 128
VOLUME_SIZE = 24
SIGNAL_COUNTS = (1600, 400)  # Training, Test
VOLUME_COUNTS = (400, 100)
SIGNAL_SEEDS = (1031, 1032)  # Training, Test
VOLUME_SEEDS = (1033, 1034)

FILES = {"signals": "signals_1d.npz", "volumes": "volumes_3d.npz"}
SHA256 = {  # der mitgelieferten Dateien, siehe data/README.md
    "signals": "93c2285417164087b129c111aeb45633fb674c2532aad7c6c4245828e6f0c22a",
    "volumes": "64fa603427c19bb54bf436a04e1187d78d4745340654e2ff75a90c1cadea9184",
}


# ---------------------------------------------------------------------------
# Signale (1D)
# ---------------------------------------------------------------------------


def waveform(kind: int, rng: np.random.Generator, length: int = SIGNAL_LENGTH) -> np.ndarray:
    """Eine Wellenform der Klasse ``kind`` (Index in ``SIGNAL_CLASSES``), ohne Rauschen."""
    kind = checks.whole_number(kind, "kind", minimum=0, maximum=len(SIGNAL_CLASSES) - 1)
    length = checks.whole_number(length, "length")
    _check_rng(rng)
    t = np.arange(length) / length
    frequency = rng.uniform(2.0, 6.0)  # Schwingungen pro Signal
    phase = rng.uniform(0.0, 2 * np.pi)
    amplitude = rng.uniform(0.5, 1.0)
    angle = 2 * np.pi * frequency * t + phase
    if kind == 0:
        wave = np.sin(angle)
    elif kind == 1:
        wave = np.where(np.sin(angle) >= 0, 1.0, -1.0)
    elif kind == 2:
        wave = 2 * ((angle / (2 * np.pi)) % 1.0) - 1
    else:  # kind == 3 (geprüft oben)
        start, sweep = rng.uniform(1.0, 3.0), rng.uniform(5.0, 9.0)
        wave = np.sin(2 * np.pi * (start * t + sweep * t**2 / 2) + phase)
    return amplitude * wave


def make_signals(count: int, seed: int = SIGNAL_SEEDS[0]):
    """``count`` verrauschte Signale, Klassen gleich oft und gemischt: ``(x, y)``.

    ``x`` hat die Form (count, 128, 1) und ist float16 (so gespeichert), ``y`` uint8.
    """
    rng = np.random.default_rng(checks.whole_number(seed, "seed", minimum=0))
    labels = _balanced_labels(count, len(SIGNAL_CLASSES), rng)
    x = np.empty((count, SIGNAL_LENGTH, 1), dtype=np.float16)
    for i, kind in enumerate(labels):
        noise = rng.normal(0.0, rng.uniform(0.1, 0.3), SIGNAL_LENGTH)
        x[i, :, 0] = waveform(int(kind), rng) + noise
    return x, labels


# ---------------------------------------------------------------------------
# Volumen (3D)
# ---------------------------------------------------------------------------


def phantom(kind: int, rng: np.random.Generator, size: int = VOLUME_SIZE) -> np.ndarray:
    """Ein Kopf-Phantom (Werte in [0, 1]) der Klasse ``kind`` (Index in ``VOLUME_CLASSES``)."""
    kind = checks.whole_number(kind, "kind", minimum=0, maximum=len(VOLUME_CLASSES) - 1)
    size = checks.whole_number(size, "size", minimum=2)
    _check_rng(rng)
    grid = np.stack(np.meshgrid(*[np.linspace(-1, 1, size)] * 3, indexing="ij"), axis=-1)
    center = rng.uniform(-0.05, 0.05, 3)
    radii = np.array([rng.uniform(0.7, 0.85), rng.uniform(0.75, 0.9), rng.uniform(0.7, 0.85)])
    head = _ellipsoid(grid, center, radii)  # < 1 innen
    volume = np.where(head < 1.0, 0.95, 0.0)  # Schädel …
    volume[head < 0.88] = 0.45  # … und Hirngewebe darin
    for side in (-1, 1):  # zwei Ventrikel
        offset = center + np.array([0.0, 0.05, side * 0.18]) * radii
        volume[_ellipsoid(grid, offset, radii * [0.25, 0.35, 0.1]) < 1.0] = 0.25
    if kind > 0:
        volume[_lesion(grid, center, radii, rng)] = 0.8 if kind == 1 else 0.1
    noise = rng.normal(0.0, 0.05, volume.shape)
    return np.clip(np.where(head < 1.0, volume + noise, 0.0), 0.0, 1.0)


def make_volumes(count: int, seed: int = VOLUME_SEEDS[0]):
    """``count`` Phantome, Klassen gleich oft und gemischt: ``(x, y)``.

    ``x`` hat die Form (count, 24, 24, 24, 1) und ist uint8 (0 bis 255, so
    gespeichert), ``y`` uint8.
    """
    rng = np.random.default_rng(checks.whole_number(seed, "seed", minimum=0))
    labels = _balanced_labels(count, len(VOLUME_CLASSES), rng)
    x = np.empty((count, VOLUME_SIZE, VOLUME_SIZE, VOLUME_SIZE, 1), dtype=np.uint8)
    for i, kind in enumerate(labels):
        x[i, ..., 0] = np.round(phantom(int(kind), rng) * 255)
    return x, labels


def _ellipsoid(grid, center, radii) -> np.ndarray:
    """Normierter Abstand zum Mittelpunkt: < 1 innerhalb des Ellipsoids."""
    return np.sqrt((((grid - center) / radii) ** 2).sum(axis=-1))


def _lesion(grid, center, radii, rng) -> np.ndarray:
    """Maske einer kleinen Kugel an zufälliger Stelle im Hirngewebe (neben den Ventrikeln)."""
    direction = rng.normal(size=3)
    direction /= np.linalg.norm(direction)
    position = center + direction * radii * rng.uniform(0.35, 0.6)
    return _ellipsoid(grid, position, rng.uniform(0.25, 0.35)) < 1.0


# ---------------------------------------------------------------------------
# Datensätze erzeugen und laden
# ---------------------------------------------------------------------------


def generate(name: str) -> dict[str, np.ndarray]:
    """Der ganze Datensatz ``'signals'`` oder ``'volumes'`` wie gespeichert.

    Training und Test haben je einen eigenen Seed; beide enthalten jede Klasse
    (fast) gleich oft.
    """
    makers = {"signals": (make_signals, SIGNAL_COUNTS, SIGNAL_SEEDS),
              "volumes": (make_volumes, VOLUME_COUNTS, VOLUME_SEEDS)}
    if not isinstance(name, str) or name not in makers:
        raise ValueError(f"Unbekannter Datensatz {name!r}; erlaubt sind: {', '.join(makers)}.")
    make, counts, seeds = makers[name]
    (x_train, y_train), (x_test, y_test) = (make(n, seed) for n, seed in zip(counts, seeds))
    return {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}


def load_signals(*, verbose: bool = True):
    """Die Signale: ``(x_train, y_train), (x_test, y_test), class_names``.

    ``x`` hat die Form (N, 128, 1), float32; ``y`` die Klassennummern (N,).
    """
    arrays = _load("signals", verbose)
    x_train, x_test = (arrays[k].astype("float32") for k in ("x_train", "x_test"))
    return (x_train, arrays["y_train"]), (x_test, arrays["y_test"]), SIGNAL_CLASSES


def load_volumes(*, verbose: bool = True):
    """Die Phantome: ``(x_train, y_train), (x_test, y_test), class_names``.

    ``x`` hat die Form (N, 24, 24, 24, 1), float32 in [0, 1]; ``y`` (N,).
    """
    arrays = _load("volumes", verbose)
    x_train, x_test = (arrays[k].astype("float32") / 255.0 for k in ("x_train", "x_test"))
    return (x_train, arrays["y_train"]), (x_test, arrays["y_test"]), VOLUME_CLASSES


def data_path(name: str) -> Path:
    """Pfad der mitgelieferten Datei (im Ordner ``data.sample_dir()``)."""
    return sample_dir() / FILES[checks.one_of(name, "name", FILES)]


def _load(name: str, verbose: bool) -> dict[str, np.ndarray]:
    verbose = checks.flag(verbose, "verbose")
    path = data_path(name)
    if downloads.matches(path, [{"sha256": SHA256[name]}]):
        with np.load(path) as stored:
            return {key: stored[key] for key in ("x_train", "y_train", "x_test", "y_test")}
    if verbose:
        problem = "fehlt" if not path.is_file() else "ist beschädigt (Prüfsumme stimmt nicht)"
        print(f"Hinweis: Die Datei {path} {problem}; die Daten werden mit festem Seed neu "
              "erzeugt (dauert einige Sekunden, Ergebnis identisch).")
    return generate(name)


def _check_rng(rng) -> None:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng muss ein np.random.Generator sein (np.random.default_rng(seed)), "
                        f"erhalten: {rng!r}.")


def _balanced_labels(count: int, classes: int, rng: np.random.Generator) -> np.ndarray:
    count = checks.whole_number(count, "count")
    return rng.permutation(np.arange(count) % classes).astype(np.uint8)
