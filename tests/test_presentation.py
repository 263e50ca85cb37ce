"""Der Präsentationsstil ändert nur etwas für den, der ihn einschaltet."""

import subprocess
import sys
import textwrap

import matplotlib as mpl

from lecture_utils.plots import presentation

# Ein frischer Python-Prozess: Hätte ein anderer Test die Module schon importiert, liefe
# ein Import im Testprozess nicht noch einmal, und eine Änderung beim Import bliebe unbemerkt.
IMPORT_EVERYTHING = textwrap.dedent("""
    import importlib, pkgutil, sys
    import matplotlib as mpl
    import lecture_utils

    before = dict(mpl.rcParams)
    names = ["lecture_utils.plots.presentation"] + [
        info.name for info in pkgutil.walk_packages(lecture_utils.__path__, "lecture_utils.")]
    for name in names:
        importlib.import_module(name)
    changed = sorted(k for k in before if mpl.rcParams[k] != before[k])
    print(len(names), "Module")
    if changed:
        sys.exit("beim Import geändert: " + ", ".join(changed))
""")


def test_importing_every_module_changes_no_matplotlib_setting():
    result = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    count = int(result.stdout.split()[0])
    assert count >= 25  # wirklich das ganze Paket (presentation, viz, training, widgets, …)


def test_enable_and_disable_restore_the_previous_settings(capsys):
    before = mpl.rcParams["font.size"]
    presentation.enable()
    assert mpl.rcParams["font.size"] == 15
    assert "Präsentationsstil an" in capsys.readouterr().out
    presentation.enable()  # zweimal einschalten merkt sich trotzdem den Ausgangszustand
    presentation.disable()
    assert mpl.rcParams["font.size"] == before


def test_style_context_is_local():
    before = mpl.rcParams["lines.linewidth"]
    with presentation.style():
        assert mpl.rcParams["lines.linewidth"] == 3.0
    assert mpl.rcParams["lines.linewidth"] == before
