"""Geräte für die Vorführungen: mehrere GPUs oder simulierte CPU-Geräte, und JAX in einem
eigenen Prozess.

``simulate_devices(n)`` gibt einem Notebook ``n`` Geräte – echte GPUs, sonst logische
CPU-Geräte (TensorFlow) bzw. simulierte CPU-Geräte (JAX, ``XLA_FLAGS``). Simulierte Geräte
teilen sich einen Prozessor: Sie zeigen die Aufteilung, keinen Geschwindigkeitsgewinn.
``run_jax_script(pfad, n)`` führt ein Skript mit ``KERAS_BACKEND=jax`` und ``n`` Geräten in
einem eigenen Prozess aus, denn ``XLA_FLAGS`` wirkt nur, bevor JAX seine Geräte anlegt.
Wie viele GPUs es gibt, sagt ``core.device.gpu_count``.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

from lecture_utils.core import checks, device

XLA_DEVICE_FLAG = "--xla_force_host_platform_device_count"


def simulate_devices(n: int = 2) -> list[str]:
    """Gibt ``n`` Geräte für die Vorführungen eines Notebooks zurück (ihre Namen).

    Mit mindestens ``n`` GPUs sind es die GPUs. Sonst teilt die Funktion die CPU in
    ``n`` Geräte: unter TensorFlow logische CPU-Geräte
    (``tf.config.set_logical_device_configuration``), unter JAX simulierte
    (``XLA_FLAGS=--xla_force_host_platform_device_count=n``). Beides geht nur,
    bevor das Backend seine Geräte anlegt – deshalb steht der Aufruf im Setup-Block,
    vor der ersten Rechnung.
    """
    n = checks.whole_number(n, "Die Zahl der Geräte")
    backend = device.backend()
    if backend == "tensorflow":
        return _simulate_tensorflow(n)
    if backend == "jax":
        return _simulate_jax(n)
    return ["cpu:0"]  # PyTorch: keras.distribution kennt es nicht; ein Gerät


def _simulate_tensorflow(n: int) -> list[str]:
    import tensorflow as tf

    if len(tf.config.list_physical_devices("GPU")) >= n:
        return [d.name for d in tf.config.list_logical_devices("GPU")][:n]
    cpu = tf.config.list_physical_devices("CPU")[0]
    try:
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(n)])
    except RuntimeError:
        pass  # schon angelegt: gilt, was vorher eingestellt war (prüft die nächste Zeile)
    names = [d.name for d in tf.config.list_logical_devices("CPU")]
    if len(names) < n:
        raise RuntimeError(
            f"TensorFlow hat seine Geräte schon angelegt ({len(names)} CPU-Gerät(e)); "
            f"{n} logische CPU-Geräte gehen nur vor der ersten Rechnung. Bitte den Kernel "
            "neu starten und simulate_devices im Setup-Block zuerst aufrufen.")
    return names[:n]


def _simulate_jax(n: int) -> list[str]:
    flags = os.environ.get("XLA_FLAGS", "")
    if XLA_DEVICE_FLAG not in flags:
        os.environ["XLA_FLAGS"] = f"{flags} {XLA_DEVICE_FLAG}={n}".strip()
    return jax_devices(n)


def jax_devices(n: int) -> list[str]:
    """``n`` Gerätenamen für ``keras.distribution`` unter JAX: die GPUs (oder TPUs),
    wenn es genug gibt, sonst die (simulierten) CPU-Geräte."""
    n = checks.whole_number(n, "Die Zahl der Geräte")
    import keras

    devices = keras.distribution.list_devices()
    if len(devices) < n:
        devices = keras.distribution.list_devices("cpu")
    if len(devices) < n:
        raise RuntimeError(
            f"JAX sieht nur {len(devices)} Gerät(e), gebraucht werden {n}. Auf einer CPU "
            f"vor dem Start setzen: XLA_FLAGS={XLA_DEVICE_FLAG}={n} (die Variable wirkt nur, "
            "bevor JAX seine Geräte anlegt).")
    return devices[:n]


def is_simulated(devices) -> bool:
    """``True``, wenn alle Geräte CPU-Geräte sind (logisch oder simuliert)."""
    return all("cpu" in str(d).lower() for d in devices)


def describe_devices(devices) -> str:
    """Eine deutsche Zeile über die Geräte, z. B. für den Setup-Block."""
    names = ", ".join(str(d) for d in devices)
    line = f"Geräte für die Vorführungen: {len(devices)} ({names})"
    if len(devices) > 1 and is_simulated(devices):
        line += (". Sie sind simuliert und teilen sich einen Prozessor: Sie zeigen, wie "
                 "aufgeteilt wird, aber sie machen nichts schneller.")
    return line


def jax_environment(n: int, gpus: int = 0) -> dict[str, str]:
    """Umgebung für einen JAX-Prozess mit ``n`` Geräten (simuliert, wenn ``gpus < n``)."""
    n = checks.whole_number(n, "Die Zahl der Geräte")
    gpus = checks.whole_number(gpus, "Die Zahl der GPUs", minimum=0)
    env = dict(os.environ, KERAS_BACKEND="jax", XLA_PYTHON_CLIENT_PREALLOCATE="false")
    flags = " ".join(f for f in env.get("XLA_FLAGS", "").split()
                     if not f.startswith(XLA_DEVICE_FLAG))
    env["XLA_FLAGS"] = f"{flags} {XLA_DEVICE_FLAG}={n}".strip()
    if gpus < n:
        env["JAX_PLATFORMS"] = "cpu"  # sonst belegte JAX die eine GPU neben TensorFlow
    return env


def run_jax_script(script, n: int = 2, args=(), timeout: float = 900) -> str | None:
    """Führt ``script`` mit ``KERAS_BACKEND=jax`` und ``n`` Geräten in einem eigenen
    Prozess aus und gibt seine Ausgabe zurück; ohne installiertes JAX ``None`` und
    ein deutscher Hinweis."""
    n = checks.whole_number(n, "Die Zahl der Geräte")
    timeout = checks.real_number(timeout, "timeout", positive=True)
    if importlib.util.find_spec("jax") is None:
        print("[Achtung] JAX ist nicht installiert; dieser Teil wird übersprungen. "
              "Nachinstallieren mit: pip install -e \".[jax]\" (im Kursordner) oder "
              "pip install jax.")
        return None
    gpus = device.gpu_count() if device.backend() in ("tensorflow", "jax") else 0
    result = subprocess.run([sys.executable, str(script), *map(str, args)], text=True,
                            capture_output=True, env=jax_environment(n, gpus), timeout=timeout)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"Das JAX-Skript {script} ist mit Code {result.returncode} "
                           f"abgebrochen. Letzte Zeilen:\n{tail}")
    return result.stdout
