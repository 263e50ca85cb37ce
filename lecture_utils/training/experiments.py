"""Drei Experimente aus den Papers, deren Effekt man auch auf einer CPU sieht.

1. ``relu_vs_tanh``: Krizhevsky, Sutskever, Hinton (2012), Abb. 1 – ein kleines
   Konv-Netz ohne Batch Normalization, SGD mit Momentum, Pixelwerte roh (nur der
   Mittelwert abgezogen): Nach wie vielen Epochen liegt der Trainingsfehler unter 25 %,
   mit ReLU und mit tanh?
2. ``degradation``: He, Zhang, Ren, Sun (2016), Abb. 1 und Abschnitt 4.2 – der
   Trainingsfehler am Ende, für ein flacheres und ein tieferes Plain-Netz und für
   ResNets derselben Tiefen.
3. ``transfer``: Yosinski, Clune, Bengio, Lipson (2014) – steht in
   ``lecture_utils.training.transfer``.

Epochen, Batchgrößen und Datenmengen kommen aus den Profilen (``exp_relu_vs_tanh``,
``exp_degradation``, ``exp_transfer_source``, ``exp_transfer_target``); was darüber
hinaus vom Profil abhängt (Tiefen, Anzahlen, Wiederholungen), steht in den Tabellen
unten. Jede Funktion gibt einfache Daten zurück (``dict`` mit Zahlen und Listen), die ein
Notebook ausgeben und zeichnen kann. Im Profil ``laptop`` braucht jedes Experiment auf
zwei CPU-Kernen höchstens etwa 4 Minuten (gemessen mit ``bench/bench_experiments.py``).
"""

from __future__ import annotations

import time

import keras
import numpy as np
from keras import layers

from lecture_utils import data, training
from lecture_utils.core import checks, profiles

# ---------------------------------------------------------------------------
# Was außer Epochen und Datenmengen vom Profil abhängt
# ---------------------------------------------------------------------------

RELU_TANH_TARGET = 0.25
"""Ziel des Experiments von Krizhevsky et al.: 25 % Trainingsfehler."""
RELU_TANH_LEARNING_RATE = 1e-4
"""Lernrate für beide Netze (SGD mit Momentum 0,9; Pixelwerte 0–255 ohne Skalierung)."""

DEGRADATION_DEPTHS = {"quick": (8, 14), "laptop": (8, 32), "gpu": (20, 56), "full": (20, 56)}
"""Je Profil die flachere und die tiefere Tiefe (6n + 2; He et al.: 20 und 56)."""
DEGRADATION_WIDTHS = {"quick": (8, 16, 32), "laptop": (8, 16, 32), "gpu": (16, 32, 64),
                      "full": (16, 32, 64)}
"""Filter der drei Stufen; He et al. haben 16, 32, 64, auf der CPU reicht die Hälfte."""
DEGRADATION_STEM_STRIDES = {"quick": 2, "laptop": 2, "gpu": 1, "full": 1}
"""Stride der ersten Konv-Schicht: 2 verkleinert 28×28 auf 14×14 (ein Viertel der Rechnung,
wie der Stride 2 am Anfang der ImageNet-ResNets); He et al. haben auf CIFAR-10 Stride 1."""
DEGRADATION_ZERO_INIT = {"quick": True, "laptop": True, "gpu": True, "full": False}
"""Letztes BN jedes Residual Blocks mit Gewicht 0 (Goyal et al. 2017): Das tiefe ResNet
beginnt wie ein flaches und holt in wenigen Epochen auf; He et al. trainieren 64.000
Schritte und brauchen das nicht. Plain-Netze bleiben unverändert."""
DEGRADATION_LEARNING_RATE = 0.05

RELU_TANH_DATA = {"quick": "fashion_mnist", "laptop": "fashion_mnist", "gpu": "fashion_mnist",
                  "full": "cifar10"}
"""Je Profil der Datensatz für ReLU gegen tanh; ``full`` wie im Paper CIFAR-10."""
DEGRADATION_DATA = {"quick": "fashion_mnist", "laptop": "fashion_mnist",
                    "gpu": "fashion_mnist", "full": "cifar10"}
