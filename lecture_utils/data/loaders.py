"""Die Lader für MNIST, Fashion-MNIST und CIFAR-10 – mit denselben Arrays wie Keras.

Die Lader geben dieselben Arrays zurück wie ``keras.datasets.<name>.load_data()``::

    (x_train, y_train), (x_test, y_test) = data.load_mnist()

Jeder Lader nimmt ``verbose`` (eine Zeile ausgeben, woher die Daten stammen) und
``use_sample`` (gleich die mitgelieferte Stichprobe verwenden).

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
"""

from __future__ import annotations

import os
from pathlib import Path

from lecture_utils.core import checks, text
from lecture_utils.core.profiles import offline
from lecture_utils.data import catalog, downloads, formats
from lecture_utils.data.downloads import Say
from lecture_utils.data.formats import Arrays

# Wie die geprüften Dateien eines Ordners gelesen werden (Ordner → Arrays).
_READERS = {
    "mnist": lambda folder: formats.read_npz(folder / "mnist.npz"),
    "fashion_mnist": formats.read_idx_folder,
    "cifar10": lambda folder: formats.read_cifar_tar(folder / "cifar-10-binary.tar.gz"),
}

_last_sources: dict[str, str] = {}


def load_mnist(*, verbose: bool = True, use_sample: bool = False) -> Arrays:
    """MNIST wie ``keras.datasets.mnist.load_data()``: uint8-Bilder (N, 28, 28), Labels 0-9
    der Form (N,)."""
    return _load("mnist", verbose=verbose, use_sample=use_sample)


def load_fashion_mnist(*, verbose: bool = True, use_sample: bool = False) -> Arrays:
    """Fashion-MNIST wie ``keras.datasets.fashion_mnist.load_data()``: uint8-Bilder
    (N, 28, 28), Labels 0-9 der Form (N,); die Namen liefert ``class_names``."""
    return _load("fashion_mnist", verbose=verbose, use_sample=use_sample)


def load_cifar10(*, verbose: bool = True, use_sample: bool = False) -> Arrays:
    """CIFAR-10 wie ``keras.datasets.cifar10.load_data()``: uint8-Farbbilder
    (N, 32, 32, 3), Labels 0-9 der Form (N, 1)."""
    return _load("cifar10", verbose=verbose, use_sample=use_sample)


def class_names(dataset: str) -> tuple[str, ...]:
    """Gibt die deutschen Klassennamen eines Datensatzes zurück (Index = Label)."""
    return catalog.CLASS_NAMES[catalog.check_name(dataset)]


def last_source(dataset: str) -> str | None:
    """Sagt, woher der letzte Aufruf des Laders seine Daten hatte.

    Ergebnis: ``"cache"``, ``"system"``, ``"download"``, ``"sample"`` oder
    ``None``, wenn der Datensatz in dieser Sitzung noch nicht geladen wurde.
    """
    return _last_sources.get(catalog.check_name(dataset))


def sample_dir() -> Path:
    """Ordner der mitgelieferten Stichproben: ``LECTURE_SAMPLE_DIR``, sonst die Kopie im
    installierten Paket (``lecture_utils/samples``, z. B. auf Colab), sonst ``data/``
    im Repository."""
    if "LECTURE_SAMPLE_DIR" in os.environ:
        return Path(os.environ["LECTURE_SAMPLE_DIR"]).expanduser()
    package = Path(__file__).resolve().parent.parent  # lecture_utils/
    installed = package / "samples"
    return installed if installed.is_dir() else package.parent / "data"


# === Ablauf: Quellen der Reihe nach probieren =======================================

