"""Wie ein Mensch: JupyterLab im Browser, jedes Notebook mit „Run All“.

Startet JupyterLab auf localhost über einer Kopie der Notebooks, öffnet jedes
Notebook in Chromium (Debian-Paket, headless, über Playwright), führt alle
Zellen über das Menü aus, speichert und prüft das gespeicherte Notebook auf
Fehler. Vom ersten Bild jedes Notebooks entsteht ein Screenshot in
``LECTURE_SCREENSHOT_DIR`` (Vorgabe: ``browser-screenshots/``). Außerdem zeigt
RISE jedes Notebook als Folien (Screenshot der Titelfolie).

Der erste Test macht, was eine Studentin in der ersten Stunde tut: In einem frischen
Klon des Repositorys startet er JupyterLab mit demselben Befehl wie ``make lab`` (nur
ohne die Installation: die Umgebung dieses Repositorys wird genutzt) und prüft, dass
JupyterLab deutsch ist, ``00_start.ipynb`` aus dem Arbeitsordner öffnet, „Alle Zellen
ausführen“ dort keine Ausgabe auf dem Fehlerkanal (stderr) zeigt und ``git status``
danach leer ist. Die gemessenen Zeiten stehen in ``erste-stunde.json`` neben den
Screenshots.

Läuft nur mit ``pytest -m browser`` (``make test-browser``, in der CI über
``.ci/run``); ``make test`` wählt diese Tests ab.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHROMIUM = os.environ.get("LECTURE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]
RUN_TIMEOUT_S = 900
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # das sichtbare Notebook
STDERR = '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
# JupyterLab ist auf Deutsch (make lab stellt es ein): Menü „Ausführen“
RUN_MENU, RUN_ALL = "Ausführen", "Alle Zellen ausführen"
IDLE = re.compile(r"\| (Leerlauf|Idle)")  # Statusleiste: Kernel bereit

# JupyterLab-Einstellungen: alle Zellen im DOM (kein Windowing), keine Neuigkeiten-Abfrage.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab auf einer Kopie der Notebooks; gibt (Basis-URL, Token, Ordner) zurück."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium fehlt unter {CHROMIUM} (Debian: apt-get install chromium).")
    work = tmp_path_factory.mktemp("kurs")
    shutil.copytree(ROOT / "notebooks", work / "notebooks",
                    ignore=shutil.ignore_patterns("checkpoints", ".ipynb_checkpoints"))
    settings = work / "settings"
    for name, values in SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "LECTURE_PROFILE": "quick", "LECTURE_OFFLINE": "1",
           "LECTURE_CHECKPOINT_DIR": str(work / "checkpoints"), "TF_CPP_MIN_LOG_LEVEL": "3"}
    log = open(work / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         "--ip=127.0.0.1", "--allow-root", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={work / 'notebooks'}",
         f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={work / 'ws'}",
         "--LabApp.news_url=None"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(base, token, server)
        yield base, token, work / "notebooks"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _wait_for_server(base, token, server, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("JupyterLab hat sich beim Start beendet (siehe jupyterlab.log).")
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"JupyterLab antwortet nach {timeout} s nicht auf {base}.")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _screenshot_dir() -> Path:
    folder = Path(os.environ.get("LECTURE_SCREENSHOT_DIR", ROOT / "browser-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_notebook(browser, lab, name):
    base, token, _ = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    # eigener, leerer Workspace je Notebook: sonst stellt JupyterLab die Tabs der
    # vorher geöffneten Notebooks wieder her
    page.goto(f"{base}/lab/workspaces/{Path(name).stem}/tree/{name}?reset&token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", state="attached", timeout=120_000)
    page.get_by_text(IDLE).first.wait_for(timeout=120_000)
    return page


def menu(page, top: str, item: str) -> None:
    """Klickt einen Menüeintrag, z. B. Ausführen → Alle Zellen ausführen."""
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def run_all_and_save(page) -> None:
    """„Alle Zellen ausführen“, warten bis keine Zelle mehr läuft, dann speichern."""
    menu(page, RUN_MENU, RUN_ALL)
    # Wartende und laufende Zellen zeigen [*]; fertig ist es, wenn keine mehr [*] zeigt.
    prompts = (f"[...document.querySelectorAll('{PANEL} .jp-Cell .jp-InputPrompt')]"
               ".map(p => p.textContent)")
    page.wait_for_function(f"() => {prompts}.some(t => /\\[\\d+\\]/.test(t))",
                           timeout=RUN_TIMEOUT_S * 1000)
    page.wait_for_function(f"() => !{prompts}.some(t => t.includes('*'))",
                           timeout=RUN_TIMEOUT_S * 1000)
    page.keyboard.press("Control+s")  # Datei → Notebook speichern
    page.wait_for_timeout(1500)


def saved_errors(path: Path) -> list[str]:
    """Fehlerausgaben und nicht ausgeführte Code-Zellen im gespeicherten Notebook."""
    notebook = json.loads(path.read_text())
    problems = []
    for number, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        if cell.get("execution_count") is None and cell["source"]:
            problems.append(f"Zelle {number} wurde nicht ausgeführt")
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(f"Zelle {number}: {output['ename']}: {output['evalue']}")
    return problems


def drag_slider(page, slider, value, minimum, maximum) -> None:
    """Zieht den Griff eines ipywidgets-Schiebereglers mit der Maus auf ``value``."""
    track = slider.locator(".noUi-target").first
    handle = slider.locator(".noUi-handle").first
    handle.scroll_into_view_if_needed()
    box, grip = track.bounding_box(), handle.bounding_box()
    x = box["x"] + box["width"] * (value - minimum) / (maximum - minimum)
    y = grip["y"] + grip["height"] / 2
    page.mouse.move(grip["x"] + grip["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(x, y, steps=5)
    page.mouse.up()


def check_calculator_widget(page) -> None:
    """10.3: Der Rechner erscheint, und sein Ergebnis ändert sich mit dem Kernel-Regler."""
    widget = page.locator(f"{PANEL} .widget-vbox",
                          has=page.locator("pre", has_text="Parameter:")).first
    result = widget.locator("pre", has_text="Parameter:")
    before = result.inner_text()
    assert "14×14×16" in before, before  # 16×16×3, 16 Filter 3×3, valid
    kernel = widget.locator(".widget-slider", has_text="Kernel")
    for _ in range(2):  # ein zweiter Versuch, falls das Widget noch nicht reagierte
        drag_slider(page, kernel, value=4, minimum=1, maximum=11)  # Kernel 3 → 4
        try:
            page.wait_for_function("el => el.innerText.includes('13×13×16')",
                                   arg=result.element_handle(), timeout=15_000)
            break
        except Exception:  # noqa: BLE001 – Playwright-Timeout, dann noch einmal ziehen
            continue
    assert "13×13×16" in result.inner_text()
    assert "(4·4·3 + 1) · 16 = 784" in result.inner_text()
    widget.screenshot(path=str(_screenshot_dir() / "10_3_rechner.png"))


EXTRA_CHECKS = {"10_3_konvolution_1d_3d.ipynb": check_calculator_widget}


# --- Die erste Stunde: frischer Klon, make lab ---------------------------------------------

def _git(repo, *args) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def fresh_lab(tmp_path_factory):
    """Ein frischer Klon des Repositorys, darin JupyterLab über ``make lab`` (ohne die
    Installation: ``-o install`` und die Umgebung dieses Repositorys). Gibt (Basis-URL,
    Token, Klon, Zeiten) zurück."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium fehlt unter {CHROMIUM} (Debian: apt-get install chromium).")
    work = tmp_path_factory.mktemp("erste-stunde")
    clone = work / "kurs"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    settings = work / "settings"
    for name, values in SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), secrets.token_hex(16)
    # wie bei einer Studentin: kein TF_CPP_MIN_LOG_LEVEL und kein Zwischenstand-Ordner
    # von außen; nur Profil quick und offline, damit der Test kurz bleibt
    env = {k: v for k, v in os.environ.items()
           if k not in ("TF_CPP_MIN_LOG_LEVEL", "LECTURE_CHECKPOINT_DIR", "MAKEFLAGS")}
    env.update({"LECTURE_PROFILE": "quick", "LECTURE_OFFLINE": "1",
                "JUPYTERLAB_SETTINGS_DIR": str(settings),
                "JUPYTERLAB_WORKSPACES_DIR": str(work / "ws")})
    lab_args = (f"--no-browser --port={port} --ip=127.0.0.1 "
                f"--IdentityProvider.token={token} --LabApp.news_url=None")
    log = open(work / "make-lab.log", "w")
    started = time.monotonic()
    server = subprocess.Popen(
        ["make", "-o", "install", "lab", f"VENV={ROOT / '.venv'}", f"LAB_ARGS={lab_args}"],
        cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(base, token, server)
        times = {"make_lab_bis_server_s": round(time.monotonic() - started, 1)}
        yield base, token, clone, times, work / "make-lab.log"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        log.close()


def test_first_hour_fresh_clone_make_lab_german_start_screen_clean_output(browser, fresh_lab):
    base, token, clone, times, log = fresh_lab
    work = clone / "arbeitsordner"
    # make lab hat den Arbeitsordner angelegt und meldet das auf Deutsch
    assert sorted(p.name for p in work.glob("*.ipynb")) == \
        sorted(p.name for p in (clone / "notebooks").glob("*.ipynb"))
    assert "Arbeitsordner" in log.read_text()
    # JupyterLab zeigt den Arbeitsordner, nicht das Repository
    listing = json.loads(urllib.request.urlopen(
        f"{base}/api/contents?token={token}", timeout=30).read())
    names = {item["name"] for item in listing["content"]}
    assert "00_start.ipynb" in names and "notebooks" not in names and "Makefile" not in names

    # der Link, den make lab im Terminal zeigt (Jupyter kürzt das Token zu „...“)
    shown = re.search(r"(http://127\.0\.0\.1:\d+/\S*)\?token=", log.read_text()).group(1)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        t0 = time.monotonic()
        page.goto(f"{shown}?token={token}")
        # Startbildschirm: 00_start ist ohne weiteres Zutun geöffnet
        page.wait_for_selector(f"{PANEL} .jp-Cell", state="attached", timeout=180_000)
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current").first
        assert "00_start.ipynb" in tab.inner_text()
        page.get_by_text(IDLE).first.wait_for(timeout=180_000)
        times["seite_bis_00_start_bereit_s"] = round(time.monotonic() - t0, 1)
        # Deutsch: die Menüleiste
        labels = page.locator(".lm-MenuBar-itemLabel").all_inner_texts()
        assert "Datei" in labels and RUN_MENU in labels, labels

        t0 = time.monotonic()
        run_all_and_save(page)
        times["alle_zellen_00_start_s"] = round(time.monotonic() - t0, 1)
        page.screenshot(path=str(_screenshot_dir() / "erste_stunde_00_start.png"))
        stderr = page.locator(f"{PANEL} {STDERR}")
        assert stderr.count() == 0, "Ausgabe auf stderr:\n" + "\n---\n".join(
            stderr.all_inner_texts())
        assert saved_errors(work / "00_start.ipynb") == []
    finally:
        page.close()
        (_screenshot_dir() / "erste-stunde.json").write_text(json.dumps(times, indent=1))
        print(f"Zeiten der ersten Stunde: {times}")

    # Nichts Versioniertes hat sich geändert: make test und git pull gehen weiter
    assert _git(clone, "status", "--porcelain", "--untracked-files=all") == ""
    assert "nbstripout" in _git(clone, "config", "filter.nbstripout.clean")  # make lab: Filter
    assert not (clone / "notebooks" / "checkpoints").exists()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_in_jupyterlab_without_errors(browser, lab, path):
    page = open_notebook(browser, lab, path.name)
    try:
        run_all_and_save(page)
        assert saved_errors(lab[2] / path.name) == []
        if path.name in EXTRA_CHECKS:
            EXTRA_CHECKS[path.name](page)
        figure = page.locator(f"{PANEL} .jp-OutputArea-output img").first
        assert figure.count() == 1, f"{path.name} zeigt keine Abbildung"
        figure.scroll_into_view_if_needed()
        figure.screenshot(path=str(_screenshot_dir() / f"{path.stem}.png"))
    finally:
        page.close()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_shown_as_slideshow_by_rise(browser, lab, path):
    """RISE (jupyterlab-rise) zeigt das Notebook als Folien: eine Folie je
    ``slide``-Zelle, die Titelfolie mit der Überschrift des Notebooks."""
    base, token, _ = lab
    cells = json.loads(path.read_text())["cells"]
    slides = [c for c in cells if c["metadata"].get("slideshow", {}).get("slide_type") == "slide"]
    title = "".join(cells[0]["source"]).splitlines()[0].lstrip("# ").strip()
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(f"{base}/rise/{path.name}?token={token}")
        page.wait_for_selector(".reveal .slides > section", state="attached", timeout=120_000)
        page.wait_for_function(
            f"() => document.querySelectorAll('.reveal .slides > section').length "
            f">= {len(slides)}", timeout=60_000)
        assert page.locator(".reveal .slides > section").count() == len(slides)
        present = page.locator(".reveal .slides section.present").first
        assert title in present.inner_text()
        page.screenshot(path=str(_screenshot_dir() / f"{path.stem}_folie1.png"))
    finally:
        page.close()
