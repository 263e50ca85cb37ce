"""Training auf mehreren Geräten (GPUs) mit den Werkzeugen der Backends.

Die Aufteilung selbst rechnen immer die Backends: unter JAX
``keras.distribution`` (``DataParallel``, ``ModelParallel``), unter TensorFlow
``tf.distribute.MirroredStrategy``. Dieses Modul entscheidet nur, *ob* und *wie*
aufgeteilt wird, und hilft beim Vorführen ohne mehrere GPUs:

* ``simulate_devices(n)``: ``n`` Geräte für ein Notebook – echte GPUs, sonst
  logische CPU-Geräte (TensorFlow) bzw. simulierte CPU-Geräte (JAX, ``XLA_FLAGS``).
  Simulierte Geräte teilen sich einen Prozessor: Sie zeigen die Aufteilung, keinen
  Geschwindigkeitsgewinn.
* ``run_jax_script(pfad, n)``: ein Skript mit ``KERAS_BACKEND=jax`` und ``n``
  simulierten Geräten in einem eigenen Prozess (die Variable ``XLA_FLAGS`` wirkt
  nur, bevor JAX seine Geräte anlegt).
* ``plan_fit`` und ``replicated``: der Haken in ``training.fit``. Mit mehr als
  einer GPU und dem Profil ``full`` trainiert ``fit`` datenparallel und
  vervielfacht die Batchgröße mit der Zahl der GPUs; mit einer GPU ändert sich nichts.
* ``kernel_shards``, ``data_parallel_losses``, ``model_parallel_alexnet``: die
  Messungen für ``bench/bench_distributed.py`` und die Tests.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass, replace

from lecture_utils.core import checks, profiles

BACKENDS = ("tensorflow", "jax", "torch")

STRATEGIES = {"jax": "DataParallel", "tensorflow": "MirroredStrategy"}
"""Welches Werkzeug ``training.fit`` je Backend für Datenparallelität nimmt."""

XLA_DEVICE_FLAG = "--xla_force_host_platform_device_count"


def _backend() -> str:
    import keras

    return keras.config.backend()


def _check_count(value, what: str, minimum: int = 1) -> int:
    return checks.whole_number(value, what, minimum=minimum)


def _check_backend(backend) -> str:
    """Der Name eines Keras-Backends; ohne Angabe (``None``) das aktive."""
    return _backend() if backend is None else checks.one_of(backend, "backend", BACKENDS)


# ---------------------------------------------------------------------------
# Geräte zählen und simulieren
# ---------------------------------------------------------------------------


def gpu_count(backend: str | None = None) -> int:
    """Zahl der sichtbaren GPUs für das Keras-Backend (0 ohne GPU)."""
    backend = _check_backend(backend)
    if backend == "tensorflow":
        import tensorflow as tf

        return len(tf.config.list_physical_devices("GPU"))
    if backend == "jax":
        import jax

        return sum(1 for d in jax.devices() if d.platform == "gpu")
    if backend == "torch":
        import torch

        return torch.cuda.device_count() if torch.cuda.is_available() else 0
    return 0


def simulate_devices(n: int = 2) -> list[str]:
    """Gibt ``n`` Geräte für die Vorführungen eines Notebooks zurück (ihre Namen).

    Mit mindestens ``n`` GPUs sind es die GPUs. Sonst teilt die Funktion die CPU in
    ``n`` Geräte: unter TensorFlow logische CPU-Geräte
    (``tf.config.set_logical_device_configuration``), unter JAX simulierte
    (``XLA_FLAGS=--xla_force_host_platform_device_count=n``). Beides geht nur,
    bevor das Backend seine Geräte anlegt – deshalb steht der Aufruf im Setup-Block,
    vor der ersten Rechnung.
    """
    n = _check_count(n, "Die Zahl der Geräte")
    backend = _backend()
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
    n = _check_count(n, "Die Zahl der Geräte")
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
    n = _check_count(n, "Die Zahl der Geräte")
    gpus = _check_count(gpus, "Die Zahl der GPUs", minimum=0)
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
    n = _check_count(n, "Die Zahl der Geräte")
    timeout = checks.real_number(timeout, "timeout", positive=True)
    if importlib.util.find_spec("jax") is None:
        print("[Achtung] JAX ist nicht installiert; dieser Teil wird übersprungen. "
              "Nachinstallieren mit: pip install -e \".[jax]\" (im Kursordner) oder "
              "pip install jax.")
        return None
    gpus = gpu_count() if _backend() in ("tensorflow", "jax") else 0
    result = subprocess.run([sys.executable, str(script), *map(str, args)], text=True,
                            capture_output=True, env=jax_environment(n, gpus), timeout=timeout)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"Das JAX-Skript {script} ist mit Code {result.returncode} "
                           f"abgebrochen. Letzte Zeilen:\n{tail}")
    return result.stdout


# ---------------------------------------------------------------------------
# Batchgrößen und der Haken in training.fit
# ---------------------------------------------------------------------------


def per_device_batch(global_batch: int, devices: int) -> int:
    """Batch je Gerät: die globale Batchgröße geteilt durch die Zahl der Geräte."""
    global_batch = _check_count(global_batch, "Die globale Batchgröße")
    devices = _check_count(devices, "Die Zahl der Geräte")
    if global_batch % devices:
        raise ValueError(f"Die globale Batchgröße {global_batch} lässt sich nicht gleichmäßig "
                         f"auf {devices} Geräte verteilen.")
    return global_batch // devices


@dataclass(frozen=True)
class FitPlan:
    """Wie ``training.fit`` trainiert: auf wie vielen GPUs, womit, mit welcher Batchgröße.

    ``settings`` enthält die globale Batchgröße (alle Geräte zusammen).
    """

    devices: int
    strategy: str | None
    settings: profiles.TrainSettings
    per_device_batch: int

    @property
    def distributed(self) -> bool:
        return self.strategy is not None

    def describe(self) -> str:
        """Der Zusatz für die erste Zeile von ``fit`` (leer bei einem Gerät)."""
        if not self.distributed:
            return ""
        return (f"datenparallel auf {self.devices} GPUs ({self.strategy}): Batchgröße "
                f"{self.devices} × {self.per_device_batch} = {self.settings.batch_size}")

    def fit_data(self, data):
        """``(x, y)`` für Training oder Validierung: verteilt ohne den Rest, der sich
        nicht gleichmäßig auf die Geräte verteilen lässt (höchstens ``devices − 1``
        Beispiele; beide Backends verlangen gleich große Teile); sonst unverändert."""
        if not self.distributed or not isinstance(data, tuple):
            return data
        usable = len(data[0]) - len(data[0]) % self.devices
        return tuple(part[:usable] for part in data)


def plan_fit(settings: profiles.TrainSettings, *, gpus: int | None = None,
             profile: str | None = None, backend: str | None = None) -> FitPlan:
    """Entscheidet für ``training.fit``: Mit mehr als einer GPU und dem Profil ``full``
    wird datenparallel trainiert (JAX: ``DataParallel``, TensorFlow:
    ``MirroredStrategy``), die Batchgröße aus dem Profil gilt dann *je GPU*. Sonst
    (eine GPU, CPU, anderes Profil, PyTorch) bleibt alles, wie es ist.

    ``gpus``, ``profile`` und ``backend`` ohne Angabe: was dieser Rechner hat.
    """
    if not isinstance(settings, profiles.TrainSettings):
        raise TypeError(f"settings muss ein profiles.TrainSettings sein, erhalten: {settings!r}.")
    if profile is not None and not isinstance(profile, str):
        raise ValueError(f"profile muss der Name eines Profils sein (z. B. 'full'), "
                         f"erhalten: {profile!r}.")
    profile = profiles.active_profile() if profile is None else profiles.check_profile(profile)
    backend = _check_backend(backend)
    if gpus is None:
        gpus = gpu_count(backend) if profile == "full" else 0
    gpus = _check_count(gpus, "Die Zahl der GPUs", minimum=0)
    if gpus < 2 or profile != "full" or backend not in STRATEGIES:
        return FitPlan(1, None, settings, settings.batch_size)
    scaled = replace(settings, batch_size=settings.batch_size * gpus)
    return FitPlan(gpus, STRATEGIES[backend], scaled, settings.batch_size)


def _scope(strategy: str, devices):
    if strategy == "MirroredStrategy":
        import tensorflow as tf

        return tf.distribute.MirroredStrategy(devices).scope()
    if strategy == "DataParallel":
        import keras

        return keras.distribution.DataParallel(devices=devices).scope()
    known = ", ".join(STRATEGIES.values())
    raise ValueError(f"Unbekannte Strategie {strategy!r}; bekannt: {known}.")


@contextlib.contextmanager
def replicated(model, plan: FitPlan, devices=None):
    """Liefert das Modell, mit dem ``fit`` trainiert.

    Ohne Aufteilung ist es ``model`` selbst. Sonst eine Kopie, deren Variablen auf
    allen Geräten liegen: Keras legt die Gewichte dort an, wo sie beim Bauen entstehen,
    also baut und kompiliert die Funktion die Kopie innerhalb der Strategie
    (``clone_model``, dieselben Gewichte, dieselben ``compile``-Einstellungen). Am
    Ende (auch nach einem Abbruch) kommen die trainierten Gewichte zurück in ``model``.
    ``devices`` (Vorgabe: alle GPUs) nutzen die Tests mit CPU-Geräten.
    """
    if not plan.distributed:
        yield model
        return
    import keras

    if not model.built:
        raise ValueError(f"Das Modell {model.name!r} muss gebaut sein (feste Eingabeform), "
                         "bevor es auf mehrere Geräte verteilt wird.")
    scope = _scope(plan.strategy, devices)
    with scope:
        copy = keras.models.clone_model(model)
        copy.set_weights(model.get_weights())
        if model.compiled:
            copy.compile_from_config(model.get_compile_config())
        try:
            yield copy
        finally:
            model.set_weights(copy.get_weights())


# ---------------------------------------------------------------------------
# Messungen (bench/bench_distributed.py, Tests)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Shard:
    """Ein Stück einer verteilten Variable: Gerät, Form und Bereich je Achse."""

    device: str
    shape: tuple[int, ...]
    index: tuple[tuple[int, int], ...]  # (Anfang, Ende) je Achse


def kernel_shards(variable) -> list[Shard]:
    """Die Stücke einer Keras-Variable unter JAX, nach Gerät (wo liegt welcher Teil?)."""
    value = getattr(variable, "value", variable)
    if not hasattr(value, "addressable_shards"):
        raise TypeError(f"kernel_shards braucht eine Variable des JAX-Backends, erhalten: "
                        f"{type(value).__name__}.")
    shards = []
    for shard in value.addressable_shards:
        index = tuple((s.start or 0, value.shape[axis] if s.stop is None else s.stop)
                      for axis, s in enumerate(shard.index))
        device = f"{shard.device.platform}:{shard.device.id}"
        shards.append(Shard(device, tuple(shard.data.shape), index))
    return sorted(shards, key=lambda s: s.device)


def shard_table(variable) -> str:
    """Deutsche Tabelle: welches Gerät welchen Teil einer Variable hält."""
    rows = [f"{variable.path} {tuple(variable.shape)}:"]
    for shard in kernel_shards(variable):
        split = [f"Achse {axis}: {a}–{b - 1}" for axis, (a, b) in enumerate(shard.index)
                 if (a, b) != (0, variable.shape[axis])]
        where = ", ".join(split) if split else "vollständige Kopie"
        rows.append(f"  {shard.device}: Form {shard.shape} · {where}")
    return "\n".join(rows)


def data_parallel_losses(build, x, y, *, batch_size: int, steps: int, devices):
    """Trainiert dasselbe Modell ``steps`` Schritte lang zweimal – auf einem Gerät und
    datenparallel auf ``devices`` – und gibt beide Verlustfolgen zurück (je Schritt).

    ``build()`` liefert ein kompiliertes Modell; beide Läufe beginnen mit denselben
    Gewichten und sehen dieselben Batches der Größe ``batch_size`` (global).
    """
    steps = _check_count(steps, "Die Zahl der Schritte")
    batch_size = per_device_batch(batch_size, len(devices)) * len(devices)
    if len(x) < steps * batch_size:
        raise ValueError(f"Für {steps} Schritte mit Batchgröße {batch_size} braucht es "
                         f"{steps * batch_size} Beispiele, erhalten: {len(x)}.")
    strategy = STRATEGIES.get(_backend())
    if strategy is None:
        raise ValueError(f"Datenparallel geht nur unter JAX oder TensorFlow, nicht unter "
                         f"{_backend()!r}.")
    single = build()
    plan = FitPlan(len(devices), strategy, profiles.TrainSettings(1, batch_size),
                   batch_size // len(devices))
    batches = [slice(step * batch_size, (step + 1) * batch_size) for step in range(steps)]
    with replicated(build(), plan, devices) as parallel:
        parallel.set_weights(single.get_weights())
        losses_parallel = [_step_loss(parallel, x[b], y[b]) for b in batches]
    losses_single = [_step_loss(single, x[b], y[b]) for b in batches]
    return losses_single, losses_parallel


def alexnet_layout_map(devices):
    """``LayoutMap`` für AlexNet auf einem Gitter (1 × n): Konv- und FC-Kernel werden
    entlang ihrer letzten Achse (Filter bzw. Neuronen) auf die Achse ``model``
    verteilt – jedes Gerät hält einen Teil der Filter, wie die zwei GPUs im Paper."""
    import keras

    mesh = keras.distribution.DeviceMesh(shape=(1, len(devices)), axis_names=("batch", "model"),
                                         devices=devices)
    layout_map = keras.distribution.LayoutMap(mesh)
    layout_map["Conv\\d/kernel"] = (None, None, None, "model")
    layout_map["Conv\\d/bias"] = ("model",)
    layout_map["FC\\d/kernel"] = (None, "model")
    layout_map["FC\\d/bias"] = ("model",)
    return layout_map


def model_parallel_alexnet(devices, **kwargs):
    """AlexNet mit ``groups=2`` unter ``keras.distribution.ModelParallel`` (nur JAX)."""
    import keras

    from lecture_utils import models

    if _backend() != "jax":
        raise ValueError(f"keras.distribution.ModelParallel gibt es nur unter JAX, "
                         f"nicht unter {_backend()!r}.")
    distribution = keras.distribution.ModelParallel(layout_map=alexnet_layout_map(devices),
                                                    batch_dim_name="batch")
    with distribution.scope():
        return models.alexnet(groups=2, **kwargs)


def _step_loss(model, x, y) -> float:
    """Ein Trainingsschritt; sein Verlust (``train_on_batch`` setzt die Metriken zurück)."""
    return float(model.train_on_batch(x, y, return_dict=True)["loss"])
