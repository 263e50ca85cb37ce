"""Die künstlichen Datensätze: reproduzierbar, geprüft, in der erwarteten Form."""

import hashlib
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from lecture_utils.data import synthetic

REPO = Path(__file__).resolve().parent.parent


def load_script():
    spec = importlib.util.spec_from_file_location("make_synthetic",
                                                  REPO / "data" / "make_synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(synthetic.FILES))
def test_bundled_file_matches_checksum_readme_and_size_limit(name):
    path = REPO / "data" / synthetic.FILES[name]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == synthetic.SHA256[name]
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    assert digest in readme and synthetic.FILES[name] in readme
    assert path.stat().st_size < 2_000_000


@pytest.mark.parametrize("name", sorted(synthetic.FILES))
def test_regenerating_gives_the_bundled_bytes(name):
    raw = load_script().npz_bytes(synthetic.generate(name))
    assert hashlib.sha256(raw).hexdigest() == synthetic.SHA256[name]


def test_signals_have_keras_like_shapes_and_balanced_german_classes():
    (x_train, y_train), (x_test, y_test), names = synthetic.load_signals()
    assert x_train.shape == (1600, 128, 1) and x_test.shape == (400, 128, 1)
    assert x_train.dtype == np.float32 and y_train.shape == (1600,)
    assert names == ("Sinus", "Rechteck", "Sägezahn", "Chirp")
    assert np.bincount(y_train).tolist() == [400] * 4
    assert np.bincount(y_test).tolist() == [100] * 4
    assert 0.3 < np.abs(x_train).mean() < 1.5


def test_volumes_have_keras_like_shapes_and_values_in_unit_range():
    (x_train, y_train), (x_test, y_test), names = synthetic.load_volumes()
    assert x_train.shape == (400, 24, 24, 24, 1) and x_test.shape == (100, 24, 24, 24, 1)
    assert x_train.dtype == np.float32 and 0.0 <= x_train.min() and x_train.max() <= 1.0
    assert names == ("ohne Läsion", "helle Läsion", "dunkle Läsion")
    assert set(np.bincount(y_train)) == {133, 134} and set(np.bincount(y_test)) == {33, 34}
    assert (x_train[:, 0] == 0).all()  # die oberste Schicht ist Luft


def test_lesions_show_up_as_bright_or_dark_voxels():
    """Helle Läsionen: viele Voxel zwischen Hirngewebe und Schädel; dunkle: nahe 0 im Kopf."""
    (x, y), _, _ = synthetic.load_volumes()
    bright = ((x > 0.65) & (x < 0.88)).sum(axis=(1, 2, 3, 4))
    dark = ((x > 0.02) & (x < 0.18)).sum(axis=(1, 2, 3, 4))
    assert np.median(bright[y == 1]) > 2 * np.median(bright[y == 0])
    assert np.median(dark[y == 2]) > 10 * max(np.median(dark[y == 0]), 1)


def test_missing_or_damaged_file_is_regenerated_with_a_german_notice(tmp_path, monkeypatch,
                                                                     capsys):
    monkeypatch.setenv("LECTURE_SAMPLE_DIR", str(tmp_path))
    (tmp_path / synthetic.FILES["signals"]).write_bytes(b"kaputt")
    (x_train, y_train), _, _ = synthetic.load_signals()
    assert "beschädigt" in capsys.readouterr().out
    monkeypatch.delenv("LECTURE_SAMPLE_DIR")
    (bundled_x, bundled_y), _, _ = synthetic.load_signals(verbose=False)
    np.testing.assert_array_equal(x_train, bundled_x)
    np.testing.assert_array_equal(y_train, bundled_y)


def test_generation_is_deterministic_and_checks_its_arguments():
    a, b = synthetic.make_signals(12), synthetic.make_signals(12)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], synthetic.make_signals(12, seed=7)[0])
    with pytest.raises(ValueError, match="kind muss eine ganze Zahl von 0 bis 3 sein, erhalten: 9"):
        synthetic.waveform(9, np.random.default_rng(0))
    with pytest.raises(ValueError, match="kind muss eine ganze Zahl von 0 bis 2 sein, erhalten: 3"):
        synthetic.phantom(3, np.random.default_rng(0))
    with pytest.raises(ValueError, match="count"):
        synthetic.make_volumes(0)
    with pytest.raises(ValueError, match="Unbekannter Datensatz"):
        synthetic.generate("audio")


RNG = np.random.default_rng(0)


@pytest.mark.parametrize("call, message", [
    (lambda: synthetic.waveform(True, RNG), "kind muss eine ganze Zahl"),
    (lambda: synthetic.waveform(0, RNG, length=0), "length muss eine ganze Zahl ab 1"),
    (lambda: synthetic.waveform(0, RNG, length=2.5), "length muss eine ganze Zahl"),
    (lambda: synthetic.waveform(0, 0), "rng muss ein np.random.Generator"),
    (lambda: synthetic.make_signals(2.5), "count muss eine ganze Zahl"),
    (lambda: synthetic.make_signals(4, seed=-1), "seed muss eine ganze Zahl ab 0"),
    (lambda: synthetic.phantom(0, RNG, size=-1), "size muss eine ganze Zahl ab 2"),
    (lambda: synthetic.phantom(np.zeros(2), RNG), "kind muss eine ganze Zahl"),
    (lambda: synthetic.make_volumes(3, seed="falsch"), "seed muss eine ganze Zahl"),
    (lambda: synthetic.generate(np.zeros(2)), "Unbekannter Datensatz"),
    (lambda: synthetic.load_volumes(verbose=0), "verbose muss True oder False"),
    (lambda: synthetic.data_path("falsch"), "name muss einer dieser Werte sein: 'signals'"),
])
def test_bad_input_gives_a_german_error_naming_the_value(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
