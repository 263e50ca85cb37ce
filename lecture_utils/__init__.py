"""Hilfspaket zum Kurs „10 Architekturen“.

Gruppen von unten nach oben; ein Modul importiert nur aus seiner Gruppe und den Gruppen
darunter (``tests/test_package_layout.py`` prüft das). ``models/``, ``data/`` und
``training/`` sind zugleich Oberfläche: ``models.lenet5()``, ``data.load_mnist()``,
``training.fit(...)``. Alles andere holt man als Modul, etwa
``from lecture_utils.arithmetic import shapes``.

Die Karte des Pakets::

    core/         checks (die eine Eingabeprüfung), text (Zahlen, Tabellen auf Deutsch),
                  profiles, device, environment, keras_tools (get_layer, predict)
    arithmetic/   shapes (Formen, Parameter), convolution (Summe von Produkten),
                  receptive (rezeptive Felder), residual (die Formel), volumes (Speicher)
    models/       lenet, alexnet, vgg, resnet, builder (gemeinsame Prüfungen),
                  catalog (die Netze im Vergleich), graphs (Modelle als Graph lesen)
    data/         loaders, catalog, downloads, formats (IDX, CIFAR), synthetic (1D/3D),
                  augment (Verzerrungen, Ausschnitte)
    explain/      inspection (Filter, Feature Maps), top_patches, attribution
                  (Occlusion, Grad-CAM), gradients
    plots/        viz, viz_inspect, conv_viz, comparison, model_plot, augment_plot,
                  presentation – zeichnen, was die Gruppen darunter rechnen
    training/     fitting (fit), progress, fingerprint, recipes, experiments,
                  relu_vs_tanh, plain_vs_resnet, transfer, transfer_tasks,
                  simulated, parallel_fit, model_parallel
    widgets/      conv_calculator, conv_stepper, cell_grid, explorer, resnet_builder
    exercises/    k00, k10_1, k10_1_resnet, k10_1a, k10_2, k10_2_formulas, k10_2_graphs,
                  k10_3, k10_3_by_hand, k10_4, model_check

Das Paket selbst lädt beim Import weder Keras noch TensorFlow. Es stellt aber,
bevor irgendein Modul TensorFlow lädt, dessen C++-Protokoll leise
(``TF_CPP_MIN_LOG_LEVEL=3``) und lässt oneDNN den Speicher gelöschter Modelle ans System
zurückgeben (``TF_ONEDNN_USE_SYSTEM_ALLOCATOR=1``), beides nur, wenn nichts anderes gesetzt
ist: Die Variablen wirken nur, wenn sie vor dem ersten Import von TensorFlow gesetzt sind.
"""

import os as _os

_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
_os.environ.setdefault("TF_ONEDNN_USE_SYSTEM_ALLOCATOR", "1")

__version__ = "0.1.0"
