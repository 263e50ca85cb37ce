"""Benchmark: Datenparallel und modellparallel auf N Geräten – stimmen die Zahlen?

1. **Datenparallel:** das MNIST-CNN des Kurses (ohne Dropout, damit beide Läufe
   dieselben Zufallszahlen brauchen) trainiert mindestens 5 Schritte auf N Geräten
   und, mit denselben Startgewichten und Batches, auf einem Gerät. Gemessen wird die
   größte Abweichung der Verluste je Schritt. JAX: ``keras.distribution.DataParallel``,
   TensorFlow: ``tf.distribute.MirroredStrategy``.
2. **Modellparallel (nur JAX):** AlexNet mit ``groups=2`` unter
   ``keras.distribution.ModelParallel``; die ``LayoutMap`` teilt die Filter der Konv-
   und FC-Schichten auf die Achse ``model``. Ausgegeben wird, welches Gerät welchen Teil
   des Kernels von Conv2 hält.
3. Die Parameterzahl des „Zwei-GPU“-AlexNet (``groups=2``) neben der des einsträngigen.

Ohne N GPUs simuliert das Skript N CPU-Geräte (JAX: ``XLA_FLAGS``, vor dem Import von
JAX gesetzt; TensorFlow: logische CPU-Geräte). Simulierte Geräte zeigen die
Aufteilung, nicht die Beschleunigung.

Aufruf (im Kursordner)::

    KERAS_BACKEND=jax python bench/bench_distributed.py --devices 2 --json verteilt.json
    python bench/bench_distributed.py --devices 2      # TensorFlow: MirroredStrategy
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # Kursordner ohne Installation
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

FLAG = "--xla_force_host_platform_device_count"


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=2, help="Zahl der Geräte (Vorgabe 2)")
    parser.add_argument("--steps", type=int, default=5, help="Trainingsschritte (mindestens 5)")
    parser.add_argument("--json", type=Path, help="Ergebnisse zusätzlich als JSON speichern")
    args = parser.parse_args()
    if args.devices < 2:
        parser.error(f"--devices muss mindestens 2 sein, erhalten: {args.devices}")
    if args.steps < 5:
        parser.error(f"--steps muss mindestens 5 sein, erhalten: {args.steps}")
    return args


def main() -> int:
    args = _arguments()
    if os.environ.get("KERAS_BACKEND") == "jax" and FLAG not in os.environ.get("XLA_FLAGS", ""):
        # muss vor dem ersten Zugriff auf die Geräte gesetzt sein
        os.environ["XLA_FLAGS"] = f"{os.environ.get('XLA_FLAGS', '')} {FLAG}={args.devices}"

    import keras

    from lecture_utils import data, models, training
    from lecture_utils.core import profiles, text
    from lecture_utils.training import model_parallel, parallel_fit, simulated

    backend = keras.config.backend()
    devices = simulated.simulate_devices(args.devices)
    print(f"Backend {backend} · {simulated.describe_devices(devices)}")

    # 1. datenparallel gegen ein Gerät
    settings = profiles.settings("mnist_cnn")
    global_batch = settings.batch_size * args.devices
    (x, y), _ = data.load_mnist()
    x, y = training.prepare_images(x[: args.steps * global_batch]), y[: args.steps * global_batch]

    def build():
        model = models.mnist_cnn(dropout=0.0)
        model.compile(optimizer=keras.optimizers.SGD(0.01, momentum=0.9),
                      loss="sparse_categorical_crossentropy")
        return model

    training.set_seed()
    t0 = time.perf_counter()
    single, parallel = parallel_fit.data_parallel_losses(build, x, y, batch_size=global_batch,
                                                        steps=args.steps, devices=devices)
    seconds = time.perf_counter() - t0
    difference = max(abs(a - b) for a, b in zip(single, parallel))
    strategy = parallel_fit.STRATEGIES[backend]
    print(f"Datenparallel ({strategy}): {args.steps} Schritte, Batchgröße {args.devices} × "
          f"{settings.batch_size} = {global_batch}; größte Abweichung der Verluste "
          f"{difference:.2e} ({text.number(seconds, 1)} s für beide Läufe)")
    for step, (a, b) in enumerate(zip(single, parallel), start=1):
        print(f"  Schritt {step}: 1 Gerät {a:.6f} · {args.devices} Geräte {b:.6f}")

    # 2. modellparallel (nur JAX) und 3. Parameterzahlen
    sharding = None
    if backend == "jax":
        alexnet = model_parallel.model_parallel_alexnet(devices)
        kernel = alexnet.get_layer("Conv2").kernel
        print("Modellparallel (ModelParallel, LayoutMap):\n" + model_parallel.shard_table(kernel))
        sharding = {"layer": "Conv2", "kernel_shape": list(kernel.shape), "kernel_shards": [
            {"device": s.device, "shape": list(s.shape), "filters": list(s.index[-1])}
            for s in model_parallel.kernel_shards(kernel)]}
    else:
        alexnet = models.alexnet(groups=2)
        print("Modellparallel: keras.distribution.ModelParallel gibt es nur unter JAX "
              "(KERAS_BACKEND=jax); übersprungen.")
    grouped = alexnet.count_params()
    del alexnet
    single_gpu = models.alexnet().count_params()
    print(f"AlexNet: groups=2 {text.number(grouped)} Parameter · ein Strang "
          f"{text.number(single_gpu)} · Unterschied {text.number(single_gpu - grouped)}")

    report = {
        "backend": backend,
        "devices": len(devices),
        "device_names": [str(d) for d in devices],
        "simulated": simulated.is_simulated(devices),
        "data_parallel": {"strategy": strategy, "steps": args.steps, "global_batch": global_batch,
                          "per_device_batch": settings.batch_size,
                          "max_loss_difference": difference,
                          "losses_one_device": single, "losses_devices": parallel},
        "model_parallel": sharding,
        "grouped_alexnet_params": grouped,
        "single_gpu_alexnet_params": single_gpu,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(f"Ergebnisse gespeichert: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