"""Je Profil der Datensatz für die Degradation; ``full`` wie bei He et al. CIFAR-10."""
LOADERS = {"fashion_mnist": data.load_fashion_mnist, "cifar10": data.load_cifar10}
DATA_NAMES = {"fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10"}


def _profile(profile):
    return profiles.active_profile() if profile is None else profiles.check_profile(profile)


def _loader(table, profile, loader):
    """Der Lader aus ``table`` für das Profil, außer ``loader`` ist angegeben."""
    if loader is not None:
        if not callable(loader):
            raise TypeError(f"loader muss eine Funktion sein (z. B. data.load_cifar10), "
                            f"erhalten: {loader!r}.")
        known = {id(load): name for name, load in LOADERS.items()}
        return loader, DATA_NAMES.get(known.get(id(loader)), "eigene Daten")
    name = table[profile]
    return LOADERS[name], DATA_NAMES[name]


class EpochProgress(keras.callbacks.Callback):
    """Eine Zeile je Epoche: Netz, Epoche, Trainingsfehler (1 − ``accuracy``) und Sekunden.

    Gedruckt wird mit ``flush=True``, damit ein langes Training im Notebook sichtbar
    vorankommt; das Training selbst wird dadurch nicht langsamer."""

    def __init__(self, label: str, epochs: int):
        super().__init__()
        self.label = str(label)
        self.epochs = checks.whole_number(epochs, "epochs")
        self._start = 0.0

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        error = 1 - float((logs or {}).get("accuracy", 0.0))
        seconds = time.perf_counter() - self._start
        print(f"{self.label}: Epoche {epoch + 1}/{self.epochs} · Trainingsfehler "
              f"{100 * error:.1f} % · {seconds:.0f} s".replace(".", ","), flush=True)


def _check_fraction(value, what):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ValueError(f"{what} muss eine Zahl zwischen 0 und 1 sein, erhalten: {value!r}.")
    return float(value)


# ---------------------------------------------------------------------------
# 1. ReLU gegen tanh (Krizhevsky et al. 2012, Abb. 1)
# ---------------------------------------------------------------------------


def subtract_mean(x_train, x_test=None):
    """Wie im AlexNet-Paper: von jedem Pixel den Mittelwert über die Trainingsbilder
    abziehen, sonst nichts (keine Skalierung auf [0, 1]). float32 mit Kanalachse."""
    x_train = np.asarray(x_train, dtype="float32")
    if x_train.ndim == 3:
        x_train = x_train[..., np.newaxis]
    if x_train.ndim != 4:
        raise ValueError(f"Erwartet werden Bilder (N, H, W) oder (N, H, W, C), "
                         f"erhalten: {x_train.shape}.")
    mean = x_train.mean(axis=0)
    if x_test is None:
        return x_train - mean
    x_test = np.asarray(x_test, dtype="float32").reshape((-1, *x_train.shape[1:]))
    return x_train - mean, x_test - mean


def small_cnn(activation="relu", input_shape=(28, 28, 1), num_classes=10):
    """Ein kleines Konv-Netz mit vier Schichten mit Gewichten, ohne Batch Normalization:
    Conv 5×5 (16) → Pool → Conv 5×5 (32) → Pool → FC (128) → FC (Softmax)."""
    return keras.Sequential([
        keras.Input(input_shape),
        layers.Conv2D(16, 5, padding="same", activation=activation, name="Conv1"),
        layers.MaxPooling2D(2, name="Pool1"),
        layers.Conv2D(32, 5, padding="same", activation=activation, name="Conv2"),
        layers.MaxPooling2D(2, name="Pool2"),
        layers.Flatten(name="Flatten"),
        layers.Dense(128, activation=activation, name="FC1"),
        layers.Dense(num_classes, activation="softmax", dtype="float32", name="FC2"),
    ], name=f"small_cnn_{activation}")


class StopAtTrainError(keras.callbacks.Callback):
    """Hält das Training an, sobald der Trainingsfehler einer Epoche (1 − ``accuracy``,
    gemittelt über die Epoche) höchstens ``target`` ist."""

    def __init__(self, target):
        super().__init__()
        self.target = _check_fraction(target, "Das Ziel")

    def on_epoch_end(self, epoch, logs=None):
        if 1 - float((logs or {}).get("accuracy", 0.0)) <= self.target:
            self.model.stop_training = True


