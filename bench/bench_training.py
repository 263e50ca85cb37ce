"""Benchmark: Wie schnell trainieren die Kursrezepte, verglichen mit einem Standardrezept?

Misst mit dem aktiven Gerät (GPU, sonst CPU):

1. das MNIST-CNN des Kurses (``recipes.mnist_cnn_model``) auf MNIST und
2. das CIFAR-ResNet-20 des Kurses (``recipes.cifar_resnet_model``) auf CIFAR-10,
   je mit den Einstellungen des Profils: Zeit pro Epoche, Bilder pro Sekunde und
   Zeit bis zur Ziel-Accuracy (99,1 % bzw. 91 % auf den Testbildern);
3. ein Wettrennen auf dem **vollen** Fashion-MNIST (60.000/10.000 Bilder): das Rezept
   des Kurses (``recipes.fashion_resnet_model``: ResNet-8 mit Batch Normalization, SGD
   mit Momentum, Lernrate mit Aufwärmen und Kosinus-Abfall) gegen das Rezept aus dem
   keras-io-Beispiel „Simple MNIST convnet“ (Conv 32 → Pool → Conv 64 → Pool → Flatten →
   Dropout 0,5 → Dense 10; Adam, Batchgröße 128): Zeit bis 91 % Test-Accuracy und das
   Verhältnis Kurs/Baseline (Ziel: höchstens 0,5);
4. ``training.fit`` gegen ein schlichtes ``model.fit`` (und ``model.fit`` mit
   ``jit_compile=True``): dasselbe Netz, dieselbe Batchgröße, dieselben Daten – Bilder
   pro Sekunde, dazu die Zeit, die ein Bild der Lernkurven im Notebook kostet.

Aufruf (im Kursordner)::

    python bench/bench_training.py                    # aktives Profil (LECTURE_PROFILE)
    python bench/bench_training.py --profile full     # z. B. auf einer GPU
    KERAS_BACKEND=jax python bench/bench_training.py  # ohne TensorFlow
    python bench/bench_training.py --only fashion --json ergebnis.json

Das Skript importiert kein ``tensorflow`` und läuft unter jedem Keras-Backend.
Die Zeit „bis Ziel“ zählt alles ab Trainingsbeginn mit: Kompilieren, Training und
die Auswertung auf den Testbildern nach jeder Epoche.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # Kursordner ohne Installation
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow (falls Backend) ohne Log-Flut

import keras  # noqa: E402

from lecture_utils import data, training  # noqa: E402
from lecture_utils.core import device, profiles, text  # noqa: E402
from lecture_utils.training import recipes  # noqa: E402

MNIST_TARGET = 0.991
CIFAR_TARGET = 0.91
FASHION_TARGET = 0.91
FASHION_EPOCHS = {"quick": 2, "laptop": 40, "full": 60, "gpu": 40}
"""Höchstens so viele Epochen für die Baseline im Fashion-MNIST-Wettrennen; beide Netze
hören beim Ziel auf. Der Kurs plant seine Epochen im Profil (``fashion_resnet``)."""
FIT_SAMPLES = {"quick": 512, "laptop": 10_000, "full": 20_000, "gpu": 20_000}
"""Trainingsbilder im Vergleich training.fit gegen model.fit (je 3 Epochen)."""


# ---------------------------------------------------------------------------
# Messen
# ---------------------------------------------------------------------------


class _Clock(keras.callbacks.Callback):
    """Misst je Epoche die reine Trainingszeit und die Zeit seit Trainingsbeginn;
    stoppt, sobald die Test-Accuracy das Ziel erreicht (falls ``stop_at_target``)."""

    def __init__(self, target, stop_at_target):
        super().__init__()
        self.target, self.stop_at_target = target, stop_at_target
        self.train_seconds, self.elapsed, self.accuracy = [], [], []

    def on_train_begin(self, logs=None):
        self.start = time.perf_counter()

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch_start = time.perf_counter()
        self.test_start = None

    def on_test_begin(self, logs=None):
        if self.test_start is None:  # Auswertung am Ende der Trainings-Epoche
            self.test_start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        now = time.perf_counter()
        self.train_seconds.append((self.test_start or now) - self.epoch_start)
        self.elapsed.append(now - self.start)
        self.accuracy.append(float((logs or {}).get("val_accuracy", float("nan"))))
        if self.stop_at_target and self.accuracy[-1] >= self.target:
            self.model.stop_training = True


@dataclass
class Result:
    """Messwerte eines Trainings."""

    name: str
    data: str
    n_train: int
    batch_size: int
    target: float
    epochs: int = 0
    first_epoch_s: float = 0.0
    epoch_s: float = 0.0
    images_per_s: float = 0.0
    final_accuracy: float = 0.0
    best_accuracy: float = 0.0
    target_epoch: int | None = None
    target_s: float | None = None
    accuracy_per_epoch: list = field(default_factory=list)

    def lines(self) -> list[str]:
        reached = (f"nach {text.number(self.target_s, 0)} s (Epoche {self.target_epoch})"
                   if self.target_s is not None else "nicht erreicht")
        return [
            f"{self.name} · {self.data} · Batch {self.batch_size}",
            f"  Epochen: {self.epochs} · erste Epoche (mit Kompilieren) "
            f"{text.number(self.first_epoch_s, 1)} s · "
            f"danach {text.number(self.epoch_s, 1)} s/Epoche · "
            f"{text.number(round(self.images_per_s))} Bilder/s",
            f"  Test-Accuracy: zuletzt {text.percent(self.final_accuracy, 2)}, "
            f"beste {text.percent(self.best_accuracy, 2)} · "
            f"Ziel {text.percent(self.target, 2)}: {reached}",
        ]




def measure(name, model, train, test, epochs, batch_size, target, data_name,
            stop_at_target=False) -> Result:
    """Trainiert ``model`` (kompiliert) und misst; wertet nach jeder Epoche auf ``test`` aus."""
    clock = _Clock(target, stop_at_target)
    model.fit(*train, validation_data=test, epochs=epochs, batch_size=batch_size,
              callbacks=[clock], verbose=0)
    later = clock.train_seconds[1:] or clock.train_seconds
    epoch_s = statistics.median(later)
    reached = [i for i, acc in enumerate(clock.accuracy) if acc >= target]
    return Result(
        name=name, data=data_name, n_train=len(train[0]), batch_size=batch_size, target=target,
        epochs=len(clock.accuracy), first_epoch_s=clock.train_seconds[0], epoch_s=epoch_s,
        images_per_s=len(train[0]) / epoch_s, final_accuracy=clock.accuracy[-1],
        best_accuracy=max(clock.accuracy),
        target_epoch=reached[0] + 1 if reached else None,
        target_s=clock.elapsed[reached[0]] if reached else None,
        accuracy_per_epoch=[round(a, 4) for a in clock.accuracy],
    )


def _source(dataset: str, train) -> str:
    source = data.last_source(dataset) or "?"
    kind = "Stichprobe" if source == "sample" else source
    return f"{dataset} ({kind}, {text.number(len(train[0]))} Trainingsbilder)"


# ---------------------------------------------------------------------------
# Die drei Messungen
# ---------------------------------------------------------------------------


def bench_mnist_cnn(profile: str) -> Result:
    settings = profiles.settings("mnist_cnn", profile)
    training.set_seed()
    train, test = recipes.image_data(data.load_mnist, settings)
    model = recipes.mnist_cnn_model(settings, len(train[0]))
    return measure("MNIST-CNN (Kurs)", model, train, test, settings.epochs, settings.batch_size,
                   MNIST_TARGET, _source("mnist", train))


def bench_cifar_resnet(profile: str, depth: int = 20) -> Result:
    settings = profiles.settings("cifar_resnet", profile)
    training.set_seed()
    train, test = recipes.image_data(data.load_cifar10, settings)
    model = recipes.cifar_resnet_model(depth, True, settings, len(train[0]))
    return measure(f"ResNet-{depth} (Kurs)", model, train, test, settings.epochs,
                   settings.batch_size, CIFAR_TARGET, _source("cifar10", train))


def keras_io_convnet(input_shape=(28, 28, 1), num_classes=10):
    """Das Netz aus dem keras-io-Beispiel „Simple MNIST convnet“ (34.826 Parameter)."""
    layers = keras.layers
    return keras.Sequential([
        keras.Input(input_shape),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(num_classes, activation="softmax"),
    ], name="keras_io_convnet")


def bench_fashion(profile: str) -> tuple[Result, Result]:
    """Kursrezept gegen keras-io-Rezept auf Fashion-MNIST, je bis 91 % Test-Accuracy."""
    quick = profile == "quick"  # quick: nur ein Ausschnitt, damit es Sekunden bleiben
    course = profiles.settings("fashion_resnet", profile)
    baseline = profiles.TrainSettings(FASHION_EPOCHS[profile], 128, course.train_samples,
                                      course.test_samples)
    if not quick:
        course = profiles.TrainSettings(course.epochs, course.batch_size)
    results = []
    for name, settings, build in (
        ("ResNet-8 mit BN und Lernraten-Zyklus (Kurs)", course,
         lambda n: recipes.fashion_resnet_model(course, n)),
        ("keras-io Simple MNIST convnet", baseline, lambda n: _compiled_baseline()),
    ):
        training.set_seed()
        keras.backend.clear_session()
        train, test = recipes.image_data(data.load_fashion_mnist, settings)
        results.append(measure(name, build(len(train[0])), train, test, settings.epochs,
                               settings.batch_size, FASHION_TARGET,
                               _source("fashion_mnist", train), stop_at_target=True))
    return results[0], results[1]


class _EpochTimes(keras.callbacks.Callback):
    """Zeit je Epoche (mit Auswertung), für den Vergleich der fit-Varianten."""

    def on_train_begin(self, logs=None):
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.start)


def bench_fit(profile: str, epochs: int = 3, rounds: int = 2) -> dict:
    """``training.fit`` gegen ``model.fit``: dasselbe Kursnetz (``fashion_resnet``), dieselbe
    Batchgröße und dieselben Daten (mit Auswertung nach jeder Epoche). Die Varianten laufen
    abwechselnd, ``rounds`` Mal; Bilder pro Sekunde aus dem Median aller Epochen nach der
    ersten (die erste kompiliert). Dazu die Zeit der Callbacks von ``training.fit``."""
    course = profiles.settings("fashion_resnet", profile)
    settings = profiles.TrainSettings(epochs, course.batch_size, FIT_SAMPLES[profile], 1000)
    train, test = recipes.image_data(data.load_fashion_mnist, settings)
    names = ("model.fit", "training.fit", "model.fit mit jit_compile=True")
    epoch_times = {name: [] for name in names}
    first = {name: [] for name in names}
    for _ in range(rounds):
        for variant in names:
            training.set_seed()
            keras.backend.clear_session()
            model = recipes.fashion_resnet_model(settings, len(train[0]))
            if "jit_compile" in variant:
                model.compile(optimizer=model.optimizer, loss=model.loss, metrics=["accuracy"],
                              jit_compile=True)
            clock = _EpochTimes()
            if variant == "training.fit":
                with tempfile.TemporaryDirectory() as folder:
                    os.environ["LECTURE_CHECKPOINT_DIR"] = folder
                    training.fit(model, train, test, name="bench_fit", settings=settings,
                                 resume=False, live_plot=False, verbose=0, callbacks=[clock])
            else:
                model.fit(*train, validation_data=test, epochs=settings.epochs,
                          batch_size=settings.batch_size, callbacks=[clock], verbose=0)
            first[variant].append(clock.seconds[0])
            epoch_times[variant].extend(clock.seconds[1:] or clock.seconds)
    variants = {}
    for variant in names:
        epoch_s = statistics.median(epoch_times[variant])
        variants[variant] = {"images_per_s": round(len(train[0]) / epoch_s, 1),
                             "epoch_s": round(epoch_s, 3),
                             "first_epoch_s": round(statistics.median(first[variant]), 3)}
    plain = variants["model.fit"]["images_per_s"]
    for entry in variants.values():
        entry["relative_to_model_fit"] = round(entry["images_per_s"] / plain, 3)
    return {"model": "fashion_resnet8", "batch_size": settings.batch_size,
            "n_train": len(train[0]), "epochs": epochs, "rounds": rounds,
            "variants": variants, "live_plot_s_per_epoch": round(_live_plot_seconds(), 3)}


def _live_plot_seconds(epochs: int = 10) -> float:
    """So lange dauert im Notebook ein Bild der Lernkurven (nach jeder Epoche einmal):
    zeichnen und als PNG ausgeben, wie es Jupyter anzeigt."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from lecture_utils.plots import viz

    history = {key: list(range(epochs)) for key in ("loss", "val_loss", "accuracy",
                                                     "val_accuracy")}
    start = time.perf_counter()
    fig = viz.plot_history(history)[0].figure
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    return time.perf_counter() - start


