"""Aufgaben zu 10.4: richtige Antworten werden erkannt, falsche bekommen einen Hinweis."""

import keras
import numpy as np
import pytest

from lecture_utils import exercises
from lecture_utils.exercises import k10_4
from lecture_utils.training import relu_vs_tanh, transfer


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
    # Vorgabe: small_cnn mit fünf Klassen, Konv-Schichten Conv1 und Conv2 vor Flatten
    assert k10_4.check_frozen_layers(None) is exercises.MISSING
    assert k10_4.check_frozen_layers(["Conv1", "Conv2"])
    with_pools = k10_4.check_frozen_layers(["Conv1", "Pool1", "Conv2"])
    assert with_pools and "keine Gewichte" in with_pools.message
    head = k10_4.check_frozen_layers(["Conv1", "Conv2", "FC2"])
    assert not head and "FC2" in head.message and "Kopf" in head.message
    missing = k10_4.check_frozen_layers(["Conv1"])
    assert not missing and "Es fehlen Conv2" in missing.message
    assert "gibt es nicht: Conv3" in k10_4.check_frozen_layers(["Conv3"]).message
    assert "Liste" in k10_4.check_frozen_layers("Conv1").message


CHOICES = {
    k10_4.check_deconvnet: ("b", {"a": "Schicht 2", "c": "Gemittelt", "d": "Auflösung"}),
    k10_4.check_occlusion_reading: ("a", {"b": "Helligkeit", "c": "genau gleich", "d": "Tinte"}),
    k10_4.check_grad_cam_reading: ("b", {"a": "dieses Bild", "c": "Pixelwerte",
                                         "d": "eigenes Maximum"}),
    k10_4.check_freeze_choice: ("b", {"a": "Feature Maps von Conv1", "c": "alte Kopf",
                                      "d": "lernt nichts"}),
}


@pytest.mark.parametrize("check", CHOICES, ids=lambda c: c.__name__)
def test_multiple_choice_explains_every_option(check):
    right, wrong = CHOICES[check]
    assert check(None) is exercises.MISSING
    assert check(right) and check(right.upper())
    for option, phrase in wrong.items():
        feedback = check(option)
        assert not feedback and phrase in feedback.message, (option, feedback.message)
    assert "keine der Optionen" in check("z").message


def test_freeze_choice_counts_parameters_of_the_model():
    # small_cnn mit 5 Klassen: Conv1 5·5·1·16 + 16 = 416, Conv2 5·5·16·32 + 32 = 12.832
    # → 13.248; Kopf FC1 (7·7·32)·128 + 128 = 200.832 und FC2 128·5 + 5 = 645 → 201.477;
    # zusammen 214.725
    message = k10_4.check_freeze_choice("b").message
    assert "201.477 von 214.725" in message and "Vergleich" in message
    assert "13.248" in k10_4.check_freeze_choice("c").message
    assert k10_4.check_freeze_choice(None) is exercises.MISSING


def _model_b():
    return transfer.target_model(relu_vs_tanh.small_cnn(num_classes=10), "finetune")


def test_frozen_model_right_answer():
    model = _model_b()
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            layer.trainable = False
    right = k10_4.check_frozen_model(model)
    assert right and "Conv1, Conv2 –" in right.message and "201.477" in right.message


def test_frozen_model_wrong_answers():
    assert k10_4.check_frozen_model(None) is exercises.MISSING
    untouched = k10_4.check_frozen_model(_model_b())
    assert not untouched and "keine Schicht eingefroren" in untouched.message
    everything = _model_b()
    everything.trainable = False
    whole = k10_4.check_frozen_model(everything)
    assert not whole and "ganze Modell" in whole.message
    all_layers = _model_b()
    for layer in all_layers.layers:
        layer.trainable = False
    head = k10_4.check_frozen_model(all_layers)
    assert not head and "FC1, FC2" in head.message and "Kopf" in head.message
    early = _model_b()
    early.get_layer("Conv1").trainable = False
    missing = k10_4.check_frozen_model(early)
    assert not missing and "Es fehlen Conv2" in missing.message
    assert "Keras-Modell" in k10_4.check_frozen_model("Conv1").message