def epochs_to_target(errors, target) -> int | None:
    """Die erste Epoche (ab 1), deren Fehler höchstens ``target`` ist; sonst ``None``."""
    target = _check_fraction(target, "Das Ziel")
    for epoch, error in enumerate(errors, start=1):
        if error <= target:
            return epoch
    return None


def relu_vs_tanh(settings: profiles.TrainSettings | None = None,
                 target_error: float = RELU_TANH_TARGET,
                 learning_rate: float = RELU_TANH_LEARNING_RATE,
                 stop_at_target: bool = True, loader=None, profile: str | None = None,
                 progress: bool = True) -> dict:
    """Das Experiment aus Abb. 1 des AlexNet-Papers (Daten je Profil: ``RELU_TANH_DATA``,
    im Profil ``full`` CIFAR-10 wie im Paper, sonst Fashion-MNIST; ``loader`` ersetzt sie).

    Dasselbe kleine Konv-Netz (``small_cnn``) trainiert einmal mit ReLU, einmal mit
    tanh, mit denselben Startwerten und Bildern; SGD mit Momentum 0,9, Pixelwerte roh
    mit abgezogenem Mittelwert, keine Regularisierung. Nach jeder Epoche zählt der
    Trainingsfehler (1 − Accuracy über die Epoche). ``stop_at_target``: ein Netz hört
    auf, sobald es ``target_error`` erreicht hat. Ohne ``settings`` gilt
    ``profiles.settings("exp_relu_vs_tanh")`` (``epochs`` = höchstens so viele Epochen).
    ``progress``: eine Zeile je Epoche (``EpochProgress``).

    Gibt zurück: ``{"dataset", "target_train_error", "max_epochs", "learning_rate",
    "train_samples", "train_error": {"relu": [...], "tanh": [...]}, "epochs_to_target":
    {"relu": int oder None, "tanh": ...}, "seconds"}``.
    """
    profile = _profile(profile)
    settings = settings or profiles.settings("exp_relu_vs_tanh", profile)
    target_error = _check_fraction(target_error, "target_error")
    loader, dataset = _loader(RELU_TANH_DATA, profile, loader)
    start = time.perf_counter()
    (x_train, y_train), _ = loader()
    x_train, y_train = training.take(x_train, y_train, settings.train_samples)
    x_train = subtract_mean(x_train)

    errors = {}
    for activation in ("relu", "tanh"):
        training.set_seed()
        model = small_cnn(activation, input_shape=x_train.shape[1:])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate, momentum=0.9),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        callbacks = [StopAtTrainError(target_error)] if stop_at_target else []
        if progress:
            callbacks.append(EpochProgress(activation, settings.epochs))
        history = model.fit(x_train, y_train, epochs=settings.epochs,
                            batch_size=settings.batch_size, callbacks=callbacks, verbose=0)
        errors[activation] = [round(1 - a, 4) for a in history.history["accuracy"]]
        del model  # die Fehler je Epoche genügen: Speicher freigeben
        # (ohne clear_session: Es setzte auf einer GPU auch mixed_float16 zurück.)
        print(f"{activation}: Trainingsfehler je Epoche "
              + ", ".join(f"{100 * e:.1f} %" for e in errors[activation]).replace(".", ","),
              flush=True)
    return {
        "dataset": dataset,
        "target_train_error": target_error,
        "max_epochs": settings.epochs,
        "learning_rate": learning_rate,
        "train_samples": len(x_train),
        "train_error": errors,
        "epochs_to_target": {a: epochs_to_target(e, target_error) for a, e in errors.items()},
        "seconds": round(time.perf_counter() - start, 1),
    }


# ---------------------------------------------------------------------------
# 2. Degradation (He et al. 2016, Abb. 1 und Abschnitt 4.2)
# ---------------------------------------------------------------------------


