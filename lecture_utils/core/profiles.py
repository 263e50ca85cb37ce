"""Laufprofile: Wie viele Daten, Epochen und welche Batchgröße?

Ein Schalter, die Umgebungsvariable ``LECTURE_PROFILE``, entscheidet überall:

========  ==============================================  =========================
Profil    wofür                                           Voreinstellung, wenn …
========  ==============================================  =========================
quick     Tests und CI: Stichproben, Sekunden             von den Tests gesetzt
laptop    CPU eines Laptops (2 Kerne): höchstens          keine GPU sichtbar ist
          15 Minuten je Notebook, volle Datensätze
gpu       eine GPU wie die T4 auf Colab: höchstens        eine GPU sichtbar ist
          15 Minuten je Notebook (eine Sitzung im Kurs)
full      die Accuracies aus der Vorlesung, volle Daten,  nur auf Wunsch
          viele Epochen (auf einer T4 Stunden)
========  ==============================================  =========================

Ein Notebook fragt ``settings("mnist_cnn")`` und bekommt Epochen, Batchgröße
und Datenmengen für das aktive Profil; es schreibt keine Zahl selbst hin.
Die Schätzung der Laufzeit im Profil ``gpu`` (Rechenaufwand ÷ Durchsatz einer T4)
steht in ``bench/README.md``; ``bench/gpu_estimate.py`` rechnet sie nach.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

PROFILES = ("quick", "laptop", "full", "gpu")
"""Die Profile; ``gpu`` steht zuletzt (ältere Texte zählen nur die ersten drei auf)."""
SEED = 42  # der eine Zufallsstartwert des Kurses


@dataclass(frozen=True)
class TrainSettings:
    """Einstellungen für ein Training; ``None`` bei den Mengen heißt: alle Daten."""

    epochs: int
    batch_size: int
    train_samples: int | None = None
    test_samples: int | None = None


def _table(quick, laptop, full, gpu):
    return {"quick": TrainSettings(*quick), "laptop": TrainSettings(*laptop),
            "full": TrainSettings(*full), "gpu": TrainSettings(*gpu)}


# Ein Eintrag pro Training im Kurs: (epochs, batch_size, train_samples, test_samples)
# je Profil quick, laptop, full, gpu
TRAININGS = {
    # mnist_cnn und lenet5 im Profil laptop: 4 Epochen auf allen 60.000 Bildern. 15 Epochen
    # kosteten in 10.4 mit Daten in voller Größe 552 s (2 Kerne, unter Last); mit 6 und 8
    # Epochen brauchten die beiden Trainings in 10.1 auf einer langsamen Maschine 441 s, und
    # 10.1 lag mit 18 min über 15 min je Notebook (bench/README.md).
    "mnist_cnn": _table((2, 64, 2000, 500), (4, 128, None, None), (30, 128, None, None),
                        (15, 256, None, None)),
    "lenet5": _table((2, 64, 2000, 500), (4, 128, None, None), (20, 128, None, None),
                     (20, 256, None, None)),
    "cifar_small": _table((2, 64, 800, 160), (10, 128, 20000, 5000), (30, 256, None, None),
                          (15, 256, None, None)),
    "cifar_resnet": _table((2, 64, 256, 128), (5, 64, 2000, 1000), (100, 128, None, None),
                           (10, 128, 20000, None)),
    # 10.1: AlexNet und VGG-16 auf CIFAR-10 (auf der CPU nur ein kurzer Eindruck)
    "alexnet_cifar": _table((1, 32, 128, 64), (2, 64, 1000, 500), (30, 128, None, None),
                            (4, 256, None, None)),
    "vgg_cifar": _table((1, 32, 128, 64), (2, 64, 1000, 500), (30, 128, None, None),
                        (4, 256, None, None)),
    "toy_resnet_cifar": _table((2, 64, 800, 160), (5, 64, 5000, 1000), (30, 128, None, None),
                               (15, 256, None, None)),
    # 10.4: CIFAR-Modell zum Anschauen; Transfer Learning (transfer_finetune: train_samples =
    # größte gelabelte Menge, kleinere werden bis dahin wiederholt, test_samples = Testbilder B)
    "cifar_lenet": _table((3, 64, 800, 160), (20, 32, 10000, 2000), (30, 128, None, None),
                          (30, 128, None, None)),
    "transfer_pretrain": _table((2, 64, 2000, 500), (8, 128, None, None), (15, 256, None, None),
                                (15, 256, None, None)),
    "transfer_finetune": _table((2, 16, 25, 300), (15, 32, 500, None), (20, 64, 5000, None),
                                (10, 64, 500, None)),
    "transfer_imagenet": _table((1, 32, 200, 100), (5, 32, 5000, 1000), (10, 64, None, None),
                                (5, 64, 20000, 2000)),
    "demo": _table((1, 64, 1000, 200), (3, 128, 10000, 2000), (5, 256, None, None),
                   (5, 256, None, None)),
    "conv1d_signals": _table((5, 32, 800, None), (20, 32, None, None), (40, 64, None, None),
                             (40, 64, None, None)),
    "conv3d_volumes": _table((6, 8, 320, None), (25, 8, None, None), (40, 16, None, None),
                             (40, 16, None, None)),
    # „Wie schnell geht es?“: ResNet-8 mit BN und Lernraten-Zyklus auf Fashion-MNIST
    # (recipes.fashion_resnet_model; bench/bench_training.py, Ziel 91 % Test-Accuracy)
    "fashion_resnet": _table((1, 128, 2000, 500), (6, 128, None, None), (10, 128, None, None),
                             (8, 256, None, None)),
    # Issue 12: die drei Experimente aus den Papers (lecture_utils.training.experiments)
    # ReLU gegen tanh: epochs = höchstens so viele Epochen bis 25 % Trainingsfehler
    "exp_relu_vs_tanh": _table((3, 64, 1000, None), (20, 64, 10000, None), (30, 128, None, None),
                               (20, 128, None, None)),
    # Degradation: Plain-Netze und ResNets in zwei Tiefen (experiments.DEGRADATION_DEPTHS)
    "exp_degradation": _table((1, 64, 256, None), (6, 64, 5000, None), (40, 128, None, None),
                              (4, 128, 30000, None)),
    # Transfer Aufgabe A → Ziffern 5–9: Ausgangsnetz (Ziffern 0–4 oder Fashion-MNIST), dann
    # wenige Ziffern (train_samples = Bilder je Epoche nach Wiederholen, test_samples = Testziffern)
    "exp_transfer_source": _table((1, 64, 1000, 200), (3, 128, 30000, 2000),
                                  (15, 128, None, None), (10, 256, None, None)),
    "exp_transfer_target": _table((2, 32, 100, 200), (10, 32, 500, 2000),
                                  (20, 64, 5000, None), (5, 64, 2000, None)),
}


def _gpu_visible() -> bool:
    from lecture_utils.core import device

    return device.gpu_name() is not None


def check_profile(name) -> str:
    """Prüft einen Profilnamen; unbekannte Namen ergeben einen deutschen ValueError."""
    if name not in PROFILES:
        raise ValueError(
            f"Unbekanntes Profil {name!r}. Gültige Profile: {', '.join(PROFILES)} "
            f"(Umgebungsvariable LECTURE_PROFILE)."
        )
    return name


def active_profile() -> str:
    """Das aktive Profil: ``LECTURE_PROFILE``; ohne Angabe ``gpu`` mit GPU, sonst ``laptop``.
    ``full`` gilt nur, wenn man es verlangt."""
    name = os.environ.get("LECTURE_PROFILE", "").strip().lower()
    if not name:
        return "gpu" if _gpu_visible() else "laptop"
    return check_profile(name)


def use(name: str) -> str:
    """Wählt das Profil für dieses Notebook (wie ``LECTURE_PROFILE``, auch auf Colab).
    Gilt für alle Trainings, die danach starten; gibt den Namen zurück."""
    os.environ["LECTURE_PROFILE"] = check_profile(name)
    return os.environ["LECTURE_PROFILE"]


def settings(training: str, profile: str | None = None) -> TrainSettings:
    """Einstellungen des Trainings ``training`` im aktiven (oder angegebenen) Profil."""
    if training not in TRAININGS:
        raise ValueError(
            f"Unbekanntes Training {training!r}. Bekannt sind: {', '.join(sorted(TRAININGS))}."
        )
    profile = active_profile() if profile is None else check_profile(profile)
    return TRAININGS[training][profile]


def offline() -> bool:
    """``True``, wenn ``LECTURE_OFFLINE=1`` das Netz verbietet."""
    return os.environ.get("LECTURE_OFFLINE", "").strip().lower() in ("1", "true", "ja", "yes")


def describe() -> str:
    """Eine Zeile für den Setup-Block eines Notebooks, z. B.
    ``'Profil: laptop · Backend: tensorflow · Gerät: CPU (2 Kerne)'``."""
    from lecture_utils.core import device

    line = f"Profil: {active_profile()} · Backend: {device.backend()} · Gerät: {device.describe()}"
    return line + (" · offline" if offline() else "")
