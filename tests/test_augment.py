"""lecture_utils.data.augment: Verzerrungen wie bei LeNet-5, Ausschnitte wie bei AlexNet;
gezeichnet mit lecture_utils.plots.augment_plot."""

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecture_utils.data import augment
from lecture_utils.plots import augment_plot


def dot_image(row, col, size=29):
    image = np.zeros((size, size), dtype="float32")
    image[row, col] = 1.0
    return image


def brightest(image):
    return tuple(int(i) for i in np.unravel_index(np.argmax(image), image.shape))


def test_identity_leaves_the_image_unchanged():
    image = np.random.default_rng(0).random((28, 28)).astype("float32")
    assert np.allclose(augment.distort(image), image, atol=1e-6)
    rgb = np.random.default_rng(1).random((16, 16, 3)).astype("float32")
    assert np.allclose(augment.distort(rgb), rgb, atol=1e-6)


def test_shift_moves_a_pixel_down_and_right():
    out = augment.distort(dot_image(10, 10), shift=(2, -3))
    assert brightest(out) == (12, 7)
    assert out.max() == pytest.approx(1.0)


def test_scale_squeeze_and_shear_about_the_center():
    center = 14  # Mitte eines 29×29-Bildes
    c = center
    assert brightest(augment.distort(dot_image(c + 2, c), scale=2.0)) == (c + 4, c)
    # Stauchung q = 2: doppelt so breit, halb so hoch
    assert brightest(augment.distort(dot_image(c, c + 3), squeeze=2.0)) == (c, c + 6)
    assert brightest(augment.distort(dot_image(c + 4, c), squeeze=2.0)) == (c + 2, c)
    # Scherung: Spalte += shear · Abstand der Zeile zur Mitte
    assert brightest(augment.distort(dot_image(c + 4, c), shear=0.5)) == (c + 4, c + 2)


def test_pixels_from_outside_get_the_fill_value():
    image = np.ones((10, 10), dtype="float32")
    out = augment.distort(image, shift=(0, 3))
    assert np.all(out[:, :3] == 0) and np.all(out[:, 3:] == 1)


def test_invalid_arguments_give_german_errors():
    with pytest.raises(ValueError, match="scale muss eine positive Zahl sein, erhalten: 0"):
        augment.distort(np.zeros((5, 5)), scale=0)
    with pytest.raises(ValueError, match=r"\(H, W\) oder \(H, W, C\)"):
        augment.distort(np.zeros(5))
    with pytest.raises(ValueError, match="n muss eine ganze Zahl ab 1 sein"):
        augment.lenet_distortions(np.zeros((5, 5)), 0)
    with pytest.raises(ValueError, match="Ausschnitt"):
        augment.crop_positions(32, 40)


def test_random_variants_are_reproducible_and_differ():
    image = np.zeros((28, 28), dtype="float32")
    image[8:20, 12:16] = 1.0
    a = augment.lenet_distortions(image, 4, seed=3)
    assert a.shape == (4, 28, 28) and a.dtype == np.float32
    assert np.array_equal(a, augment.lenet_distortions(image, 4, seed=3))
    assert not np.allclose(a[0], a[1])
    assert 0.0 <= a.min() and a.max() <= 1.0 + 1e-6


def test_distortion_grid_shape_titles_and_original_column():
    images = np.random.default_rng(0).integers(0, 256, (3, 28, 28)).astype("uint8")
    grid, titles = augment.distortion_grid(images, n_random=2)
    columns = len(augment.DISTORTION_EXAMPLES) + 2
    assert grid.shape == (3, columns, 28, 28)
    assert len(titles) == columns and titles[0] == "Original" and titles[-1] == "zufällig 2"
    assert np.allclose(grid[:, 0], images, atol=1e-3)