def _compiled_baseline():
    return recipes.compile_classifier(keras_io_convnet())


# ---------------------------------------------------------------------------
# Ablauf
# ---------------------------------------------------------------------------


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=profiles.PROFILES, default=None,
                        help="Laufprofil (Vorgabe: LECTURE_PROFILE bzw. nach Gerät)")
    parser.add_argument("--only", choices=("mnist", "cifar", "fashion", "fit"), action="append",
                        help="nur diese Messung(en)")
    parser.add_argument("--json", type=Path, help="Ergebnisse zusätzlich als JSON speichern")
    args = parser.parse_args(argv)

    profile = args.profile or profiles.active_profile()
    parts = args.only or ["mnist", "cifar", "fashion", "fit"]
    print(f"Benchmark · Profil {profile} · Backend {device.backend()} · Gerät {device.describe()}"
          f" · Keras {keras.__version__} · Python {platform.python_version()}")
    policy = device.use_mixed_precision()
    report = {"profile": profile, "backend": device.backend(), "device": device.describe(),
              "dtype_policy": policy, "results": {}}
    start = time.perf_counter()

    if "mnist" in parts:
        report["results"]["mnist_cnn"] = _show(bench_mnist_cnn(profile))
    if "cifar" in parts:
        report["results"]["cifar_resnet20"] = _show(bench_cifar_resnet(profile))
    if "fashion" in parts:
        course, baseline = bench_fashion(profile)
        report["results"]["fashion_course"] = _show(course)
        report["results"]["fashion_baseline"] = _show(baseline)
        ratio = (course.target_s / baseline.target_s
                 if course.target_s is not None and baseline.target_s is not None else None)
        report["fashion_ratio_course_to_baseline"] = ratio
        verdict = ("nicht bestimmbar (ein Netz hat das Ziel nicht erreicht)" if ratio is None
                   else text.number(ratio, 2))
        print(f"Zeit bis {text.percent(FASHION_TARGET, 2)} auf Fashion-MNIST, "
              f"Kurs / Baseline: {verdict}\n")
    if "fit" in parts:
        report["fit_overhead"] = fit = bench_fit(profile)
        print(f"training.fit gegen model.fit · {fit['model']} · Batch {fit['batch_size']} · "
              f"{text.number(fit['n_train'])} Bilder")
        for variant, entry in fit["variants"].items():
            print(f"  {variant:<32} {text.number(round(entry['images_per_s']))} Bilder/s "
                  f"({text.number(100 * entry['relative_to_model_fit'], 0)} % von model.fit)")
        print(f"  Lernkurven-Bild im Notebook: {text.number(fit['live_plot_s_per_epoch'], 2)} s "
              "je Epoche\n", flush=True)

    report["total_s"] = time.perf_counter() - start
    print(f"Gesamtzeit: {text.number(report['total_s'], 0)} s")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        print(f"Ergebnisse gespeichert: {args.json}")
    return report


def _show(result: Result) -> dict:
    print("\n".join(result.lines()) + "\n", flush=True)
    return asdict(result)


if __name__ == "__main__":
    main()
