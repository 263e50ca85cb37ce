"""Die gemeinsame Eingabeprüfung: dieselben Regeln für jede öffentliche Funktion."""

import numpy as np
import pytest

from lecture_utils.core import checks


@pytest.mark.parametrize("value", [1, 7, np.int64(3), np.uint8(2), np.int32(12)])
def test_whole_numbers_and_numpy_integers_are_accepted(value):
    result = checks.whole_number(value, "n")
    assert result == int(value) and type(result) is int


@pytest.mark.parametrize("value", [True, False, np.bool_(True), 3.0, 2.5, "3", None, [3]])
def test_non_integers_are_rejected_naming_the_value(value):
    with pytest.raises(ValueError, match=r"n muss eine ganze Zahl sein, erhalten: ") as error:
        checks.whole_number(value, "n")
    assert repr(value) in str(error.value)


def test_bounds_are_named_in_german():
    with pytest.raises(ValueError,
                       match=r"filters muss eine ganze Zahl ab 1 sein, erhalten: 0\."):
        checks.whole_number(0, "filters")
    with pytest.raises(ValueError,
                       match=r"k muss eine ganze Zahl von 0 bis 9 sein, erhalten: 10\."):
        checks.whole_number(10, "k", minimum=0, maximum=9)
    with pytest.raises(ValueError, match=r"x muss eine ganze Zahl bis 4 sein, erhalten: 5\."):
        checks.whole_number(5, "x", minimum=None, maximum=4)
    assert checks.whole_number(-3, "x", minimum=None) == -3


def test_one_of_lists_the_choices():
    assert checks.one_of("same", "padding", ("valid", "same")) == "same"
    with pytest.raises(ValueError, match=r"padding muss einer dieser Werte sein: 'valid', 'same'; "
                                         r"erhalten: 'full'\."):
        checks.one_of("full", "padding", ("valid", "same"))
    with pytest.raises(ValueError, match="erhalten: \\['same'\\]"):
        checks.one_of(["same"], "padding", ("valid", "same"))


@pytest.mark.parametrize("bad", [True, "2", np.zeros(2), float("nan"), float("inf"), None])
def test_real_number_rejects_what_is_no_finite_number(bad):
    with pytest.raises(ValueError, match=r"fill muss eine \(endliche\) Zahl sein, erhalten: "):
        checks.real_number(bad, "fill")


def test_real_number_accepts_ints_floats_numpy_and_checks_bounds():
    assert checks.real_number(3, "x") == 3.0 and isinstance(checks.real_number(3, "x"), float)
    assert checks.real_number(np.float32(0.5), "x") == 0.5
    with pytest.raises(ValueError, match=r"scale muss eine positive Zahl sein, erhalten: 0"):
        checks.real_number(0, "scale", positive=True)
    with pytest.raises(ValueError, match=r"shift muss eine Zahl von 0 bis 1 sein, erhalten: 2\.5"):
        checks.real_number(2.5, "shift", minimum=0, maximum=1)
    assert checks.real_number(1, "shift", minimum=0, maximum=1) == 1.0


def test_float_array_names_the_value_and_the_axes():
    assert checks.float_array([[1, 2]], "x").dtype == np.float64
    assert checks.float_array([1], "x", dtype="float32").dtype == np.float32
    with pytest.raises(ValueError, match=r"image muss ein Array aus Zahlen sein, erhalten: 'a'"):
        checks.float_array("a", "image")
    with pytest.raises(ValueError,
                       match=r"image muss ein Array aus Zahlen sein, erhalten: \[1, 'b'\]"):
        checks.float_array([1, "b"], "image")
    with pytest.raises(ValueError, match=r"image braucht 2 oder 3 Achsen, erhalten: Form \(5,\)"):
        checks.float_array(np.zeros(5), "image", ndim=(2, 3))


def test_flag_accepts_only_true_and_false():
    assert checks.flag(True, "flip") is True and checks.flag(np.bool_(False), "flip") is False
    for bad in (0, 1, "ja", None, np.zeros(2)):
        with pytest.raises(ValueError, match="flip muss True oder False sein, erhalten: "):
            checks.flag(bad, "flip")
