"""Daten des Kurses: die Bilddatensätze, künstliche Daten und Data Augmentation.

Die Lader stehen direkt im Paket, wie ``keras.datasets``::

    from lecture_utils import data
    (x_train, y_train), (x_test, y_test) = data.load_mnist()

Die Module:

- ``loaders``: ``load_mnist``, ``load_fashion_mnist``, ``load_cifar10``, ``class_names``,
  ``last_source``, ``sample_dir`` (hier im Paket wieder angeboten)
- ``catalog``: was es gibt – Klassennamen, Größen, Adressen und Prüfsummen
- ``downloads``: Cache, Prüfsummen und Download mit ``keras.utils.get_file``
- ``formats``: die Dateiformate IDX (MNIST), CIFAR-10 (binär) und npz lesen
- ``synthetic``: künstliche 1D-Signale und 3D-Volumen
- ``augment``: Verzerrungen wie bei LeNet-5, Ausschnitte wie bei AlexNet
"""

from lecture_utils.data.catalog import DATASETS
from lecture_utils.data.loaders import (
    class_names,
    last_source,
    load_cifar10,
    load_fashion_mnist,
    load_mnist,
    sample_dir,
)

__all__ = ["DATASETS", "class_names", "last_source", "load_cifar10", "load_fashion_mnist",
           "load_mnist", "sample_dir"]
