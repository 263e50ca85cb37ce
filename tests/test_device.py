"""lecture_utils.core.device: Kurzbeschreibung und Rechengenauigkeit."""

import keras
import pytest

from lecture_utils.core import device


def test_describe_names_cpu_cores_or_the_gpu():
    text = device.describe()
    if device.gpu_name() is None:
        assert text == f"CPU ({device.cpu_cores()} Kerne)"
    else:
        assert text == f"GPU: {device.gpu_name()}"


def test_mixed_precision_can_be_switched_off_and_on(capsys):
    try:
        assert device.use_mixed_precision(True) == "mixed_float16"
        assert keras.config.dtype_policy().name == "mixed_float16"
        assert device.use_mixed_precision(False) == "float32"
        assert "Rechengenauigkeit: float32" in capsys.readouterr().out
    finally:
        keras.config.set_dtype_policy("float32")


@pytest.mark.parametrize("bad", [2.5, 1, "ja"])
def test_mixed_precision_rejects_what_is_no_switch(bad):
    with pytest.raises(ValueError, match=f"enable muss True oder False sein, erhalten: {bad!r}"):
        device.use_mixed_precision(bad)
    assert keras.config.dtype_policy().name == "float32"


def test_free_memory_keeps_the_precision_that_clear_session_would_reset():
    import keras

    before = keras.config.dtype_policy().name
    try:
        keras.config.set_dtype_policy("mixed_float16")
        device.free_memory()
        assert keras.config.dtype_policy().name == "mixed_float16"
        keras.backend.clear_session()  # zum Vergleich: Keras allein setzt sie zurück
        assert keras.config.dtype_policy().name == "float32"
    finally:
        keras.config.set_dtype_policy(before)


def test_check_backend_names_the_active_one_and_rejects_others():
    assert device.check_backend() == keras.config.backend() == device.backend()
    assert device.check_backend("jax") == "jax"
    with pytest.raises(ValueError, match="backend muss einer dieser Werte sein.*'numpy'"):
        device.check_backend("numpy")


def test_gpu_count_agrees_with_the_gpu_name():
    count = device.gpu_count()
    assert isinstance(count, int) and count >= 0
    assert (count == 0) == (device.gpu_name() is None)
