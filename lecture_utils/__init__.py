"""Hilfspaket zum Kurs „10 Architekturen“.

Die Notebooks importieren die Module einzeln, z. B.::

    from lecture_utils import models
    from lecture_utils.arithmetic import shapes
    from lecture_utils.core import profiles

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
