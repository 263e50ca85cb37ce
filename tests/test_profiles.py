"""Profile wählen: per Umgebungsvariable oder im Notebook mit profiles.use."""

import pytest

from lecture_utils.core import profiles


def test_use_switches_the_profile_for_later_settings(monkeypatch):
    monkeypatch.setenv("LECTURE_PROFILE", "quick")
    quick = profiles.settings("mnist_cnn")
    assert profiles.use("laptop") == "laptop"
    assert profiles.active_profile() == "laptop"
    assert profiles.settings("mnist_cnn") == profiles.TRAININGS["mnist_cnn"]["laptop"]
    assert profiles.settings("mnist_cnn") != quick


def test_use_rejects_unknown_names_in_german(monkeypatch):
    monkeypatch.setenv("LECTURE_PROFILE", "quick")
    with pytest.raises(ValueError, match="Unbekanntes Profil 'schnell'"):
        profiles.use("schnell")
    assert profiles.active_profile() == "quick"


def test_gpu_profile_is_the_default_with_a_gpu_and_full_only_on_request(monkeypatch):
    monkeypatch.delenv("LECTURE_PROFILE", raising=False)
    monkeypatch.setattr(profiles, "_gpu_visible", lambda: True)
    assert profiles.active_profile() == "gpu"
    monkeypatch.setattr(profiles, "_gpu_visible", lambda: False)
    assert profiles.active_profile() == "laptop"
    monkeypatch.setenv("LECTURE_PROFILE", "full")
    monkeypatch.setattr(profiles, "_gpu_visible", lambda: True)
    assert profiles.active_profile() == "full"
    assert profiles.use("gpu") == "gpu"


def test_every_training_has_gpu_settings_between_laptop_and_full():
    assert profiles.PROFILES[:3] == ("quick", "laptop", "full")  # ältere Texte zählen diese auf
    assert "gpu" in profiles.PROFILES
    for name, table in profiles.TRAININGS.items():
        gpu, laptop, full = table["gpu"], table["laptop"], table["full"]
        assert gpu.epochs <= full.epochs, name
        assert gpu.batch_size >= laptop.batch_size, name  # eine GPU rechnet gern breit
        if full.train_samples is not None:
            assert gpu.train_samples is not None and gpu.train_samples <= full.train_samples, name


def test_unknown_profile_lists_all_four(monkeypatch):
    with pytest.raises(ValueError, match="quick, laptop, full, gpu"):
        profiles.check_profile("turbo")


def test_gpu_profile_fits_a_t4_in_15_minutes_per_notebook():
    """Die Schätzung aus bench/gpu_estimate.py (Rechenaufwand ÷ Durchsatz einer T4)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import gpu_estimate

    estimate = gpu_estimate.estimate("gpu")
    assert {"10_1", "10_4"} <= set(estimate)
    for notebook, entry in estimate.items():
        assert entry["seconds"] <= gpu_estimate.BUDGET_S, (notebook, entry["seconds"])
    full = gpu_estimate.estimate("full")
    assert full["10_1"]["seconds"] > gpu_estimate.BUDGET_S  # full ist nur auf Wunsch


def test_forward_macs_counts_conv_and_dense_like_by_hand():
    import sys
    from pathlib import Path

    import keras

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import gpu_estimate

    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Conv2D(4, 3),
                              keras.layers.Flatten(), keras.layers.Dense(5)])
    # Conv: 6×6 Positionen × (3×3×3) × 4 Filter = 3.888; Dense: 144 × 5 = 720
    assert gpu_estimate.forward_macs(model) == 3_888 + 720
