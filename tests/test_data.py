"""Tests für lecture_utils.data (loaders, catalog, downloads, formats): Lader, Prüfsummen,
Quellen und Rückfälle.

Kein Test braucht das Netz: ``urllib.request.urlopen`` wird ersetzt (auch
``keras.utils.get_file`` lädt darüber, via ``urllib.request.urlretrieve``), und der
Cache liegt in ``tmp_path``, damit der Cache der Nutzerin nie berührt wird.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import inspect
import io
import re
import shutil
import socket
import ssl
import struct
import tarfile
import urllib.error
import urllib.parse
from email.message import Message
from pathlib import Path

import numpy as np
import pytest

from lecture_utils import data
from lecture_utils.data import catalog, downloads, formats, loaders

REPO = Path(__file__).resolve().parent.parent
SYSTEM_FASHION = Path(catalog.FASHION_MNIST_SYSTEM_DIR)
needs_system_fashion = pytest.mark.skipif(
    not (SYSTEM_FASHION / "train-images-idx3-ubyte.gz").is_file(),
    reason="Debian-Paket dataset-fashion-mnist nicht installiert",
)

LOADERS = {
    "mnist": data.load_mnist,
    "fashion_mnist": data.load_fashion_mnist,
    "cifar10": data.load_cifar10,
}
# Konventionen von keras.datasets.<name>.load_data(): Bildform und Form eines Labels.
KERAS_CONVENTIONS = {
    "mnist": ((28, 28), ()),
    "fashion_mnist": ((28, 28), ()),
    "cifar10": ((32, 32, 3), (1,)),
}
MNIST_URL = catalog.URLS["mnist"] + "mnist.npz"
CIFAR10_URL = catalog.URLS["cifar10"] + "cifar-10-binary.tar.gz"
SAMPLE_SIZES = {"mnist": (8_000, 2_000), "fashion_mnist": (2_000, 500), "cifar10": (820, 164)}


# --- Hilfen ---------------------------------------------------------------------------

def sha256_bytes(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def sample_arrays(name: str):
    with np.load(REPO / "data" / catalog.SAMPLE_FILES[name]) as arrays:
        return {key: arrays[key] for key in arrays.files}


def idx_gz(array: np.ndarray) -> bytes:
    """Baut eine gzip-gepackte IDX-Datei (uint8) aus einem Array."""
    header = bytes([0, 0, 8, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return gzip.compress(header + array.astype(np.uint8).tobytes(), mtime=0)


def cifar_tar_gz(x_train, y_train, x_test, y_test) -> bytes:
    """Baut ein Archiv im Format der CIFAR-10-Binärversion (1 + 3072 Bytes je Bild)."""
    def records(x, y):
        chw = x.transpose(0, 3, 1, 2).reshape(len(x), -1)
        return np.concatenate([y.reshape(-1, 1), chw], axis=1).astype(np.uint8).tobytes()

    members = {name: records(x_train[i::5], y_train[i::5])
               for i, name in enumerate(catalog.CIFAR10_TRAIN_MEMBERS)}
    members[catalog.CIFAR10_TEST_MEMBER] = records(x_test, y_test)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, raw in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(raw)
            archive.addfile(info, io.BytesIO(raw))
    return buffer.getvalue()


def no_network(*args, **kwargs):
    raise AssertionError("Der Test hat versucht, das Netz zu benutzen.")


def serve(files: dict[str, bytes], calls: list[str]):
    """Ersatz für urlopen, der Dateien aus einem Wörterbuch ausliefert."""
    def fake_urlopen(url, data=None, timeout=None):
        calls.append(url)
        if url not in files:
            raise urllib.error.URLError("nicht erreichbar")
        return FakeResponse(files[url])

    return fake_urlopen


class FakeResponse(io.BytesIO):
    """Antwort wie von urlopen: Inhalt plus Kopfzeilen (urlretrieve liest Content-Length)."""

    def info(self):
        headers = Message()
        headers["Content-Length"] = str(len(self.getvalue()))
        return headers


@pytest.fixture
def env(tmp_path, monkeypatch):
    """Leerer Cache, leere Systemkopie, offline und ohne Netz."""
    cache = tmp_path / "cache"
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("LECTURE_DATA_DIR", str(cache))
    monkeypatch.setenv("LECTURE_FASHION_MNIST_DIR", str(empty))
    monkeypatch.setenv("LECTURE_OFFLINE", "1")
    monkeypatch.delenv("LECTURE_SAMPLE_DIR", raising=False)
    monkeypatch.setattr("urllib.request.urlopen", no_network)
    return cache


@pytest.fixture
def online(env, monkeypatch):
    """Wie ``env``, aber Downloads sind erlaubt (über ein ersetztes urlopen)."""
    monkeypatch.setenv("LECTURE_OFFLINE", "0")
    return env


# --- Form, Datentyp, Wertebereich -------------------------------------------------------

@pytest.mark.parametrize("name", list(LOADERS))
def test_sample_has_keras_shapes_and_dtypes(env, name):
    (x_train, y_train), (x_test, y_test) = LOADERS[name]()
    image_shape, label_shape = KERAS_CONVENTIONS[name]
    n_train, n_test = SAMPLE_SIZES[name]
    assert x_train.shape == (n_train, *image_shape)
    assert x_test.shape == (n_test, *image_shape)
    assert y_train.shape == (n_train, *label_shape)
    assert y_test.shape == (n_test, *label_shape)
    for array in (x_train, y_train, x_test, y_test):
        assert array.dtype == np.uint8
    assert x_train.max() > 200 and x_train.min() == 0
    assert set(np.unique(y_train)) == set(range(10))
    assert set(np.unique(y_test)) <= set(range(10))
    assert data.last_source(name) == "sample"


@pytest.mark.parametrize("name", list(LOADERS))
def test_sample_notice_is_german_and_names_the_size(env, name, capsys):
    LOADERS[name]()
    out = capsys.readouterr().out
    n_train, _ = SAMPLE_SIZES[name]
    assert "mitgelieferte Stichprobe" in out
    assert f"{n_train:,}".replace(",", ".") + " Trainings-" in out
    assert "Offline-Modus" in out


def test_verbose_false_prints_nothing(env, capsys):
    data.load_mnist(verbose=False)
    assert capsys.readouterr().out == ""


def test_use_sample_skips_other_sources(monkeypatch, capsys):
    monkeypatch.setattr("urllib.request.urlopen", no_network)
    (x_train, _), _ = data.load_fashion_mnist(use_sample=True)
    assert len(x_train) == 2_000
    assert data.last_source("fashion_mnist") == "sample"
    assert "use_sample=True" in capsys.readouterr().out


def test_the_package_offers_the_loaders():
    for name in ("load_mnist", "load_fashion_mnist", "load_cifar10", "class_names",
                 "last_source", "sample_dir"):
        assert getattr(data, name) is getattr(loaders, name)


def test_class_names_are_german():
    assert data.class_names("mnist") == tuple("0123456789")
    assert data.class_names("fashion_mnist")[0] == "T-Shirt/Top"
    assert data.class_names("fashion_mnist")[9] == "Stiefelette"
    assert data.class_names("cifar10")[0] == "Flugzeug"
    assert data.class_names("cifar10")[9] == "Lastwagen"
    for name in catalog.DATASETS:
        assert len(data.class_names(name)) == 10


def test_unknown_dataset_raises_german_value_error():
    with pytest.raises(ValueError, match="Unbekannter Datensatz 'svhn'"):
        data.class_names("svhn")


# --- Stichproben und Systemkopie -------------------------------------------------------

@pytest.mark.parametrize("name", list(LOADERS))
def test_bundled_sample_checksums_match_constants_and_readme(name):
    path = REPO / "data" / catalog.SAMPLE_FILES[name]
    digest = sha256_bytes(path.read_bytes())
    assert digest == catalog.SAMPLE_SHA256[name]
    assert digest in (REPO / "data" / "README.md").read_text(encoding="utf-8")


def test_damaged_sample_is_reported_not_parsed(env, tmp_path, monkeypatch):
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / catalog.SAMPLE_FILES["mnist"]).write_bytes(b"PK\x03\x04 kaputt")
    monkeypatch.setenv("LECTURE_SAMPLE_DIR", str(samples))
    with pytest.raises(ValueError, match="beschädigt"):
        data.load_mnist()


@needs_system_fashion
def test_fashion_mnist_from_system_copy_is_full_and_matches_sample(env, monkeypatch, capsys):
    monkeypatch.delenv("LECTURE_FASHION_MNIST_DIR")
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    assert x_train.shape == (60_000, 28, 28) and y_train.shape == (60_000,)
    assert x_test.shape == (10_000, 28, 28) and y_test.shape == (10_000,)
    assert x_train.dtype == y_train.dtype == np.uint8
    assert np.bincount(y_train).tolist() == [6_000] * 10
    assert data.last_source("fashion_mnist") == "system"
    assert "Systemkopie" in capsys.readouterr().out
    sample = sample_arrays("fashion_mnist")
    np.testing.assert_array_equal(x_train[:2_000], sample["x_train"])
    np.testing.assert_array_equal(y_test[:500], sample["y_test"])


def test_fashion_mnist_empty_system_dir_offline_falls_back(env, capsys):
    (x_train, _), (x_test, _) = data.load_fashion_mnist()
    assert (len(x_train), len(x_test)) == (2_000, 500)
    out = capsys.readouterr().out
    assert "Hinweis:" in out and "Stichprobe von Fashion-MNIST" in out
    assert "(statt 60.000/10.000)" in out


@needs_system_fashion
def test_corrupted_gz_in_system_dir_is_skipped(env, tmp_path, monkeypatch, capsys):
    system = tmp_path / "system"
    system.mkdir()
    for file in catalog.FASHION_MNIST_FILES:
        (system / file).symlink_to(SYSTEM_FASHION / file)
    damaged = system / "train-labels-idx1-ubyte.gz"
    damaged.unlink()
    damaged.write_bytes((SYSTEM_FASHION / damaged.name).read_bytes()[:1000])
    monkeypatch.setenv("LECTURE_FASHION_MNIST_DIR", str(system))
    (x_train, _), _ = data.load_fashion_mnist()
    out = capsys.readouterr().out
    assert f"Die Datei {damaged} ist beschädigt (Prüfsumme stimmt nicht)" in out
    assert len(x_train) == 2_000
    assert damaged.exists(), "Systemdateien werden nie gelöscht"


# --- Beschädigte Cache-Dateien ----------------------------------------------------------

def put_valid_mnist_cache(cache: Path, monkeypatch) -> Path:
    """Legt eine gültige mnist.npz (aus der Stichprobe) in den Cache."""
    path = cache / "mnist" / "mnist.npz"
    path.parent.mkdir(parents=True)
    shutil.copy(REPO / "data" / catalog.SAMPLE_FILES["mnist"], path)
    digest = sha256_bytes(path.read_bytes())
    monkeypatch.setitem(catalog.FILES, "mnist", {"mnist.npz": {"sha256": digest}})
    return path


def test_valid_cache_file_is_used(env, monkeypatch, capsys):
    put_valid_mnist_cache(env, monkeypatch)
    (x_train, _), _ = data.load_mnist()
    assert data.last_source("mnist") == "cache"
    assert "Daten: MNIST aus dem Cache" in capsys.readouterr().out
    np.testing.assert_array_equal(x_train, sample_arrays("mnist")["x_train"])


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_corrupted_cache_file_is_reported_removed_and_replaced(env, monkeypatch, capsys, damage):
    path = put_valid_mnist_cache(env, monkeypatch)
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2] if damage == "truncate" else b"kein zip" * 100)
    (x_train, _), _ = data.load_mnist()
    out = capsys.readouterr().out
    assert f"Die Datei {path} ist beschädigt (Prüfsumme stimmt nicht)" in out
    assert not path.exists()
    assert len(x_train) == 8_000
    assert data.last_source("mnist") == "sample"


def test_corrupted_fashion_cache_file_is_removed(env, capsys):
    directory = env / "fashion_mnist"
    directory.mkdir(parents=True)
    damaged = directory / "t10k-images-idx3-ubyte.gz"
    damaged.write_bytes(b"\x1f\x8b\x08\x00 abgeschnitten")
    (x_train, _), _ = data.load_fashion_mnist()
    assert "beschädigt" in capsys.readouterr().out
    assert not damaged.exists()
    assert len(x_train) == 2_000


def test_corrupted_cifar_cache_archive_is_removed(env, capsys):
    path = env / "cifar10" / "cifar-10-binary.tar.gz"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x1f\x8b" + bytes(100))
    (x_train, _), _ = data.load_cifar10()
    assert "beschädigt" in capsys.readouterr().out
    assert not path.exists()
    assert x_train.shape == (820, 32, 32, 3)


# --- Netz: offline, simulierte Downloads ------------------------------------------------

def test_offline_mode_never_calls_the_network(env):
    for loader in LOADERS.values():
        loader()  # urlopen ist durch no_network ersetzt


def test_simulated_mnist_download_lands_in_cache(online, monkeypatch, capsys):
    raw = (REPO / "data" / catalog.SAMPLE_FILES["mnist"]).read_bytes()
    calls = []
    monkeypatch.setattr("urllib.request.urlopen", serve({MNIST_URL: raw}, calls))
    monkeypatch.setitem(catalog.FILES, "mnist", {"mnist.npz": {"sha256": sha256_bytes(raw)}})
    (x_train, _), _ = data.load_mnist()
    assert calls == [MNIST_URL]
    assert data.last_source("mnist") == "download"
    out = capsys.readouterr().out
    assert "Lade MNIST herunter (ca. 11 MB) …" in out
    assert f"Daten: MNIST heruntergeladen, geprüft und gespeichert in {online / 'mnist'}." in out
    assert (online / "mnist" / "mnist.npz").read_bytes() == raw
    assert not list(online.rglob("*.part"))
    np.testing.assert_array_equal(x_train, sample_arrays("mnist")["x_train"])
    data.load_mnist()  # zweiter Aufruf: aus dem Cache, ohne Netz
    assert calls == [MNIST_URL]
    assert data.last_source("mnist") == "cache"


def test_simulated_fashion_download_lands_in_cache(online, monkeypatch):
    sample = sample_arrays("fashion_mnist")
    contents = {
        "train-images-idx3-ubyte.gz": idx_gz(sample["x_train"]),
        "train-labels-idx1-ubyte.gz": idx_gz(sample["y_train"]),
        "t10k-images-idx3-ubyte.gz": idx_gz(sample["x_test"]),
        "t10k-labels-idx1-ubyte.gz": idx_gz(sample["y_test"]),
    }
    calls = []
    files = {catalog.URLS["fashion_mnist"] + name: raw for name, raw in contents.items()}
    monkeypatch.setattr("urllib.request.urlopen", serve(files, calls))
    monkeypatch.setitem(catalog.FILES, "fashion_mnist",
                        {name: {"sha256": sha256_bytes(raw)} for name, raw in contents.items()})
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist()
    assert len(calls) == 4
    assert data.last_source("fashion_mnist") == "download"
    np.testing.assert_array_equal(x_train, sample["x_train"])
    np.testing.assert_array_equal(y_test, sample["y_test"])
    assert sorted(p.name for p in (online / "fashion_mnist").iterdir()) == sorted(contents)


def test_simulated_cifar_download_is_parsed_like_keras(online, monkeypatch, capsys):
    sample = sample_arrays("cifar10")
    raw = cifar_tar_gz(sample["x_train"], sample["y_train"], sample["x_test"], sample["y_test"])
    monkeypatch.setattr("urllib.request.urlopen", serve({CIFAR10_URL: raw}, []))
    monkeypatch.setitem(catalog.FILES, "cifar10",
                        {"cifar-10-binary.tar.gz": {"md5": hashlib.md5(raw).hexdigest()}})
    (x_train, y_train), (x_test, y_test) = data.load_cifar10()
    assert data.last_source("cifar10") == "download"
    assert "Lade CIFAR-10 herunter (ca. 162 MB, das dauert etwas) …" in capsys.readouterr().out
    # Das Archiv enthält die Bilder reihum auf fünf Dateien verteilt.
    order = np.concatenate([np.arange(820)[i::5] for i in range(5)])
    np.testing.assert_array_equal(x_train, sample["x_train"][order])
    np.testing.assert_array_equal(y_train, sample["y_train"][order])
    np.testing.assert_array_equal(x_test, sample["x_test"])
    assert y_test.shape == (164, 1) and x_train.flags.c_contiguous


def test_download_with_wrong_checksum_is_rejected(online, monkeypatch, capsys):
    monkeypatch.setattr("urllib.request.urlopen",
                        serve({MNIST_URL: b"manipulierte Datei"}, []))
    (x_train, _), _ = data.load_mnist()
    out = capsys.readouterr().out
    assert "falsche Prüfsumme und wird verworfen" in out
    assert "Download nicht möglich: die heruntergeladene Datei war fehlerhaft" in out
    assert len(x_train) == 8_000
    assert not list(online.rglob("*.*"))


def test_failed_download_falls_back_without_traceback(online, monkeypatch, capsys):
    monkeypatch.setattr("urllib.request.urlopen", serve({}, []))
    (x_train, _), _ = data.load_cifar10()
    out = capsys.readouterr().out
    assert f"Download von {CIFAR10_URL} fehlgeschlagen: kein Netz erreichbar" in out
    assert "Hinweis: Download nicht möglich: kein Netz erreichbar" in out
    assert "urlopen" not in out
    assert x_train.shape == (820, 32, 32, 3)


def test_offline_notice_says_why_in_german(env, capsys):
    data.load_mnist()
    out = capsys.readouterr().out
    assert "Download in diesem Modus verboten (Offline-Modus, LECTURE_OFFLINE=1)" in out


@pytest.mark.parametrize("error, reason", [
    (urllib.error.URLError(socket.gaierror(-3, "Temporary failure in name resolution")),
     "kein Netz erreichbar (der Servername lässt sich nicht auflösen)"),
    (urllib.error.URLError(TimeoutError("timed out")), "keine Antwort innerhalb von 30 s"),
    (TimeoutError("The read operation timed out"), "keine Antwort innerhalb von 30 s"),
    (urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")),
     "die Verbindung wurde abgelehnt (Proxy oder Firewall?)"),
    (urllib.error.HTTPError("https://x", 404, "Not Found", {}, None),
     "der Server antwortet mit Fehler 404"),
    (urllib.error.URLError(ssl.SSLError("CERTIFICATE_VERIFY_FAILED")),
     "die gesicherte Verbindung (HTTPS) kam nicht zustande"),
    (http.client.IncompleteRead(b""), "die Antwort des Servers war unvollständig"),
    (urllib.error.URLError("nicht erreichbar"), "kein Netz erreichbar"),
])
def test_download_failures_get_a_german_reason(error, reason):
    assert downloads.download_failure_reason(error) == reason


# --- Parser ------------------------------------------------------------------------------

def test_parse_idx_reads_shape_and_values():
    array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    parsed = formats.parse_idx(gzip.decompress(idx_gz(array)))
    np.testing.assert_array_equal(parsed, array)
    assert parsed.flags.writeable


@pytest.mark.parametrize("raw, message", [
    (b"\x00\x00\x0d\x01\x00\x00\x00\x01\x00", "magische Zahl"),
    (b"\x00\x00\x08\x03\x00\x00", "unvollständig"),
    (b"\x00\x00\x08\x01\x00\x00\x00\x05\x01\x02", "erwartet"),
])
def test_parse_idx_rejects_bad_files_in_german(raw, message):
    with pytest.raises(ValueError, match=message):
        formats.parse_idx(raw)


def test_cifar_record_is_reordered_to_height_width_channels():
    pixels = np.arange(3072, dtype=np.int64) % 251
    x, y = formats.cifar_records(bytes([7]) + pixels.astype(np.uint8).tobytes())
    assert x.shape == (1, 32, 32, 3) and y.tolist() == [[7]]
    # Rot von Pixel (0, 1) ist Byte 1, Grün Byte 1024 + 1, Blau Byte 2048 + 1.
    assert x[0, 0, 1].tolist() == [1, 1025 % 251, 2049 % 251]


def test_package_never_uses_pickle():
    for path in (REPO / "lecture_utils" / "data").rglob("*.py"):
        assert "pickle" not in path.read_text(encoding="utf-8"), path
    for path in (REPO / "lecture_utils").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"allow_pickle\s*=\s*True|^\s*(import|from)\s+c?pickle\b",
                             text, re.MULTILINE), path


# --- Unsere Prüfsummen gegen die von Keras ------------------------------------------------
# Die Download-Tests oben ersetzen die Prüfsummen (sie liefern die Stichprobe aus). Diese
# Tests vergleichen die echten Konstanten mit dem Quelltext von keras.datasets, ohne Netz.

def _keras_source(module) -> str:
    return inspect.getsource(module.load_data)


def _keras_hashes(source: str) -> list[str]:
    return re.findall(r"file_hash=\(?\s*(?:#[^\n]*)?\s*\"([0-9a-f]{32,64})\"", source)


def test_mnist_checksum_and_url_are_the_ones_keras_uses():
    from keras.src.datasets import mnist

    source = _keras_source(mnist)
    assert _keras_hashes(source) == [catalog.MNIST_FILES["mnist.npz"]["sha256"]]
    folder = re.search(r'origin_folder = \(\s*"([^"]+)"', source).group(1)
    assert MNIST_URL == folder + "mnist.npz"


def test_fashion_mnist_files_come_from_the_keras_mirror():
    from keras.src.datasets import fashion_mnist

    source = _keras_source(fashion_mnist)
    base = re.search(r'base = "([^"]+)"', source).group(1)
    assert catalog.URLS["fashion_mnist"] == base
    keras_files = set(re.findall(r'"([a-z0-9-]+-ubyte\.gz)"', source))
    assert keras_files == set(catalog.FASHION_MNIST_FILES)
    # Keras prüft diese Dateien ohne file_hash; unsere MD5 stammen aus dem
    # Fashion-MNIST-README, daher gibt es hier nichts zu vergleichen.
    assert _keras_hashes(source) == []


def test_cifar10_comes_from_the_same_authors_but_as_binary_archive():
    from keras.src.datasets import cifar10

    source = _keras_source(cifar10)
    keras_url = re.search(r'origin = "([^"]+)"', source).group(1)
    ours, theirs = urllib.parse.urlsplit(CIFAR10_URL), urllib.parse.urlsplit(keras_url)
    # Keras lädt die Python-Version (cifar-10-python.tar.gz, Pickle), wir die
    # Binärversion (cifar-10-binary.tar.gz) vom selben Ordner der Autoren: gleicher
    # Server und Ordner, andere Datei, also auch eine andere Prüfsumme.
    assert (ours.scheme, ours.netloc) == (theirs.scheme, theirs.netloc)
    assert ours.path.rsplit("/", 1)[0] == theirs.path.rsplit("/", 1)[0]
    assert theirs.path.endswith("cifar-10-python.tar.gz")
    assert ours.path.endswith("cifar-10-binary.tar.gz")
    (keras_hash,) = _keras_hashes(source)
    assert keras_hash != catalog.CIFAR10_FILES["cifar-10-binary.tar.gz"]["sha256"]


def test_download_goes_through_keras_get_file(online, monkeypatch):
    import keras

    raw = (REPO / "data" / catalog.SAMPLE_FILES["mnist"]).read_bytes()
    monkeypatch.setattr("urllib.request.urlopen", serve({MNIST_URL: raw}, []))
    monkeypatch.setitem(catalog.FILES, "mnist", {"mnist.npz": {"sha256": sha256_bytes(raw)}})
    seen = []
    real_get_file = keras.utils.get_file

    def spy(*args, **kwargs):
        seen.append(kwargs)
        return real_get_file(*args, **kwargs)

    monkeypatch.setattr(keras.utils, "get_file", spy)
    data.load_mnist(verbose=False)
    assert len(seen) == 1
    assert seen[0]["file_hash"] == sha256_bytes(raw) and seen[0]["hash_algorithm"] == "sha256"
    assert seen[0]["origin"] == MNIST_URL


def test_a_broken_connection_mid_download_gets_a_german_reason(online, monkeypatch, capsys):
    class Short(FakeResponse):
        def info(self):
            headers = Message()
            headers["Content-Length"] = str(len(self.getvalue()) + 100)  # Rest fehlt
            return headers

    monkeypatch.setattr("urllib.request.urlopen", lambda url, data=None: Short(b"abc"))
    data.load_mnist()
    out = capsys.readouterr().out
    assert "fehlgeschlagen: die Verbindung brach ab" in out
    assert not list(online.rglob("*.part"))


@pytest.mark.parametrize("call, message", [
    (lambda: data.class_names(np.zeros(2)), "Unbekannter Datensatz"),
    (lambda: data.last_source(0), "Unbekannter Datensatz 0"),
    (lambda: formats.parse_idx("falsch"), "parse_idx braucht den Inhalt der Datei als bytes"),
    (lambda: formats.parse_idx(2.5), "erhalten: float"),
    (lambda: data.load_mnist(verbose="nein"), "verbose muss True oder False"),
    (lambda: data.load_cifar10(use_sample=np.zeros(2)), "use_sample muss True oder False"),
])
def test_bad_input_gives_a_german_error_naming_the_value(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
