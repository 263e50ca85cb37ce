"""Welches Backend, welche GPU, wie viele CPU-Kerne?

Die GPU-Abfrage hängt vom Keras-Backend ab; das Backend wird erst beim Aufruf
geladen. Alles Backend-Spezifische steht in ``_gpu_names`` (Name und Zahl der GPUs).
"""

from __future__ import annotations

import functools
import os

from lecture_utils.core import checks


def backend() -> str:
    """Name des Keras-Backends (``tensorflow``, ``jax`` oder ``torch``)."""
    import keras

    return keras.config.backend()


def cpu_cores() -> int:
    """Anzahl der CPU-Kerne, die dieser Prozess nutzen darf."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


BACKENDS = ("tensorflow", "jax", "torch")


def check_backend(name: str | None = None) -> str:
    """Der Name eines Keras-Backends (``BACKENDS``); ohne Angabe (``None``) das aktive."""
    return backend() if name is None else checks.one_of(name, "backend", BACKENDS)


def _gpu_names(name: str) -> list[str]:
    """Die Namen aller GPUs, die das Backend ``name`` sieht (leer ohne GPU)."""
    if name == "tensorflow":
        import tensorflow as tf

        return [tf.config.experimental.get_device_details(gpu).get("device_name", "GPU")
                for gpu in tf.config.list_physical_devices("GPU")]
    if name == "jax":
        import jax

        return [d.device_kind for d in jax.devices() if d.platform == "gpu"]
    import torch

    if not torch.cuda.is_available():
        return []
    return [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]


@functools.cache
def gpu_name() -> str | None:
    """Name der ersten sichtbaren GPU oder ``None`` (dann rechnet die CPU)."""
    names = _gpu_names(backend())
    return names[0] if names else None


def gpu_count(backend: str | None = None) -> int:
    """Zahl der sichtbaren GPUs für das Keras-Backend ``backend`` (0 ohne GPU); ohne Angabe
    das aktive."""
    return len(_gpu_names(check_backend(backend)))


def describe() -> str:
    """Kurzbeschreibung des Geräts, z. B. ``'CPU (2 Kerne)'`` oder ``'GPU: NVIDIA H100'``."""
    name = gpu_name()
    return f"GPU: {name}" if name else f"CPU ({cpu_cores()} Kerne)"


def use_mixed_precision(enable: bool | None = None) -> str:
    """Schaltet auf einer GPU ``mixed_float16`` ein und sagt, was gilt.

    Auf der CPU bringt gemischte Genauigkeit nichts, dort bleibt ``float32``.
    Gibt den Namen der gültigen Dtype-Policy zurück.
    """
    import keras

    enable = gpu_name() is not None if enable is None else checks.flag(enable, "enable")
    policy = "mixed_float16" if enable else "float32"
    keras.config.set_dtype_policy(policy)
    why = "GPU: schneller, halber Speicher" if enable else "CPU: float32 ist hier am schnellsten"
    print(f"Rechengenauigkeit: {policy} ({why})")
    return policy


def return_free_memory() -> bool:
    """Gibt Speicher, den der Prozess schon freigegeben hat, ans Betriebssystem zurück.

    Nach ``del model``, ``keras.backend.clear_session()`` und ``gc.collect()`` ist der
    Speicher zwar frei, die C-Bibliothek (glibc unter Linux, also auch auf Binder und Colab)
    behält ihn aber oft für später, und der Kernel bleibt groß. ``malloc_trim`` gibt ihn
    zurück. Gibt ``True`` zurück, wenn das ging; auf anderen Systemen tut die Funktion
    nichts und gibt ``False`` zurück.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
    return True


def free_memory() -> None:
    """Gibt den Speicher frei, den gelöschte Modelle belegt hatten (nach ``del model``).

    Löscht die Einträge, mit denen TensorFlow trainierte Netze festhält
    (:func:`forget_custom_gradients`), ruft ``keras.backend.clear_session()`` und
    ``gc.collect()`` auf und gibt den freien Speicher mit :func:`return_free_memory` ans
    Betriebssystem zurück. ``clear_session`` allein setzt auch die Rechengenauigkeit auf
    ``float32`` zurück; hier bleibt sie, wie sie war (auf der GPU ``mixed_float16``, siehe
    :func:`use_mixed_precision`).
    """
    import gc

    import keras

    policy = keras.config.dtype_policy()
    forget_custom_gradients()
    keras.backend.clear_session()
    gc.collect()
    return_free_memory()
    keras.config.set_dtype_policy(policy)


def forget_custom_gradients() -> int:
    """Umgeht einen Speicherfehler in TensorFlow: Jedes Training hielt sonst sein Netz fest.

    Wenn Keras den Trainingsschritt eines Modells in einen Graphen übersetzt, trägt
    TensorFlow für die Summe der Gradienten (``all_reduce``) eine eigene Ableitung
    (``tf.custom_gradient``) in eine globale Tabelle ein und löscht sie nie wieder. Der
    Eintrag hält den Graphen fest und damit Gewichte und Optimierer-Zustand des Modells,
    auch nach ``del model`` und ``clear_session()`` (tensorflow/tensorflow#97697,
    keras-team/keras#20245). Gemessen nach einem kurzen Training von VGG-16 auf CIFAR-10
    (Profil ``quick``): 941 MB belegt ohne, 744 MB mit dieser Funktion.

    Die Funktion leert diese Einträge. Gebraucht werden sie nur, solange der Graph
    übersetzt wird; ein fertig übersetzter Trainingsschritt läuft ohne sie weiter.
    Gibt die Zahl der gelöschten Einträge zurück; 0, wenn TensorFlow nicht geladen ist
    oder die Tabelle anders heißt (dann ist nichts zu tun).
    """
    import sys

    ops = sys.modules.get("tensorflow.python.framework.ops")
    registry = getattr(getattr(ops, "_gradient_registry", None), "_registry", None)
    if not isinstance(registry, dict):
        return 0
    stale = [name for name in registry if str(name).startswith("CustomGradient-")]
    for name in stale:
        del registry[name]
    return len(stale)
