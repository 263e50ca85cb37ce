"""Netze im Vergleich: Vergleichstabelle (models.catalog), LeNet-Paperzahlen (models.lenet),
VGG-Rechnungen (models.vgg, arithmetic.volumes, arithmetic.receptive), Bilder (plots.comparison).

Referenzen: die Zahlen aus den Papers (LeNet-5: 60.000 Parameter und Tabelle I;
AlexNet: Faktor 2048; VGG-16: 138 Mio. Parameter, ~15,5 Mrd. Multiply-Adds) und
Keras selbst (Ausgabeformen, Parameterzahlen).
"""

import gc

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecture_utils import models
from lecture_utils.arithmetic import receptive, shapes, volumes
from lecture_utils.core import text
from lecture_utils.models import catalog, lenet, vgg
from lecture_utils.plots import comparison


@pytest.fixture(scope="module")
def lenet_table():
    return shapes.layer_table(models.lenet5())


@pytest.fixture(scope="module")
def vgg_built():
    """VGG-16 einmal bauen: (Schichtentabelle, Kennzahlen, Multiply-Adds)."""
    model = models.vgg16()
    result = shapes.layer_table(model), catalog.summarize(model)
    del model
    keras.backend.clear_session()
    gc.collect()
    return result


# --- LeNet-5 --------------------------------------------------------------------

# Tabelle I aus LeCun et al. (1998): Zeile = Feature Map von S2, X = verbunden
PAPER_TABLE_I = """
X...XXX..XXXX.XX
XX...XXX..XXXX.X
XXX...XXX..X.XXX
.XXX..XXXX..X.XX
..XXX..XXXX.XX.X
...XXX..XXXX.XXX
"""


def test_c3_connection_table_is_table_one_of_the_paper():
    expected = np.array([[c == "X" for c in row] for row in PAPER_TABLE_I.split()])
    table = lenet.lenet_c3_table()
    assert table.shape == (6, 16)
    assert np.array_equal(table, expected)
    assert table.sum() == 60
    assert list(table.sum(axis=0)) == [3] * 6 + [4] * 9 + [6]


def test_lenet5_paper_count_is_60000(lenet_table):
    counts = lenet.lenet5_paper_counts(lenet_table)
    assert sum(c.ours for c in counts) == 61_706 == lenet_table.total
    assert sum(c.paper for c in counts) == 60_000
    c3 = next(c for c in counts if c.paper_name == "C3")
    assert (c3.ours, c3.paper) == (2_416, 1_516)
    text = lenet.lenet5_paper_text(counts)
    assert "61.706" in text and "60.000" in text and "Verbindungstabelle" in text


def test_size_path_of_lenet5(lenet_table):
    assert volumes.size_path(lenet_table) == ((32, 28, 14, 10, 5), (1, 6, 16))
    maps = volumes.feature_maps(lenet_table)
    assert [m.name for m in maps] == ["input", "Conv1", "Pool1", "Conv2", "Pool2"]


def test_multiply_adds_of_lenet5_by_hand():
    model = models.lenet5()
    by_hand = (28 * 28 * 6 * 5 * 5 * 1 + 10 * 10 * 16 * 5 * 5 * 6
               + 400 * 120 + 120 * 84 + 84 * 10)
    assert catalog.multiply_adds(model) == by_hand == 416_520
    summary = catalog.summarize(model)
    assert (summary.params, summary.trainable, summary.weight_layers) == (61_706, 61_706, 5)
    assert summary.input_shape == (32, 32, 1)


def test_multiply_adds_count_nested_models():
    inner = models.lenet5()
    outer = keras.Sequential([keras.Input((32, 32, 1)), inner])
    assert catalog.multiply_adds(outer) == catalog.multiply_adds(inner)


# --- VGG-16 ---------------------------------------------------------------------


