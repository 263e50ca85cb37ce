"""Aufgaben zu Notebook 10.1 „Konvolutionsnetze“.

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
* ``check_degradation_choice``: Was steckt laut He et al. hinter der Degradation?
* ``check_ws_z``: z⁽ˡ⁺²⁾ mit der Matrix W_s von Hand gerechnet;
* ``check_projection_shape``: Form der Matrix W_s für eine Skip Connection.

Alle erwarteten Zahlen werden mit ``lecture_utils.arithmetic.shapes`` bzw.
``lecture_utils.arithmetic.residual`` gerechnet, nicht abgetippt.
"""

from __future__ import annotations

import numpy as np

from lecture_utils.arithmetic import residual, shapes
from lecture_utils.exercises import MISSING, Feedback, check_choice, check_number, check_shape

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
    typical = {
        n_in * units: "Der Bias fehlt: Jedes der 120 Neuronen hat zusätzlich einen Bias.",
        shapes.dense_param_count(LENET_FC1["channels"], units):
            "Flatten gibt nicht nur die 16 Kanäle weiter, sondern alle 5·5·16 = 400 Werte.",
        shapes.dense_param_count(10 * 10 * LENET_FC1["channels"], units):
            "FC1 kommt erst nach Pool2: Dort ist das Bild nur noch 5×5 groß, nicht 10×10.",
    }
    if answer is not None and isinstance(answer, (int, float)) and answer in typical:
        return Feedback(False, f"Parameter von FC1: {typical[answer]}")
    return check_number(answer, lenet_fc1_params(), "Parameter von FC1",
                        hint="(Eingaben + 1) · Neuronen; die Eingaben sind die Werte, die "
                             "Flatten aus der 5×5×16-Ausgabe von Pool2 macht.")


def check_lenet5(model) -> Feedback:
    """Vergleicht ein selbst gebautes LeNet-5 Schicht für Schicht mit ``models.lenet5()``
    und nennt die erste Abweichung (mit einem Hinweis auf den typischen Fehler)."""
    from lecture_utils import models
    from lecture_utils.exercises import model_check

    feedback = model_check.check_model(model, models.lenet5(), what="Ihr LeNet-5")
    if feedback.correct or feedback is MISSING:
        return feedback
    text = feedback.message
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
        if key in text:
            return Feedback(False, f"{text} {hint}")
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
        for value, text in typical.items():
            # 1,0 zuerst und eng: tanh(3) ≈ 0,995 liegt nur 0,5 % daneben
            if np.isclose(answer, value, rtol=0.001 if value == 1.0 else 0.02):
                return Feedback(False, f"{what}: {text}")
    feedback = check_number(answer, expected, what, rtol=0.02,
                            hint="tanh(3) ≈ 0,995; die Ableitung ist 1 − tanh(z)².")
    if feedback.correct:
        return Feedback(True, f"{what} = 1 − tanh(3)² ≈ {expected:.4f}".replace(".", ",")
                              + ": Der Gradient ist auf etwa ein Hundertstel geschrumpft. "
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
    typical = {
        full: "Das ist Conv4 ohne Gruppen, wie in unserem Builder. Mit zwei Gruppen sieht "
              "jeder Filter nur die 192 Kanäle seiner eigenen GPU.",
        full / 2: "Der Bias wird nicht halbiert: Jeder der 384 Filter behält seinen Bias; "
                  "halbiert werden nur die Gewichte.",
        shapes.conv_param_count(c["kernel"], c["in_channels"] // c["groups"], half):
            "Das ist nur eine GPU (192 Filter). Gefragt ist die ganze Schicht mit beiden "
            "Hälften, also 384 Filter.",
    }
    if answer is not None and isinstance(answer, (int, float)) and answer in typical:
        return Feedback(False, f"Parameter von Conv4 mit zwei Gruppen: {typical[answer]}")
    return check_number(answer, alexnet_grouped_conv4_params(),
                        "Parameter von Conv4 mit zwei Gruppen",
                        hint="(3·3·Eingabekanäle je Gruppe + 1) · Filter; je Gruppe sind es "
                             "384 / 2 = 192 Eingabekanäle.")


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
    from lecture_utils.plots import comparison

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


# --- ResNet ---------------------------------------------------------------------

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
    if answer is None:
        return MISSING
    what = "z⁽ˡ⁺²⁾"
    try:
        value = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        return Feedback(False, f"{what}: erwartet wird eine Liste von vier Zahlen, "
                               f"erhalten: {answer!r}.")
    expected = ws_z()
    if value.shape != expected.shape:
        return Feedback(False, f"{what}: Sie haben {value.size} Zahlen, Schicht l+2 hat aber "
                               f"{expected.size} Neuronen. W_s·a⁽ˡ⁾ hat dieselbe Länge wie "
                               "z⁽ˡ⁺²⁾.")
    if np.allclose(value, expected, atol=1e-6):
        return Feedback(True, f"{what} = {residual._vec(expected)}: W_s übernimmt a⁽ˡ⁾ in die "
                              "ersten beiden Stellen und füllt den Rest mit Nullen.")
    ex = residual.EXAMPLE_4
    step = residual.residual_block(**ex, W_s=residual.projection_matrix(4, 2))
    no_relu = ex["W2"] @ step.z_l1 + ex["b2"] + step.shortcut
    typical = (
        (step.z_plain, "Die Skip Connection fehlt: Addieren Sie noch W_s·a⁽ˡ⁾ = "
                       f"{residual._vec(step.shortcut)}."),
        (step.z_l2 - ex["b2"], "Der Bias b⁽ˡ⁺²⁾ fehlt."),
        (no_relu, "Vor W⁽ˡ⁺²⁾ kommt die Aktivierung: a⁽ˡ⁺¹⁾ = ReLU(z⁽ˡ⁺¹⁾), negative Werte "
                  "werden 0."),
    )
    for wrong, hint in typical:
        if np.allclose(value, wrong, atol=1e-6):
            return Feedback(False, f"{what}: {hint}")
    return Feedback(False, f"{what}: {residual._vec(value)} stimmt noch nicht. Rechnen Sie "
                           "a⁽ˡ⁺¹⁾ = ReLU(W⁽ˡ⁺¹⁾a⁽ˡ⁾ + b⁽ˡ⁺¹⁾), dann W⁽ˡ⁺²⁾a⁽ˡ⁺¹⁾ + b⁽ˡ⁺²⁾ "
                           "und zuletzt + W_s·a⁽ˡ⁾.")

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