def test_crop_counts_as_in_the_alexnet_paper():
    assert augment.crop_positions(256, 224) == 33
    assert augment.crop_count(256, 224, paper=True) == 2048  # „factor of 2048“
    assert augment.crop_count(256, 224) == 33 * 33 * 2
    assert augment.crop_count(256, 224, flips=False) == 33 * 33
    assert augment.crop_positions(32, 28) == 5


def test_random_crops_are_windows_of_the_image_some_mirrored():
    image = np.random.default_rng(0).random((32, 32, 3))
    crops = augment.random_crops(image, 28, n=20, seed=0)
    assert crops.images.shape == (20, 28, 28, 3) and crops.boxes.shape == (20, 2)
    assert crops.boxes.min() >= 0 and crops.boxes.max() <= 4
    assert crops.flipped.any() and not crops.flipped.all()
    for crop, (top, left), flipped in zip(crops.images, crops.boxes, crops.flipped):
        window = image[top:top + 28, left:left + 28]
        assert np.array_equal(crop, window[:, ::-1] if flipped else window)
    plain = augment.random_crops(image, 28, n=5, flip=False)
    assert not plain.flipped.any()


def test_center_crop_and_resize():
    image = np.arange(36.0).reshape(6, 6)
    assert np.array_equal(augment.center_crop(image, 2), image[2:4, 2:4])
    flat = np.full((40, 60, 3), 0.5)
    resized = augment.resize(flat, 16)
    assert resized.shape == (16, 16, 3) and np.allclose(resized, 0.5)


def test_sample_photo_is_a_real_colour_image():
    photo = augment.sample_photo(64)
    assert photo.shape == (64, 64, 3)
    assert 0.0 <= photo.min() < photo.max() <= 1.0
    assert photo.std() > 0.05  # kein einfarbiges Bild


def test_training_layers_change_only_during_training():
    layers = augment.training_layers()
    assert [layer.name for layer in layers] == ["aug_flip", "aug_shift"]
    inputs = keras.Input((8, 8, 1))
    x = inputs
    for layer in layers:
        x = layer(x)
    model = keras.Model(inputs, x)
    images = np.random.default_rng(0).random((4, 8, 8, 1)).astype("float32")
    assert np.allclose(model(images, training=False), images)
    assert model(images, training=True).shape == images.shape
    assert augment.training_layers(shift=0, flip=False) == []


def test_plots_return_their_axes():
    grid, titles = augment.distortion_grid(np.zeros((2, 8, 8)), n_random=1)
    axes = augment_plot.plot_distortion_grid(grid, titles)
    assert axes.shape == grid.shape[:2] and axes[0, 0].get_title() == "Original"
    image = np.zeros((32, 32, 3))
    crops = augment.random_crops(image, 28, n=3)
    _, ax = plt.subplots()
    assert augment_plot.plot_crop_boxes(image, crops, ax=ax) is ax
    assert len(ax.patches) == 3
    axes = augment_plot.plot_crops(crops)
    assert len(axes) == 3 and axes[0].get_title() in ("original", "gespiegelt")
    plt.close("all")


def test_shift_by_half_a_pixel_interpolates_with_the_fill_value():
    # von Hand: jeder Ausgabepixel ist das Mittel aus sich und dem linken Nachbarn,
    # links außerhalb des Bildes steht fill = 0
    image = np.array([[0.0, 1.0, 2.0, 3.0]] * 3, dtype="float32")
    out = augment.distort(image, shift=(0, 0.5))
    assert np.allclose(out, [[0.0, 0.5, 1.5, 2.5]] * 3, atol=1e-6)
    # um einen ganzen Pixel nach rechts: die Werte wandern, links kommt fill
    out = augment.distort(image, shift=(0, 1), fill=9.0)
    assert np.allclose(out, [[9.0, 0.0, 1.0, 2.0]] * 3, atol=1e-6)


