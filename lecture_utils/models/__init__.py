"""Die Architekturen aus Kapitel 10 als Keras-Modelle.

Jede Netz-Funktion baut **ein** Netz und gibt ein *nicht kompiliertes* funktionales
``keras.Model`` zurück. Alle Einstellungen sind Schlüsselwort-Argumente mit den
Werten aus dem Paper bzw. dem Kapitel als Vorgabe; jede Schicht trägt einen
festen Namen wie auf den Folien (``Conv1``, ``FC3``, ``block1_conv1`` …), damit
die Notebooks auf sie zeigen können::

    from lecture_utils import models

    model = models.lenet5()                      # 61.706 Parameter
    model = models.alexnet(input_shape=(32, 32, 3), num_classes=10)  # CIFAR-10

Die Module, eins je Architektur wie auf den Folien:

* ``lenet``: ``lenet5``, ``mnist_cnn`` und die Parameterzahlen aus dem LeNet-Paper;
* ``alexnet``: ``alexnet`` (ein Strang oder ``groups=2``);
* ``vgg``: ``vgg16``, ``vgg_block``, ``vgg16_param_split``;
* ``resnet``: die Bausteine ``conv_bn``, ``basic_block``, ``bottleneck_block``,
  ``residual_stack``, ``resnet_stages`` und die Netze ``resnet``, ``resnet18`` …
  ``resnet152``, ``resnet_cifar``, ``toy_resnet``;
* ``catalog``: ``ARCHITECTURES``, ``count_weight_layers``, ``multiply_adds``, die
  Vergleichstabelle (``comparison_rows``, ``comparison_text``);
* ``builder``: was alle Netz-Funktionen gemeinsam prüfen (zu kleine Eingabe → deutscher
  ``ValueError`` mit Netz, Eingabegröße und Schichtname, bevor Keras einen Fehler meldet);
* ``graphs``: das Modell als Graph lesen (Verbindungen, Vergleich mit einer Vorlage).

Hier stehen alle Netz-Funktionen und Bausteine auch direkt (``models.resnet_cifar``).
Das Paket benutzt nur ``keras`` (kein ``tensorflow``) und läuft daher auch unter den
Backends JAX und PyTorch.
"""

from lecture_utils.models.alexnet import ALEXNET_MIN_SIZE, alexnet
from lecture_utils.models.catalog import ARCHITECTURES, Architecture, count_weight_layers
from lecture_utils.models.lenet import lenet5, lenet5_paper_counts, lenet5_paper_text, mnist_cnn
from lecture_utils.models.resnet import (
    RESNET_STACKS,
    basic_block,
    bottleneck_block,
    conv_bn,
    residual_stack,
    resnet,
    resnet18,
    resnet34,
    resnet50,
    resnet152,
    resnet_cifar,
    resnet_stages,
    toy_resnet,
)
from lecture_utils.models.vgg import VGG16_BLOCKS, vgg16, vgg_block

__all__ = [
    "ALEXNET_MIN_SIZE", "ARCHITECTURES", "Architecture", "RESNET_STACKS", "VGG16_BLOCKS",
    "alexnet", "basic_block", "bottleneck_block", "conv_bn", "count_weight_layers", "lenet5",
    "lenet5_paper_counts", "lenet5_paper_text",
    "mnist_cnn", "residual_stack", "resnet", "resnet18", "resnet34", "resnet50", "resnet152",
    "resnet_cifar", "resnet_stages", "toy_resnet", "vgg16", "vgg_block",
]
