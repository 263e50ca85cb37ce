"""Die allgemeinen Prüfbausteine geben deutsche Rückmeldungen."""

from lecture_utils import exercises as ex


def test_missing_answer_is_a_hint_not_an_error():
    for feedback in (ex.check_number(None, 3, "x"), ex.check_shape(None, (1, 2), "Form"),
                     ex.check_choice(None, "a")):
        assert not feedback and "Noch keine Antwort" in str(feedback)


def test_check_number():
    assert ex.check_number(61706, 61706, "Parameter")
    wrong = ex.check_number(60000, 61706, "Parameter", hint="Denken Sie an die Bias-Werte.")
    assert not wrong and "zu klein" in wrong.message and "Bias" in wrong.message
    assert "60.000" in wrong.message
    text = ex.check_number("viele", 3, "x")
    assert not text and "'viele'" in text.message
    assert ex.check_number(0.251, 0.25, "p", rtol=0.01)


def test_check_shape_names_the_wrong_axis():
    assert ex.check_shape((10, 10, 16), (10, 10, 16), "C3")
    wrong = ex.check_shape((10, 10, 6), (10, 10, 16), "C3")
    assert not wrong and "Achse 2 (6)" in wrong.message
    assert "3 Achsen" in ex.check_shape((10, 10, 16), (10, 10), "x").message
    assert "Tupel" in ex.check_shape("10x10", (10, 10), "x").message


def test_check_choice_and_all():
    explanations = {"a": "Zu klein.", "b": "Genau: 224 ist ein zufälliger Ausschnitt."}
    assert ex.check_choice("B", "b", explanations)
    wrong = ex.check_choice("a", "b", explanations)
    assert not wrong and "Zu klein." in wrong.message
    assert "keine der Optionen" in ex.check_choice("z", "b", explanations).message
    both = ex.check_all(ex.check_number(1, 1, "x"), ex.check_number(2, 3, "y"))
    assert not both and "y" in both.message
    assert str(ex.check_number(1, 1, "x")).startswith("[Richtig]")
