"""Unterste Schicht: Profile (``profiles``), Gerät und Rechengenauigkeit (``device``), die
Prüfung der Umgebung (``environment``) und die eine Eingabeprüfung (``checks``).
Importiert nichts aus den übrigen Gruppen."""
