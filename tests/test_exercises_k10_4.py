"""Aufgaben zu 10.4: richtige Antworten werden erkannt, falsche bekommen einen Hinweis."""

import numpy as np

from lecture_utils import exercises
from lecture_utils.exercises import k10_4


def test_receptive_field():
    assert k10_4.check_receptive_field(None) is exercises.MISSING
    right = k10_4.check_receptive_field(18, "Conv3")
    assert right and "18×18" in right.message
    assert k10_4.check_receptive_field(8, "Conv2")
    wrong = k10_4.check_receptive_field(7, "Conv3")  # Pooling vergessen: 3 + 2 + 2
    assert not wrong and "zu klein" in wrong.message and "Pooling" in wrong.message


def test_strongest_class_reads_the_column():
    means = np.array([[0.1, 0.9], [0.7, 0.2], [0.3, 0.4]])
    assert k10_4.check_strongest_class(None, means, 0) is exercises.MISSING
    assert k10_4.check_strongest_class(1, means, 0)
    assert k10_4.check_strongest_class("0", means, 1)
    wrong = k10_4.check_strongest_class(2, means, 0)
    assert not wrong and "0,300" in wrong.message and "Spalte 0" in wrong.message
    assert "keine Klasse" in k10_4.check_strongest_class(7, means, 0).message
    named = k10_4.check_strongest_class("Hose", means, 1, class_names=["Hose", "Kleid", "Hemd"])
    assert named and "Hose" in named.message


def test_frozen_layers():
    assert k10_4.check_frozen_layers(None) is exercises.MISSING
    assert k10_4.check_frozen_layers(["Conv1", "Conv2", "Conv3", "Conv4"])
    with_pools = k10_4.check_frozen_layers(["Conv1", "Pool1", "Conv2", "Conv3", "Conv4"])
    assert with_pools and "keine Gewichte" in with_pools.message
    head = k10_4.check_frozen_layers(["Conv1", "Conv2", "Conv3", "Conv4", "FC2"])
    assert not head and "FC2" in head.message and "Kopf" in head.message
    missing = k10_4.check_frozen_layers(["Conv1", "Conv2"])
    assert not missing and "Conv3, Conv4" in missing.message
    assert "gibt es nicht: Conv9" in k10_4.check_frozen_layers(["Conv9"]).message
    assert "Liste" in k10_4.check_frozen_layers("Conv1").message
