"""bench/time_notebooks.py: die Tabelle für bench/README.md und die Stellvertreter-Daten."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import time_notebooks  # noqa: E402

RESULTS = {
    "a.ipynb": {"laptop": {"seconds": 612.0, "peak_rss_mb": 1650, "full_size": True,
                           "offline": True, "date": "2026-12-02", "machine": "CPU (2 Kerne)"}},
    "b.ipynb": {"laptop": {"seconds": 960.0, "peak_rss_mb": 1900, "full_size": False,
                           "offline": True, "date": "2026-12-02", "machine": "CPU (2 Kerne)"},
                "quick": {"seconds": 30.0, "peak_rss_mb": 900}},
    "c.ipynb": {"quick": {"seconds": 10.0, "peak_rss_mb": 800}},
}


def test_table_has_one_row_per_measured_notebook_and_marks_missed_targets():
    lines = time_notebooks.table(RESULTS, "laptop").splitlines()
    assert len(lines) == 2 + 2  # Kopf, Trennlinie, a und b (c ist in laptop nicht gemessen)
    assert lines[2] == ("| a.ipynb | 10,2 min | 1650 MB | volle Größe | "
                        "2026-12-02, CPU (2 Kerne) |")
    assert lines[3] == ("| b.ipynb | 16,0 min (über 15 min) | 1900 MB (über 1,8 GB) | "
                        "Stichproben | 2026-12-02, CPU (2 Kerne) |")


def test_the_stand_in_startup_gives_full_sizes(monkeypatch, capsys):
    from lecture_utils import data
    from lecture_utils.data import catalog, loaders

    monkeypatch.setenv("LECTURE_OFFLINE", "1")
    namespace = {}
    exec(time_notebooks.STANDIN_STARTUP, namespace)  # ersetzt loaders._from_sample
    try:
        (x, y), (xt, yt) = data.load_cifar10()
        assert x.shape == (50_000, 32, 32, 3) and xt.shape == (10_000, 32, 32, 3)
        assert y.shape == (50_000, 1)
        sample = np.load(data.sample_dir() / catalog.SAMPLE_FILES["cifar10"])
        n = len(sample["x_train"])
        assert np.array_equal(x[:n], sample["x_train"]) and np.array_equal(x[n:2 * n],
                                                                            sample["x_train"])
        assert data.last_source("cifar10") == "cache"
        assert "durch Daten in voller Größe ersetzt" in capsys.readouterr().out
    finally:
        loaders._from_sample = namespace["_sample"]