def residual_block(x, filters: int, strides: int, skip_connection: bool, name: str,
                   zero_init: bool = False):
    """Ein Basic Block (zwei Konv-Schichten 3×3 mit BN) wie in He et al. (2016), mit
    Skip Connection oder ohne (Plain-Block). ``zero_init``: Das letzte BN beginnt mit
    Gewicht 0, der Block gibt am Anfang also nur seine Abkürzung weiter (Goyal et al. 2017)."""
    y = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False,
                      name=f"{name}_1_conv")(x)
    y = layers.BatchNormalization(name=f"{name}_1_bn")(y)
    y = layers.Activation("relu", name=f"{name}_1_relu")(y)
    y = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_2_conv")(y)
    gamma = "zeros" if zero_init and skip_connection else "ones"
    y = layers.BatchNormalization(gamma_initializer=gamma, name=f"{name}_2_bn")(y)
    if skip_connection:
        shortcut = x
        if strides != 1 or x.shape[-1] != filters:  # Form ändert sich: Projektion 1×1
            shortcut = layers.Conv2D(filters, 1, strides=strides, use_bias=False,
                                     name=f"{name}_0_conv")(x)
            shortcut = layers.BatchNormalization(name=f"{name}_0_bn")(shortcut)
        y = layers.Add(name=f"{name}_add")([shortcut, y])
    return layers.Activation("relu", name=f"{name}_out")(y)


