"""Modellparallel: AlexNet wie im Paper auf zwei Geräte verteilt, und wo welches Stück liegt.

Unter JAX verteilt ``keras.distribution.ModelParallel`` die Kernel nach einer ``LayoutMap``
(``alexnet_layout_map``): Jedes Gerät hält einen Teil der Filter bzw. Neuronen, wie die
zwei GPUs bei Krizhevsky et al. (2012). ``kernel_shards`` und ``shard_table`` zeigen, welches
Gerät welchen Teil einer Variable hält (für ``bench/bench_distributed.py`` und die Tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from lecture_utils import models
from lecture_utils.core import device, text


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
    rows = []
    for shard in kernel_shards(variable):
        split = [f"Achse {axis}: {a}–{b - 1}" for axis, (a, b) in enumerate(shard.index)
                 if (a, b) != (0, variable.shape[axis])]
        rows.append([shard.device, str(shard.shape), ", ".join(split) or "vollständige Kopie"])
    title = f"{variable.path} {tuple(variable.shape)}:"
    return title + "\n" + text.table(["Gerät", "Form", "Teil"], rows)


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

    if device.backend() != "jax":
        raise ValueError(f"keras.distribution.ModelParallel gibt es nur unter JAX, "
                         f"nicht unter {device.backend()!r}.")
    distribution = keras.distribution.ModelParallel(layout_map=alexnet_layout_map(devices),
                                                    batch_dim_name="batch")
    with distribution.scope():
        return models.alexnet(groups=2, **kwargs)
