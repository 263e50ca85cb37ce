"""Modellgraphen: Verbindungen, Vergleich und das Bild mit plot_model."""

from pathlib import Path

import keras
import pytest
from keras import layers

from lecture_utils import models
from lecture_utils.arithmetic import shapes
from lecture_utils.models import graphs
from lecture_utils.plots import model_plot

# Spalte „Connected to“ der Keras-Übersicht des Beispiel-ResNet im Kapitel (10.2.3)
TOY_RESNET_CONNECTED_TO = [
    ("image", []),
    ("Conv_1", ["image"]),
    ("Conv_2", ["Conv_1"]),
    ("Pool_1", ["Conv_2"]),
    ("Conv_3", ["Pool_1"]),
    ("Conv_4", ["Conv_3"]),
    ("add", ["Conv_4", "Pool_1"]),
    ("Conv_5", ["add"]),
    ("Conv_6", ["Conv_5"]),
    ("add_1", ["Conv_6", "add"]),
    ("Conv_7", ["add_1"]),
    ("Pool_2", ["Conv_7"]),
    ("FC_1", ["Pool_2"]),
    ("dropout", ["FC_1"]),
    ("FC_2", ["dropout"]),
]


@pytest.fixture(scope="module")
def toy():
    return models.toy_resnet()


def _chain(units=(8, 4), name="chain"):
    inputs = keras.Input((6,), name="x")
    x = inputs
    for i, n in enumerate(units):
        x = layers.Dense(n, name=f"d{i}")(x)
    return keras.Model(inputs, x, name=name)


# --- connections / summary_text ----------------------------------------------------


def test_connections_of_toy_resnet_match_the_chapter(toy):
    assert graphs.connections(toy) == TOY_RESNET_CONNECTED_TO


def test_summary_text_has_connected_to_column_and_keras_param_count(toy):
    summary = graphs.summary_text(toy)
    assert "verbunden mit" in summary
    assert "Conv_4, Pool_1" in summary and "Conv_6, add" in summary
    assert toy.count_params() == 223_242
    assert "Parameter gesamt: 223.242" in summary
    assert "9×9×64" in summary


def test_shared_layer_appears_once_per_call():
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    shared = layers.Dense(3, name="shared")
    model = keras.Model([a, b], layers.add([shared(a), shared(b)], name="sum"))
    assert graphs.connections(model) == [
        ("a", []), ("b", []), ("shared", ["a"]), ("shared", ["b"]), ("sum", ["shared", "shared"]),
    ]
    assert "shared" in graphs.summary_text(model)


def test_a_layer_reused_in_another_model_does_not_leak_nodes():
    model = _chain()
    other_input = keras.Input((6,), name="other")
    model.get_layer("d0")(other_input)  # Aufruf außerhalb von model
    assert ("d0", ["x"]) in graphs.connections(model)
    assert ("d0", ["other"]) not in graphs.connections(model)


def test_sequential_model_shows_its_hidden_input_layer():
    model = keras.Sequential([keras.Input((6,)), layers.Dense(2, name="out")])
    (input_name, no_inputs), (name, sources) = graphs.connections(model)
    assert no_inputs == [] and name == "out" and sources == [input_name]


def test_unbuilt_sequential_model_gives_german_error():
    model = keras.Sequential([layers.Dense(2)], name="ohne_input")
    with pytest.raises(ValueError, match="gebaute.*ohne_input"):
        graphs.connections(model)


def test_side_by_side_aligns_columns():
    text = graphs.side_by_side("a\nbbb", "x\ny\nz", titles=("L", "R"), gap=2)
    assert text.splitlines() == ["L    R", "a    x", "bbb  y", "     z"]


# --- compare ------------------------------------------------------------------------


def test_compare_identical_models_is_empty(toy):
    assert graphs.compare(toy, toy) == []
    assert graphs.compare(models.toy_resnet(), toy) == []  # andere Objekte, gleiche Struktur


