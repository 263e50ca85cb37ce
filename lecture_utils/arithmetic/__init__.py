"""Rechnen ohne Training: Ausgabeformen und Parameterzahlen (``shapes``), die Faltung
Schritt für Schritt (``convolution``), rezeptive Felder (``receptive``) und die Formel des
Residual Block (``residual``). Importiert nur aus ``core``."""
