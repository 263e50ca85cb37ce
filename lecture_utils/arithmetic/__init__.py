"""Rechnen ohne Training: Ausgabeformen und Parameterzahlen (``shapes``), die Faltung
Schritt für Schritt (``convolution``), rezeptive Felder und gestapelte Schichten
(``receptive``), Bildgröße, Kanäle und Speicher Schicht für Schicht (``volumes``) und die
Formel des Residual Block (``residual``). Importiert nur aus ``core``."""
