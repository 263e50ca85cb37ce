"""Aufgaben zu Notebook 10.4: Was CNNs lernen und Transfer Learning.

* ``check_strongest_class``: eine Heatmap (Ziffer × Filter) lesen;
* ``check_receptive_field``: das rezeptive Feld einer Schicht von Hand;
* ``check_deconvnet``: was die Bilder bei Zeiler & Fergus links zeigen (Auswahl);
* ``check_occlusion_reading``: eine Occlusion-Karte lesen (Auswahl);
* ``check_grad_cam_reading``: Grad-CAM-Karten auf gemeinsamer Skala lesen (Auswahl);
* ``check_freeze_choice``: was man bei wenigen Labels einfriert (Auswahl);
* ``check_frozen_model``: selbst einfrieren, geprüft am Keras-Modell.

Die richtigen Antworten werden nicht abgeschrieben, sondern aus dem Modell bzw.
aus den Daten des Notebooks berechnet; jede Option einer Auswahl hat eine Erklärung.
"""

from __future__ import annotations

import keras
import numpy as np

from lecture_utils import models
from lecture_utils.arithmetic import receptive
from lecture_utils.core import text
from lecture_utils.exercises import MISSING, Feedback, check_choice, check_number
from lecture_utils.training import relu_vs_tanh, transfer, transfer_tasks


def check_receptive_field(answer, layer: str = "Conv3") -> Feedback:
    """Kantenlänge des rezeptiven Felds eines Neurons in ``layer`` des MNIST-CNN aus dem Blog."""
    field = receptive.receptive_field(models.mnist_cnn(), layer)
    hint = ("Rechnen Sie Schicht für Schicht mit r ← r + (k − 1) · j und j ← j · Stride, "
            "beginnend bei r = 1 und j = 1. Nach jedem Pooling mit Stride 2 reicht ein "
            "Schritt im Eingabebild doppelt so weit.")
    feedback = check_number(answer, field.size[0], f"Rezeptives Feld eines Neurons in {layer}",
                            hint=hint)
    return feedback.with_remark(f"Ein Neuron in {layer} sieht einen Ausschnitt "
                                f"von {field.size[0]}×{field.size[1]} Pixeln des Eingabebilds.")


def check_strongest_class(answer, means, filter_index: int, class_names=None) -> Feedback:
    """Welche Klasse aktiviert Filter ``filter_index`` im Mittel am stärksten?

    ``means`` ist die Heatmap aus ``inspection.class_means`` (Klassen × Filter).
    """
    if answer is None:
        return MISSING
    means = np.asarray(means)
    names = [str(c) for c in (class_names or range(len(means)))]
    if str(answer).strip() not in names:
        return Feedback(False, f"{answer!r} ist keine Klasse; möglich sind: {', '.join(names)}.")
    chosen = names.index(str(answer).strip())
    column = means[:, filter_index]
    best = int(column.argmax())
    activation = [text.number(float(value), 3) for value in column]
    if chosen == best:
        return Feedback(True, f"Filter {filter_index} reagiert im Mittel am stärksten auf "
                              f"{names[best]} (mittlere Aktivierung {activation[best]}).")
    return Feedback(False, f"Klasse {names[chosen]} erreicht bei Filter {filter_index} im Mittel "
                           f"nur {activation[chosen]}. Suchen Sie in Spalte {filter_index} der "
                           f"Heatmap die hellste Zelle.")


def check_frozen_layers(answer, model=None) -> Feedback:
    """Welche Schichten frieren Sie ein, damit das Netz die Features aus Aufgabe A unverändert
    übernimmt und nur einen neuen Kopf lernt? Antwort: eine Liste von Schichtnamen."""
    if answer is None:
        return MISSING
    if isinstance(answer, str) or not all(isinstance(a, str) for a in answer):
        return Feedback(False, f"Erwartet wird eine Liste von Schichtnamen wie ['Conv1', 'Conv2'], "
                               f"erhalten: {answer!r}.")
    model = model or relu_vs_tanh.small_cnn(num_classes=len(transfer_tasks.TASK_B))
    names = [layer.name for layer in model.layers]
    unknown = [a for a in answer if a not in names]
    if unknown:
        return Feedback(False, f"Diese Schichten gibt es nicht: {', '.join(unknown)}. "
                               f"Vorhanden: {', '.join(names)}.")
    base = transfer.base_layers(model)
    chosen = {a for a in answer if model.get_layer(a).weights}
    head = sorted(chosen - set(base), key=names.index)
    missing = [name for name in base if name not in chosen]
    weightless = [a for a in answer if not model.get_layer(a).weights]
    note = (f" ({', '.join(weightless)} {'hat' if len(weightless) == 1 else 'haben'} keine "
            f"Gewichte – einfrieren ändert dort nichts.)" if weightless else "")
    if head:
        return Feedback(False, f"{', '.join(head)} gehört zum Kopf, der für Aufgabe B neu gelernt "
                               f"werden soll – eingefroren könnte er nichts lernen.{note}")
    if missing:
        return Feedback(False, f"Es fehlen {', '.join(missing)}: Auch diese Konv-Schichten "
                               f"tragen Features aus Aufgabe A und würden sonst verändert.{note}")
    return Feedback(True, f"Eingefroren werden {', '.join(base)} – alle Konv-Schichten vor "
                          f"Flatten; nur der Kopf lernt.{note}")


