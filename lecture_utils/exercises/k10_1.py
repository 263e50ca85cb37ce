"""Aufgaben zu Notebook 10.1 „Konvolutionsnetze“: LeNet-5, das MNIST-CNN, AlexNet, VGG-16.

* ``check_lenet_c3_shape``: Ausgabeform von C3 (Conv2) in LeNet-5;
* ``check_lenet_fc1_params``: Parameter von FC1 in LeNet-5;
* ``check_lenet5``: ein selbst geschriebenes LeNet-5, Schicht für Schicht mit
  ``models.lenet5()`` verglichen;
* ``check_mnist_flatten``: Länge des Vektors nach Flatten im MNIST-CNN;
* ``check_alexnet_input``: Warum ist die Eingabe von AlexNet 224×224 und nicht 256×256?
* ``check_relu_choice``: Warum lernte das Netz im AlexNet-Paper mit ReLU schneller?
* ``check_tanh_gradient``: Gradient von tanh bei z = 3, von Hand gerechnet (Sättigung);
* ``check_alexnet_grouped_conv4``: Parameter von Conv4 mit zwei Gruppen (zwei GPUs);
* ``check_vgg_block_params``: Parameter von Block 2 in VGG-16;
* ``check_vgg_fc_share``: Anteil der FC-Schichten an den Parametern von VGG-16;
* ``check_vgg_3x3_choice``: Warum zwei 3×3-Schichten statt einer 5×5-Schicht?

Die Aufgaben des Abschnitts „ResNet (2015)“ stehen in ``k10_1_resnet``.

Alle erwarteten Zahlen werden mit ``lecture_utils.arithmetic.shapes`` gerechnet,
nicht abgetippt.
"""

from __future__ import annotations

import numpy as np

from lecture_utils import models
from lecture_utils.arithmetic import shapes
from lecture_utils.core import text
from lecture_utils.exercises import (
    MISSING,
    Feedback,
    check_choice,
    check_number,
    check_shape,
    model_check,
)
from lecture_utils.models import vgg

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


LENET_FC1 = {"side": 5, "channels": 16, "units": 120}  # Pool2 gibt 5×5×16 aus


def lenet_fc1_params() -> int:
    """Parameter von FC1: 5·5·16 = 400 Eingaben (nach Flatten), 120 Neuronen, mit Bias."""
    n_in = LENET_FC1["side"] ** 2 * LENET_FC1["channels"]
    return shapes.dense_param_count(n_in, LENET_FC1["units"])


def check_lenet_fc1_params(answer) -> Feedback:
    """Prüft die Parameterzahl von FC1 (400 Eingaben → 120 Neuronen)."""
    n_in = LENET_FC1["side"] ** 2 * LENET_FC1["channels"]
    units = LENET_FC1["units"]
    mistakes = {
        n_in * units: "Der Bias fehlt: Jedes der 120 Neuronen hat zusätzlich einen Bias.",
        shapes.dense_param_count(LENET_FC1["channels"], units):
            "Flatten gibt nicht nur die 16 Kanäle weiter, sondern alle 5·5·16 = 400 Werte.",
        shapes.dense_param_count(10 * 10 * LENET_FC1["channels"], units):
            "FC1 kommt erst nach Pool2: Dort ist das Bild nur noch 5×5 groß, nicht 10×10.",
    }
    return check_number(answer, lenet_fc1_params(), "Parameter von FC1",
                        hint="(Eingaben + 1) · Neuronen; die Eingaben sind die Werte, die "
                             "Flatten aus der 5×5×16-Ausgabe von Pool2 macht.", mistakes=mistakes)


