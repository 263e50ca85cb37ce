"""Interaktive Elemente (ipywidgets) zu den Notebooks, ein Modul pro Widget.

- ``conv_calculator``: Ausgabeform und Parameterzahl einer Konv-Schicht (1D, 2D, 3D)
- ``conv_stepper``: der Filter wandert Schritt für Schritt über die Eingabe
  (gezeichnet mit ``cell_grid``, Tafeln aus Zellen mit Zahlen)
- ``explorer``: Feature Maps, Filter und stärkste Ausschnitte eines trainierten Netzes
- ``resnet_builder``: Skip Connections an/aus, Blocks und Filter wählen

Jedes Widget trennt Rechnen und Anzeigen: Eine reine Funktion (ohne Browser
testbar) berechnet, was das Widget zeigt; das Widget ruft sie nur auf. Ungültige
Einstellungen erscheinen als deutsche Meldung im Widget, nie als Traceback.
"""

from __future__ import annotations


def error_text(error: Exception) -> str:
    """Die deutsche Meldung eines ValueError, wie ein Widget sie anzeigt."""
    return f"[Achtung] {error}"
