"""Aufgaben zum Zusatz-Notebook 10.1a „Training auf mehreren GPUs“.

* ``check_groups_savings``: Wie viele Parameter spart ``groups=2`` in der Schicht
  ``TASK_GROUPS`` (Conv4 von AlexNet)? Von Hand gerechnet.
* ``check_layout_axis``: Welche Achse eines Konv-Kernels teilt die ``LayoutMap``, damit
  jedes Gerät einen Teil der Filter hält (wie bei AlexNet)? Auswahl.
* ``check_per_device_batch``: Batch je Gerät für ``TASK_BATCH`` (globale Batchgröße,
  Zahl der GPUs). Von Hand gerechnet.
* ``check_equal_losses``: Warum sind die Verluste datenparallel dieselben wie auf
  einem Gerät? Auswahl.

Die erwarteten Zahlen rechnet ``lecture_utils.arithmetic.shapes`` bzw.
``lecture_utils.training.parallel_fit`` aus; hier steht keine Lösung als Zahl.
"""

from __future__ import annotations

from dataclasses import dataclass

from lecture_utils.arithmetic import shapes
from lecture_utils.exercises import MISSING, Feedback, check_choice, check_number
from lecture_utils.training import parallel_fit


@dataclass(frozen=True)
class GroupTask:
    """Eine Konv-Schicht, einmal normal und einmal mit ``groups`` Gruppen."""

    layer: str
    kernel_size: int
    in_channels: int
    filters: int
    groups: int = 2

    def params(self, groups: int = 1) -> int:
        return shapes.conv_param_count(self.kernel_size, self.in_channels // groups,
                                       self.filters)

    def saved(self) -> int:
        return self.params() - self.params(self.groups)

    def describe(self) -> str:
        return (f"{self.layer}: Conv2D(filters={self.filters}, kernel_size={self.kernel_size}) "
                f"auf {self.in_channels} Eingabekanäle – einmal mit groups=1, einmal mit "
                f"groups={self.groups}")


TASK_GROUPS = GroupTask("Conv4", kernel_size=3, in_channels=384, filters=384)


def check_groups_savings(answer) -> Feedback:
    """Aufgabe: Parameter, die ``groups=2`` in ``TASK_GROUPS`` spart (eine Zahl)."""
    if answer is None:
        return MISSING
    task = TASK_GROUPS
    k2 = task.kernel_size ** 2
    typical = {
        task.params(): "das ist die Parameterzahl der Schicht ohne Gruppen. Gefragt ist, "
        "wie viele davon wegfallen.",
        task.params(task.groups): "das ist die Parameterzahl der gruppierten Schicht. Gefragt "
        "ist der Unterschied zur Schicht ohne Gruppen.",
        task.saved() + task.filters // 2: "der Bias bleibt: Jeder der "
        f"{task.filters} Filter behält seinen Bias, nur die Gewichte werden weniger.",
        k2 * task.in_channels * task.filters * 3 // 4: "jeder Filter sieht nur halb so viele "
        f"Eingabekanäle ({task.in_channels // task.groups}), aber es bleiben alle "
        f"{task.filters} Filter – die Gewichte halbieren sich, sie vierteln sich nicht.",
    }
    return check_number(answer, task.saved(), f"Ersparnis durch groups={task.groups} in "
                        f"{task.layer}", hint="Ohne Gruppen hat jeder Filter Kernelhöhe · "
                        "Kernelbreite · Eingabekanäle Gewichte, mit groups=2 nur die Hälfte der "
                        "Eingabekanäle; der Bias bleibt gleich.", mistakes=typical)


LAYOUT_OPTIONS = {
    "a": "Achse 0 (Kernelhöhe)",
    "b": "Achse 2 (Eingabekanäle)",
    "c": "Achse 3 (Filter, also Ausgabekanäle)",
    "d": "keine Achse: jedes Gerät bekommt eine vollständige Kopie",
}

