"""lecture_utils.training.parallel_fit, simulated und model_parallel: Entscheidung in
training.fit (ohne GPUs prüfbar), Umgebung für JAX-Prozesse, und – wo das Backend mehrere
Geräte sieht – die echte Aufteilung.

Die Teile mit mehreren Geräten laufen unter JAX, wenn ``XLA_FLAGS`` zwei CPU-Geräte
simuliert (so in ``.ci/run``), und unter TensorFlow in einem eigenen Prozess mit zwei
logischen CPU-Geräten.
"""

import json
import re
import subprocess
import sys
import textwrap

import keras
import numpy as np
import pytest

from lecture_utils import training
from lecture_utils.core import device
from lecture_utils.core.profiles import TrainSettings
from lecture_utils.training import model_parallel, parallel_fit, simulated

SETTINGS = TrainSettings(epochs=3, batch_size=128, train_samples=1000, test_samples=200)
BACKEND = keras.config.backend()


# --- Entscheidung: Gerätezahl, Profil, Backend → Strategie und Batchgröße ----------------

@pytest.mark.parametrize("backend, strategy", [("tensorflow", "MirroredStrategy"),
                                               ("jax", "DataParallel")])
@pytest.mark.parametrize("gpus", [2, 4, 8])
def test_full_profile_with_several_gpus_trains_data_parallel(backend, strategy, gpus):
    plan = parallel_fit.plan_fit(SETTINGS, gpus=gpus, profile="full", backend=backend)
    assert plan.distributed and plan.strategy == strategy
    assert plan.devices == gpus
    assert plan.settings.batch_size == 128 * gpus
    assert plan.per_device_batch == 128
    assert (plan.settings.epochs, plan.settings.train_samples) == (3, 1000)  # sonst gleich
    assert plan.describe() == (f"datenparallel auf {gpus} GPUs ({strategy}): Batchgröße "
                               f"{gpus} × 128 = {128 * gpus}")


@pytest.mark.parametrize("gpus, profile, backend", [
    (0, "full", "tensorflow"), (1, "full", "tensorflow"), (1, "full", "jax"),
    (2, "quick", "tensorflow"), (4, "laptop", "jax"), (2, "full", "torch"),
])
def test_otherwise_nothing_changes(gpus, profile, backend):
    plan = parallel_fit.plan_fit(SETTINGS, gpus=gpus, profile=profile, backend=backend)
    assert not plan.distributed and plan.strategy is None
    assert plan.settings is SETTINGS and plan.devices == 1
    assert plan.describe() == ""
    data = (np.zeros(7), np.zeros(7))
    assert plan.fit_data(data) is data


def test_this_machine_in_the_quick_profile_changes_nothing(monkeypatch):
    monkeypatch.setenv("LECTURE_PROFILE", "quick")
    assert not parallel_fit.plan_fit(SETTINGS).distributed


@pytest.mark.parametrize("gpus", [-1, 1.5, "2", True])
def test_gpu_count_must_be_a_whole_number(gpus):
    with pytest.raises(ValueError, match=rf"GPUs .*erhalten: {re.escape(repr(gpus))}[ .]"):
        parallel_fit.plan_fit(SETTINGS, gpus=gpus, profile="full", backend="jax")


def test_plan_rejects_bad_settings_and_profiles():
    with pytest.raises(TypeError, match=r"TrainSettings .*erhalten: \{'batch_size': 64\}"):
        parallel_fit.plan_fit({"batch_size": 64}, gpus=2, profile="full")
    with pytest.raises(ValueError, match="Unbekanntes Profil 'gross'"):
        parallel_fit.plan_fit(SETTINGS, gpus=2, profile="gross")


def test_fit_data_drops_only_the_uneven_rest():
    plan = parallel_fit.plan_fit(SETTINGS, gpus=4, profile="full", backend="jax")
    x, y = plan.fit_data((np.arange(103), np.arange(103) * 2))
    assert len(x) == len(y) == 100
    np.testing.assert_array_equal(y, np.arange(100) * 2)
    assert plan.fit_data(None) is None


def test_per_device_batch():
    assert parallel_fit.per_device_batch(512, 8) == 64
    assert parallel_fit.per_device_batch(64, 1) == 64
    with pytest.raises(ValueError, match="100 .*3 Geräte"):
        parallel_fit.per_device_batch(100, 3)
    with pytest.raises(ValueError, match="erhalten: 0"):
        parallel_fit.per_device_batch(0, 2)


# --- JAX in einem eigenen Prozess --------------------------------------------------------

def test_jax_environment_simulates_devices_and_keeps_other_flags(monkeypatch):
    monkeypatch.setenv("XLA_FLAGS", "--xla_dump_to=/tmp/x --xla_force_host_platform_device_count=8")
    env = simulated.jax_environment(2)
    assert env["KERAS_BACKEND"] == "jax"
    assert env["XLA_FLAGS"].split() == ["--xla_dump_to=/tmp/x",
                                        "--xla_force_host_platform_device_count=2"]
    assert env["JAX_PLATFORMS"] == "cpu"  # keine zweite Belegung der einen GPU
    monkeypatch.delenv("JAX_PLATFORMS", raising=False)
    assert "JAX_PLATFORMS" not in simulated.jax_environment(2, gpus=2)  # echte GPUs


