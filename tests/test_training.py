"""lecture_utils.training: Teilmengen, Bildvorbereitung, Fortsetzen nach Abbruch."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from lecture_utils import profiles, training


def test_take_is_reproducible_and_keeps_pairs():
    x = np.arange(100)
    y = np.arange(100) * 10
    xs, ys = training.take(x, y, 20)
    assert len(xs) == 20 and np.array_equal(ys, xs * 10)
    assert np.array_equal(xs, training.take(x, y, 20)[0])
    assert training.take(x, y, None)[0] is x
    with pytest.raises(ValueError, match="erhalten: 0"):
        training.take(x, y, 0)


def test_prepare_images_scales_and_adds_channel_axis():
    x = np.full((3, 28, 28), 255, dtype="uint8")
    out = training.prepare_images(x)
    assert out.shape == (3, 28, 28, 1) and out.dtype == np.float32 and out.max() == 1.0
    with pytest.raises(ValueError, match=r"\(28, 28\)"):
        training.prepare_images(np.zeros((28, 28)))


def test_checkpoint_dir_rejects_odd_names(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_CHECKPOINT_DIR", str(tmp_path))
    assert training.checkpoint_dir("mnist_cnn") == tmp_path / "mnist_cnn"
    with pytest.raises(ValueError, match="'../x'"):
        training.checkpoint_dir("../x")


SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    import keras, numpy as np
    from lecture_utils import profiles, training

    class Counter(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            print(f"BEGIN {epoch}", flush=True)
            if epoch == int(os.environ.get("KILL_AT_EPOCH", "-1")):
                os.kill(os.getpid(), signal.SIGKILL)   # wie ein abgestürzter Kernel

    training.set_seed()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = (x.sum(axis=1) > 0).astype("int32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    settings = profiles.TrainSettings(epochs=4, batch_size=16)
    history = training.fit(model, (x, y), name="tiny", settings=settings,
                           live_plot=False, verbose=0, callbacks=[Counter()])
    print("EPOCHS", len(history["loss"]))
    print("WEIGHTS", float(np.abs(model.get_weights()[0]).sum()))
    """
)


def run_script(tmp_path, **env):
    environment = {**os.environ, "LECTURE_CHECKPOINT_DIR": str(tmp_path), **env}
    return subprocess.run([sys.executable, "-c", SCRIPT], env=environment,
                          capture_output=True, text=True, timeout=300)


def test_interrupted_training_resumes_instead_of_starting_over(tmp_path):
    killed = run_script(tmp_path, KILL_AT_EPOCH="2")
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert "BEGIN 2" in killed.stdout and "EPOCHS" not in killed.stdout

    resumed = run_script(tmp_path)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert "Setze Training 'tiny' nach Epoche 2 von 4 fort." in resumed.stdout
    begun = [line for line in resumed.stdout.splitlines() if line.startswith("BEGIN")]
    assert begun == ["BEGIN 2", "BEGIN 3"]          # nur die fehlenden Epochen
    assert "EPOCHS 4" in resumed.stdout               # Verlauf über beide Teile

    again = run_script(tmp_path)
    assert "bereits abgeschlossen" in again.stdout
    assert "BEGIN" not in again.stdout
    weights = [line for line in resumed.stdout.splitlines() if line.startswith("WEIGHTS")]
    assert weights and weights[0] in again.stdout     # dieselben Gewichte geladen


def test_changed_settings_start_a_new_training(tmp_path, monkeypatch):
    assert run_script(tmp_path).returncode == 0
    changed = SCRIPT.replace("epochs=4", "epochs=2")
    environment = {**os.environ, "LECTURE_CHECKPOINT_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", changed], env=environment,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "bereits abgeschlossen" not in out.stdout and "EPOCHS 2" in out.stdout


def test_read_history_keeps_the_last_row_of_a_repeated_epoch(tmp_path):
    path = tmp_path / "history.csv"
    path.write_text("epoch,loss,val_loss\n0,1.0,NA\n1,0.8,NA\n1,0.7,NA\n2,0.5,NA\n")
    assert training.read_history(path) == {"loss": [1.0, 0.7, 0.5]}


def test_profiles_settings_and_errors(monkeypatch):
    monkeypatch.setenv("LECTURE_PROFILE", "quick")
    assert profiles.active_profile() == "quick"
    quick = profiles.settings("mnist_cnn")
    assert quick.train_samples is not None and quick.epochs <= 3
    assert profiles.settings("mnist_cnn", "laptop").train_samples is None
    monkeypatch.setenv("LECTURE_PROFILE", "turbo")
    with pytest.raises(ValueError, match="'turbo'.*quick, laptop, full"):
        profiles.active_profile()
    with pytest.raises(ValueError, match="'gibtsnicht'"):
        profiles.settings("gibtsnicht", "quick")


def test_every_training_has_all_profiles_and_quick_is_smallest():
    for name, table in profiles.TRAININGS.items():
        assert set(table) == set(profiles.PROFILES), name
        assert table["quick"].epochs <= table["laptop"].epochs <= table["full"].epochs, name
        assert table["quick"].train_samples is not None, name


def test_default_profile_follows_the_gpu(monkeypatch):
    monkeypatch.delenv("LECTURE_PROFILE", raising=False)
    monkeypatch.setattr(profiles, "_gpu_visible", lambda: True)
    assert profiles.active_profile() == "full"
    monkeypatch.setattr(profiles, "_gpu_visible", lambda: False)
    assert profiles.active_profile() == "laptop"


def test_live_plot_updates_one_figure_in_place(monkeypatch):
    import IPython.display

    shown = []

    class Handle:
        def update(self, fig):
            shown.append(("update", fig._suptitle.get_text()))

    def display(fig, display_id=False):
        shown.append(("display", fig._suptitle.get_text()))
        return Handle()

    monkeypatch.setattr(IPython.display, "display", display)
    history = {"loss": [1.0, 0.5], "accuracy": [0.5, 0.8]}
    handle = training.show_live(history, "Epoche 1")
    training.show_live(history, "Epoche 2", handle)
    assert shown == [("display", "Epoche 1"), ("update", "Epoche 2")]


def test_reset_deletes_only_the_saved_state_of_that_training(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LECTURE_CHECKPOINT_DIR", str(tmp_path))
    for name in ("mnist_cnn", "lenet5"):
        (tmp_path / name / "backup").mkdir(parents=True)
        (tmp_path / name / "final.weights.h5").write_bytes(b"w")
        (tmp_path / name / "backup" / "settings.json").write_text("{}")
    assert training.reset("mnist_cnn") is True
    out = capsys.readouterr().out
    assert "Training 'mnist_cnn' zurückgesetzt" in out and "2 Dateien gelöscht" in out
    assert str(tmp_path / "mnist_cnn") in out
    assert not (tmp_path / "mnist_cnn").exists()
    assert (tmp_path / "lenet5" / "final.weights.h5").exists()  # das andere bleibt
    assert training.reset("mnist_cnn") is False
    assert "nichts zu löschen" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["", "../lenet5", "a/b", None, 3])
def test_reset_rejects_bad_names_in_german(tmp_path, monkeypatch, bad):
    monkeypatch.setenv("LECTURE_CHECKPOINT_DIR", str(tmp_path))
    (tmp_path / "lenet5").mkdir()
    with pytest.raises(ValueError, match="Trainingsname"):
        training.reset(bad)
    assert (tmp_path / "lenet5").exists()
