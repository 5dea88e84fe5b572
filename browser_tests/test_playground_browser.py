"""Notebook 07's sliders in a real browser: JupyterLab in headless Chromium, driven by Playwright.

Run alone (it is outside pyproject's testpaths, so the README's test command skips it):

    bash browser_tests/run.sh                                    # installs what it needs, then runs
    .venv/bin/python -m pytest -m browser browser_tests          # when playwright and chromium are there

What it does: starts JupyterLab on 127.0.0.1 (a free port, a random token) with a temporary root that
holds a COPY of the notebook, starts /usr/bin/chromium headless with a temporary profile, connects
Playwright to it, runs all cells and waits for the kernel to be idle; then moves the `units` slider
by keyboard, picks `spiral` in the `dataset` dropdown, and drives a diverging setting (identity
units, lr at the slider's end). After every move the plot image must change and no error output
may appear (jupyterlab_page.py reads the page). Screenshots go to test-artifacts/ (gitignored). The
server, the browser and any kernel left behind are ended by their own process ids, also when the
test fails.

A second test breaks the callback in another copy and checks that the same detector reports the
error (so a broken slider cannot pass). To see the main test itself fail, run it with
BROWSER_TEST_BREAK_CALLBACK=1 (the main test then drives a broken copy).
"""
import contextlib
import json
import os
import pathlib
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

from jupyterlab_page import (ARTIFACTS, OUTPUTS_JS, PLOT_JS, ErrorOutput, close, control, open_and_run,
                            wait_for_new_plot)

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "07_playground.ipynb"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BROKEN_LINE = ("    if units == widgets.defaults(playground)['units'] + 1: "
               "raise RuntimeError('callback deliberately broken by the browser test')\n")


# ---------------------------------------------------------------- processes we start and end ourselves
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def end_process_group(proc, grace=10):
    """SIGTERM the process group we started (start_new_session=True), then SIGKILL what is left."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def kill_processes_mentioning(path):
    """Kill, by pid, processes whose command line names our own temporary folder (kernels the server
    started in their own sessions, Chromium helpers): nothing else can mention that folder."""
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if str(path) in cmdline:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(entry.name), signal.SIGKILL)


def copy_notebook(folder, name, broken=False):
    """Copy notebook 07 into the server's root; broken=True makes the callback raise for units one above its default (one slider step)."""
    nb = json.loads(NOTEBOOK.read_text())
    if broken:
        for cell in nb["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if "def playground(" in source:
                anchor = "    print(settings_line(settings))\n"
                assert anchor in source, "notebook 07 changed: update the browser test's way of breaking it"
                cell["source"] = source.replace(anchor, anchor + BROKEN_LINE, 1)
                break
        else:
            raise AssertionError("no `def playground(` cell in notebook 07")
    (folder / name).write_text(json.dumps(nb))
    return name


@pytest.fixture(scope="module")
def workspace():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="nb07-browser-"))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "playground-redraw-seconds.txt").unlink(missing_ok=True)
    try:
        yield folder
    finally:
        kill_processes_mentioning(folder)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def env(workspace):
    """Every Jupyter, IPython, matplotlib and Chromium setting and cache goes to the temporary folder."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)       # the notebook draws inline, as for a student
    for var, sub in [("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_DATA_HOME", "data"), ("JUPYTER_CONFIG_DIR", "jupyter-config"),
                     ("JUPYTER_DATA_DIR", "jupyter-data"), ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
                     ("IPYTHONDIR", "ipython"), ("MPLCONFIGDIR", "matplotlib")]:
        env[var] = str(workspace / sub)
        (workspace / sub).mkdir()
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # no "get notified about Jupyter news?" toast over the screenshots
    labconfig = workspace / "jupyter-config" / "labconfig"
    labconfig.mkdir()
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    return env


@pytest.fixture(scope="module")
def lab(workspace, env):
    """JupyterLab on 127.0.0.1 with a token; root: a folder holding only copies of the notebook."""
    root = workspace / "root"
    root.mkdir()
    names = {"good": copy_notebook(root, "07_playground.ipynb"),
             "broken": copy_notebook(root, "07_playground_broken.ipynb", broken=True)}
    if os.environ.get("BROWSER_TEST_BREAK_CALLBACK"):
        names["good"] = names["broken"]
    port, token = free_port(), secrets.token_hex(16)
    log = open(ARTIFACTS / "jupyterlab.log", "w")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None", "--LabApp.check_for_updates_class="
           "jupyterlab.NeverCheckForUpdate"]
    server = subprocess.Popen(cmd, env=env, cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {server.returncode}; see {ARTIFACTS / 'jupyterlab.log'}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab not ready after 60 s; see {ARTIFACTS / 'jupyterlab.log'}")
                time.sleep(0.3)
        yield {"url": f"http://127.0.0.1:{port}", "token": token, "names": names}
    finally:
        end_process_group(server)
        kill_processes_mentioning(env["JUPYTER_RUNTIME_DIR"])    # kernels run in sessions of their own
        log.close()


@pytest.fixture(scope="module")
def browser(workspace, env):
    """/usr/bin/chromium, headless, started by us (so we hold its pid); Playwright connects over CDP."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser test needs the Python package playwright: "
                    ".venv/bin/pip install -r browser_tests/requirements.txt (never `playwright install`)")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (or set CHROMIUM=/path/to/it)")
    profile = workspace / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--disable-background-networking", "--disable-component-update", "--no-first-run",
           "--no-default-browser-check", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
           f"--user-data-dir={profile}", "--window-size=1400,1000", "about:blank"]
    chromium = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
    playwright = None
    try:
        port_file = profile / "DevToolsActivePort"        # Chromium writes the port it picked here
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if chromium.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Chromium did not start (exit code {chromium.poll()})")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        playwright = sync_playwright().start()
        yield playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
    finally:
        if playwright is not None:
            playwright.stop()
        end_process_group(chromium, grace=5)
        kill_processes_mentioning(profile)


