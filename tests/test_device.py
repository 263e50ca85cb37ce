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


# Ein Training in einem frischen Prozess mit TensorFlow; danach zählt das Skript, was vom
# übersetzten Trainingsschritt noch lebt (FuncGraph).
_TRAIN_AND_FREE = """
import gc
import numpy as np
import keras
from tensorflow.python.framework.func_graph import FuncGraph
from lecture_utils.core import device

def alive_graphs():
    gc.collect()
    return sum(isinstance(o, FuncGraph) for o in gc.get_objects())

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(2048, activation="relu"),
                          keras.layers.Dense(2048), keras.layers.Dense(2)])
model.compile("adam", "mse")
x = np.zeros((64, 8), "float32"); y = np.zeros((64, 2), "float32")
model.fit(x, y, batch_size=32, epochs=1, verbose=0)
print("trained", alive_graphs())
del model
device.free_memory()
print("freed", alive_graphs())
"""


def test_free_memory_lets_go_of_a_trained_model(tmp_path):
    # TensorFlow hält den übersetzten Trainingsschritt (und damit Gewichte und Adam-Zustand)
    # über eine globale Tabelle fest; free_memory muss ihn trotzdem freigeben.
    import os
    import subprocess
    import sys

    script = tmp_path / "train_and_free.py"
    script.write_text(_TRAIN_AND_FREE)
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3")
    out = subprocess.run([sys.executable, str(script)], env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    counts = dict(line.split() for line in out.stdout.splitlines() if line[:1] in "tf")
    assert int(counts["trained"]) > 0  # es gab etwas freizugeben
    assert int(counts["freed"]) == 0


def test_forget_custom_gradients_empties_tensorflows_table():
    import sys

    if "tensorflow" not in sys.modules:
        assert device.forget_custom_gradients() == 0
        return
    from tensorflow.python.framework import ops

    registry = ops._gradient_registry._registry
    registry["CustomGradient-test"] = {"type": None, "location": None}
    assert device.forget_custom_gradients() >= 1
    assert not [name for name in registry if name.startswith("CustomGradient-")]
    assert "MatMul" in registry  # die eingebauten Ableitungen bleiben


def test_a_model_that_lives_on_trains_on_after_free_memory():
    import numpy as np

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(keras.optimizers.SGD(0.1), "mse")
    x = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5], [3.0]], "float32")
    first = model.fit(x, y, epochs=2, verbose=0).history["loss"]
    device.free_memory()  # löscht TensorFlows Einträge; der übersetzte Schritt bleibt
    later = model.fit(x, y, epochs=3, verbose=0).history["loss"]
    later += model.fit(x[:48], y[:48], batch_size=16, epochs=2, verbose=0).history["loss"]
    assert np.all(np.isfinite(later))
    assert later[-1] < first[-1] / 2
