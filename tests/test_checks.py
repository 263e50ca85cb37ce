"""Die gemeinsame Eingabeprüfung: dieselben Regeln für jede öffentliche Funktion."""

import numpy as np
import pytest

from lecture_utils import checks


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