# ---------------------------------------------------------------------------
# Auswahlfragen: jede Option hat ihre Erklärung
# ---------------------------------------------------------------------------

DECONVNET_OPTIONS = {
    "a": "Die Gewichte des Filters als Bild – nein. Ein Filter von Schicht 3 rechnet auf den "
         "Feature Maps von Schicht 2, nicht auf Pixeln; als Bild darstellen lassen sich so nur "
         "die Filter der ersten Schicht. Außerdem ist ein Filter für alle Bilder derselbe, die "
         "neun Bilder links unterscheiden sich aber.",
    "b": "Richtig: Das Deconvnet projiziert eine einzelne starke Aktivierung zurück in den "
         "Pixelraum (Unpooling mit den gemerkten Schaltern, ReLU, Filtern mit den transponierten "
         "Filtern, Schicht für Schicht). Das Bild zeigt, welche Pixel dieses Ausschnitts die "
         "Aktivierung tragen – für jedes der neun Bilder eine eigene Projektion.",
    "c": "Der Mittelwert der neun Ausschnitte – nein. Gemittelt wird nichts; zu jedem der neun "
         "Ausschnitte gehört eine eigene Projektion, die nur die Teile zeigt, auf die das Neuron "
         "anspricht.",
    "d": "Die Feature Map selbst – nein. Eine Feature Map hat die Auflösung ihrer Schicht und "
         "deckt das ganze Bild ab. Links steht dagegen eine Rekonstruktion im Pixelraum, nur für "
         "eine Aktivierung und so groß wie ihr rezeptives Feld.",
}


def check_deconvnet(answer) -> Feedback:
    """Was zeigen bei Zeiler & Fergus (2014, Abb. 2) die Bilder links neben den Ausschnitten?"""
    return check_choice(answer, "b", DECONVNET_OPTIONS, what="Ihre Wahl")


OCCLUSION_OPTIONS = {
    "a": "Richtig: Die Karte misst, wie stark die Wahrscheinlichkeit der richtigen Klasse sinkt, "
         "wenn man diese Stelle abdeckt. Ein großer Abfall heißt: Das Netz stützt seine "
         "Entscheidung auf das, was dort liegt.",
    "b": "Nein, die Karte zeigt keine Helligkeit. Ein heller Strich, den das Netz nicht braucht, "
         "gibt keinen Abfall; typischer Fehler: Heatmap und Bild verwechseln.",
    "c": "Nein. Ein Abfall von 0 auf dem Hintergrund heißt nur: Abdecken ändert dort nichts. Mit "
         "der Füllfarbe 0 bleibt das Bild auf schwarzem Hintergrund sogar genau gleich – über "
         "Unsicherheit oder Gelerntes sagt das nichts.",
    "d": "Nein. Ein graues Quadrat (0,5) ist auf MNIST zusätzliche Tinte: Auf dem Hintergrund "
         "entstünde ein grauer Fleck, den das Netz als Strich lesen kann. Die Karte zeigte dann "
         "auch die Wirkung der neuen Tinte, nicht nur die der abgedeckten.",
}


def check_occlusion_reading(answer) -> Feedback:
    """Eine Occlusion-Karte lesen: Was bedeutet ein großer Abfall an einer Stelle?"""
    return check_choice(answer, "a", OCCLUSION_OPTIONS, what="Ihre Wahl")


