"""Notebook 07 itself in a real browser: JupyterLab in headless Chromium, driven by Playwright.

Run alone (it is outside pyproject's testpaths, so the README's test command skips it):

    bash browser_tests/run.sh -k notebook07                         # installs what it needs, then runs
    .venv/bin/python -m pytest -m browser -n 0 browser_tests -k notebook07  # when playwright and chromium are there

What it does: starts JupyterLab on 127.0.0.1 (a free port, a random token) with a temporary root that holds
COPIES of notebooks/07_playground.ipynb, runs all cells and waits for the kernel to be idle. Then:
- every code cell shows the kinds of output the committed notebook has (printed text, figures, the widget)
  and no cell shows an error or stderr (jupyterlab_page.py's detector, and the cells' own output models);
- section 4's live playground shows a frame at epoch 0; Play gives new frames and a growing epoch counter;
  Pause stops both; choosing another dataset redraws (the page time from the choice to the new frame is
  measured, not asserted); no error output, kernel error or traceback in the widget (live_page.py).
Measured: frames/s while playing (test-artifacts/live-frames.txt) and the redraw seconds
(test-artifacts/redraw-seconds.txt), appended (test_live_browser.py empties both once a session). Screenshots:
test-artifacts/playground-*.png. The steps and the page recorder are test_live_browser.py's and live_page.py's.

A second test runs a copy of notebook 07 up to its live cell, which breaks its run's training step, and checks
that Play is reported as failing (so a broken playground cannot pass). To see the main test itself fail, run it with
BROWSER_TEST_BREAK_PLAYGROUND=1 (the main test then drives the broken copy).
"""
import json
import os
import pathlib

import pytest

import live_page as live
from jupyterlab_page import ARTIFACTS, ErrorOutput
from servers import jupyter_server

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "07_playground.ipynb"
LIVE_CELL = "live.playground()"
BROKEN_LIVE_CELL = ("def broken_step(*args, **kwargs):\n"
                    "    raise RuntimeError('live training deliberately broken by the browser test')\n\n"
                    "box = live.playground()\n"
                    "box.playground.run.step = broken_step    # the run of this widget (the class stays intact)\n"
                    "box")
WHERE = "notebook 07 in JupyterLab"
MODEL_OUTPUTS_JS = """() => window.jupyterapp.shell.currentWidget.content.widgets.map(cell =>
    cell.model.type !== 'code' ? [] :
    Array.from({length: cell.model.outputs.length}, (_, i) => cell.model.outputs.get(i).toJSON()))"""


def copy_notebook(folder, name, broken=False):
    """Copy notebook 07 into the server's root; broken=True copies only the cells up to its live cell, which
    breaks the widget's training step. Returns the page's path and the copy's cells."""
    nb = json.loads(NOTEBOOK.read_text())
    if broken:
        at = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and LIVE_CELL in "".join(c["source"])]
        assert len(at) == 1, "notebook 07 changed: update the browser test's way of breaking it"
        nb["cells"] = nb["cells"][:at[0] + 1]
        nb["cells"][-1]["source"] = "".join(nb["cells"][-1]["source"]).replace(LIVE_CELL, BROKEN_LIVE_CELL)
    (folder / name).write_text(json.dumps(nb))
    return {"path": f"lab/tree/{name}?reset&", "cells": nb["cells"]}   # ?reset: no tabs of an earlier test


@pytest.fixture(scope="module")
def lab(workspace, env):
    """JupyterLab on 127.0.0.1 with a token; root: a folder holding only copies of notebook 07."""
    root = workspace / "root"
    root.mkdir()
    copies = {"good": copy_notebook(root, "07_playground.ipynb"),
              "broken": copy_notebook(root, "07_playground_broken.ipynb", broken=True)}
    if os.environ.get("BROWSER_TEST_BREAK_PLAYGROUND"):
        copies["good"] = copies["broken"]
    with jupyter_server(root, env, ARTIFACTS / "jupyterlab.log") as server:
        yield {**server, "copies": copies}


def output_kinds(outputs):
    """What a cell's outputs show: stream names ('stdout', 'stderr'), mime types, 'error'."""
    return set().union(*({o["name"]} if o["output_type"] == "stream" else set(o.get("data", ["error"]))
                         for o in outputs))


def check_cells_as_committed(page, committed):
    """Each code cell shows what the committed cell shows (text, figures, the widget); none an error."""
    shown = page.evaluate(MODEL_OUTPUTS_JS)
    assert len(shown) == len(committed), f"the page shows {len(shown)} cells, the notebook has {len(committed)}"
    for i, (cell, outputs) in enumerate(zip(committed, shown)):
        got = output_kinds(outputs)
        if got & {"error", "stderr"}:
            raise ErrorOutput(f"cell {i} shows an error or stderr:\n" + json.dumps(outputs, indent=1)[-2000:])
        if cell["cell_type"] == "code":
            assert got == output_kinds(cell["outputs"]), f"cell {i} shows {sorted(got)}, " \
                                                         f"committed: {sorted(output_kinds(cell['outputs']))}"


def shot(page, name):
    box = page.locator(".nnlib-live").first
    box.scroll_into_view_if_needed()
    box.screenshot(path=ARTIFACTS / f"playground-{name}.png")


def test_notebook07_runs_and_its_live_playground_plays(browser, lab):
    copy = lab["copies"]["good"]
    with live.live_notebook(browser, lab, copy["path"], "notebook 07") as page:
        check_cells_as_committed(page, copy["cells"])
        assert live.epoch(page) == 0 and live.frame_shown(page)
        shot(page, "0-start")
        live.check_play(page, WHERE, seconds=5)
        shot(page, "1-playing")
        live.check_pause(page)
        shot(page, "2-paused")
        dataset = page.locator(".nnlib-live-dataset select")
        seconds = live.median_redraw(page, lambda i: live.select_neighbour(dataset, up=i % 2 == 0), repeats=3)
        live.log_line("redraw-seconds.txt", f"{seconds:.2f} s {WHERE}, median of 3 dataset-dropdown choices")
        shot(page, "3-after-dataset-choices")
        live.check_no_live_errors(page)
        check_cells_as_committed(page, copy["cells"])


def test_a_broken_live_cell_in_notebook07_is_detected(browser, lab):
    # Notebook 07 up to its live cell, whose widget's run raises in every training step: Play must fail
    # (error output, or no new frames).
    with live.live_notebook(browser, lab, lab["copies"]["broken"]["path"], "notebook 07 broken copy") as page:
        with pytest.raises(AssertionError, match="deliberately broken|no new frame|did not grow") as caught:
            live.check_play(page, WHERE + " (broken copy)", seconds=2)
        lines = str(caught.value).splitlines()
        print("broken notebook 07 detected:", lines[0], next((line for line in lines if "deliberately" in line), ""))
        page.screenshot(path=ARTIFACTS / "playground-broken-detected.png")