def test_vgg16_size_path_memory_and_split(vgg_built):
    table, summary = vgg_built
    assert volumes.size_path(table) == ((224, 112, 56, 28, 14, 7), (3, 64, 128, 256, 512))
    conv, fc = vgg.vgg16_param_split()
    assert conv + fc == table.total == 138_357_544
    assert fc == sum(table.row(n).params for n in ("fc1", "fc2", "predictions"))
    memory = volumes.activation_memory(table)
    first = next(r for r in memory if r.name == "block1_conv1")
    assert first.values == 224 * 224 * 64 and first.bytes == 4 * first.values
    assert sum(r.params for r in memory) == table.total
    assert sum(r.values for r in memory) == 15_262_696
    text = volumes.memory_text(memory)
    assert "block1_conv1" in text and "138.357.544" in text
    # veröffentlicht: ~15,5 GFLOPs (Multiply-Adds) für VGG-16
    assert summary.multiply_adds == pytest.approx(15.47e9, rel=0.01)
    assert summary.weight_layers == 16


def test_receptive_field_formula():
    assert receptive.stacked_field_size([3, 3]) == 5
    assert receptive.stacked_field_size([3, 3, 3]) == 7
    assert receptive.stacked_field_size([3, 2, 3], [1, 2, 1]) == 8
    with pytest.raises(ValueError, match="Stride"):
        receptive.stacked_field_size([3, 3], [1])


@pytest.mark.parametrize("n_layers, single", [(2, 5), (3, 7)])
def test_stacked_vs_single_agrees_with_keras(n_layers, single):
    channels = 8
    result = receptive.stacked_vs_single(n_layers, 3, channels)
    assert result.receptive_field == single
    stack = keras.Sequential([keras.Input((single, single, channels))]
                             + [keras.layers.Conv2D(channels, 3) for _ in range(n_layers)])
    one = keras.Sequential([keras.Input((single, single, channels)),
                            keras.layers.Conv2D(channels, single)])
    assert result.stack_params == stack.count_params()
    assert result.single_params == one.count_params()
    assert result.stack_shapes[-1] == stack.output_shape[1:] == (1, 1, channels)
    assert result.single_shape == one.output_shape[1:]
    assert result.ratio < 1


def test_stacked_vs_single_explanation():
    text = receptive.stacked_vs_single(2, 3, 64).explain()
    assert "2 · 36.928 = 73.856" in text and "102.464" in text and "72 %" in text


# --- Vergleichstabelle ------------------------------------------------------------


def test_comparison_rows_use_given_summaries_and_build_the_rest():
    fake = catalog.ModelSummary("x", (32, 32, 1), params=7, trainable=5, weight_layers=5,
                                   multiply_adds=11)
    (row,) = catalog.comparison_rows(["LeNet-5"], {"LeNet-5": fake})
    assert (row.params, row.multiply_adds, row.year, row.epochs) == (5, 11, 1998, 20)
    built = catalog.comparison_rows(["LeNet-5", "ResNet-34"])
    assert [r.params for r in built] == [61_706, 21_797_672]
    assert [r.weight_layers for r in built] == [5, 34]
    assert built[1].epochs is None
    with pytest.raises(ValueError, match="'GoogLeNet'"):
        catalog.comparison_rows(["GoogLeNet"])


def test_comparison_text_is_transposed_like_the_chapter():
    rows = catalog.comparison_rows(["LeNet-5"])
    text = catalog.comparison_text(rows)
    lines = text.splitlines()
    assert lines[0].split() == ["LeNet-5"]
    for label in ("Jahr", "Input (Paper)", "Schichten", "Epochen", "Parameter"):
        assert any(line.startswith(label) for line in lines), label
    assert "61,7 Tsd." in text and "61.706" in text and "32x32x1" in text


