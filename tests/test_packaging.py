"""Das Paket so bauen und installieren wie auf Colab (``pip install``, ohne ``-e``).

Ohne Netz: das Rad wird mit dem setuptools der Umgebung gebaut (``--no-build-isolation``)
und ohne Abhängigkeiten in einen leeren Ordner installiert.
"""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run_pip(command, *args):
    """pip ohne Netz und ohne Abhängigkeiten; bei einem Fehler steht pips Meldung im Test."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", command, "--quiet", "--no-deps", "--no-index", *args],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    # eine frische Kopie, damit kein alter build/-Ordner etwas beisteuert
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source)
    for name in ("lecture_utils", "data"):
        shutil.copytree(ROOT / name, source / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    _run_pip("wheel", "--no-build-isolation", "--wheel-dir", str(out), str(source))
    (path,) = out.glob("lecture_utils-*.whl")
    return path


def test_wheel_contains_every_module_of_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "lecture_utils").rglob("*.py")}
    assert modules - names == set(), "fehlen im installierten Paket"


def test_wheel_ships_the_samples(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    samples = {f"lecture_utils/samples/{p.name}" for p in (ROOT / "data").glob("*.npz")}
    assert len(samples) == 5
    assert samples <= names


def test_installed_package_works_outside_the_repository(wheel, tmp_path):
    target = tmp_path / "site"
    _run_pip("install", "--target", str(target), str(wheel))
    script = (
        "import lecture_utils.exercises.k10_3, lecture_utils.widgets.conv_calculator\n"
        "from lecture_utils import data\n"
        "from lecture_utils.data import synthetic\n"
        "print(data.sample_dir())\n"
        "(x, y), _ = data.load_mnist(verbose=False)\n"
        "print(data.last_source('mnist'), x.shape)\n"
        "print(synthetic.data_path('signals').is_file())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target), "LECTURE_OFFLINE": "1",
           "LECTURE_DATA_DIR": str(tmp_path / "cache")}
    env.pop("LECTURE_SAMPLE_DIR", None)
    result = subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path,
                            capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == str(target / "lecture_utils" / "samples")
    assert lines[1] == "sample (8000, 28, 28)"
    assert lines[2] == "True"
