"""The live playground (`nnlib.live.playground()`) in a real browser: JupyterLab and Notebook 7 in headless
Chromium, driven by Playwright. Run: `bash browser_tests/run.sh -k live` (see test_playground_browser.py).

One JupyterLab server (it also serves Notebook 7's /notebooks/ pages) gets a temporary root with generated
notebooks: a cell `live.playground()` and long Markdown cells below it (so the page can scroll far away).
- JupyterLab: Play gives new frames and a growing epoch counter; Pause stops both; Step adds one chunk of
  epochs; Reset shows `epoch 0`; a learning-rate change while playing keeps the counter running; scrolling
  to the bottom and back while playing keeps the frame updating; no error output anywhere.
- Notebook 7: the main path (Play, Pause, Reset, no errors).
- A copy whose `LiveRun.step` raises must fail the Play check (so a broken playground cannot pass).
- JupyterLab with "full" windowing (cells out of view leave the layout): scrolling away and back still works.
Measured, not asserted: frames/s while playing (test-artifacts/live-frames.txt) and the page time from
touching a control to the next frame (test-artifacts/redraw-seconds.txt); both files start empty in
each session. Screenshots: test-artifacts/live-*.png.
"""
import json
import pathlib
import re
import time

import pytest

import live_page as live
from jupyterlab_page import ARTIFACTS, control
from servers import jupyter_server

pytestmark = pytest.mark.browser

PLAYGROUND = ("from nnlib import live\n"
              "print(f\"epochs_per_step={live.DEFAULTS['epochs_per_step']}\")   # what one Step must add\n"
              "live.playground()")
BROKEN = ("from nnlib import live\n\n"
          "def broken_step(self, *args, **kwargs):\n"
          "    raise RuntimeError('live training deliberately broken by the browser test')\n\n"
          "live.LiveRun.step = broken_step\nlive.playground()")
FILLER = "\n\n".join(f"Filler paragraph {i}: the page must scroll far below the playground." for i in range(60))


