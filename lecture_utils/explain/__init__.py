"""Was ein CNN gelernt hat: Aktivierungen und Filter (``inspection``), Verdecken und
Grad-CAM (``attribution``) und Gradienten (``gradients``). Importiert nur aus ``core`` und
``arithmetic``."""