def test_resize_by_hand_with_pixel_centres():
    # 2×2 → 4×4: Ausgabepixel j liegt bei (j + 0,5) · 2/4 − 0,5 = −0,25; 0,25; 0,75; 1,25;
    # am Rand wird der Randwert genommen
    image = np.array([[0.0, 1.0], [2.0, 3.0]], dtype="float32")
    out = augment.resize(image, 4)
    assert np.allclose(out[0], [0.0, 0.25, 0.75, 1.0])
    assert np.allclose(out[:, 0], [0.0, 0.5, 1.5, 2.0])
    # 4×4 → 2×2: jeder Ausgabepixel ist das Mittel eines 2×2-Blocks
    big = np.arange(16.0, dtype="float32").reshape(4, 4)
    assert np.allclose(augment.resize(big, 2), [[2.5, 4.5], [10.5, 12.5]])


IMAGE = np.zeros((32, 32), dtype="float32")


@pytest.mark.parametrize("call, message", [
    (lambda: augment.random_crops(IMAGE, 24, 0), "n muss eine ganze Zahl ab 1 sein, erhalten: 0"),
    (lambda: augment.random_crops(IMAGE, 24, True), "n muss eine ganze Zahl"),
    (lambda: augment.random_crops(IMAGE, 2.5, 3), "crop muss eine ganze Zahl"),
    (lambda: augment.random_crops(IMAGE, 24, 3, seed=-1), "seed muss eine ganze Zahl ab 0"),
    (lambda: augment.random_crops(np.zeros(5), 2, 3), r"\(H, W\) oder \(H, W, C\)"),
    (lambda: augment.lenet_distortions(IMAGE, 2.5), "n muss eine ganze Zahl"),
    (lambda: augment.distortion_grid(np.zeros((2, 8, 8)), n_random=-1), "n_random muss"),
    (lambda: augment.distortion_grid("falsch"), "images muss ein Array aus Zahlen"),
    (lambda: augment.distort(IMAGE, shift=0), "shift muss ein Paar"),
    (lambda: augment.distort(IMAGE, fill="falsch"), "fill muss eine"),
    (lambda: augment.distort("falsch"), "image muss ein Array aus Zahlen"),
    (lambda: augment.affine_matrix(shear="falsch"), "shear muss eine"),
    (lambda: augment.affine_matrix(scale=True), "scale muss eine"),
    (lambda: augment.random_distortion(0), "rng muss ein np.random.Generator"),
    (lambda: augment.random_distortion(np.random.default_rng(0), {"drehung": 1}), "drehung"),
    (lambda: augment.crop_positions(32, 0), "crop muss eine ganze Zahl ab 1"),
    (lambda: augment.crop_count(full="falsch"), "full muss eine ganze Zahl"),
    (lambda: augment.center_crop(5, 2), r"\(H, W\) oder \(H, W, C\)"),
    (lambda: augment.resize(IMAGE, -1), "size muss eine ganze Zahl ab 1"),
    (lambda: augment.sample_photo(2.5), "size muss eine ganze Zahl"),
    (lambda: augment.training_layers(shift=2.5), "shift muss eine Zahl von 0.0 bis 1.0"),
    (lambda: augment.training_layers(seed=True), "seed muss eine ganze Zahl"),
    (lambda: augment_plot.plot_distortion_grid(np.zeros(2)), "grid braucht 4 oder 5 Achsen"),
    (lambda: augment_plot.plot_crop_boxes(IMAGE, "falsch"), "crops muss das Ergebnis"),
    (lambda: augment_plot.plot_crops(augment.random_crops(IMAGE, 24, 2), max_crops=0),
     "max_crops"),
    (lambda: augment_plot.plot_distortion_grid(np.zeros((1, 2, 8, 8)), cmap="grau"), "cmap muss"),
    (lambda: augment.crop_count(paper=np.zeros(2)), "paper muss True oder False"),
    (lambda: augment.random_crops(IMAGE, 24, 3, flip=2.5), "flip muss True oder False"),
    (lambda: augment.training_layers(flip="ja"), "flip muss True oder False"),
])
def test_bad_input_gives_a_german_error_naming_the_value(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
