"""Rechnen ohne Training: Ausgabeformen und Parameterzahlen (``shapes``), die Faltung als
Summe von Produkten (``convolution``), rezeptive Felder (``receptive``), die Formel des
Residual Block (``residual``) und Größe und Speicher der Ausgaben (``volumes``).
Importiert nur aus ``core``."""
