"""Aufgaben zu Notebook 10.1 „Konvolutionsnetze“.

* ``check_lenet_c3_shape``: Ausgabeform von C3 (Conv2) in LeNet-5;
* ``check_mnist_flatten``: Länge des Vektors nach Flatten im MNIST-CNN;
* ``check_alexnet_input``: Warum ist die Eingabe von AlexNet 224×224 und nicht 256×256?
* ``check_vgg_block_params``: Parameter von Block 2 in VGG-16;
* ``check_projection_shape``: Form der Matrix W_s für eine Skip Connection;
* ``check_vgg_fc_share``: Anteil der FC-Schichten an den Parametern von VGG-16.

Alle erwarteten Zahlen werden mit ``lecture_utils.shapes`` gerechnet, nicht abgetippt.
"""

from __future__ import annotations

from lecture_utils import shapes
from lecture_utils.exercises import Feedback, check_choice, check_number, check_shape

# --- LeNet-5 --------------------------------------------------------------------

LENET_C3_INPUT = (14, 14, 6)  # Ausgabe von S2 (Pool1)


def lenet_c3_shape() -> tuple[int, int, int]:
    """Ausgabeform von C3: 16 Filter 5×5 ohne Padding auf 14×14×6."""
    return shapes.conv_output_shape(LENET_C3_INPUT, filters=16, kernel_size=5)


def check_lenet_c3_shape(answer) -> Feedback:
    """Prüft die Ausgabeform (Höhe, Breite, Kanäle) von C3."""
    expected = lenet_c3_shape()
    if answer is not None and tuple(answer) == LENET_C3_INPUT[:2] + (16,):
        return Feedback(False, "Ausgabeform von C3: Ohne Padding wird das Bild kleiner – "
                               f"{shapes.explain_conv_length(14, 5)}.")
    return check_shape(answer, expected, "Ausgabeform von C3",
                       hint=f"Kantenlänge: {shapes.explain_conv_length(14, 5)}; "
                            "Kanäle = Anzahl der Filter.")


# --- MNIST-CNN ------------------------------------------------------------------


def mnist_flatten_length() -> int:
    """Länge nach Flatten: 28 → Pool 14 → Pool 7 → Pool 3 (Same-Padding), 16 Filter in Conv4."""
    shape = (28, 28, 1)
    for filters in (32, 32, 32):
        shape = shapes.conv_output_shape(shape, filters, 3, padding="same")
        shape = shapes.pool_output_shape(shape, 2)
    shape = shapes.conv_output_shape(shape, 16, 3, padding="same")
    return shape[0] * shape[1] * shape[2]


def check_mnist_flatten(answer) -> Feedback:
    """Prüft die Länge des Vektors, den Flatten an FC1 weitergibt."""
    return check_number(answer, mnist_flatten_length(), "Länge nach Flatten",
                        hint="Same-Padding erhält die Größe, jedes Pooling 2×2 halbiert sie "
                             "(abgerundet: 7 → 3); Conv4 hat 16 Filter.")


# --- AlexNet --------------------------------------------------------------------

ALEXNET_INPUT_OPTIONS = {
    "a": "Nein: 224 ist keine Zweierpotenz (2⁷ = 128, 2⁸ = 256), und die Konv-Schichten "
         "brauchen auch keine.",
    "b": "Genau: Trainiert wurde auf zufälligen 224×224-Ausschnitten der 256×256-Bilder "
         "(und ihren Spiegelungen). Das ist Data Augmentation gegen Overfitting.",
    "c": "Nein: Die GPUs begrenzten den Speicher für das ganze Netz, nicht die Bildgröße; "
         "aufgeteilt wurde das Netz auf zwei GPUs.",
    "d": "Nein: Die ImageNet-Bilder haben verschiedene Größen; für AlexNet wurden sie auf "
         "256×256 heruntergerechnet.",
}


def check_alexnet_input(answer) -> Feedback:
    """Auswahlfrage: Warum 224×224 und nicht 256×256?"""
    return check_choice(answer, "b", ALEXNET_INPUT_OPTIONS, what="Antwort")


# --- VGG-16 ---------------------------------------------------------------------


def vgg_block_params(block: int = 2) -> int:
    """Parameter eines Blocks von VGG-16 (Konv-Schichten 3×3; Pooling hat keine)."""
    from lecture_utils import models

    channels = 3
    for number, (filters, convs) in enumerate(models.VGG16_BLOCKS, start=1):
        params = 0
        for _ in range(convs):
            params += shapes.conv_param_count(3, channels, filters)
            channels = filters
        if number == block:
            return params
    raise ValueError(f"VGG-16 hat die Blöcke 1 bis 5, erhalten: {block!r}.")


def check_vgg_block_params(answer) -> Feedback:
    """Prüft die Parameter von Block 2 (zwei Konv-Schichten 3×3 mit 128 Filtern)."""
    expected = vgg_block_params(2)
    same_in = 2 * shapes.conv_param_count(3, 128, 128)
    if answer is not None and answer == same_in:
        return Feedback(False, "Parameter von Block 2: Die erste Konv-Schicht bekommt noch "
                               "64 Kanäle aus Block 1, nicht 128.")
    return check_number(answer, expected, "Parameter von Block 2",
                        hint="Je Schicht (3·3·Eingabekanäle + 1) · Filter; block2_conv1 sieht "
                             "64 Kanäle, block2_conv2 sieht 128.")


def vgg_fc_share() -> float:
    """Anteil (in Prozent) der drei FC-Schichten an allen Parametern von VGG-16."""
    from lecture_utils import comparison

    conv, fc = comparison.vgg16_param_split()
    return 100 * fc / (conv + fc)


def check_vgg_fc_share(answer) -> Feedback:
    """Prüft den Anteil der FC-Schichten in Prozent (± 1 Prozentpunkt)."""
    expected = vgg_fc_share()
    if answer is not None and isinstance(answer, (int, float)) and 0 < answer <= 1:
        return Feedback(False, "Anteil der FC-Schichten: Bitte in Prozent angeben "
                               f"(z. B. 50 statt 0,5), erhalten: {answer!r}.")
    return check_number(answer, expected, "Anteil der FC-Schichten in Prozent", rtol=1 / expected,
                        hint="Teilen Sie die Parameter von fc1, fc2 und predictions durch "
                             "alle Parameter.")


# --- ResNet ---------------------------------------------------------------------

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