LAYOUT_EXPLANATIONS = {
    "a": "Dann hielte jedes Gerät einige Zeilen *jedes* Filters. Jeder Filter wäre auf "
         "beide Geräte verteilt, und jede Ausgabezahl entstünde erst, wenn die Geräte ihre "
         "Teilsummen addieren. AlexNet hat die Filter selbst aufgeteilt, nicht ihre Zeilen.",
    "b": "Dann hielte jedes Gerät die Gewichte für die Hälfte der Eingabekanäle, aber von "
         "*allen* Filtern; die Teilsummen müssten die Geräte für jede Ausgabezahl addieren. "
         "Das ist eine mögliche Aufteilung, aber nicht die von AlexNet: Dort hielt jede GPU "
         "ganze Filter.",
    "c": "Die letzte Achse eines Conv2D-Kernels (Höhe, Breite, Eingabekanäle, Filter) zählt "
         "die Filter. (None, None, None, \"model\") teilt sie auf die Achse model des "
         "Gitters: Jedes Gerät hält ganze Filter und berechnet deren Feature Maps – wie die "
         "zwei GPUs bei AlexNet.",
    "d": "Eine vollständige Kopie auf jedem Gerät ist Datenparallelität (DataParallel). "
         "Modellparallelität heißt gerade, dass jedes Gerät nur einen Teil der Gewichte hält.",
}


def check_layout_axis(answer) -> Feedback:
    """Auswahl: Welche Achse des Kernels teilt die ``LayoutMap`` wie AlexNet? (``"a"``–``"d"``)"""
    return check_choice(answer, "c", LAYOUT_EXPLANATIONS, what="Antwort")


@dataclass(frozen=True)
class BatchTask:
    """Datenparallel: eine globale Batchgröße auf ``devices`` GPUs."""

    global_batch: int
    devices: int

    def per_device(self) -> int:
        return parallel_fit.per_device_batch(self.global_batch, self.devices)

    def describe(self) -> str:
        return (f"Datenparallel auf {self.devices} GPUs mit der globalen Batchgröße "
                f"{self.global_batch}: Wie viele Bilder rechnet jede GPU pro Schritt?")


TASK_BATCH = BatchTask(global_batch=512, devices=8)


def check_per_device_batch(answer) -> Feedback:
    """Aufgabe: Batch je Gerät für ``TASK_BATCH`` (eine Zahl)."""
    if answer is None:
        return MISSING
    task = TASK_BATCH
    typical = {
        task.global_batch * task.devices: "Sie haben multipliziert. Die globale Batchgröße "
        "ist die Summe über alle GPUs; jede GPU bekommt einen Teil davon.",
        task.global_batch: "das ist die globale Batchgröße, also alle GPUs zusammen. Jede GPU "
        "rechnet nur ihren Teil.",
        task.global_batch // 2: "durch 2 geteilt – wie bei den zwei GPUs von AlexNet. Hier "
        f"sind es aber {task.devices} GPUs.",
    }
    return check_number(answer, task.per_device(), "Batch je GPU",
                        hint="Die globale Batchgröße wird gleichmäßig auf die GPUs verteilt.",
                        mistakes=typical)


EQUAL_LOSS_OPTIONS = {
    "a": "Jedes Gerät rechnet den Gradienten für seinen Teil des Batches; die Gradienten "
         "werden gemittelt, und alle Kopien machen denselben Schritt.",
    "b": "Jedes Gerät trainiert ein eigenes Modell; am Ende wird das bessere behalten.",
    "c": "Nur das erste Gerät rechnet wirklich, das zweite wartet.",
    "d": "Nur weil die Geräte simuliert sind; auf echten GPUs wären die Verluste anders.",
}

EQUAL_LOSS_EXPLANATIONS = {
    "a": "Der Verlust des ganzen Batches ist der Mittelwert über alle Bilder; sein Gradient "
         "ist der Mittelwert der Gradienten der (gleich großen) Teile. Nach dem Mitteln "
         "(All-Reduce) machen alle Kopien denselben Schritt wie ein einzelnes Gerät mit dem "
         "ganzen Batch – bis auf Rundung in der letzten Stelle.",
    "b": "Es gibt nur ein Modell, von dem jedes Gerät eine Kopie hält. Die Kopien bleiben "
         "gleich, weil alle denselben gemittelten Gradienten anwenden; ausgewählt wird nichts.",
    "c": "Beide Geräte rechnen: Jedes bekommt die Hälfte des Batches (das zeigt die Ausgabe "
         "der Batch-Teile). Würde eines warten, fehlte die Hälfte der Bilder im Gradienten.",
    "d": "Die Rechnung ist dieselbe, ob die Geräte simuliert oder echt sind: Teilgradienten "
         "mitteln ergibt den Gradienten des ganzen Batches. Echte GPUs sind nur schneller.",
}


def check_equal_losses(answer) -> Feedback:
    """Auswahl: Warum gleichen die datenparallelen Verluste denen eines Geräts? (``"a"``–``"d"``)"""
    return check_choice(answer, "a", EQUAL_LOSS_EXPLANATIONS, what="Antwort")
