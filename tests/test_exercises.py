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


def test_check_number_names_a_typical_mistake():
    mistakes = {48_000: "Der Bias fehlt.", 0.5: "Bitte in Prozent."}
    assert ex.check_number(48_120, 48_120, "FC1", mistakes=mistakes)
    no_bias = ex.check_number(48_000, 48_120, "FC1", mistakes=mistakes)
    assert not no_bias and no_bias.message == "FC1: 48.000 – Der Bias fehlt."
    assert "Bitte in Prozent" in ex.check_number(0.5, 50, "Anteil", mistakes=mistakes).message
    other = ex.check_number(47_000, 48_120, "FC1", hint="Mit Bias.", mistakes=mistakes)
    assert not other and "zu klein" in other.message and "Bias fehlt" not in other.message
    # die richtige Zahl gewinnt, auch wenn sie (versehentlich) auch als Fehler dasteht
    assert ex.check_number(3, 3, "x", mistakes={3: "falsch"})


def test_check_vector_compares_each_number():
    assert ex.check_vector([3, -1], [3.0, -1.0], "z")
    assert ex.check_vector(None, [3, -1], "z") is ex.MISSING
    typical = ex.check_vector([1, -2], [3, -1], "z", mistakes=[([1, -2], "Abkürzung fehlt.")])
    assert not typical and typical.message == "z = [1, -2]: Abkürzung fehlt."
    other = ex.check_vector([0.5, 0], [3, -1], "z", hint="Der Reihe nach.")
    assert not other and "[0,5, 0] stimmt noch nicht. Der Reihe nach." in other.message
    length = ex.check_vector([1, 2, 3], [3, -1], "z", length_hint="Zwei Neuronen.")
    assert not length and "3 Zahlen, erwartet sind 2. Zwei Neuronen." in length.message
    assert "Liste mit 2 Zahlen" in ex.check_vector("drei", [3, -1], "z").message
    assert ex.vector_text([1.25, -2]) == "[1,25, -2]"


def test_with_remark_explains_only_a_right_answer():
    right = ex.check_number(5, 5, "x").with_remark("Gut so.")
    assert right and right.message == "x = 5. Gut so."
    wrong = ex.check_number(4, 5, "x")
    assert wrong.with_remark("Gut so.") is wrong
    assert ex.MISSING.with_remark("Gut so.") is ex.MISSING