def test_comparison_text_with_crops_shows_the_network_input():
    lenet = catalog.ModelSummary("lenet5", (32, 32, 1), 61_706, 61_706, 5, 1)
    alexnet = catalog.ModelSummary("alexnet", (227, 227, 3), 62_378_344, 62_378_344, 8, 1)
    rows = catalog.comparison_rows(["LeNet-5", "AlexNet"],
                                      {"LeNet-5": lenet, "AlexNet": alexnet})
    assert [catalog.network_input(r) for r in rows] == ["32x32x1", "224x224x3"]
    lines = catalog.comparison_text(rows, crops=True).splitlines()
    paper = next(line for line in lines if line.startswith("Input (Paper)"))
    images = next(line for line in lines if line.startswith("  aus Bildern"))
    assert paper.split()[-2:] == ["32x32x1", "224x224x3"]
    assert images.split()[-2:] == ["–", "256x256x3"]
    assert "256x256x3" in next(line for line in catalog.comparison_text(rows).splitlines()
                               if line.startswith("Input (Paper)"))
    with pytest.raises(TypeError, match="ComparisonRow"):
        catalog.network_input("AlexNet")


def test_plots_return_axes(lenet_table):
    ax, right = comparison.plot_size_and_channels(lenet_table)
    assert len(ax.patches) == 5
    assert comparison.plot_c3_table().get_title() == "C3: 60 von 96 möglichen Verbindungen"
    memory = volumes.activation_memory(lenet_table)
    assert len(comparison.plot_memory_and_params(memory)) == 2
    rows = [catalog.ComparisonRow("A", 2000, "1", (1, 1, 1), 1, 1, 10, 100)]
    assert len(comparison.plot_comparison(rows)) == 2
    plt.close("all")


# --- AlexNet und ResNets: Zahlen, die das Notebook zeigt -------------------------------


def test_alexnet_fc_share_and_first_layer():
    model = models.alexnet()
    table = shapes.layer_table(model)
    fc = sum(table.row(n).params for n in ("FC1", "FC2", "FC3"))
    assert fc == 58_631_144
    assert text.percent(fc / table.total) == "94,0 %"
    side = shapes.conv_output_length(227, 11, strides=4)
    assert table.row("Conv1").output_shape == (side, side, 96) == (55, 55, 96)
    assert shapes.conv_output_length(224, 11, strides=4) == 54
    # AlexNet als ein Strang: etwa 1,1 Mrd. Multiply-Adds (mit zwei GPU-Hälften wären es weniger)
    assert catalog.multiply_adds(model) == pytest.approx(1.13e9, rel=0.01)
    del model
    keras.backend.clear_session()


@pytest.mark.parametrize("builder, paper", [
    (models.resnet34, 3.6e9),  # He et al. (2016), Tabelle 1
    (models.resnet50, 3.8e9),
])
def test_resnet_multiply_adds_match_the_paper(builder, paper):
    model = builder()
    assert catalog.multiply_adds(model) == pytest.approx(paper, rel=0.05)
    del model
    keras.backend.clear_session()


@pytest.mark.parametrize("call, message", [
    (lambda: receptive.stacked_field_size(3), "kernel_sizes muss eine Liste"),
    (lambda: receptive.stacked_field_size([3, 2.5]), "kernel_sizes muss eine ganze Zahl"),
    (lambda: receptive.stacked_field_size([3, 3], strides=[1, 0]), "strides muss eine ganze"),
    (lambda: receptive.stacked_vs_single(n_layers=True), "n_layers muss eine ganze Zahl"),
    (lambda: receptive.stacked_vs_single(kernel="falsch"), "kernel muss eine ganze Zahl"),
    (lambda: receptive.stacked_vs_single(channels=0), "channels muss eine ganze Zahl ab 1"),
    (lambda: vgg.vgg16_param_split(fc_units=-1), "fc_units muss eine ganze Zahl ab 1"),
    (lambda: vgg.vgg16_param_split(input_side=16), "input_side muss eine ganze Zahl ab 32"),
    (lambda: volumes.activation_memory("falsch"), "table muss eine Tabelle"),
    (lambda: volumes.memory_text([], bytes_per_value=0), "bytes_per_value muss"),
    (lambda: volumes.feature_maps(None), "table muss eine Tabelle"),
    (lambda: catalog.comparison_rows(names=0), "names muss eine Liste"),
    (lambda: catalog.comparison_rows(names="LeNet-5"), "names muss eine Liste"),
])
def test_bad_input_gives_a_german_error_naming_the_value(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
