"""ResNet-Baukasten: die Rechenfunktion ohne Browser, das Widget ohne Kernel."""

import pytest

from lecture_utils import graphs, models, shapes
from lecture_utils.widgets import resnet_builder


def test_defaults_are_the_toy_resnet_of_the_chapter():
    view = resnet_builder.compute()
    toy = models.toy_resnet()
    assert view.params == toy.count_params() == 223_242
    assert view.adds == 2
    assert view.connections == graphs.connections(toy)
    assert [layer.name for layer in view.model.layers] == [layer.name for layer in toy.layers]
    assert view.headline == "223.242 Parameter · 2 Skip Connections (Add)"


def test_without_skip_connections_same_parameters_no_adds():
    view = resnet_builder.compute(skip_connections=False)
    assert view.params == 223_242 and view.adds == 0
    assert "keine Skip Connection" in view.headline
    assert graphs.compare(view.model, models.toy_resnet(skip_connections=False)) == []


@pytest.mark.parametrize("filters", [16, 64])
def test_each_block_adds_two_convolutions(filters):
    two = resnet_builder.compute(blocks=2, filters=filters)
    three = resnet_builder.compute(blocks=3, filters=filters)
    conv = shapes.conv_param_count(3, in_channels=filters, filters=filters)
    assert three.params - two.params == 2 * conv
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
    if graphs.graphviz_hint() is None:
        assert graph.layout.display is None and bytes(graph.value).startswith(b"\x89PNG")


def test_widget_without_graphviz_shows_the_hint(monkeypatch):
    monkeypatch.setattr(graphs.shutil, "which", lambda name: None)
    *_, graph, summary = _parts(resnet_builder.show())
    assert "223.242 Parameter" in summary.value
    assert "Graphviz" in summary.value and graph.layout.display == "none"