def check_lenet5(model) -> Feedback:
    """Vergleicht ein selbst gebautes LeNet-5 Schicht für Schicht mit ``models.lenet5()``
    und nennt die erste Abweichung (mit einem Hinweis auf den typischen Fehler)."""
    feedback = model_check.check_model(model, models.lenet5(), what="Ihr LeNet-5")
    if feedback.correct or feedback is MISSING:
        return feedback
    message = feedback.message
    hints = (
        ("'relu'", "LeNet-5 rechnet in allen Schichten außer der Ausgabe mit tanh; "
                   "ReLU kam erst mit AlexNet."),
        ("MaxPooling2D", "LeNet-5 bildet beim Pooling den Durchschnitt: "
                         "layers.AveragePooling2D(2)."),
        ("Padding", "Padding gab es in LeNet-5 noch nicht: Lassen Sie padding weg "
                    "(Vorgabe 'valid')."),
        ("Ausgabeform", "Ohne Padding schrumpft jede 5×5-Konvolution das Bild um 4 Pixel; "
                        "prüfen Sie auch die Zahl der Filter bzw. Neuronen."),
    )
    for key, hint in hints:
        if key in message:
            return Feedback(False, f"{message} {hint}")
    return feedback


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


RELU_OPTIONS = {
    "a": "Genau: tanh sättigt – für große |z| ist ihr Gradient fast null, und das Lernen "
         "stockt. ReLU hat für jedes positive z den Gradienten 1.",
    "b": "Nein: Eine Aktivierungsfunktion hat keine Parameter. Beide Netze im Paper waren "
         "gleich groß.",
    "c": "Nein: Weniger Overfitting ist die Aufgabe von Dropout und Data Augmentation. Die "
         "Abbildung zeigt den Trainingsfehler, also wie schnell das Netz überhaupt lernt.",
    "d": "Nein: ReLU ist zwar billiger zu rechnen, aber der Faktor sechs im Paper zählt "
         "Epochen, nicht Sekunden.",
}


def check_relu_choice(answer) -> Feedback:
    """Auswahlfrage: Warum erreichte das Netz mit ReLU 25 % Trainingsfehler sechsmal schneller?"""
    return check_choice(answer, "a", RELU_OPTIONS, what="Antwort")


TANH_Z = 3.0
"""Die Stelle, an der Aufgabe 8 die Ableitung von tanh wissen will."""


def tanh_gradient(z: float = TANH_Z) -> float:
    """Ableitung von tanh: 1 − tanh(z)²."""
    if isinstance(z, bool) or not isinstance(z, (int, float, np.floating, np.integer)):
        raise TypeError(f"z muss eine Zahl sein, erhalten: {z!r}.")
    return float(1 - np.tanh(z) ** 2)


def check_tanh_gradient(answer) -> Feedback:
    """Prüft tanh'(3) = 1 − tanh(3)² (± 2 %) und erkennt die typischen Verwechslungen."""
    what = f"tanh'({TANH_Z:g})"
    expected = tanh_gradient()
    if answer is None:
        return MISSING
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        typical = {
            1.0: "Das ist die Ableitung von ReLU für positive z (und von tanh bei z = 0). "
                 "Bei z = 3 ist tanh schon fast 1.",
            float(np.tanh(TANH_Z)): "Das ist tanh(3) selbst, gefragt ist die Ableitung "
                                    "1 − tanh(z)².",
            float(1 - np.tanh(TANH_Z)): "Das Quadrat fehlt: Die Ableitung ist 1 − tanh(z)², "
                                        "nicht 1 − tanh(z).",
            float(1 / np.cosh(TANH_Z)): "Das ist 1/cosh(z); die Ableitung ist 1/cosh(z)², "
                                        "also 1 − tanh(z)².",
        }
        for value, explanation in typical.items():
            # 1,0 zuerst und eng: tanh(3) ≈ 0,995 liegt nur 0,5 % daneben
            if np.isclose(answer, value, rtol=0.001 if value == 1.0 else 0.02):
                return Feedback(False, f"{what}: {explanation}")
    feedback = check_number(answer, expected, what, rtol=0.02,
                            hint="tanh(3) ≈ 0,995; die Ableitung ist 1 − tanh(z)².")
    if feedback.correct:
        return Feedback(True, f"{what} = 1 − tanh(3)² ≈ {text.number(expected, 4)}"
                              ": Der Gradient ist auf etwa ein Hundertstel geschrumpft. "
                              "ReLU hat für jedes positive z den Gradienten 1.")
    return feedback


ALEXNET_CONV4 = {"kernel": 3, "in_channels": 384, "filters": 384, "groups": 2}