def test_device_descriptions_say_when_devices_are_simulated():
    line = simulated.describe_devices(["/device:CPU:0", "/device:CPU:1"])
    assert line.startswith("Geräte für die Vorführungen: 2") and "nichts schneller" in line
    assert "simuliert" not in simulated.describe_devices(["gpu:0", "gpu:1"])
    assert simulated.is_simulated(["cpu:0", "cpu:1"])
    assert not simulated.is_simulated(["gpu:0", "cpu:1"])


def test_run_jax_script_sees_the_simulated_devices(tmp_path):
    pytest.importorskip("jax")
    script = tmp_path / "geraete.py"
    script.write_text("import keras, jax\nprint(keras.config.backend(), "
                      "jax.device_count('cpu'))\n")
    assert simulated.run_jax_script(script, 3).split() == ["jax", "3"]
    broken = tmp_path / "kaputt.py"
    broken.write_text("raise SystemExit(3)\n")
    with pytest.raises(RuntimeError, match="mit Code 3 abgebrochen"):
        simulated.run_jax_script(broken, 2)


# --- der Haken in training.fit -----------------------------------------------------------

def _small_model():
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    return model


def test_one_device_trains_the_model_itself():
    model = _small_model()
    plan = parallel_fit.plan_fit(SETTINGS, gpus=1, profile="full", backend=BACKEND)
    with parallel_fit.replicated(model, plan) as trained:
        assert trained is model


def test_fit_says_data_parallel_in_its_first_line(monkeypatch, tmp_path, capsys):
    """Mit zwei (vorgetäuschten) GPUs: erste Zeile, verdoppelte Batchgröße, eine Kopie des
    Modells wird trainiert und gibt ihre Gewichte an das Modell zurück. Die Strategie selbst
    ersetzt hier ein leerer Kontext (ohne GPUs gibt es keine)."""
    import contextlib

    monkeypatch.setenv("LECTURE_CHECKPOINT_DIR", str(tmp_path))
    monkeypatch.setattr(device, "gpu_count", lambda backend=None: 2)
    monkeypatch.setattr(parallel_fit, "_scope", lambda strategy, devices: contextlib.nullcontext())
    monkeypatch.setenv("LECTURE_PROFILE", "full")
    rng = np.random.default_rng(0)
    x, y = rng.random((41, 6), dtype="float32"), rng.integers(0, 3, 41)
    model = _small_model()
    before = model.get_weights()[0].copy()
    settings = TrainSettings(epochs=1, batch_size=8)
    training.fit(model, (x, y), name="zwei_gpus", settings=settings, live_plot=False, verbose=0)
    first = capsys.readouterr().out.splitlines()[0]
    strategy = parallel_fit.STRATEGIES[BACKEND]
    assert first.startswith("Training 'zwei_gpus': 1 Epochen · 40 Beispiele · Batchgröße 16")
    assert first.endswith(f"datenparallel auf 2 GPUs ({strategy}): Batchgröße 2 × 8 = 16")
    assert not np.allclose(model.get_weights()[0], before)  # trainierte Gewichte zurück
    saved = json.loads((tmp_path / "zwei_gpus" / "settings.json").read_text())
    assert saved["batch_size"] == 16


# --- echte Aufteilung auf mehrere Geräte --------------------------------------------------

TF_SCRIPT = textwrap.dedent("""
    import json, keras, numpy as np
    from lecture_utils.core import profiles
    from lecture_utils.training import parallel_fit, simulated
    devices = simulated.simulate_devices(2)
    def build():
        model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                                  keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer=keras.optimizers.SGD(0.1),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model
    rng = np.random.default_rng(0)
    x, y = rng.random((50, 6), dtype="float32"), rng.integers(0, 3, 50)
    single, parallel = parallel_fit.data_parallel_losses(build, x, y, batch_size=8, steps=5,
                                                        devices=devices)
    plan = parallel_fit.plan_fit(profiles.TrainSettings(1, 4), gpus=2, profile="full")
    model = build()
    before = model.get_weights()[0].copy()
    with parallel_fit.replicated(model, plan, devices) as copy:
        kind = type(copy.layers[0].kernel.value).__name__
        copy.fit(*plan.fit_data((x[:21], y[:21])), batch_size=8, epochs=1, verbose=0,
                 validation_data=plan.fit_data((x[:13], y[:13])))
    print(json.dumps({"devices": devices, "single": single, "parallel": parallel,
                      "kind": kind,
                      "changed": bool(not np.allclose(before, model.get_weights()[0]))}))
""")


