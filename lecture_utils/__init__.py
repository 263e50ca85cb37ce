"""Hilfspaket zum Kurs „10 Architekturen“.

Die Notebooks importieren die Module einzeln, z. B.::

    from lecture_utils import models, shapes, profiles

Das Paket selbst lädt beim Import weder Keras noch TensorFlow.
"""

__version__ = "0.1.0"
