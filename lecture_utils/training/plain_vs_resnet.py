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

from lecture_utils import models, training
from lecture_utils.core import device, profiles, text
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


def plain_or_resnet(depth: int, skip_connections: bool, input_shape=(28, 28, 1),
                    widths=(16, 32, 64), stem_strides: int = 1, zero_init: bool = False,
                    num_classes=10):
    """Das CIFAR-Netz aus He et al. (2016), Abschnitt 4.2 (``models.resnet_cifar``), mit
    wählbarer Breite, für das Experiment benannt ``resnet{depth}`` bzw. ``plain{depth}``.

    Conv 3×3 + BN + ReLU (mit Stride ``stem_strides``), dann drei Stufen mit je n Basic
    Blocks (``depth`` = 6n + 2; die erste Schicht jeder weiteren Stufe halbiert die Feature
    Map), Global Average Pooling, Softmax. ``skip_connections=False``: dasselbe Plain-Netz
    ohne Abkürzungen. ``zero_init``: siehe ``DEGRADATION_ZERO_INIT``.
    """
    kind = "resnet" if skip_connections else "plain"
    return models.resnet_cifar(depth, input_shape, num_classes, skip_connections,
                               widths=widths, stem_strides=stem_strides, zero_init=zero_init,
                               name=f"{kind}{depth}")


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
            device.free_memory()
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
