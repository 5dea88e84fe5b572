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
import json
import os
import pathlib

import pytest

from jupyterlab_page import (ARTIFACTS, OUTPUTS_JS, PLOT_JS, ErrorOutput, close, control, open_and_run,
                            wait_for_new_plot)
from servers import jupyter_server

pytestmark = pytest.mark.browser

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "07_playground.ipynb"
BROKEN_LINE = ("    if units == widgets.defaults(playground)['units'] + 1: "
               "raise RuntimeError('callback deliberately broken by the browser test')\n")


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
def lab(workspace, env):
    """JupyterLab on 127.0.0.1 with a token; root: a folder holding only copies of the notebook."""
    (ARTIFACTS / "playground-redraw-seconds.txt").unlink(missing_ok=True)
    root = workspace / "root"
    root.mkdir()
    names = {"good": copy_notebook(root, "07_playground.ipynb"),
             "broken": copy_notebook(root, "07_playground_broken.ipynb", broken=True)}
    if os.environ.get("BROWSER_TEST_BREAK_CALLBACK"):
        names["good"] = names["broken"]
    with jupyter_server(root, env, ARTIFACTS / "jupyterlab.log") as server:
        yield {**server, "names": names}


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