def notebook(source):
    cells = [{"cell_type": "code", "metadata": {}, "source": source, "outputs": [], "execution_count": None}]
    cells += [{"cell_type": "markdown", "metadata": {}, "source": f"## Below the playground, part {i}\n\n" + FILLER}
              for i in range(4)]
    return {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                          "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="session", autouse=True)
def clean_measurements():
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("live-frames.txt", "redraw-seconds.txt"):
        (ARTIFACTS / name).write_text("")


@pytest.fixture(scope="module")
def server(workspace, env):
    root = workspace / "root"
    root.mkdir()
    for name, source in [("live_lab", PLAYGROUND), ("live_nb7", PLAYGROUND), ("live_broken", BROKEN),
                         ("live_full", PLAYGROUND)]:
        (root / f"{name}.ipynb").write_text(json.dumps(notebook(source)))
    with jupyter_server(root, env, ARTIFACTS / "jupyterlab-live.log") as running:
        yield running


def shot(page, name):
    box = page.locator(".nnlib-live").first
    box.scroll_into_view_if_needed()
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    box.screenshot(path=ARTIFACTS / f"live-{name}.png")


# ---------------------------------------------------------------- the steps, shared by both front ends
def check_reset(page):
    count = live.frame_count(page)
    live.button(page, "reset").click()
    live.wait_until(page, f"() => /epoch\\s+0\\b/.test({live.EPOCH_TEXT_JS})", "Reset -> 'epoch 0'")
    live.wait_for_frames(page, count, "Reset")
    live.wait_idle(page)
    assert live.epoch(page) == 0


def check_step(page):
    """Each Step adds one chunk (epochs_per_step, printed by the notebook); Play's epochs are whole chunks."""
    printed = re.search(r"epochs_per_step=(\d+)", page.locator(".jp-OutputArea-output").first.text_content())
    assert printed, "the notebook did not print epochs_per_step"
    chunk = int(printed.group(1))
    epochs = [live.epoch(page)]
    for _ in range(2):
        live.button(page, "step").click()
        live.wait_until(page, f"e => !/epoch\\s+(\\d+)/.test({live.EPOCH_TEXT_JS}) || "
                        f"Number(/epoch\\s+(\\d+)/.exec({live.EPOCH_TEXT_JS})[1]) !== e",
                        "Step -> a new epoch count", arg=epochs[-1])
        live.wait_idle(page, settle=0.3)
        epochs.append(live.epoch(page))
    assert epochs[1] - epochs[0] == epochs[2] - epochs[1] == chunk, f"two Steps moved the counter {epochs}, " \
                                                                    f"not by {chunk} each"
    assert epochs[0] % chunk == 0, f"Play stopped at epoch {epochs[0]}, not a whole number of {chunk}-epoch chunks"


def check_lr_change_while_playing(page):
    live.play_button(page, "fa-play").click()
    live.wait_until(page, f"() => !/epoch\\s+0\\b/.test({live.EPOCH_TEXT_JS})", "Play -> epoch above 0")
    before, since = live.epoch(page), live.now(page)
    live.select_neighbour(page.locator(".nnlib-live-lr select"), up=False)
    time.sleep(2)
    seen = live.epochs_since(page, since)
    assert seen and min(seen) >= before, f"the epoch counter went back after the lr change: {before} -> {seen}"
    assert live.epoch(page) > before, "the epoch counter stopped after the lr change"


def check_scroll_away_and_back(page, where):
    """Scroll the notebook to its bottom while playing, wait, scroll back: the frame is there and updating."""
    frames_before = live.frame_count(page)
    away = page.evaluate("""() => {
        const notebook = window.jupyterapp.shell.currentWidget.content;   // a reader clicks the text down there:
        notebook.activeCellIndex = notebook.widgets.length - 1;             // windowing keeps the active cell
        let el = document.querySelector('.nnlib-live');
        while (el && !(el.scrollHeight > el.clientHeight + 10 && /auto|scroll/.test(getComputedStyle(el).overflowY)))
            el = el.parentElement;
        window.liveScroller = el || document.scrollingElement;
        window.liveScroller.scrollTop = window.liveScroller.scrollHeight;
        return window.liveScroller.scrollTop;
    }""")
    time.sleep(2)
    state = page.evaluate("""() => { const box = document.querySelector('.nnlib-live');
        const r = box && box.getBoundingClientRect();
        return {attached: !!box, laid_out: !!box && box.offsetParent !== null,
                visible: !!r && r.bottom > 0 && r.top < innerHeight && r.height > 0}; }""")
    assert away > 1000 and not state["visible"], f"did not scroll away from the playground: {away}, {state}"
    epoch_away, frames_away = live.epoch(page), live.frame_count(page)
    page.evaluate("() => { window.liveScroller.scrollTop = 0; }")
    live.wait_for_frames(page, frames_away, "scrolling back to the playground")
    page.wait_for_function(live.FRAME_SHOWN_JS)
    time.sleep(1)
    assert live.epoch(page) > epoch_away, "the epoch counter stopped after scrolling back"
    in_view = page.evaluate(f"""() => {{ const r = document.querySelector('{live.FRAME}').getBoundingClientRect();
        return r.height > 0 && r.bottom > 0 && r.top < innerHeight; }}""")
    assert in_view, "the frame is not in view after scrolling back"
    kept = ("removed from the page" if not state["attached"] else
            "in the page" + (" (laid out)" if state["laid_out"] else " but hidden"))
    print(f"{where}: scrolled {away} px down for 2 s: the playground was {kept}, {frames_away - frames_before} frames "
          f"came while away; back at the top: epoch {live.epoch(page)}, still updating")


def measure_redraws(page, where, repeats=5):
    """Paused: median page time from touching a control to the next frame (no timed assertion). Not the lr
    dropdown: paused, a new lr leaves the image as it was, so no new frame is sent (the settings line changes)."""
    handle = page.locator(".nnlib-live-noise .noUi-handle").first
    dataset = page.locator(".nnlib-live-dataset select")
    activation = control(page, "widget-dropdown", "activation").locator("select")
    show_test = page.locator(".nnlib-live .widget-checkbox").filter(has_text="show test data").locator("input")
    actions = {    # back and forth between two values; keyboard: noUiSlider moves on keydown
        "noise-slider key presses": lambda i: (handle.focus(),
                                               page.keyboard.press("ArrowLeft" if i % 2 else "ArrowRight")),
        "dataset-dropdown choices": lambda i: live.select_neighbour(dataset, up=i % 2 == 0),
        "activation-dropdown choices": lambda i: live.select_neighbour(activation, up=i % 2 == 0),
        "show-test-data clicks": lambda i: show_test.click(),
    }
    medians = []
    for what, act in actions.items():
        medians.append(live.median_redraw(page, act, repeats))
        live.log_line("redraw-seconds.txt", f"{medians[-1]:.2f} s {where}, median of {repeats} {what}")
    return medians


# ---------------------------------------------------------------- the tests
def test_live_playground_in_jupyterlab(browser, server):
    with live.live_notebook(browser, server, "lab/tree/live_lab.ipynb?reset&", "JupyterLab") as page:
        assert live.epoch(page) == 0 and live.frame_shown(page)
        live.check_play(page, "JupyterLab", seconds=5)
        shot(page, "lab-1-playing")
        live.check_pause(page)
        shot(page, "lab-2-paused")
        check_step(page)
        check_reset(page)
        shot(page, "lab-3-after-reset")
        check_lr_change_while_playing(page)
        check_scroll_away_and_back(page, "JupyterLab")
        shot(page, "lab-4-after-scrolling-back")
        live.check_pause(page)
        measure_redraws(page, "JupyterLab")
        live.check_no_live_errors(page)


def test_live_playground_in_notebook7(browser, server):
    with live.live_notebook(browser, server, "notebooks/live_nb7.ipynb?", "Notebook 7") as page:
        assert live.epoch(page) == 0 and live.frame_shown(page)
        live.check_play(page, "Notebook 7", seconds=3)
        shot(page, "nb7-1-playing")
        live.check_pause(page)
        check_reset(page)
        shot(page, "nb7-2-after-reset")
        live.check_no_live_errors(page)


def test_a_broken_training_step_is_detected(browser, server):
    # A copy whose LiveRun.step raises: Play must fail the checks (error output, or no new frames).
    with live.live_notebook(browser, server, "lab/tree/live_broken.ipynb?reset&", "broken copy") as page:
        with pytest.raises(AssertionError, match="deliberately broken|no new frame|did not grow") as caught:
            _, epochs = live.play_for(page, 2)
            assert epochs > 0, "the epoch counter did not grow while playing"
        lines = str(caught.value).splitlines()
        print("broken playground detected:", lines[0], next((line for line in lines if "deliberately" in line), ""))
        page.screenshot(path=ARTIFACTS / "live-broken-detected.png")


def test_live_playground_survives_full_windowing(browser, server, env):
    # JupyterLab's "full" windowing takes cells out of view out of the layout (the default, contentVisibility,
    # only skips painting them). A user setting, read when the page loads.
    settings = pathlib.Path(env["JUPYTER_CONFIG_DIR"], "lab", "user-settings", "@jupyterlab", "notebook-extension",
                            "tracker.jupyterlab-settings")
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"windowingMode": "full"}))
    try:
        with live.live_notebook(browser, server, "lab/tree/live_full.ipynb?reset&", "full windowing") as page:
            mode = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.notebookConfig.windowingMode")
            assert mode == "full", f"the notebook's windowing mode is {mode!r}, not 'full'"
            live.play_button(page, "fa-play").click()
            live.wait_for_frames(page, live.frame_count(page), "pressing Play")
            check_scroll_away_and_back(page, "JupyterLab, full windowing")
            shot(page, "lab-full-windowing-after-scrolling-back")
            live.check_pause(page)
            live.check_no_live_errors(page)
    finally:
        settings.unlink()
