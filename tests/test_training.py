"""lecture_utils.training: Teilmengen, Bildvorbereitung, Fortsetzen nach Abbruch."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from lecture_utils import training
from lecture_utils.core import profiles
from lecture_utils.training import fingerprint, progress


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
    from lecture_utils import training
    from lecture_utils.core import profiles
    from lecture_utils.training import fingerprint

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
    assert profiles.active_profile() == "gpu"  # full nur auf Wunsch (Issue 12)
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


def test_epoch_progress_prints_epoch_and_training_error(capsys):
    line = progress.EpochProgress("tanh", 20)
    line.on_epoch_begin(2)
    line.on_epoch_end(2, {"accuracy": 0.75})
    assert capsys.readouterr().out.startswith("tanh: Epoche 3/20 · Trainingsfehler 25,0 % · ")
    with pytest.raises(ValueError, match="0"):
        progress.EpochProgress("relu", 0)


def test_progress_line_and_bar_are_german_and_readable():
    assert training.progress_bar(0.5, width=10) == "[#####-----]"
    assert training.progress_bar(0.0, width=4) == "[----]"
    assert training.progress_bar(1.0, width=4) == "[####]"
    with pytest.raises(ValueError, match="1.5"):
        training.progress_bar(1.5)
    line = training.progress_line(2, 5, 10, 20, {"loss": 0.5, "accuracy": 0.91234}, rest_s=30)
    assert line == ("Epoche 2/5 [##########----------] Batch 10/20 · loss 0,5000 · "
                    "accuracy 0,9123 · noch ca. 30 s")
    assert training.progress_line(1, 3, 7, None) == "Epoche 1/3 · Batch 7"
    assert training.epoch_line(3, 3, {"loss": 0.25}, 1.25, 0) == \
        "Epoche 3/3 · loss 0,2500 · 1,2 s/Epoche · fertig"
    assert training.epoch_line(1, 3, {}, 2.0, 180) == "Epoche 1/3 · 2,0 s/Epoche · noch ca. 3 min"


def test_live_display_is_one_block_updated_in_place(tmp_path, monkeypatch, capsys):
    """Im Notebook: erst die Fortschrittszeile, darunter einmal das Bild; danach nur noch
    Erneuerungen an Ort und Stelle, und kein Keras-Balken dazwischen."""
    import IPython.display
    import keras

    events = []

    class Handle:
        def __init__(self, kind):
            self.kind = kind

        def update(self, obj, **kwargs):
            events.append(("update", self.kind))

    def display(obj, raw=False, display_id=False):
        kind = "text" if isinstance(obj, dict) else "bild"
        events.append(("display", kind))
        assert display_id is True
        return Handle(kind)

    monkeypatch.setattr(IPython.display, "display", display)
    monkeypatch.setenv("LECTURE_CHECKPOINT_DIR", str(tmp_path))
    monkeypatch.setattr(progress, "PROGRESS_EVERY_S", 0.0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 4)).astype("float32")
    y = (x.sum(axis=1) > 0).astype("int32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    capsys.readouterr()
    training.fit(model, (x, y), name="block", live_plot=True, verbose=1,
                 settings=profiles.TrainSettings(epochs=3, batch_size=8))
    out = capsys.readouterr().out
    assert out.startswith("Training 'block': 3 Epochen")
    assert "━" not in out and "step" not in out  # kein Keras-Fortschrittsbalken
    created = [kind for event, kind in events if event == "display"]
    assert created == ["text", "bild"]  # Zeile über dem Bild, jede genau einmal
    assert events.index(("display", "bild")) > events.index(("display", "text"))
    updates = [kind for event, kind in events if event == "update"]
    assert updates.count("bild") == 2  # Epoche 2 und 3 am selben Ort
    assert updates.count("text") >= 3 * 4  # pro Batch (hier 4 je Epoche) und Epoche


# --- Fingerabdruck: ein gespeichertes Training nur wiederverwenden, wenn alles gleich ist ------

_RNG = np.random.default_rng(0)
X = _RNG.normal(size=(48, 4)).astype("float32")
Y = (X.sum(axis=1) > 0).astype("int32")


def _fit(units=2, learning_rate=0.001, x=X, y=Y, epochs=2, name="klein"):
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(units, activation="softmax")])
    model.compile(keras.optimizers.Adam(learning_rate), "sparse_categorical_crossentropy")
    history = training.fit(model, (x, y), name=name, live_plot=False, verbose=0,
                           settings=profiles.TrainSettings(epochs=epochs, batch_size=16))
    return model, history


@pytest.fixture
def checkpoints(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LECTURE_CHECKPOINT_DIR", str(tmp_path))
    first, _ = _fit()
    out = capsys.readouterr().out
    assert "bereits abgeschlossen" not in out and "neues Training" not in out
    return tmp_path, first


def test_same_model_data_and_settings_reuse_the_saved_training(checkpoints, capsys):
    _, first = checkpoints
    again, history = _fit()  # neu gebaut: die Schicht heißt jetzt dense_1, das zählt nicht
    out = capsys.readouterr().out
    assert "ist bereits abgeschlossen" in out and "neues Training" not in out
    assert len(history["loss"]) == 2
    np.testing.assert_array_equal(again.get_weights()[0], first.get_weights()[0])


@pytest.mark.parametrize("change, reason", [
    (dict(learning_rate=0.01), "Die Lernrate hat sich geändert (0,001 → 0,01): neues Training."),
    (dict(units=3), "Schicht 1 (Dense): units hat sich geändert (2 → 3)"),
    (dict(x=X + 1.0), "Die Trainingsdaten haben sich geändert (gleiche Form, anderer Inhalt)"),
    (dict(x=X[:32], y=Y[:32]), "Die Form der Trainingsdaten hat sich geändert (48×4 → 32×4)"),
    (dict(epochs=3), "Die Zahl der Epochen hat sich geändert (2 → 3): neues Training."),
])
def test_any_change_trains_anew_and_says_why(checkpoints, capsys, change, reason):
    _, first = checkpoints
    model, history = _fit(**change)
    out = capsys.readouterr().out
    assert "Training 'klein': " + reason.split(": neues")[0] in out, out
    assert "neues Training." in out and "bereits abgeschlossen" not in out
    assert len(history["loss"]) == change.get("epochs", 2)  # nur der neue Verlauf
    if "units" not in change:  # gleiche Form, aber neu trainiert statt geladen
        assert not np.array_equal(model.get_weights()[0], first.get_weights()[0])


def test_a_damaged_fingerprint_is_reported_kept_aside_and_the_training_restarts(checkpoints,
                                                                              capsys):
    folder = checkpoints[0] / "klein"
    (folder / "settings.json").write_text('{"epochs": 2, kaputt')
    _, history = _fit()
    out = capsys.readouterr().out
    assert f"Die Datei {folder / 'settings.json'} ist beschädigt (JSONDecodeError" in out
    assert "keinen lesbaren Fingerabdruck: neues Training." in out
    assert "bereits abgeschlossen" not in out and len(history["loss"]) == 2
    assert (folder / "settings.json.defekt").read_text() == '{"epochs": 2, kaputt'  # nicht gelöscht
    assert json.loads((folder / "settings.json").read_text())["epochs"] == 2  # neu geschrieben
    _fit()
    assert "bereits abgeschlossen" in capsys.readouterr().out


def test_a_fingerprint_that_is_no_json_object_is_also_kept_aside(checkpoints, capsys):
    folder = checkpoints[0] / "klein"
    (folder / "settings.json").write_text("[2, 16]")
    _fit()
    out = capsys.readouterr().out
    assert "ist beschädigt (ValueError: kein JSON-Objekt, sondern list)" in out
    assert (folder / "settings.json.defekt").read_text() == "[2, 16]"


def test_weights_without_a_fingerprint_are_not_loaded(checkpoints, capsys):
    (checkpoints[0] / "klein" / "settings.json").unlink()
    _fit()
    out = capsys.readouterr().out
    assert "keinen lesbaren Fingerabdruck: neues Training." in out
    assert "bereits abgeschlossen" not in out


def test_changes_name_the_optimizer_and_profile_settings():
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    model.compile(keras.optimizers.SGD(0.1, momentum=0.5), "mse")
    old = fingerprint.fingerprint(model, (X, Y), profiles.TrainSettings(2, 16, 100))
    model.compile(keras.optimizers.SGD(0.1, momentum=0.9), "mse")
    new = fingerprint.fingerprint(model, (X, Y), profiles.TrainSettings(2, 32, None))
    assert fingerprint.changes(old, new) == [
        "Die Batchgröße hat sich geändert (16 → 32)",
        "Die Zahl der Trainingsbeispiele hat sich geändert (100 → alle)",
        "Das Momentum hat sich geändert (0,5 → 0,9)",
    ]
    model.compile(keras.optimizers.Adam(0.1), "mse")
    adam = fingerprint.fingerprint(model, (X, Y), profiles.TrainSettings(2, 32, None))
    assert fingerprint.changes(new, adam) == ["Der Optimierer hat sich geändert (SGD → Adam)"]
    assert fingerprint.changes(new, new) == []
    assert fingerprint.changes({"epochs": 2}, new) == [
        "Zum gespeicherten Stand gibt es keinen lesbaren Fingerabdruck"]


@pytest.mark.parametrize("call, fragment", [
    (lambda: training.take(np.arange(5), np.arange(5), 2.0), "n muss eine ganze Zahl sein"),
    (lambda: training.take(np.arange(5), np.arange(5), True), "erhalten: True"),
    (lambda: training.set_seed(-1), "seed muss eine ganze Zahl ab 0 sein, erhalten: -1"),
    (lambda: training.progress_bar("halb"), "Anteil.*'halb'"),
    (lambda: training.progress_bar(0.5, width=0), "width muss eine ganze Zahl ab 1"),
])
def test_bad_input_gives_a_german_value_error(call, fragment):
    with pytest.raises(ValueError, match=fragment):
        call()
