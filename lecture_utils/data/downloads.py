"""Cache, Prüfsummen und Download: wie eine Datei sicher auf die Platte kommt.

- ``cache_dir`` ist der Ordner des Caches (``LECTURE_DATA_DIR``, sonst
  ``~/.cache/lecture_utils``).
- ``matches`` prüft eine Datei gegen ihre bekannten Prüfsummen, ``usable`` meldet
  zusätzlich eine beschädigte Datei und löscht sie (im Cache).
- ``download`` lädt mit ``keras.utils.get_file`` (Fortschrittsbalken, Prüfsumme) und legt
  die Datei nur ab, wenn alle bekannten Prüfsummen stimmen; geht etwas schief, gibt es
  den Grund auf Deutsch zurück (``download_failure_reason``), nie einen Traceback.

Keras wird erst für einen Download geladen.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import io
import os
import shutil
import socket
import ssl
import urllib.error
from collections.abc import Callable
from pathlib import Path

DOWNLOAD_TIMEOUT_S = 30

Say = Callable[[str], None]


def silent(message: str) -> None:
    """Verschluckt Meldungen (für ``verbose=False``)."""


def cache_dir() -> Path:
    """Der Ordner des Caches: ``LECTURE_DATA_DIR``, sonst ``~/.cache/lecture_utils``."""
    default = Path.home() / ".cache" / "lecture_utils"
    return Path(os.environ.get("LECTURE_DATA_DIR", default)).expanduser()


def usable(path: Path, accepted: list[dict], say: Say, *, remove: bool) -> bool:
    """True, wenn die Datei existiert und eine der erwarteten Prüfsummen hat.

    Eine beschädigte Datei wird gemeldet und mit ``remove=True`` (im Cache) gelöscht.
    """
    if not path.is_file():
        return False
    if matches(path, accepted):
        return True
    action = "wird gelöscht" if remove else "wird übersprungen"
    say(f"Die Datei {path} ist beschädigt (Prüfsumme stimmt nicht) und {action}.")
    if remove:
        path.unlink(missing_ok=True)
    return False


def matches(path: Path, accepted: list[dict]) -> bool:
    """True, wenn alle Prüfsummen eines der Einträge in ``accepted`` stimmen,
    z. B. ``[{"sha256": "…"}, {"md5": "…", "sha256": "…"}]``."""
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


def download(url: str, target: Path, checksums: dict, say: Say) -> str | None:
    """Lädt ``url`` mit ``keras.utils.get_file`` nach ``target``. Gibt ``None`` zurück,
    wenn die Datei mit richtiger Prüfsumme angekommen ist, sonst den Grund auf Deutsch.

    Geladen wird unter dem Namen ``<target>.part`` und erst nach der Prüfung
    umbenannt, damit nie eine halbe Datei als Cache gilt.
    """
    import keras

    algorithm = "sha256" if "sha256" in checksums else "md5"
    partial = target.with_name(target.name + ".part")
    previous_timeout = socket.getdefaulttimeout()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_S)  # get_file kennt kein timeout
        quiet = contextlib.redirect_stdout(io.StringIO()) if say is silent \
            else contextlib.nullcontext()
        with quiet:
            keras.utils.get_file(
                fname=partial.name, origin=url, file_hash=checksums[algorithm],
                hash_algorithm=algorithm, cache_dir=str(target.parent), cache_subdir="",
                force_download=True)
    except (OSError, http.client.HTTPException, ValueError) as error:
        if isinstance(error, ValueError) and partial.is_file():
            return _reject(partial, say)  # get_file: Prüfsumme falsch
        return _failed(url, partial, error, say)
    except Exception as error:  # noqa: BLE001 – nur der Wrapper von get_file, siehe unten
        # get_file macht aus URLError/HTTPError ein schlichtes Exception("URL fetch
        # failure …"); der eigentliche Fehler steht in __context__. Alles andere
        # wird unverändert weitergereicht.
        if not isinstance(error.__context__, urllib.error.URLError):
            raise
        return _failed(url, partial, error.__context__, say)
    finally:
        socket.setdefaulttimeout(previous_timeout)
    if not matches(partial, [checksums]):  # alle bekannten Prüfsummen, nicht nur eine
        return _reject(partial, say)
    shutil.move(partial, target)
    return None


def _failed(url: str, partial: Path, error: BaseException, say: Say) -> str:
    """Meldet einen gescheiterten Download mit deutschem Grund."""
    partial.unlink(missing_ok=True)
    reason = download_failure_reason(error)
    say(f"Download von {url} fehlgeschlagen: {reason}.")
    return reason


def _reject(partial: Path, say: Say) -> str:
    """Verwirft eine heruntergeladene Datei mit falscher Prüfsumme."""
    partial.unlink(missing_ok=True)
    say(f"Die heruntergeladene Datei {partial.name.removesuffix('.part')} hat eine falsche "
        "Prüfsumme und wird verworfen.")
    return "die heruntergeladene Datei war fehlerhaft"


def download_failure_reason(error: BaseException) -> str:
    """Der Grund eines gescheiterten Downloads auf Deutsch (statt ``urlopen error …``)."""
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