def test_compare_finds_the_missing_adds(toy):
    plain = models.toy_resnet(skip_connections=False)
    assert plain.count_params() == toy.count_params()
    assert graphs.compare(plain, toy) == ["Schichten: Add fehlt (Vorlage: 2×)."]


def test_compare_names_output_shape_and_parameters():
    differences = graphs.compare(_chain((8, 5)), _chain((8, 4)))
    assert differences[0] == "Ausgabeform: (5) statt (4)."
    assert differences[1] == "Parameter: 101 statt 92 (9 zu viele)."
    assert "Dense (5 Neuronen) ist zu viel" in differences[2]
    assert "Dense (4 Neuronen) fehlt" in differences[2]


def _block(shortcut_from_input=True, separate_relu=False):
    inputs = keras.Input((8, 8, 4))
    main = layers.Conv2D(8, 3, padding="same", activation=None if separate_relu else "relu")(inputs)
    if separate_relu:
        main = layers.ReLU()(main)
    main = layers.Conv2D(8, 3, padding="same")(main)
    source = inputs if shortcut_from_input else main
    shortcut = layers.Conv2D(8, 1)(source)
    return keras.Model(inputs, layers.add([main, shortcut]))


def test_compare_reports_wrong_connections_with_layer_descriptions():
    differences = graphs.compare(_block(shortcut_from_input=False), _block())
    assert differences == [
        "Parameter: 952 statt 920 (32 zu viele).",
        "Verbindungen: es fehlt Eingabe → Conv2D 1×1 (8 Filter), "
        "nicht in der Vorlage ist Conv2D 3×3 (8 Filter) → Conv2D 1×1 (8 Filter)."
    ]


def test_compare_ignores_separate_activation_layers():
    assert graphs.compare(_block(separate_relu=True), _block()) == []


def test_describe_layer():
    conv = layers.Conv2D(64, 1, strides=2)
    assert graphs.describe_layer(conv) == "Conv2D 1×1 (64 Filter, Stride 2×2)"
    assert graphs.describe_layer(layers.Dense(10)) == "Dense (10 Neuronen)"
    assert graphs.describe_layer(layers.MaxPooling2D(3)) == "MaxPooling2D 3×3"
    assert graphs.describe_layer(layers.Add()) == "Add"


# --- render_png und plot_model_hint ------------------------------------------------------


def test_render_png_returns_png_bytes(toy):
    if model_plot.graphviz_hint() is not None:
        pytest.skip("pydot oder Graphviz fehlt auf diesem Rechner")
    assert model_plot.render_png(toy).startswith(b"\x89PNG")


def test_without_graphviz_program_the_hint_names_the_fix(toy, monkeypatch):
    monkeypatch.setattr(model_plot.shutil, "which", lambda name: None)
    assert model_plot.render_png(toy) is None
    hint = model_plot.plot_model_hint()
    assert "Graphviz" in hint and "apt-get install graphviz" in hint
    assert "läuft ohne das Bild weiter" in hint


def test_without_pydot_the_hint_names_pip_install(toy, monkeypatch):
    monkeypatch.setattr(model_plot, "_has_pydot", lambda: False)
    assert model_plot.render_png(toy) is None
    assert "pip install pydot" in model_plot.plot_model_hint()


def test_plot_model_hint_names_the_error_text(monkeypatch):
    monkeypatch.setattr(model_plot.shutil, "which", lambda name: None)
    error = ImportError("You must install graphviz for `plot_model` to work.")
    hint = model_plot.plot_model_hint(error)
    assert "Meldung von Keras: ImportError: You must install graphviz" in hint
    assert hint.startswith("Kein Bild des Graphen.")


def test_plot_model_hint_when_everything_is_installed(monkeypatch):
    monkeypatch.setattr(model_plot, "graphviz_hint", lambda: None)
    hint = model_plot.plot_model_hint(OSError("dot: kaputt"))
    assert "nicht zeichnen" in hint and "OSError: dot: kaputt" in hint


