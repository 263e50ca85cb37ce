"""Interaktive Elemente (ipywidgets) zu den Notebooks, ein Modul pro Widget.

Jedes Widget trennt Rechnen und Anzeigen: Eine reine Funktion (ohne Browser
testbar) berechnet, was das Widget zeigt; das Widget ruft sie nur auf. Ungültige
Einstellungen erscheinen als deutsche Meldung im Widget, nie als Traceback.
"""

from __future__ import annotations


def error_text(error: Exception) -> str:
    """Die deutsche Meldung eines ValueError, wie ein Widget sie anzeigt."""
    return f"[Achtung] {error}"
