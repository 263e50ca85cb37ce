"""Aufgaben zu 10.4: richtige Antworten werden erkannt, falsche bekommen einen Hinweis."""

import keras
import numpy as np
import pytest

from lecture_utils import exercises, models, transfer
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


CHOICES = {
    k10_4.check_deconvnet: ("b", {"a": "Schicht 2", "c": "Gemittelt", "d": "Auflösung"}),
    k10_4.check_occlusion_reading: ("a", {"b": "Helligkeit", "c": "genau gleich", "d": "Tinte"}),
    k10_4.check_grad_cam_reading: ("b", {"a": "dieses Bild", "c": "Pixelwerte",
                                         "d": "eigenes Maximum"}),
    k10_4.check_freeze_choice: ("b", {"a": "Überanpassung", "c": "alte Kopf",
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
    # MNIST-CNN mit 5 Klassen: Konv-Schichten 320 + 9.248 + 9.248 + 4.624 = 23.440,
    # Kopf FC1 144·128 + 128 = 18.560 und FC2 128·5 + 5 = 645 → 19.205, zusammen 42.645
    message = k10_4.check_freeze_choice("b").message
    assert "19.205 Parameter statt 42.645" in message
    assert "23.440" in k10_4.check_freeze_choice("c").message


def _model_b():
    return transfer.build(models.mnist_cnn(num_classes=5), "finetune")


def test_frozen_model_right_answer():
    model = _model_b()
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            layer.trainable = False
    right = k10_4.check_frozen_model(model)
    assert right and "Conv1, Conv2, Conv3, Conv4" in right.message and "19.205" in right.message


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
    assert not missing and "Conv2, Conv3, Conv4" in missing.message
    assert "Keras-Modell" in k10_4.check_frozen_model("Conv1").message
