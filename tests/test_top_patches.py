"""lecture_utils.explain.top_patches: die stärksten Ausschnitte eines Filters, gegen die
Aktivierungen von Keras und von Hand."""

import numpy as np
import pytest
import test_inspection

from lecture_utils.explain import inspection, top_patches

tiny, images = test_inspection.tiny, test_inspection.images  # dieselben Fixtures: Modell, Bilder

def test_cut_window_fills_what_lies_outside():
    image = np.arange(16, dtype="float32").reshape(4, 4, 1)
    patch = top_patches.cut_window(image, (slice(-1, 2), slice(2, 5)), fill=-1)
    np.testing.assert_array_equal(patch[..., 0], [[-1, -1, -1], [2, 3, -1], [6, 7, -1]])


# --- Die stärksten Ausschnitte ---------------------------------------------------


def test_strongest_positions_takes_one_position_per_image():
    maps = np.zeros((3, 2, 2))
    maps[0, 1, 0], maps[1, 0, 1], maps[1, 1, 1], maps[2, 0, 0] = 5, 9, 8, 1
    np.testing.assert_array_equal(top_patches.strongest_positions(maps, 2), [[1, 0, 1], [0, 1, 0]])


def test_top_patch_is_the_argmax_of_the_filter(tiny, images):
    acts = inspection.activations(tiny, images, "c2")[..., 1]
    top = top_patches.top_patches(tiny, images, "c2", 1, k=9)
    assert top.patches.shape == (9, *top.field.size, 1) == (9, 8, 8, 1)
    np.testing.assert_array_equal(top.positions[0], np.unravel_index(acts.argmax(), acts.shape))
    assert top.activations[0] == pytest.approx(acts.max())
    assert np.all(np.diff(top.activations) <= 0)  # absteigend
    assert len(set(top.positions[:, 0])) == 9  # ein Ausschnitt je Bild
    for (n, r, c), value, patch in zip(top.positions, top.activations, top.patches):
        assert value == pytest.approx(acts[n, r, c])
        window = top.field.window(r, c)
        np.testing.assert_array_equal(patch, top_patches.cut_window(images[n], window))


def test_top_patches_checks_its_arguments(tiny, images):
    with pytest.raises(ValueError, match="filter_index"):
        top_patches.top_patches(tiny, images, "c2", 7)
    with pytest.raises(ValueError, match="k muss"):
        top_patches.top_patches(tiny, images, "c2", 0, k=0)


BAD_CALLS = [
    (lambda m, x: top_patches.cut_window(5, (slice(0, 2), slice(0, 2))), "image braucht 2 oder 3"),
    (lambda m, x: top_patches.cut_window(x[0], (slice(0, 2), slice(0, 2)), fill="falsch"),
     "fill muss eine"),
    (lambda m, x: top_patches.cut_window(x[0], (0, 2)), "window muss"),
    (lambda m, x: top_patches.strongest_positions(np.zeros((4, 3, 3)), 0),
     "k muss eine ganze Zahl"),
    (lambda m, x: top_patches.strongest_positions(np.zeros(2), 1), "maps braucht 3 Achsen"),
    (lambda m, x: top_patches.top_patches(m, x, "c1", 0, k=True), "k muss eine ganze Zahl"),
    (lambda m, x: top_patches.top_patches(m, x, "c1", 0, fill="falsch"), "fill muss eine"),
]


@pytest.mark.parametrize("call, message", BAD_CALLS)
def test_bad_input_gives_a_german_error_naming_the_value(tiny, images, call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call(tiny, images)
