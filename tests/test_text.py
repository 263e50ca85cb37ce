"""core.text: die eine deutsche Zahlen- und Tabellenschreibweise (Erwartungen von Hand)."""

import numpy as np
import pytest

from lecture_utils.core import text


@pytest.mark.parametrize("value, digits, expected", [
    (61706, None, "61.706"),
    (np.int64(138357544), None, "138.357.544"),
    (7.0, None, "7"),
    (0.12345, None, "0,1235"),
    (0.12345, 4, "0,1235"),
    (1234.5, 2, "1.234,50"),
    (-1.5, None, "-1,5"),
    (0, None, "0"),
    (np.float32(0.5), 1, "0,5"),
])
def test_number(value, digits, expected):
    assert text.number(value, digits) == expected


def test_percent_short_duration():
    assert text.percent(0.9912) == "99,1 %"
    assert text.percent(0.25, 0) == "25 %"
    assert text.short(61706) == "61,7 Tsd."
    assert text.short(138357544) == "138,4 Mio."
    assert text.short(2_500_000_000) == "2,5 Mrd."
    assert text.short(950) == "950"
    assert text.duration(45) == "45 s"
    assert text.duration(200) == "3 min"
    assert text.duration(4200) == "1 h 10 min"


@pytest.mark.parametrize("call", [
    lambda: text.number("3"), lambda: text.number(True), lambda: text.number(float("nan")),
    lambda: text.number(1.5, -1), lambda: text.percent(None), lambda: text.short([1]),
    lambda: text.duration(-1),
])
def test_bad_input_is_a_german_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_table_aligns_numbers_right_and_text_left():
    out = text.table(["Netz", "Parameter"], [["LeNet-5", 61706], ["VGG-16", 138357544]])
    assert out.splitlines() == [
        "Netz       Parameter",
        "────────────────────",
        "LeNet-5       61.706",
        "VGG-16   138.357.544",
    ]


def test_table_rejects_a_short_row():
    with pytest.raises(ValueError, match="Zeile 1 hat 1 Zellen"):
        text.table(["a", "b"], [[1, 2], [3]])
