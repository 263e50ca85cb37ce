"""Der Katalog der Bilddatensätze: Namen, Klassen, Größen, Herkunft und Prüfsummen.

Hier steht nur, *was* es gibt – für MNIST, Fashion-MNIST und CIFAR-10 die deutschen
Klassennamen, die volle Größe, die Adresse des Downloads, jede Datei mit ihren
Prüfsummen und die mitgelieferte Stichprobe. Wie geladen wird, steht in
``data.loaders``; wie Dateien geprüft und heruntergeladen werden, in ``data.downloads``.
"""

from __future__ import annotations

DATASETS = ("mnist", "fashion_mnist", "cifar10")

TITLES = {"mnist": "MNIST", "fashion_mnist": "Fashion-MNIST", "cifar10": "CIFAR-10"}
FULL_SIZES = {"mnist": (60_000, 10_000), "fashion_mnist": (60_000, 10_000),
              "cifar10": (50_000, 10_000)}
DOWNLOAD_SIZES = {"mnist": "ca. 11 MB", "fashion_mnist": "ca. 30 MB",
                  "cifar10": "ca. 162 MB, das dauert etwas"}
CLASS_NAMES = {
    "mnist": tuple(str(digit) for digit in range(10)),
    "fashion_mnist": ("T-Shirt/Top", "Hose", "Pullover", "Kleid", "Mantel",
                      "Sandale", "Hemd", "Sneaker", "Tasche", "Stiefelette"),
    "cifar10": ("Flugzeug", "Auto", "Vogel", "Katze", "Hirsch",
                "Hund", "Frosch", "Pferd", "Schiff", "Lastwagen"),
}

# --- Mitgelieferte Stichproben (siehe data/README.md) ------------------------------
SAMPLE_FILES = {
    "mnist": "mnist_sample.npz",
    "fashion_mnist": "fashion_mnist_sample.npz",
    "cifar10": "cifar10_sample.npz",
}
SAMPLE_SHA256 = {
    "mnist": "1f8b3462b283b6609f5bec27eeeed6435f77baddff76f69ec9c678f136935272",
    "fashion_mnist": "509888d5489d4ae091e9dff769c87044ba2a10f732e30e4a328f172b82dd3924",
    "cifar10": "5a8d5ee9aec8006194d573e81f9585c295ae57c12cb6abc6b12ebe975add9e75",
}

# --- Downloads: Ordner im Netz, Dateien und ihre Prüfsummen -------------------------
# MNIST und Fashion-MNIST liegen im Ordner, aus dem auch keras.datasets lädt.
KERAS_DATASETS_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

# MNIST: die npz-Datei, die auch keras.datasets.mnist lädt (gleicher sha256 wie in Keras).
MNIST_FILES = {
    "mnist.npz": {"sha256": "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"},
}

# Fashion-MNIST: die vier Originaldateien von Zalando Research (MD5 wie im
# Fashion-MNIST-README); Keras lädt dieselben Dateien von seinem Spiegel.
FASHION_MNIST_FILES = {
    "train-images-idx3-ubyte.gz": {
        "md5": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "sha256": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    },
    "train-labels-idx1-ubyte.gz": {
        "md5": "25c81989df183df01b3e8a0aad5dffbe",
        "sha256": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    },
    "t10k-images-idx3-ubyte.gz": {
        "md5": "bef4ecab320f06d8554ea6380940ec79",
        "sha256": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    },
    "t10k-labels-idx1-ubyte.gz": {
        "md5": "bb300cfdad3c16e7a12a480ee83cd310",
        "sha256": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    },
}
# Debians Paket dataset-fashion-mnist (0.0~git20200523.55506a9-1) enthält dieselben
# Bilder, nur neu verpackt (gzip-Kopf ohne Dateinamen), daher andere Prüfsummen.
FASHION_MNIST_DEBIAN = {
    "train-images-idx3-ubyte.gz": {
        "sha256": "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
    },
    "train-labels-idx1-ubyte.gz": {
        "sha256": "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
    },
    "t10k-images-idx3-ubyte.gz": {
        "sha256": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    },
    "t10k-labels-idx1-ubyte.gz": {
        "sha256": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
    },
}
FASHION_MNIST_SYSTEM_DIR = "/usr/share/datasets/fashion-mnist"

# CIFAR-10: die Binärversion der Autoren (MD5 von ihrer Webseite).
CIFAR10_AUTHORS_URL = "https://www.cs.toronto.edu/~kriz/"
CIFAR10_FILES = {
    "cifar-10-binary.tar.gz": {
        "md5": "c32a1d4ab5d03f1284b67883e8d87530",
        "sha256": "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd",
    },
}
CIFAR10_TRAIN_MEMBERS = tuple(f"cifar-10-batches-bin/data_batch_{i}.bin" for i in range(1, 6))
CIFAR10_TEST_MEMBER = "cifar-10-batches-bin/test_batch.bin"

# Je Datensatz: der Ordner im Netz und die Dateien, die (mit Prüfsumme) im Cache liegen.
URLS = {"mnist": KERAS_DATASETS_URL, "fashion_mnist": KERAS_DATASETS_URL,
        "cifar10": CIFAR10_AUTHORS_URL}
FILES = {"mnist": MNIST_FILES, "fashion_mnist": FASHION_MNIST_FILES,
         "cifar10": CIFAR10_FILES}


def check_name(dataset: str) -> str:
    """Gibt ``dataset`` zurück, wenn es einer der Namen in ``DATASETS`` ist."""
    if not isinstance(dataset, str) or dataset not in DATASETS:
        raise ValueError(f"Unbekannter Datensatz {dataset!r}; erlaubt sind {DATASETS}.")
    return dataset
