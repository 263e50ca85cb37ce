"""Zeichnen: Verläufe und Bilder (``viz``), was ein Netz gelernt hat (``viz_inspect``),
1D- und 3D-Faltung (``conv_viz``), Architekturvergleiche (``comparison``) und der Stil für
die Präsentation (``presentation``). Rechnet nicht selbst, sondern zeichnet, was die
Gruppen darunter berechnen."""
