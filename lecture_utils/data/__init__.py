"""Datensätze laden: MNIST, Fashion-MNIST und CIFAR-10.

Die Lader geben dieselben Arrays zurück wie ``keras.datasets.<name>.load_data()``::

    (x_train, y_train), (x_test, y_test) = data.load_mnist()

Woher die Daten kommen, wird der Reihe nach geprüft:

1. der lokale Cache (``LECTURE_DATA_DIR``, sonst ``~/.cache/lecture_utils``),
2. eine Systemkopie (nur Fashion-MNIST: Debians ``/usr/share/datasets/fashion-mnist``,
   änderbar mit ``LECTURE_FASHION_MNIST_DIR``),
3. ein Download in den Cache mit ``keras.utils.get_file`` (Fortschrittsbalken,
   Prüfsumme; nie bei ``LECTURE_OFFLINE=1``),
4. die mitgelieferte Stichprobe (``sample_dir()``: der Ordner ``data/`` des
   Repositorys, im installierten Paket ``lecture_utils/samples``), mit einem
   deutschen Hinweis.

Jede Datei wird vor dem Lesen an ihrer Prüfsumme erkannt; eine beschädigte
Cache-Datei wird gemeldet, gelöscht und durch die nächste Quelle ersetzt.
``last_source(name)`` verrät, welche Quelle zuletzt verwendet wurde.

Das Modul braucht numpy und die Standardbibliothek; Keras wird erst für einen
Download geladen.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.client
import io
import os
import shutil
import struct
import tarfile
import urllib.error
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from lecture_utils.core import checks
from lecture_utils.core.profiles import offline
from lecture_utils.arithmetic.shapes import format_number

DATASETS = ("mnist", "fashion_mnist", "cifar10")

# --- Prüfsummen der mitgelieferten Stichproben (siehe data/README.md) -------------
SAMPLE_FILES = {
    "mnist": "mnist_sample.npz",
    "fashion_mnist": "fashion_mnist_sample.npz",
    "cifar10": "cifar10_sample.npz",
}
SAMPLE_SHA256 = {
    "mnist": "1f8b3462b283b6609f5bec27eeeed6435f77baddff76f69ec9c678f136935272",
    "fashion_mnist": "509888d5489d4ae091e9dff769c87044ba2a10f732e30e4a328f172b82dd3924",
    "cifar10": "5a8d5ee9aec8006194d573e81f9585c295ae57c12cb6abc6b12ebe975add9e75",
}

# --- Download-Quellen und ihre Prüfsummen -----------------------------------------
# MNIST: die npz-Datei, die auch keras.datasets.mnist lädt (gleicher sha256 wie in Keras).
MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
MNIST_CHECKSUMS = {
    "sha256": "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
}

# Fashion-MNIST: die vier Originaldateien von Zalando Research (MD5 wie im
# Fashion-MNIST-README); Keras lädt dieselben Dateien von seinem Spiegel.
FASHION_MNIST_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FASHION_MNIST_FILES = {
    "train-images-idx3-ubyte.gz": {
        "md5": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "sha256": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    },
    "train-labels-idx1-ubyte.gz": {
        "md5": "25c81989df183df01b3e8a0aad5dffbe",
        "sha256": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    },
    "t10k-images-idx3-ubyte.gz": {
        "md5": "bef4ecab320f06d8554ea6380940ec79",
        "sha256": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    },
    "t10k-labels-idx1-ubyte.gz": {
        "md5": "bb300cfdad3c16e7a12a480ee83cd310",
        "sha256": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    },
}
# Debians Paket dataset-fashion-mnist (0.0~git20200523.55506a9-1) enthält dieselben
# Bilder, nur neu verpackt (gzip-Kopf ohne Dateinamen), daher andere Prüfsummen.
FASHION_MNIST_DEBIAN = {
    "train-images-idx3-ubyte.gz": {
        "sha256": "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
    },
    "train-labels-idx1-ubyte.gz": {
        "sha256": "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
    },
    "t10k-images-idx3-ubyte.gz": {
        "sha256": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    },
    "t10k-labels-idx1-ubyte.gz": {
        "sha256": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
    },
}
FASHION_MNIST_SYSTEM_DIR = "/usr/share/datasets/fashion-mnist"

# CIFAR-10: die Binärversion der Autoren (MD5 von ihrer Webseite).
CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
CIFAR10_CHECKSUMS = {
    "md5": "c32a1d4ab5d03f1284b67883e8d87530",
    "sha256": "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
}
CIFAR10_TRAIN_MEMBERS = tuple(f"cifar-10-batches-bin/data_batch_{i}.bin" for i in range(1, 6))
CIFAR10_TEST_MEMBER = "cifar-10-batches-bin/test_batch.bin"

DOWNLOAD_TIMEOUT_S = 30

# --- Anzeigenamen, Größen und Klassennamen ------------------------------------------
_TITLES = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10"}
_FULL_SIZES = {"mnist": (60_000, 10_000), "fashion_mnist": (60_000, 10_000),
               "cifar10": (50_000, 10_000)}
_DOWNLOAD_SIZES = {"mnist": "11 MB", "fashion_mnist": "30 MB", "cifar10": "162 MB"}
_CLASS_NAMES = {
    "mnist": tuple(str(digit) for digit in range(10)),
    "fashion_mnist": ("T-Shirt/Top", "Hose", "Pullover", "Kleid", "Mantel",
                      "Sandale", "Hemd", "Sneaker", "Tasche", "Stiefelette"),
    "cifar10": ("Flugzeug", "Auto", "Vogel", "Katze", "Hirsch",
                "Hund", "Frosch", "Pferd", "Schiff", "Lastwagen"),
}

_last_sources: dict[str, str] = {}
_last_failure: dict[str, str] = {}  # Datensatz → deutscher Grund des letzten Fehlschlags

Say = Callable[[str], None]
Arrays = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


# === Öffentliche Funktionen =========================================================

def load_mnist(*, verbose: bool = True, use_sample: bool = False) -> Arrays:
    """Lädt MNIST wie ``keras.datasets.mnist.load_data()``.

    Gibt ``(x_train, y_train), (x_test, y_test)`` zurück: uint8-Bilder der Form
    (N, 28, 28) und Labels 0-9 der Form (N,).

    Args:
        verbose: eine Zeile ausgeben, woher die Daten stammen.
        use_sample: gleich die mitgelieferte Stichprobe verwenden.
    """
    sources = [("cache", _mnist_from_cache), ("download", _mnist_from_download)]
    return _load("mnist", sources, verbose=verbose, use_sample=use_sample)


def load_fashion_mnist(*, verbose: bool = True, use_sample: bool = False) -> Arrays:
    """Lädt Fashion-MNIST wie ``keras.datasets.fashion_mnist.load_data()``.

    Gibt ``(x_train, y_train), (x_test, y_test)`` zurück: uint8-Bilder der Form
    (N, 28, 28) und Labels 0-9 der Form (N,). Die Namen der Klassen liefert
    ``class_names("fashion_mnist")``.

    Args:
        verbose: eine Zeile ausgeben, woher die Daten stammen.
        use_sample: gleich die mitgelieferte Stichprobe verwenden.
    """
    sources = [("cache", _fashion_from_cache), ("system", _fashion_from_system),
               ("download", _fashion_from_download)]
    return _load("fashion_mnist", sources, verbose=verbose, use_sample=use_sample)


def load_cifar10(*, verbose: bool = True, use_sample: bool = False) -> Arrays:
    """Lädt CIFAR-10 wie ``keras.datasets.cifar10.load_data()``.

    Gibt ``(x_train, y_train), (x_test, y_test)`` zurück: uint8-Farbbilder der
    Form (N, 32, 32, 3) und Labels 0-9 der Form (N, 1).

    Args:
        verbose: eine Zeile ausgeben, woher die Daten stammen.
        use_sample: gleich die mitgelieferte Stichprobe verwenden.
    """
    sources = [("cache", _cifar_from_cache), ("download", _cifar_from_download)]
    return _load("cifar10", sources, verbose=verbose, use_sample=use_sample)


def class_names(dataset: str) -> tuple[str, ...]:
    """Gibt die deutschen Klassennamen eines Datensatzes zurück (Index = Label)."""
    return _CLASS_NAMES[_check_name(dataset)]


def last_source(dataset: str) -> str | None:
    """Sagt, woher der letzte Aufruf des Laders seine Daten hatte.

    Ergebnis: ``"cache"``, ``"system"``, ``"download"``, ``"sample"`` oder
    ``None``, wenn der Datensatz in dieser Sitzung noch nicht geladen wurde.
    """
    return _last_sources.get(_check_name(dataset))


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


# === Ablauf: Quellen der Reihe nach probieren =======================================

def _load(name: str, sources: list, *, verbose: bool, use_sample: bool) -> Arrays:
    """Nimmt die erste Quelle, die Daten liefert; zuletzt die Stichprobe."""
    say = print if checks.flag(verbose, "verbose") else _silent
    use_sample = checks.flag(use_sample, "use_sample")
    _last_failure.pop(name, None)
    if use_sample:
        return _from_sample(name, say, reason="use_sample=True")
    for source, loader in sources:
        if source == "download" and offline():
            continue
        result = loader(say)
        if result is not None:
            _last_sources[name] = source
            return result
    if offline():
        reason = "Download in diesem Modus verboten (Offline-Modus, LECTURE_OFFLINE=1)"
    else:
        why = _last_failure.get(name, "keine Quelle lieferte Daten")
        reason = f"Download nicht möglich: {why}"
    return _from_sample(name, say, reason=reason)


def _from_sample(name: str, say: Say, *, reason: str) -> Arrays:
    """Lädt die mitgelieferte Stichprobe und sagt, wie groß sie ist."""
    path = sample_dir() / SAMPLE_FILES[name]
    if not path.is_file():
        raise FileNotFoundError(
            f"Keine Datenquelle für {_TITLES[name]} verfügbar: weder Cache noch Download, "
            f"und die Stichprobe {path} fehlt."
        )
    if not _matches(path, [{"sha256": SAMPLE_SHA256[name]}]):
        raise ValueError(
            f"Die mitgelieferte Stichprobe {path} ist beschädigt (Prüfsumme stimmt nicht). "
            "Bitte wiederherstellen: im Kursordner mit `git checkout -- data/`, "
            "sonst das Paket lecture-utils neu installieren."
        )
    result = _read_npz(path)
    say(_sample_notice(name, result, reason))
    _last_sources[name] = "sample"
    return result


def _sample_notice(name: str, result: Arrays, reason: str) -> str:
    """Der deutsche Hinweis, dass nur eine Stichprobe geladen wurde."""
    (x_train, _), (x_test, _) = result
    full_train, full_test = _FULL_SIZES[name]
    return (
        f"Hinweis: {reason} – verwende die mitgelieferte Stichprobe von {_TITLES[name]}: "
        f"{format_number(len(x_train))} Trainings- und {format_number(len(x_test))} Testbilder "
        f"(statt {format_number(full_train)}/{format_number(full_test)})."
    )


# === MNIST ==========================================================================

def _mnist_path() -> Path:
    return _cache_dir() / "mnist" / "mnist.npz"


def _mnist_from_cache(say: Say) -> Arrays | None:
    """MNIST aus dem Cache, falls die Datei dort unbeschädigt liegt."""
    path = _mnist_path()
    if not _usable(path, [MNIST_CHECKSUMS], say, remove=True):
        return None
    say(f"Daten: MNIST aus dem Cache ({path.parent}).")
    return _read_npz(path)


def _mnist_from_download(say: Say) -> Arrays | None:
    """MNIST herunterladen (Keras-Datei mnist.npz) und aus dem Cache lesen."""
    say(f"Lade MNIST herunter (ca. {_DOWNLOAD_SIZES['mnist']}) …")
    path = _mnist_path()
    if not _download(MNIST_URL, path, MNIST_CHECKSUMS, say):
        return None
    say(f"Daten: MNIST heruntergeladen, geprüft und gespeichert in {path.parent}.")
    return _read_npz(path)


# === Fashion-MNIST ==================================================================

def _fashion_cache_dir() -> Path:
    return _cache_dir() / "fashion_mnist"


def _fashion_from_cache(say: Say) -> Arrays | None:
    """Fashion-MNIST aus dem Cache, falls alle vier Dateien unbeschädigt sind."""
    directory = _fashion_cache_dir()
    checks = [_usable(directory / file, _fashion_checksums(file), say, remove=True)
              for file in FASHION_MNIST_FILES]
    if not all(checks):
        return None
    say(f"Daten: Fashion-MNIST aus dem Cache ({directory}).")
    return _read_fashion_dir(directory)


def _fashion_from_system(say: Say) -> Arrays | None:
    """Fashion-MNIST aus der Systemkopie (Debian-Paket dataset-fashion-mnist)."""
    directory = Path(os.environ.get("LECTURE_FASHION_MNIST_DIR", FASHION_MNIST_SYSTEM_DIR))
    checks = [_usable(directory / file, _fashion_checksums(file), say, remove=False)
              for file in FASHION_MNIST_FILES]
    if not all(checks):
        return None
    say(f"Daten: Fashion-MNIST aus der Systemkopie ({directory}).")
    return _read_fashion_dir(directory)


def _fashion_from_download(say: Say) -> Arrays | None:
    """Die fehlenden Fashion-MNIST-Dateien herunterladen und aus dem Cache lesen."""
    directory = _fashion_cache_dir()
    missing = {file: digests for file, digests in FASHION_MNIST_FILES.items()
               if not _matches(directory / file, [digests])}
    if missing:
        say(f"Lade Fashion-MNIST herunter (ca. {_DOWNLOAD_SIZES['fashion_mnist']}) …")
    for file, digests in missing.items():
        if not _download(FASHION_MNIST_URL + file, directory / file, digests, say):
            return None
    say(f"Daten: Fashion-MNIST heruntergeladen, geprüft und gespeichert in {directory}.")
    return _read_fashion_dir(directory)


def _fashion_checksums(file: str) -> list[dict]:
    """Erlaubte Prüfsummen einer Datei: Original von Zalando oder Debians Kopie."""
    return [FASHION_MNIST_FILES[file], FASHION_MNIST_DEBIAN[file]]


def _read_fashion_dir(directory: Path) -> Arrays:
    """Liest die vier geprüften IDX-Dateien (gzip) eines Ordners."""
    def read(prefix: str) -> tuple[np.ndarray, np.ndarray]:
        images = _read_idx_gz(directory / f"{prefix}-images-idx3-ubyte.gz")
        labels = _read_idx_gz(directory / f"{prefix}-labels-idx1-ubyte.gz")
        return _checked_pair(images, labels, directory)

    return read("train"), read("t10k")


def _read_idx_gz(path: Path) -> np.ndarray:
    """Entpackt eine IDX-Datei im gzip-Format und liest sie mit ``parse_idx``."""
    try:
        raw = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as error:
        raise ValueError(f"Die Datei {path} lässt sich nicht entpacken ({error}).") from None
    return parse_idx(raw)


def _checked_pair(images: np.ndarray, labels: np.ndarray, where: Path) -> tuple:
    """Prüft, dass Bilder und Labels zusammenpassen."""
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise ValueError(
            f"Bilder {images.shape} und Labels {labels.shape} in {where} passen nicht zusammen."
        )
    return images, labels


# === CIFAR-10 =======================================================================

def _cifar_path() -> Path:
    return _cache_dir() / "cifar10" / "cifar-10-binary.tar.gz"


def _cifar_from_cache(say: Say) -> Arrays | None:
    """CIFAR-10 aus dem Cache, falls das Archiv dort unbeschädigt liegt."""
    path = _cifar_path()
    if not _usable(path, [CIFAR10_CHECKSUMS], say, remove=True):
        return None
    say(f"Daten: CIFAR-10 aus dem Cache ({path.parent}).")
    return _read_cifar_tar(path)


def _cifar_from_download(say: Say) -> Arrays | None:
    """CIFAR-10 (Binärversion) herunterladen und aus dem Cache lesen."""
    say(f"Lade CIFAR-10 herunter (ca. {_DOWNLOAD_SIZES['cifar10']}, das dauert etwas) …")
    path = _cifar_path()
    if not _download(CIFAR10_URL, path, CIFAR10_CHECKSUMS, say):
        return None
    say(f"Daten: CIFAR-10 heruntergeladen, geprüft und gespeichert in {path.parent}.")
    return _read_cifar_tar(path)


def _read_cifar_tar(path: Path) -> Arrays:
    """Liest die sechs Binärdateien aus dem Archiv, ohne es auszupacken."""
    with tarfile.open(path, "r:gz") as archive:
        train = [_cifar_records(_tar_member(archive, name)) for name in CIFAR10_TRAIN_MEMBERS]
        test = _cifar_records(_tar_member(archive, CIFAR10_TEST_MEMBER))
    x_train = np.concatenate([x for x, _ in train])
    y_train = np.concatenate([y for _, y in train])
    return (x_train, y_train), test


def _tar_member(archive: tarfile.TarFile, name: str) -> bytes:
    """Liest eine Datei aus dem tar-Archiv; fehlt sie, gibt es einen ValueError."""
    try:
        return archive.extractfile(name).read()
    except (KeyError, AttributeError):
        raise ValueError(f"Im CIFAR-10-Archiv fehlt die Datei {name}.") from None


def _cifar_records(raw: bytes) -> tuple[np.ndarray, np.ndarray]:
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


# === Dateien: Prüfsummen, Download, npz =============================================

def _usable(path: Path, accepted: list[dict], say: Say, *, remove: bool) -> bool:
    """True, wenn die Datei existiert und eine der erwarteten Prüfsummen hat.

    Eine beschädigte Datei wird gemeldet und (im Cache) gelöscht.
    """
    if not path.is_file():
        return False
    if _matches(path, accepted):
        return True
    action = "wird gelöscht" if remove else "wird übersprungen"
    say(f"Die Datei {path} ist beschädigt (Prüfsumme stimmt nicht) und {action}.")
    if remove:
        path.unlink(missing_ok=True)
    return False


def _matches(path: Path, accepted: list[dict]) -> bool:
    """True, wenn alle Prüfsummen eines der Einträge in ``accepted`` stimmen."""
    if not path.is_file():
        return False
    algorithms = {algorithm for digests in accepted for algorithm in digests}
    actual = _file_digests(path, algorithms)
    return any(bool(digests) and all(actual[a] == value.lower() for a, value in digests.items())
               for digests in accepted)


def _file_digests(path: Path, algorithms: set[str]) -> dict[str, str]:
    """Berechnet die Prüfsummen einer Datei in einem Durchgang."""
    hashers = {algorithm: hashlib.new(algorithm, usedforsecurity=False)
               for algorithm in algorithms}
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            for hasher in hashers.values():
                hasher.update(chunk)
    return {algorithm: hasher.hexdigest() for algorithm, hasher in hashers.items()}


def _download(url: str, target: Path, checksums: dict, say: Say) -> bool:
    """Lädt ``url`` mit ``keras.utils.get_file`` (Fortschrittsbalken, Prüfsumme) nach
    ``target``; die Datei bleibt nur mit richtiger Prüfsumme im Cache.

    Geladen wird unter dem Namen ``<target>.part`` und erst nach der Prüfung
    umbenannt, damit nie eine halbe Datei als Cache gilt.
    """
    import socket

    import keras

    algorithm = "sha256" if "sha256" in checksums else "md5"
    partial = target.with_name(target.name + ".part")
    downloaded = partial
    previous_timeout = socket.getdefaulttimeout()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_S)  # get_file kennt kein timeout
        quiet = contextlib.redirect_stdout(io.StringIO()) if say is _silent \
            else contextlib.nullcontext()
        with quiet:
            downloaded = Path(keras.utils.get_file(
                fname=partial.name, origin=url, file_hash=checksums[algorithm],
                hash_algorithm=algorithm, cache_dir=str(target.parent), cache_subdir="",
                force_download=True))
    except (OSError, http.client.HTTPException, ValueError) as error:
        if isinstance(error, ValueError) and downloaded.is_file():
            return _reject(downloaded, target, say)  # get_file: Prüfsumme falsch
        return _failed(url, target, error, say)
    except Exception as error:  # noqa: BLE001 – nur der Wrapper von get_file, siehe unten
        # get_file macht aus URLError/HTTPError ein schlichtes Exception("URL fetch
        # failure …"); der eigentliche Fehler steht in __context__. Alles andere
        # wird unverändert weitergereicht.
        if not isinstance(error.__context__, urllib.error.URLError):
            raise
        return _failed(url, target, error.__context__, say)
    finally:
        socket.setdefaulttimeout(previous_timeout)
    if not _matches(downloaded, [checksums]):  # alle bekannten Prüfsummen, nicht nur eine
        return _reject(downloaded, target, say)
    shutil.move(downloaded, target)
    return True


def _failed(url: str, target: Path, error: BaseException, say: Say) -> bool:
    """Meldet einen gescheiterten Download mit deutschem Grund."""
    target.with_name(target.name + ".part").unlink(missing_ok=True)
    reason = download_failure_reason(error)
    _last_failure[_dataset_of(target)] = reason
    say(f"Download von {url} fehlgeschlagen: {reason}.")
    return False


def _reject(downloaded: Path, target: Path, say: Say) -> bool:
    """Verwirft eine heruntergeladene Datei mit falscher Prüfsumme."""
    downloaded.unlink(missing_ok=True)
    _last_failure[_dataset_of(target)] = "die heruntergeladene Datei war fehlerhaft"
    say(f"Die heruntergeladene Datei {target.name} hat eine falsche Prüfsumme "
        "und wird verworfen.")
    return False


def download_failure_reason(error: BaseException) -> str:
    """Der Grund eines gescheiterten Downloads auf Deutsch (statt ``urlopen error …``)."""
    import socket
    import ssl
    import urllib.error

    if isinstance(error, urllib.error.HTTPError):
        return f"der Server antwortet mit Fehler {error.code}"
    if isinstance(error, urllib.error.ContentTooShortError):
        return "die Verbindung brach ab (die Datei kam nur zum Teil an)"
    inner = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(inner, socket.gaierror):
        return "kein Netz erreichbar (der Servername lässt sich nicht auflösen)"
    if isinstance(inner, (TimeoutError, socket.timeout)):
        return f"keine Antwort innerhalb von {DOWNLOAD_TIMEOUT_S} s"
    if isinstance(inner, ssl.SSLError):
        return "die gesicherte Verbindung (HTTPS) kam nicht zustande"
    if isinstance(inner, ConnectionRefusedError):
        return "die Verbindung wurde abgelehnt (Proxy oder Firewall?)"
    if isinstance(inner, ConnectionError):
        return "die Verbindung brach ab"
    if isinstance(error, urllib.error.URLError):
        return "kein Netz erreichbar"
    if isinstance(error, http.client.HTTPException):
        return "die Antwort des Servers war unvollständig"
    if isinstance(error, ValueError):
        return "die Adresse ist ungültig"
    if isinstance(error, OSError) and error.filename:
        return f"die Datei {error.filename} ließ sich nicht schreiben"
    return "kein Netz erreichbar"


def _dataset_of(target: Path) -> str:
    """Welcher Datensatz in den Cache-Ordner ``target`` gehört (für den Grund im Hinweis)."""
    parent = target.parent.name
    return parent if parent in DATASETS else target.stem


def _read_npz(path: Path) -> Arrays:
    """Liest eine geprüfte npz-Datei mit x_train, y_train, x_test, y_test."""
    try:
        with np.load(path) as arrays:
            train = arrays["x_train"], arrays["y_train"]
            test = arrays["x_test"], arrays["y_test"]
    except (KeyError, ValueError, OSError, zipfile.BadZipFile) as error:
        raise ValueError(f"Die Datei {path} ist keine gültige Datensatz-Datei ({error}).") \
            from None
    return train, test


# === Kleinigkeiten ==================================================================

def _cache_dir() -> Path:
    default = Path.home() / ".cache" / "lecture_utils"
    return Path(os.environ.get("LECTURE_DATA_DIR", default)).expanduser()


def sample_dir() -> Path:
    """Ordner der mitgelieferten Stichproben: ``LECTURE_SAMPLE_DIR``, sonst die Kopie im
    installierten Paket (``lecture_utils/samples``, z. B. auf Colab), sonst ``data/``
    im Repository."""
    if "LECTURE_SAMPLE_DIR" in os.environ:
        return Path(os.environ["LECTURE_SAMPLE_DIR"]).expanduser()
    package = Path(__file__).resolve().parent.parent  # lecture_utils/
    installed = package / "samples"
    return installed if installed.is_dir() else package.parent / "data"


def _check_name(dataset: str) -> str:
    if not isinstance(dataset, str) or dataset not in DATASETS:
        raise ValueError(f"Unbekannter Datensatz {dataset!r}; erlaubt sind {DATASETS}.")
    return dataset


def _silent(message: str) -> None:
    """Verschluckt Meldungen (für ``verbose=False``)."""
