"""Was ein CNN gelernt hat: Filter und Feature Maps (``inspection``), die stärksten
Bildausschnitte (``top_patches``), Verdecken und Grad-CAM (``attribution``) und Gradienten
für jedes Backend (``gradients``). Importiert nur aus ``core`` und ``arithmetic``."""
