"""Aufgaben zu Notebook 10.1, Abschnitt „ResNet (2015)“.

* ``check_degradation_choice``: Was steckt laut He et al. hinter der Degradation?
* ``check_ws_z``: z⁽ˡ⁺²⁾ mit der Matrix W_s von Hand gerechnet (Zahlen aus
  ``residual.EXAMPLE_4``);
* ``check_projection_shape``: Form der Matrix W_s für eine Skip Connection.

Die richtigen Werte rechnet ``lecture_utils.arithmetic.residual``, nicht abgetippt.
"""

from __future__ import annotations

import numpy as np

from lecture_utils.arithmetic import residual
from lecture_utils.exercises import Feedback, check_choice, check_shape, check_vector, vector_text

DEGRADATION_OPTIONS = {
    "a": "Nein: Overfitting hieße kleiner Trainingsfehler, aber großer Testfehler. Das "
         "tiefere Plain-Netz hat schon den höheren Trainingsfehler.",
    "b": "Nein: He et al. trainierten mit Batch Normalization, prüften die Gradienten "
         "(ihre Normen waren gesund) und halten verschwindende Gradienten deshalb für "
         "unwahrscheinlich als Ursache.",
    "c": "Genau: Es ist ein Optimierungsproblem. Schon die Identität mit mehreren "
         "nichtlinearen Schichten nachzubilden, fällt dem Optimierer schwer; ein Residual "
         "Block bekommt sie über die Abkürzung geschenkt.",
    "d": "Nein: Das tiefere Plain-Netz hat mehr Parameter als das flachere, nicht weniger.",
}


def check_degradation_choice(answer) -> Feedback:
    """Auswahlfrage: Warum hat ein tieferes Plain-Netz den höheren Trainingsfehler?"""
    return check_choice(answer, "c", DEGRADATION_OPTIONS, what="Antwort")


def ws_z() -> np.ndarray:
    """z⁽ˡ⁺²⁾ für ``residual.EXAMPLE_4`` mit der Padding-Matrix W_s (4×2) aus dem Kapitel."""
    W_s = residual.projection_matrix(4, 2)
    return residual.residual_block(**residual.EXAMPLE_4, W_s=W_s).z_l2


def check_ws_z(answer) -> Feedback:
    """Prüft z⁽ˡ⁺²⁾ = W⁽ˡ⁺²⁾ a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾ + W_s a⁽ˡ⁾ (vier Zahlen)."""
    example = residual.EXAMPLE_4
    step = residual.residual_block(**example, W_s=residual.projection_matrix(4, 2))
    no_relu = example["W2"] @ step.z_l1 + example["b2"] + step.shortcut
    mistakes = (
        (step.z_plain, "Die Skip Connection fehlt: Addieren Sie noch W_s·a⁽ˡ⁾ = "
                       f"{vector_text(step.shortcut)}."),
        (step.z_l2 - example["b2"], "Der Bias b⁽ˡ⁺²⁾ fehlt."),
        (no_relu, "Vor W⁽ˡ⁺²⁾ kommt die Aktivierung: a⁽ˡ⁺¹⁾ = ReLU(z⁽ˡ⁺¹⁾), negative Werte "
                  "werden 0."),
    )
    feedback = check_vector(answer, ws_z(), "z⁽ˡ⁺²⁾", mistakes,
                            hint="Rechnen Sie a⁽ˡ⁺¹⁾ = ReLU(W⁽ˡ⁺¹⁾a⁽ˡ⁾ + b⁽ˡ⁺¹⁾), dann "
                                 "W⁽ˡ⁺²⁾a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾ und zuletzt + W_s·a⁽ˡ⁾.",
                            length_hint=f"Schicht l+2 hat {step.z_l2.size} Neuronen, und "
                                        "W_s·a⁽ˡ⁾ hat dieselbe Länge wie z⁽ˡ⁺²⁾.")
    return feedback.with_remark("W_s übernimmt a⁽ˡ⁾ in die ersten beiden "
                                "Stellen und füllt den Rest mit Nullen.")


PROJECTION_SIZES = {"n_l": 3, "n_l2": 5}


def check_projection_shape(answer) -> Feedback:
    """Form von W_s, wenn Schicht l 3 und Schicht l+2 5 Neuronen hat."""
    expected = (PROJECTION_SIZES["n_l2"], PROJECTION_SIZES["n_l"])
    if answer is not None and tuple(answer) == expected[::-1]:
        return Feedback(False, f"Form von W_s: {tuple(answer)} ist vertauscht – W_s·a⁽ˡ⁾ muss "
                               "so lang sein wie z⁽ˡ⁺²⁾: (Neuronen in l+2, Neuronen in l).")
    return check_shape(answer, expected, "Form von W_s",
                       hint="W_s bildet a⁽ˡ⁾ auf die Länge von z⁽ˡ⁺²⁾ ab: "
                            "(Neuronen in l+2, Neuronen in l).")