def alexnet_grouped_conv4_params() -> int:
    """Parameter von Conv4 mit zwei Gruppen: Jeder Filter sieht nur 384/2 = 192 Kanäle."""
    c = ALEXNET_CONV4
    return shapes.conv_param_count(c["kernel"], c["in_channels"] // c["groups"], c["filters"])


def check_alexnet_grouped_conv4(answer) -> Feedback:
    """Prüft die Parameter (mit Bias) von Conv4, aufgeteilt auf zwei GPUs."""
    c = ALEXNET_CONV4
    full = shapes.conv_param_count(c["kernel"], c["in_channels"], c["filters"])
    half = c["filters"] // c["groups"]
    mistakes = {
        full: "Das ist Conv4 ohne Gruppen, wie in unserem Builder. Mit zwei Gruppen sieht "
              "jeder Filter nur die 192 Kanäle seiner eigenen GPU.",
        full / 2: "Der Bias wird nicht halbiert: Jeder der 384 Filter behält seinen Bias; "
                  "halbiert werden nur die Gewichte.",
        shapes.conv_param_count(c["kernel"], c["in_channels"] // c["groups"], half):
            "Das ist nur eine GPU (192 Filter). Gefragt ist die ganze Schicht mit beiden "
            "Hälften, also 384 Filter.",
    }
    return check_number(answer, alexnet_grouped_conv4_params(),
                        "Parameter von Conv4 mit zwei Gruppen",
                        hint="(3·3·Eingabekanäle je Gruppe + 1) · Filter; je Gruppe sind es "
                             "384 / 2 = 192 Eingabekanäle.", mistakes=mistakes)


# --- VGG-16 ---------------------------------------------------------------------


def vgg_block_params(block: int = 2) -> int:
    """Parameter eines Blocks von VGG-16 (Konv-Schichten 3×3; Pooling hat keine): die
    Konv-Parameter der ersten ``block`` Blöcke minus die der ersten ``block − 1``."""
    if block not in range(1, len(vgg.VGG16_BLOCKS) + 1):
        raise ValueError(f"VGG-16 hat die Blöcke 1 bis 5, erhalten: {block!r}.")
    up_to = [vgg.vgg16_param_split(blocks=vgg.VGG16_BLOCKS[:n])[0] for n in (block - 1, block)]
    return up_to[1] - up_to[0]


def check_vgg_block_params(answer) -> Feedback:
    """Prüft die Parameter von Block 2 (zwei Konv-Schichten 3×3 mit 128 Filtern)."""
    expected = vgg_block_params(2)
    same_in = 2 * shapes.conv_param_count(3, 128, 128)
    mistakes = {same_in: "Die erste Konv-Schicht bekommt noch 64 Kanäle aus Block 1, nicht 128."}
    return check_number(answer, expected, "Parameter von Block 2",
                        hint="Je Schicht (3·3·Eingabekanäle + 1) · Filter; block2_conv1 sieht "
                             "64 Kanäle, block2_conv2 sieht 128.", mistakes=mistakes)


def vgg_fc_share() -> float:
    """Anteil (in Prozent) der drei FC-Schichten an allen Parametern von VGG-16."""
    conv, fc = vgg.vgg16_param_split()
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


VGG_3X3_OPTIONS = {
    "a": "Genau: Der Stapel sieht denselben 5×5-Ausschnitt, braucht aber nur 2·9 = 18 statt "
         "25 Gewichte je Kanalpaar und hat eine ReLU mehr, also mehr Nichtlinearität.",
    "b": "Nein: Zwei 3×3-Schichten sehen zusammen genau 5×5 Pixel, nicht mehr. Erst drei "
         "Schichten sehen 7×7.",
    "c": "Nein: Auch 3×3-Schichten haben einen Bias je Filter. Die Ersparnis kommt von den "
         "Gewichten: 2·3·3 = 18 gegen 5·5 = 25.",
    "d": "Nein: Mit Same-Padding bleiben die Feature Maps gleich groß. Zwei Schichten "
         "speichern sogar zwei Ausgaben statt einer.",
}


def check_vgg_3x3_choice(answer) -> Feedback:
    """Auswahlfrage: Warum zwei 3×3-Schichten statt einer 5×5-Schicht?"""
    return check_choice(answer, "a", VGG_3X3_OPTIONS, what="Antwort")
