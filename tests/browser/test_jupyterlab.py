"""Wie ein Mensch: JupyterLab im Browser, jedes Notebook mit „Run All“.

Startet JupyterLab auf localhost über einer Kopie der Notebooks, öffnet jedes
Notebook in Chromium (Debian-Paket, headless, über Playwright), führt alle
Zellen über das Menü aus, speichert und prüft das gespeicherte Notebook auf
Fehler. Vom ersten Bild jedes Notebooks entsteht ein Screenshot in
``LECTURE_SCREENSHOT_DIR`` (Vorgabe: ``browser-screenshots/``). Außerdem zeigt
RISE jedes Notebook als Folien (Screenshot der Titelfolie).

Läuft nur mit ``pytest -m browser`` (``make test-browser``, in der CI über
``.ci/run``); ``make test`` wählt diese Tests ab.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
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
    page.get_by_text("| Idle").first.wait_for(timeout=120_000)  # Statusleiste: Kernel bereit
    return page


def menu(page, top: str, item: str) -> None:
    """Klickt einen Menüeintrag, z. B. Run → Run All Cells."""
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def run_all_and_save(page) -> None:
    """„Run All Cells“, warten bis keine Zelle mehr läuft, dann speichern."""
    menu(page, "Run", "Run All Cells")
    # Wartende und laufende Zellen zeigen [*]; fertig ist es, wenn keine mehr [*] zeigt.
    prompts = (f"[...document.querySelectorAll('{PANEL} .jp-Cell .jp-InputPrompt')]"
               ".map(p => p.textContent)")
    page.wait_for_function(f"() => {prompts}.some(t => /\\[\\d+\\]/.test(t))",
                           timeout=RUN_TIMEOUT_S * 1000)
    page.wait_for_function(f"() => !{prompts}.some(t => t.includes('*'))",
                           timeout=RUN_TIMEOUT_S * 1000)
    menu(page, "File", "Save Notebook")
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
