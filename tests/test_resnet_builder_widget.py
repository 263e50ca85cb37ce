"""ResNet-Baukasten: die Rechenfunktion ohne Browser, das Widget ohne Kernel."""

import pytest

from lecture_utils.plots import model_plot
from lecture_utils.widgets import resnet_builder

# Das Beispiel-ResNet aus 10.2.3, abgeschrieben aus der Zusammenfassung im Kapitel:
# (Schicht, Schichten, die hineinführen); ``add`` hat zwei Eingänge, die Skip Connection.
CHAPTER_CONNECTIONS = [
    ("image", []), ("Conv_1", ["image"]), ("Conv_2", ["Conv_1"]), ("Pool_1", ["Conv_2"]),
    ("Conv_3", ["Pool_1"]), ("Conv_4", ["Conv_3"]), ("add", ["Conv_4", "Pool_1"]),
    ("Conv_5", ["add"]), ("Conv_6", ["Conv_5"]), ("add_1", ["Conv_6", "add"]),
    ("Conv_7", ["add_1"]), ("Pool_2", ["Conv_7"]), ("FC_1", ["Pool_2"]),
    ("dropout", ["FC_1"]), ("FC_2", ["dropout"]),
]
PLAIN_CONNECTIONS = [  # dasselbe Netz ohne Add: jede Schicht hat genau einen Eingang
    ("image", []), ("Conv_1", ["image"]), ("Conv_2", ["Conv_1"]), ("Pool_1", ["Conv_2"]),
    ("Conv_3", ["Pool_1"]), ("Conv_4", ["Conv_3"]), ("Conv_5", ["Conv_4"]),
    ("Conv_6", ["Conv_5"]), ("Conv_7", ["Conv_6"]), ("Pool_2", ["Conv_7"]),
    ("FC_1", ["Pool_2"]), ("dropout", ["FC_1"]), ("FC_2", ["dropout"]),
]


def expected_params(blocks, filters):
    """Von Hand: Konv-Schicht 3×3 = (3·3·Eingänge + 1)·Filter, Dense = (Eingänge + 1)·Units."""
    f = filters
    conv_1 = (3 * 3 * 3 + 1) * 32
    conv_2 = (3 * 3 * 32 + 1) * f
    conv_f = (3 * 3 * f + 1) * f  # jede Konv-Schicht f → f (zwei je Block, dazu Conv_7)
    fc_1, fc_2 = (f + 1) * 256, (256 + 1) * 10
    return conv_1 + conv_2 + (2 * blocks + 1) * conv_f + fc_1 + fc_2


def test_defaults_are_the_toy_resnet_of_the_chapter():
    view = resnet_builder.compute()
    assert view.params == 223_242  # wie model.summary() im Kapitel
    assert view.adds == 2
    assert view.connections == CHAPTER_CONNECTIONS
    assert [layer.name for layer in view.model.layers] == [n for n, _ in CHAPTER_CONNECTIONS]
    assert view.headline == "223.242 Parameter · 2 Skip Connections (Add)"


def test_without_skip_connections_same_parameters_no_adds():
    view = resnet_builder.compute(skip_connections=False)
    assert view.params == 223_242 and view.adds == 0
    assert "keine Skip Connection" in view.headline
    assert view.connections == PLAIN_CONNECTIONS


@pytest.mark.parametrize("blocks, filters", [(2, 64), (0, 64), (1, 16), (3, 16), (6, 8)])
def test_parameters_follow_the_hand_formula(blocks, filters):
    view = resnet_builder.compute(blocks=blocks, filters=filters)
    assert view.params == expected_params(blocks, filters)
    assert view.params == view.model.count_params()  # Keras zählt dasselbe


def test_hand_formula_gives_the_chapter_numbers():
    assert expected_params(2, 64) == 223_242 and expected_params(1, 16) == 19_402


@pytest.mark.parametrize("filters", [16, 64])
def test_each_block_adds_two_convolutions(filters):
    two = resnet_builder.compute(blocks=2, filters=filters)
    three = resnet_builder.compute(blocks=3, filters=filters)
    assert three.params - two.params == 2 * (3 * 3 * filters + 1) * filters
    assert three.adds == 3
    assert ("add_2", ["Conv_8", "add_1"]) in three.connections


def test_output_shapes_follow_the_filters():
    view = resnet_builder.compute(blocks=1, filters=16)
    assert "Conv_2   Conv2D                  28×28×16" in view.table_text
    assert "add      Add                     9×9×16" in view.table_text
    assert ("add", ["Conv_4", "Pool_1"]) in view.connections


def test_zero_blocks_is_a_plain_stem():
    view = resnet_builder.compute(blocks=0)
    assert view.adds == 0
    assert [name for name, _ in view.connections][-5:] == [
        "Conv_3", "Pool_2", "FC_1", "dropout", "FC_2"]


@pytest.mark.parametrize("settings, value", [
    (dict(blocks=-1), "-1"), (dict(blocks=7), "7"), (dict(blocks=2.5), "2.5"),
    (dict(blocks=True), "True"), (dict(filters=0), "0"), (dict(filters=300), "300"),
    (dict(filters="64"), "'64'"), (dict(skip_connections="ja"), "'ja'"),
])
def test_invalid_settings_give_german_errors_naming_the_value(settings, value):
    with pytest.raises(ValueError, match="erhalten: " + value.replace(".", r"\.")):
        resnet_builder.compute(**settings)


# --- das Widget, ohne Browser --------------------------------------------------------


def _parts(box):
    (skip, blocks, filters), (graph, summary) = box.children[0].children, box.children[1].children
    return skip, blocks, filters, graph, summary


def test_widget_updates_and_shows_errors_in_german():
    skip, blocks, filters, graph, summary = _parts(resnet_builder.show())
    assert "223.242 Parameter" in summary.value
    filters.value = 0
    assert "[Achtung]" in summary.value and "erhalten: 0" in summary.value
    assert graph.layout.display == "none"
    filters.value = 16
    skip.value = False
    assert "keine Skip Connection" in summary.value
    assert "28×28×16" in summary.value


def test_widget_shows_the_graph_as_png():
    hint = model_plot.graphviz_hint()
    if hint is not None:
        pytest.skip(f"ohne Graphviz/pydot kein Bild des Graphen: {hint}")
    *_, graph, summary = _parts(resnet_builder.show())
    assert graph.layout.display is None and bytes(graph.value).startswith(b"\x89PNG")
    assert "Graphviz" not in summary.value


def test_widget_without_graphviz_shows_the_hint(monkeypatch):
    monkeypatch.setattr(model_plot.shutil, "which", lambda name: None)
    *_, graph, summary = _parts(resnet_builder.show())
    assert "223.242 Parameter" in summary.value
    assert "Graphviz" in summary.value and graph.layout.display == "none"