def test_plot_model_hint_rejects_odd_input():
    with pytest.raises(TypeError, match="42"):
        model_plot.plot_model_hint(42)


def test_in_a_plain_python_process_keras_raises_importerror_without_graphviz(toy, monkeypatch,
                                                                           tmp_path):
    """Das Notebook fängt ``ImportError`` ab; außerhalb von Jupyter löst Keras ihn aus.
    Ohne ``dot`` im Suchpfad (leerer PATH) – nur öffentliche API, kein ``keras.src``."""
    import sys

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delitem(sys.modules, "IPython.core.magics.namespace", raising=False)
    with pytest.raises(ImportError):
        keras.utils.plot_model(toy, show_shapes=True, to_file=str(tmp_path / "g.png"))


@pytest.mark.parametrize("error", [OSError("dot: kaputt"),
                                   AssertionError('"dot" returned code: 1')])
def test_a_failing_dot_program_is_reported_with_its_message(toy, monkeypatch, error):
    monkeypatch.setattr(model_plot.shutil, "which", lambda name: "/usr/bin/dot")
    monkeypatch.setattr(model_plot, "_has_pydot", lambda: True)

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(model_plot.keras.utils, "plot_model", broken)
    assert model_plot.render_png(toy) is None
    hint = model_plot.graphviz_hint()  # so zeigt es das Widget in 10.2 an
    assert hint.startswith("Graphviz ist installiert, das Zeichnen schlug aber fehl")
    assert f"{type(error).__name__}: {error}" in hint
    assert str(error) in model_plot.plot_model_hint()  # auch im Hinweis für plot_model
    monkeypatch.setattr(model_plot.keras.utils, "plot_model", lambda *a, to_file, **k: None)
    model_plot.render_png(toy)
    assert model_plot.graphviz_hint() is None  # ein gelungener Aufruf vergisst den alten Fehler


def test_an_unexpected_error_while_drawing_is_not_swallowed(toy, monkeypatch):
    monkeypatch.setattr(model_plot, "graphviz_hint", lambda: None)

    def broken(*args, **kwargs):
        raise KeyError("ein Fehler im Kurs-Code")

    monkeypatch.setattr(model_plot.keras.utils, "plot_model", broken)
    with pytest.raises(KeyError):
        model_plot.render_png(toy)


@pytest.mark.parametrize("bad", [None, 3, "toy", keras.layers.Dense(2)])
def test_connections_answer_bad_input_in_german(bad):
    with pytest.raises(ValueError, match="gebaute Functional- oder Sequential-Modelle"):
        graphs.connections(bad)


def test_graph_modules_use_no_private_keras_internals():
    source = "".join(Path(module.__file__).read_text() for module in (graphs, model_plot, shapes))
    for private in ("_inbound_nodes", "_functional", "_nodes_by_depth", "_keras_history",
                    "keras.src"):
        assert f".{private}" not in source and f"{private}." not in source, private


@pytest.mark.parametrize("call, fragment", [
    (lambda toy: model_plot.render_png(toy, dpi=0), "dpi muss eine ganze Zahl ab 1"),
    (lambda toy: model_plot.render_png(toy, rankdir="oben"), "rankdir muss einer dieser Werte"),
    (lambda toy: graphs.side_by_side("a", "b", gap=-1), "gap muss eine ganze Zahl ab 0"),
    (lambda toy: graphs.side_by_side("a", 3), "erwartet Texte.*erhalten: 3"),
    (lambda toy: graphs.describe_layer("Conv2D"), "erwartet eine Keras-Schicht.*'Conv2D'"),
    (lambda toy: graphs.compare(toy, "toy"), "gebaute Functional-.*'toy'"),
    (lambda toy: graphs.summary_text(None), "gebaute Functional-.*None"),
])
def test_bad_input_gives_a_german_value_error(toy, call, fragment):
    with pytest.raises(ValueError, match=fragment):
        call(toy)