GRAD_CAM_OPTIONS = {
    "a": "Nein. Grad-CAM sagt etwas über das trainierte Netz und dieses Bild, nicht darüber, ob "
         "eine Klasse gelernt wurde; für ein anderes Bild kann dieselbe Klasse hell sein.",
    "b": "Richtig: ReLU(Σ_k α_k A_k) ist fast überall 0, wo die Feature Maps dieser Schicht nichts "
         "für die zweite Klasse zeigen. Auf der gemeinsamen Skala heißt dunkel: kaum Belege für "
         "diese Klasse, verglichen mit der richtigen.",
    "c": "Nein. Die Karte hat die Auflösung der Konv-Schicht und zeigt gewichtete Feature Maps, "
         "keine Pixelwerte; auch auf hellen Strichen kann sie dunkel sein.",
    "d": "Nein, das ist der typische Fehler: Normiert man jede Karte auf ihr eigenes Maximum, wird "
         "auch eine schwache Karte kräftig hell. Dann sähen beide Klassen gleich stark aus – "
         "deshalb vergleicht man Klassen auf einer gemeinsamen Skala.",
}


def check_grad_cam_reading(answer) -> Feedback:
    """Zwei Grad-CAM-Karten auf gemeinsamer Skala: Was heißt eine fast dunkle Karte?"""
    return check_choice(answer, "b", GRAD_CAM_OPTIONS, what="Ihre Wahl")


def freeze_options(model=None) -> dict:
    """Die Erklärungen zu ``check_freeze_choice``, mit Parameterzahlen aus ``model``
    (Vorgabe: ``relu_vs_tanh.small_cnn`` mit fünf Klassen wie für Aufgabe B)."""
    model = model or relu_vs_tanh.small_cnn(num_classes=len(transfer_tasks.TASK_B))
    base_names = transfer.base_layers(model)
    base = sum(model.get_layer(name).count_params() for name in base_names)
    total = model.count_params()
    first, last = base_names[0], base_names[-1]
    return {
        "a": f"Nein. {last} rechnet auf den Feature Maps von {first}. Lernt {first} neu, "
             f"bekommt das eingefrorene {last} Eingaben, für die seine Filter nie trainiert "
             f"wurden. Außerdem sind gerade die frühen Schichten die allgemeinsten (Yosinski et "
             f"al. 2014): Wenn man etwas unverändert lässt, dann zuerst sie.",
        "b": f"Richtig: Die Konv-Schichten {', '.join(base_names)} tragen die Features aus "
             f"Aufgabe A; eingefroren bleiben sie erhalten, und aus den wenigen Bildern lernt "
             f"nur der neue Kopf. In diesem Netz steckt der größte Teil der Parameter allerdings "
             f"im Kopf ({text.number(total - base)} von {text.number(total)}): Einfrieren "
             f"schützt die übernommenen Filter, es macht das Netz kaum kleiner. Ob eingefroren "
             f"oder feinjustiert besser abschneidet, zeigt der Vergleich weiter unten.",
        "c": f"Nein. Der alte Kopf unterscheidet die zehn Klassen von Aufgabe A (Kleidung); "
             f"für die fünf Ziffern braucht es einen neuen. Die obersten Schichten sind nach "
             f"Yosinski et al. (2014) die, die am stärksten auf Aufgabe A zugeschnitten sind; "
             f"und die {text.number(base)} Parameter der Konv-Schichten müssten aus wenigen "
             f"Bildern umlernen.",
        "d": "Nein. Wenn alles eingefroren ist, lernt nichts mehr – auch der neue Kopf bleibt bei "
             "seinen Zufallsgewichten.",
    }


def check_freeze_choice(answer, model=None) -> Feedback:
    """Welche Schichten friert man ein, wenn für Aufgabe B nur wenige Labels da sind?"""
    if answer is None:
        return MISSING
    return check_choice(answer, "b", freeze_options(model), what="Ihre Wahl")


def check_frozen_model(model) -> Feedback:
    """Sind in ``model`` genau die Schichten mit Gewichten vor Flatten eingefroren
    (``layer.trainable = False``) und der Kopf trainierbar? Geprüft am Keras-Modell."""
    if model is None:
        return MISSING
    if not isinstance(model, keras.Model):
        return Feedback(False, f"Erwartet wird ein Keras-Modell, erhalten: {type(model).__name__}.")
    if not model.trainable:
        return Feedback(False, "Sie haben das ganze Modell eingefroren (model.trainable = False): "
                               "Dann lernt auch der neue Kopf nicht. Frieren Sie einzelne "
                               "Schichten ein (layer.trainable = False).")
    frozen = [layer.name for layer in model.layers if layer.weights and not layer.trainable]
    if not frozen:
        return Feedback(False, "Noch ist keine Schicht eingefroren: Setzen Sie für die "
                               "übernommenen Schichten layer.trainable = False.")
    feedback = check_frozen_layers(frozen, model)
    if not feedback:
        return feedback
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    return Feedback(True, f"{feedback.message} Trainierbar bleiben "
                          f"{text.number(trainable)} von {text.number(model.count_params())} "
                          f"Parametern. Nach dem Einfrieren muss man neu kompilieren.")