# ---------------------------------------------------------------- notebook 07's controls
def drive(page, shot):
    """Move the controls; after each move the plot must change and no error may show."""
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel = notebook.locator(".widget-vbox").filter(has=page.locator(".widget-output img")).first
    panel.scroll_into_view_if_needed()
    src = page.evaluate(PLOT_JS)
    shot(panel, "0-before")

    units = control(page, "widget-slider", "units")
    readout = units.locator(".widget-readout")
    before = readout.inner_text()
    units.locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")                                      # 4 -> 5 units, by keyboard
    page.wait_for_function("([el, old]) => el.innerText !== old", arg=[readout.element_handle(), before])
    src = wait_for_new_plot(page, src, "moving the units slider")
    shot(panel, "1-after-units-slider")

    control(page, "widget-dropdown", "dataset").locator("select").select_option(label="spiral")
    src = wait_for_new_plot(page, src, "choosing spiral in the dataset dropdown")
    shot(panel, "2-after-dataset-dropdown")

    control(page, "widget-dropdown", "activation").locator("select").select_option(label="identity")
    src = wait_for_new_plot(page, src, "choosing identity in the activation dropdown")
    control(page, "widget-slider", "lr").locator(".noUi-handle").focus()
    page.keyboard.press("End")                                             # lr = 10: this run diverges
    src = wait_for_new_plot(page, src, "moving the lr slider to its end")
    text = panel.locator(".widget-output").inner_text()
    assert "lr=10.0" in text and "after training" not in text, text       # the message, not a trained net
    shot(panel, "3-after-diverging-lr")


def test_playground_sliders_redraw_without_errors(browser, lab):
    context, page = open_and_run(browser, lab, lab["names"]["good"])
    try:
        drive(page, lambda element, name: element.screenshot(path=ARTIFACTS / f"playground-{name}.png"))
    except BaseException:
        page.screenshot(path=ARTIFACTS / "playground-failure.png")
        (ARTIFACTS / "playground-failure-outputs.json").write_text(json.dumps(page.evaluate(OUTPUTS_JS), indent=1))
        (ARTIFACTS / "playground-failure-kernel-messages.txt").write_text(
            "\n".join(" ".join(map(str, m)) for m in page.evaluate("() => window.kernelLog || []")))
        raise
    finally:
        close(page, context)


def test_a_broken_callback_is_detected(browser, lab):
    # Same steps on a copy whose callback raises once the units slider moves: the test must catch it.
    context, page = open_and_run(browser, lab, lab["names"]["broken"])
    try:
        with pytest.raises(ErrorOutput, match="deliberately broken"):
            drive(page, lambda element, name: None)
        page.screenshot(path=ARTIFACTS / "playground-broken-detected.png")
    finally:
        close(page, context)
