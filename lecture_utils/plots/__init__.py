"""Zeichnen: Lernkurven und Bilder (``viz``), was ein Netz gelernt hat (``viz_inspect``),
1D- und 3D-Faltung (``conv_viz``), Architekturvergleiche (``comparison``), ein Modell als
Graph (``model_plot``), Data Augmentation (``augment_plot``) und der Stil für die
Präsentation (``presentation``). Rechnet nicht selbst, sondern zeichnet, was die Gruppen
darunter berechnen."""