def plain_or_resnet(depth: int, skip_connections: bool, input_shape=(28, 28, 1),
                    widths=(16, 32, 64), stem_strides: int = 1, zero_init: bool = False,
                    num_classes=10):
    """Das CIFAR-Netz aus He et al. (2016), Abschnitt 4.2, mit wählbarer Breite.

    Conv 3×3 + BN + ReLU (mit Stride ``stem_strides``), dann drei Stufen mit je n Basic
    Blocks (``depth`` = 6n + 2; die erste Schicht jeder weiteren Stufe halbiert die Feature
    Map), Global Average Pooling, Softmax. ``skip_connections=False``: dasselbe Plain-Netz
    ohne Abkürzungen.
    """
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 8 or (depth - 2) % 6:
        raise ValueError(f"depth muss die Form 6n + 2 haben (8, 14, 20, 32, 56 …), "
                         f"erhalten: {depth!r}.")
    if len(widths) != 3:
        raise ValueError(f"widths braucht drei Filterzahlen (eine je Stufe), erhalten: "
                         f"{widths!r}.")
    blocks = (depth - 2) // 6
    inputs = keras.Input(input_shape, name="input")
    x = layers.Conv2D(widths[0], 3, strides=stem_strides, padding="same", use_bias=False,
                      name="conv1_conv")(inputs)
    x = layers.BatchNormalization(name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    for stage, filters in enumerate(widths):
        for block in range(blocks):
            strides = 2 if stage > 0 and block == 0 else 1
            x = residual_block(x, filters, strides, skip_connections,
                               name=f"conv{stage + 2}_block{block + 1}", zero_init=zero_init)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = layers.Dense(num_classes, activation="softmax", dtype="float32",
                           name="predictions")(x)
    kind = "resnet" if skip_connections else "plain"
    return keras.Model(inputs, outputs, name=f"{kind}{depth}")


def train_mode_error(model, x, y, batch_size: int = 128) -> float:
    """Fehlerrate auf (x, y), gerechnet **im Trainingsmodus**: Batch Normalization
    normiert mit den Werten des Batches, wie beim Training (He et al. zeigen so den
    Trainingsfehler). Nach wenigen Schritten passen die gleitenden Mittelwerte, die
    ``evaluate`` nimmt, noch nicht zu den Gewichten. Die Gewichte bleiben unverändert."""
    wrong = 0
    for i in range(0, len(x), batch_size):
        scores = keras.ops.convert_to_numpy(model(x[i:i + batch_size], training=True))
        wrong += int(np.sum(scores.argmax(axis=-1) != np.ravel(y[i:i + batch_size])))
    return wrong / len(x)


def degradation(settings: profiles.TrainSettings | None = None, depths=None, widths=None,
                stem_strides: int | None = None, zero_init: bool | None = None,
                learning_rate: float = DEGRADATION_LEARNING_RATE,
                loader=None, profile: str | None = None, progress: bool = True) -> dict:
    """Das Degradationsproblem: Plain-Netze und ResNets in zwei Tiefen (Daten je Profil:
    ``DEGRADATION_DATA``, im Profil ``full`` CIFAR-10 wie bei He et al., sonst
    Fashion-MNIST; ``loader`` ersetzt sie).

    Alle vier Netze sehen dieselben Bilder in derselben Reihenfolge; SGD mit Momentum
    0,9, Batch Normalization, Lernrate ``learning_rate`` mit Kosinus-Abfall. Gemessen wird
    der Trainingsfehler am Ende (``train_mode_error`` auf allen Trainingsbildern).
    Ohne Angaben gelten ``profiles.settings("exp_degradation")``, ``DEGRADATION_DEPTHS``,
    ``DEGRADATION_WIDTHS`` und ``DEGRADATION_STEM_STRIDES`` des Profils. ``progress``: eine
    Zeile je Epoche (``EpochProgress``).

    Gibt zurück: ``{"dataset", "depths": {"shallow", "deep"}, "widths", "train_samples", "epochs",
    "stem_strides", "final_train_error": {"plain_shallow", "plain_deep", "resnet_shallow",
    "resnet_deep"},
    "train_error_per_epoch": {…: [...]}, "parameters": {…}, "seconds"}``.
    """
    profile = _profile(profile)
    settings = settings or profiles.settings("exp_degradation", profile)
    shallow, deep = depths or DEGRADATION_DEPTHS[profile]
    if not shallow < deep:
        raise ValueError(f"Die erste Tiefe muss kleiner sein als die zweite, erhalten: "
                         f"{(shallow, deep)!r}.")
    widths = tuple(widths or DEGRADATION_WIDTHS[profile])
    stem_strides = stem_strides or DEGRADATION_STEM_STRIDES[profile]
    zero_init = DEGRADATION_ZERO_INIT[profile] if zero_init is None else zero_init
    loader, dataset = _loader(DEGRADATION_DATA, profile, loader)
    start = time.perf_counter()
    (x_train, y_train), _ = loader()
    x_train, y_train = training.take(x_train, y_train, settings.train_samples)
    x_train = training.prepare_images(x_train)

    final, per_epoch, parameters = {}, {}, {}
    for kind in ("plain", "resnet"):
        for size, depth in (("shallow", shallow), ("deep", deep)):
            key = f"{kind}_{size}"
            training.set_seed()
            model = plain_or_resnet(depth, kind == "resnet", x_train.shape[1:], widths,
                                    stem_strides, zero_init)
            steps = settings.epochs * -(-len(x_train) // settings.batch_size)
            schedule = keras.optimizers.schedules.CosineDecay(learning_rate, steps)
            model.compile(optimizer=keras.optimizers.SGD(schedule, momentum=0.9),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
            label = f"{'ResNet' if kind == 'resnet' else 'Plain'}-{depth}"
            callbacks = [EpochProgress(label, settings.epochs)] if progress else []
            history = model.fit(x_train, y_train, epochs=settings.epochs,
                                batch_size=settings.batch_size, callbacks=callbacks,
                                verbose=0)
            per_epoch[key] = [round(1 - a, 4) for a in history.history["accuracy"]]
            final[key] = round(train_mode_error(model, x_train, y_train), 4)
            parameters[key] = model.count_params()
            del model  # die Zahlen genügen: Speicher für das nächste Netz freigeben
            print(f"{label}: Trainingsfehler am Ende (im Trainingsmodus) "
                  f"{100 * final[key]:.1f} %".replace(".", ","), flush=True)
    return {
        "dataset": dataset,
        "depths": {"shallow": shallow, "deep": deep},
        "widths": list(widths),
        "stem_strides": stem_strides,
        "zero_init": zero_init,
        "train_samples": len(x_train),
        "epochs": settings.epochs,
        "final_train_error": final,
        "train_error_per_epoch": per_epoch,
        "parameters": parameters,
        "seconds": round(time.perf_counter() - start, 1),
    }