def _load(name: str, *, verbose: bool, use_sample: bool) -> Arrays:
    """Nimmt die erste Quelle, die Daten liefert: Cache, Systemkopie, Download;
    zuletzt die Stichprobe."""
    say = print if checks.flag(verbose, "verbose") else downloads.silent
    if checks.flag(use_sample, "use_sample"):
        return _from_sample(name, say, reason="use_sample=True")
    cache = downloads.cache_dir() / name
    if _complete(name, cache, say, remove=True):
        return _use(name, "cache", f"aus dem Cache ({cache})", cache, say)
    system = _system_dir(name)
    if system is not None and _complete(name, system, say, remove=False):
        return _use(name, "system", f"aus der Systemkopie ({system})", system, say)
    if offline():
        reason = "Download in diesem Modus verboten (Offline-Modus, LECTURE_OFFLINE=1)"
        return _from_sample(name, say, reason=reason)
    failure = _download_missing(name, cache, say)
    if failure is None:
        return _use(name, "download", f"heruntergeladen, geprüft und gespeichert in {cache}",
                    cache, say)
    return _from_sample(name, say, reason=f"Download nicht möglich: {failure}")


def _accepted(name: str, file: str) -> list[dict]:
    """Erlaubte Prüfsummen einer Datei; bei Fashion-MNIST auch die von Debians Kopie."""
    accepted = [catalog.FILES[name][file]]
    if name == "fashion_mnist":
        accepted.append(catalog.FASHION_MNIST_DEBIAN[file])
    return accepted


def _complete(name: str, folder: Path, say: Say, *, remove: bool) -> bool:
    """True, wenn alle Dateien des Datensatzes unbeschädigt in ``folder`` liegen."""
    found = [downloads.usable(folder / file, _accepted(name, file), say, remove=remove)
             for file in catalog.FILES[name]]
    return all(found)


def _system_dir(name: str) -> Path | None:
    """Der Ordner der Systemkopie (nur Fashion-MNIST, Debian-Paket dataset-fashion-mnist)."""
    if name != "fashion_mnist":
        return None
    return Path(os.environ.get("LECTURE_FASHION_MNIST_DIR", catalog.FASHION_MNIST_SYSTEM_DIR))


def _download_missing(name: str, cache: Path, say: Say) -> str | None:
    """Lädt die fehlenden Dateien in den Cache; gibt den Grund zurück, wenn es scheitert."""
    files = catalog.FILES[name]
    missing = [file for file in files if not downloads.matches(cache / file, [files[file]])]
    if missing:
        say(f"Lade {catalog.TITLES[name]} herunter ({catalog.DOWNLOAD_SIZES[name]}) …")
    for file in missing:
        failure = downloads.download(catalog.URLS[name] + file, cache / file, files[file], say)
        if failure is not None:
            return failure
    return None


def _use(name: str, source: str, where: str, folder: Path, say: Say) -> Arrays:
    """Liest die geprüften Dateien aus ``folder`` und merkt sich die Quelle."""
    say(f"Daten: {catalog.TITLES[name]} {where}.")
    result = _READERS[name](folder)
    _last_sources[name] = source
    return result


def _from_sample(name: str, say: Say, *, reason: str) -> Arrays:
    """Lädt die mitgelieferte Stichprobe und sagt, wie groß sie ist."""
    path = sample_dir() / catalog.SAMPLE_FILES[name]
    title = catalog.TITLES[name]
    if not path.is_file():
        raise FileNotFoundError(
            f"Keine Datenquelle für {title} verfügbar: weder Cache noch Download, "
            f"und die Stichprobe {path} fehlt."
        )
    if not downloads.matches(path, [{"sha256": catalog.SAMPLE_SHA256[name]}]):
        raise ValueError(
            f"Die mitgelieferte Stichprobe {path} ist beschädigt (Prüfsumme stimmt nicht). "
            "Bitte wiederherstellen: im Kursordner mit `git checkout -- data/`, "
            "sonst das Paket lecture-utils neu installieren."
        )
    result = formats.read_npz(path)
    (x_train, _), (x_test, _) = result
    full_train, full_test = catalog.FULL_SIZES[name]
    say(f"Hinweis: {reason} – verwende die mitgelieferte Stichprobe von {title}: "
        f"{text.number(len(x_train))} Trainings- und {text.number(len(x_test))} Testbilder "
        f"(statt {text.number(full_train)}/{text.number(full_test)}).")
    _last_sources[name] = "sample"
    return result
