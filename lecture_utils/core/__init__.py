"""Unterste Schicht: die eine Eingabeprüfung (``checks``), Zahlen und Tabellen auf Deutsch
(``text``), Profile (``profiles``), Gerät und Rechengenauigkeit (``device``), die Prüfung
der Umgebung (``environment``) und kleine Keras-Helfer (``keras_tools``). Importiert
nichts aus den übrigen Gruppen."""
