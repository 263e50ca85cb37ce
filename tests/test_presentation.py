"""Der Präsentationsstil ändert nur etwas für den, der ihn einschaltet."""

import importlib

import matplotlib as mpl

from lecture_utils import presentation


def test_import_changes_nothing():
    before = dict(mpl.rcParams)
    importlib.reload(presentation)
    for module in ("shapes", "profiles", "viz", "training", "data", "exercises"):
        importlib.import_module(f"lecture_utils.{module}")
    assert dict(mpl.rcParams) == before


def test_enable_and_disable_restore_the_previous_settings(capsys):
    before = mpl.rcParams["font.size"]
    presentation.enable()
    assert mpl.rcParams["font.size"] == presentation.STYLE["font.size"]
    assert "Präsentationsstil an" in capsys.readouterr().out
    presentation.enable()  # zweimal einschalten merkt sich trotzdem den Ausgangszustand
    presentation.disable()
    assert mpl.rcParams["font.size"] == before


def test_style_context_is_local():
    before = mpl.rcParams["lines.linewidth"]
    with presentation.style():
        assert mpl.rcParams["lines.linewidth"] == presentation.STYLE["lines.linewidth"]
    assert mpl.rcParams["lines.linewidth"] == before
