"""Kleine Testdaten, die mehrere Testdateien brauchen."""

import numpy as np


def fake_images(n_train=120, n_test=40, seed=0):
    """Ein Lader in der Form von load_mnist/load_fashion_mnist: uint8 (N, 28, 28), 10 Klassen."""
    rng = np.random.default_rng(seed)
    y_train, y_test = np.arange(n_train) % 10, np.arange(n_test) % 10
    x_train = rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8)
    x_test = rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8)
    return lambda: ((x_train, y_train.astype("uint8")), (x_test, y_test.astype("uint8")))
