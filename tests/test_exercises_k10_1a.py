"""Aufgaben zu 10.1a: erwartete Werte stimmen mit Keras, jede falsche Antwort bekommt
eine eigene Rückmeldung."""

import keras
import numpy as np
import pytest

from lecture_utils.exercises import k10_1a


def _conv_params(task, groups):
    layer = keras.layers.Conv2D(task.filters, task.kernel_size, groups=groups)
    layer.build((None, 13, 13, task.in_channels))
    return layer.count_params()


def test_groups_savings_agrees_with_keras():
    task = k10_1a.TASK_GROUPS
    saved = _conv_params(task, 1) - _conv_params(task, task.groups)
    assert saved == 663_552  # 3·3·384·384 − 3·3·192·384 (Conv4 von AlexNet)
    assert task.saved() == saved
    assert k10_1a.check_groups_savings(saved)
    assert k10_1a.check_groups_savings(float(saved))


def test_groups_savings_names_typical_mistakes():
    task = k10_1a.TASK_GROUPS
    full = k10_1a.check_groups_savings(_conv_params(task, 1))
    assert not full and "ohne Gruppen" in full.message
    grouped = k10_1a.check_groups_savings(_conv_params(task, 2))
    assert not grouped and "gruppierten Schicht" in grouped.message
    bias = k10_1a.check_groups_savings(663_552 + 192)
    assert not bias and "Bias bleibt" in bias.message
    quarter = k10_1a.check_groups_savings(3 * 3 * 384 * 384 * 3 // 4)
    assert not quarter and "vierteln" in quarter.message
    other = k10_1a.check_groups_savings(1000)
    assert not other and "zu klein" in other.message
    assert "Noch keine Antwort" in str(k10_1a.check_groups_savings(None))
    assert "erwartet wird eine Zahl" in k10_1a.check_groups_savings("viele").message


def test_layout_axis_is_the_filter_axis_of_a_keras_kernel():
    layer = keras.layers.Conv2D(256, 5, groups=2)
    layer.build((None, 13, 13, 96))
    assert tuple(layer.kernel.shape)[3] == 256  # Achse 3 zählt die Filter
    assert k10_1a.check_layout_axis("c")
    assert k10_1a.check_layout_axis(" C ")


@pytest.mark.parametrize("wrong, word", [("a", "Zeilen"), ("b", "Eingabekanäle"),
                                         ("d", "Datenparallelität")])
def test_layout_axis_explains_every_wrong_option(wrong, word):
    feedback = k10_1a.check_layout_axis(wrong)
    assert not feedback and word in feedback.message
    assert set(k10_1a.LAYOUT_EXPLANATIONS) == set(k10_1a.LAYOUT_OPTIONS)


def test_layout_axis_rejects_unknown_options():
    assert "keine der Optionen" in k10_1a.check_layout_axis("e").message
    assert "Noch keine Antwort" in str(k10_1a.check_layout_axis(None))


def test_per_device_batch():
    task = k10_1a.TASK_BATCH
    assert task.per_device() == 512 // 8
    assert k10_1a.check_per_device_batch(64)
    multiplied = k10_1a.check_per_device_batch(512 * 8)
    assert not multiplied and "multipliziert" in multiplied.message
    global_ = k10_1a.check_per_device_batch(512)
    assert not global_ and "globale Batchgröße" in global_.message
    halved = k10_1a.check_per_device_batch(256)
    assert not halved and "8 GPUs" in halved.message
    other = k10_1a.check_per_device_batch(60)
    assert not other and "zu klein" in other.message
    assert "Noch keine Antwort" in str(k10_1a.check_per_device_batch(None))


@pytest.mark.parametrize("wrong, word", [("b", "nur ein Modell"), ("c", "Beide Geräte"),
                                         ("d", "simuliert oder echt")])
def test_equal_losses_explains_every_wrong_option(wrong, word):
    feedback = k10_1a.check_equal_losses(wrong)
    assert not feedback and word in feedback.message
    right = k10_1a.check_equal_losses("a")
    assert right and "Mittelwert" in right.message
    assert set(k10_1a.EQUAL_LOSS_EXPLANATIONS) == set(k10_1a.EQUAL_LOSS_OPTIONS)


def test_task_descriptions_name_the_numbers():
    assert "384" in k10_1a.TASK_GROUPS.describe() and "groups=2" in k10_1a.TASK_GROUPS.describe()
    assert "512" in k10_1a.TASK_BATCH.describe() and "8 GPUs" in k10_1a.TASK_BATCH.describe()
    assert np.all([len(o) > 5 for o in k10_1a.LAYOUT_OPTIONS.values()])