def test_tensorflow_mirrored_strategy_matches_one_device():
    pytest.importorskip("tensorflow")
    env = {"KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "3",
           "TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1",
           "CUDA_VISIBLE_DEVICES": ""}
    import os

    result = subprocess.run([sys.executable, "-c", TF_SCRIPT], capture_output=True, text=True,
                            env={**os.environ, **env}, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["devices"] == ["/device:CPU:0", "/device:CPU:1"]
    assert out["kind"] == "MirroredVariable"
    assert len(out["single"]) == 5
    np.testing.assert_allclose(out["parallel"], out["single"], rtol=0, atol=1e-5)
    assert out["changed"]


def _jax_cpu_devices():
    if BACKEND != "jax":
        pytest.skip("braucht KERAS_BACKEND=jax")
    import jax

    if jax.device_count("cpu") < 2:
        pytest.skip("braucht XLA_FLAGS=--xla_force_host_platform_device_count=2")
    return simulated.jax_devices(2)


def test_jax_data_parallel_matches_one_device():
    devices = _jax_cpu_devices()

    def build():
        model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                                  keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
        return model

    rng = np.random.default_rng(0)
    x, y = rng.random((40, 6), dtype="float32"), rng.integers(0, 3, 40)
    single, parallel = parallel_fit.data_parallel_losses(build, x, y, batch_size=8, steps=5,
                                                        devices=devices)
    assert len(single) == 5 and single[0] != single[-1]
    np.testing.assert_allclose(parallel, single, rtol=0, atol=1e-5)


def test_jax_replicated_model_lives_on_both_devices_and_trains():
    devices = _jax_cpu_devices()
    plan = parallel_fit.plan_fit(TrainSettings(1, 4), gpus=2, profile="full", backend="jax")
    model = _small_model()
    before = model.get_weights()[0].copy()
    rng = np.random.default_rng(0)
    x, y = rng.random((21, 6), dtype="float32"), rng.integers(0, 3, 21)
    with parallel_fit.replicated(model, plan, devices) as copy:
        shards = model_parallel.kernel_shards(copy.layers[0].kernel)
        assert [s.device for s in shards] == ["cpu:0", "cpu:1"]
        assert all(s.shape == (6, 3) for s in shards)  # vollständige Kopien
        copy.fit(*plan.fit_data((x, y)), batch_size=8, epochs=1, verbose=0)
    assert not np.allclose(model.get_weights()[0], before)


def test_jax_model_parallel_alexnet_splits_the_filters():
    devices = _jax_cpu_devices()
    model = model_parallel.model_parallel_alexnet(devices, input_shape=(32, 32, 3), num_classes=10,
                                               fc_units=8)
    conv2 = model.get_layer("Conv2")
    shards = model_parallel.kernel_shards(conv2.kernel)
    assert [s.device for s in shards] == ["cpu:0", "cpu:1"]
    assert [s.shape for s in shards] == [(5, 5, 48, 128)] * 2
    assert [s.index[3] for s in shards] == [(0, 128), (128, 256)]
    assert "Achse 3: 128–255" in model_parallel.shard_table(conv2.kernel)
    fc1 = model_parallel.kernel_shards(model.get_layer("FC1").kernel)
    assert [s.index[1] for s in fc1] == [(0, 4), (4, 8)]


def test_kernel_shards_needs_a_jax_variable():
    if BACKEND == "jax":
        pytest.skip("unter JAX hat jede Variable Stücke")
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    with pytest.raises(TypeError, match="JAX-Backends"):
        model_parallel.kernel_shards(layer.kernel)


@pytest.mark.parametrize("call, message", [
    (lambda: device.gpu_count("numpy"), "backend muss einer dieser Werte sein"),
    (lambda: parallel_fit.plan_fit(SETTINGS, gpus=2, profile="full", backend=2.5),
     "backend muss einer dieser Werte sein"),
    (lambda: parallel_fit.plan_fit(SETTINGS, gpus=2, profile=np.zeros(2), backend="jax"),
     "profile muss der Name eines Profils"),
    (lambda: simulated.jax_environment(2, gpus=-1), "GPUs muss eine ganze Zahl ab 0"),
    (lambda: simulated.jax_environment(True), "Geräte muss eine ganze Zahl"),
    (lambda: simulated.simulate_devices(0), "Geräte muss eine ganze Zahl ab 1"),
    (lambda: simulated.jax_devices(2.5), "Geräte muss eine ganze Zahl"),
    (lambda: parallel_fit.per_device_batch(np.zeros(2), 2), "Batchgröße muss eine ganze Zahl"),
    (lambda: parallel_fit.per_device_batch(8, "2"), "Geräte muss eine ganze Zahl"),
    (lambda: simulated.run_jax_script("x.py", n=0), "Geräte muss eine ganze Zahl ab 1"),
    (lambda: simulated.run_jax_script("x.py", timeout="lang"), "timeout muss eine"),
])
def test_bad_input_gives_a_german_error_naming_the_value(call, message):
    with pytest.raises(ValueError, match=message):
        call()
