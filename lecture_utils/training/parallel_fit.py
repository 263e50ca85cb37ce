"""Datenparallel trainieren: der Haken in ``training.fit`` und der Vergleich mit einem Gerät.

Die Aufteilung rechnen die Backends: unter JAX ``keras.distribution.DataParallel``, unter
TensorFlow ``tf.distribute.MirroredStrategy``. ``plan_fit`` entscheidet nur, *ob*
aufgeteilt wird: mit mehr als einer GPU und dem Profil ``full``; dann vervielfacht ``fit``
die Batchgröße mit der Zahl der GPUs. Mit einer GPU ändert sich nichts. ``replicated``
liefert das Modell, das trainiert; ``data_parallel_losses`` vergleicht für
``bench/bench_distributed.py`` und die Tests die Verluste auf einem und auf mehreren Geräten.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace

from lecture_utils.core import checks, device, profiles

STRATEGIES = {"jax": "DataParallel", "tensorflow": "MirroredStrategy"}
"""Welches Werkzeug ``training.fit`` je Backend für Datenparallelität nimmt."""


def per_device_batch(global_batch: int, devices: int) -> int:
    """Batch je Gerät: die globale Batchgröße geteilt durch die Zahl der Geräte."""
    global_batch = checks.whole_number(global_batch, "Die globale Batchgröße")
    devices = checks.whole_number(devices, "Die Zahl der Geräte")
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
    backend = device.check_backend(backend)
    if gpus is None:
        gpus = device.gpu_count(backend) if profile == "full" else 0
    gpus = checks.whole_number(gpus, "Die Zahl der GPUs", minimum=0)
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


def data_parallel_losses(build, x, y, *, batch_size: int, steps: int, devices):
    """Trainiert dasselbe Modell ``steps`` Schritte lang zweimal – auf einem Gerät und
    datenparallel auf ``devices`` – und gibt beide Verlustfolgen zurück (je Schritt).

    ``build()`` liefert ein kompiliertes Modell; beide Läufe beginnen mit denselben
    Gewichten und sehen dieselben Batches der Größe ``batch_size`` (global).
    """
    steps = checks.whole_number(steps, "Die Zahl der Schritte")
    batch_size = per_device_batch(batch_size, len(devices)) * len(devices)
    if len(x) < steps * batch_size:
        raise ValueError(f"Für {steps} Schritte mit Batchgröße {batch_size} braucht es "
                         f"{steps * batch_size} Beispiele, erhalten: {len(x)}.")
    strategy = STRATEGIES.get(device.backend())
    if strategy is None:
        raise ValueError(f"Datenparallel geht nur unter JAX oder TensorFlow, nicht unter "
                         f"{device.backend()!r}.")
    single = build()
    plan = FitPlan(len(devices), strategy, profiles.TrainSettings(1, batch_size),
                   batch_size // len(devices))
    batches = [slice(step * batch_size, (step + 1) * batch_size) for step in range(steps)]
    with replicated(build(), plan, devices) as parallel:
        parallel.set_weights(single.get_weights())
        losses_parallel = [_step_loss(parallel, x[b], y[b]) for b in batches]
    losses_single = [_step_loss(single, x[b], y[b]) for b in batches]
    return losses_single, losses_parallel


def _step_loss(model, x, y) -> float:
    """Ein Trainingsschritt; sein Verlust (``train_on_batch`` setzt die Metriken zurück)."""
    return float(model.train_on_batch(x, y, return_dict=True)["loss"])
