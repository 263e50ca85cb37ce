"""Das Degradationsproblem: He, Zhang, Ren, Sun (2016), Abb. 1 und Abschnitt 4.2.

Ein tieferes Plain-Netz hat am Ende einen höheren Trainingsfehler als ein flacheres; mit
Skip Connections (ResNet) verschwindet der Effekt. ``plain_or_resnet`` baut beide Netze
(das CIFAR-Netz aus Abschnitt 4.2 mit wählbarer Breite), ``degradation`` trainiert je zwei
Tiefen und misst den Trainingsfehler im Trainingsmodus (``train_mode_error``). Epochen und
Datenmenge: Profil ``exp_degradation``; Tiefen, Breiten, Stride und Datensatz je Profil in
den Tabellen unten.
"""

from __future__ import annotations

import time

import keras
import numpy as np
from keras import layers

from lecture_utils import training
from lecture_utils.core import profiles, text
from lecture_utils.training import experiments, recipes

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

DEGRADATION_DATA = {"quick": "fashion_mnist", "laptop": "fashion_mnist",
                    "gpu": "fashion_mnist", "full": "cifar10"}
"""Je Profil der Datensatz für die Degradation; ``full`` wie bei He et al. CIFAR-10."""


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
    Zeile je Epoche (``progress.EpochProgress``).

    Gibt zurück: ``{"dataset", "depths": {"shallow", "deep"}, "widths", "train_samples", "epochs",
    "stem_strides", "final_train_error": {"plain_shallow", "plain_deep", "resnet_shallow",
    "resnet_deep"},
    "train_error_per_epoch": {…: [...]}, "parameters": {…}, "seconds"}``.
    """
    profile = experiments.profile_or_active(profile)
    settings = settings or profiles.settings("exp_degradation", profile)
    shallow, deep = depths or DEGRADATION_DEPTHS[profile]
    if not shallow < deep:
        raise ValueError(f"Die erste Tiefe muss kleiner sein als die zweite, erhalten: "
                         f"{(shallow, deep)!r}.")
    widths = tuple(widths or DEGRADATION_WIDTHS[profile])
    stem_strides = stem_strides or DEGRADATION_STEM_STRIDES[profile]
    zero_init = DEGRADATION_ZERO_INIT[profile] if zero_init is None else zero_init
    start = time.perf_counter()
    x_train, y_train, dataset = experiments.training_images(DEGRADATION_DATA, profile, loader,
                                                            settings)
    x_train = training.prepare_images(x_train)

    final, per_epoch, parameters = {}, {}, {}
    for kind in ("plain", "resnet"):
        for size, depth in (("shallow", shallow), ("deep", deep)):
            key = f"{kind}_{size}"
            training.set_seed()
            model = plain_or_resnet(depth, kind == "resnet", x_train.shape[1:], widths,
                                    stem_strides, zero_init)
            schedule = recipes.cosine_schedule(learning_rate, settings, len(x_train))
            label = f"{'ResNet' if kind == 'resnet' else 'Plain'}-{depth}"
            per_epoch[key] = experiments.train_sgd(model, x_train, y_train, settings, schedule,
                                                   label, progress)
            final[key] = round(train_mode_error(model, x_train, y_train), 4)
            parameters[key] = model.count_params()
            del model  # die Zahlen genügen: Speicher für das nächste Netz freigeben
            print(f"{label}: Trainingsfehler am Ende (im Trainingsmodus) "
                  f"{text.percent(final[key])}", flush=True)
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
