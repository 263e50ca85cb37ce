"""Profile wählen: per Umgebungsvariable oder im Notebook mit profiles.use."""

import pytest

from lecture_utils import profiles


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
