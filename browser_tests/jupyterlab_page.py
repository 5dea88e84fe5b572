"""What the browser tests read from and do to a JupyterLab page: error outputs, the kernel being idle,
a control by its label, opening and running a notebook, closing it. Used by live_page.py and the tests.
"""
import contextlib
import pathlib
import re

ARTIFACTS = pathlib.Path(__file__).resolve().parent.parent / "test-artifacts"
TIMEOUT_MS = 60_000


class ErrorOutput(AssertionError):
    """The notebook shows an error or traceback output."""


# ---------------------------------------------------------------- what the page shows
ERRORS_JS = """() => {
    const root = window.jupyterapp.shell.currentWidget.node;      // the notebook we opened, not another tab
    const shown = [...root.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], ' +
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')];
    return shown.map(node => node.innerText).filter(text => /Traceback|Error/.test(text));
}"""
OUTPUTS_JS = """() => window.jupyterapp.shell.currentWidget.content.widgets.map((cell, i) => ({
    cell: i, type: cell.model.type, images: cell.node.querySelectorAll('.jp-OutputArea-output img').length,
    widget_images: cell.node.querySelectorAll('.widget-output img').length,
    mime: [...cell.node.querySelectorAll('.jp-OutputArea-output')].map(o => o.dataset.mimeType)}))"""
LOG_MESSAGES_JS = """() => {     // kernel messages from now on, written to test-artifacts/ when a test fails
    window.kernelLog = [];
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    kernel.anyMessage.connect((_, {msg, direction}) => window.kernelLog.push([direction, msg.channel,
        msg.header.msg_type, msg.header.msg_id.slice(0, 8), (msg.parent_header.msg_id || '').slice(0, 8),
        msg.header.msg_type === 'comm_msg' ? JSON.stringify(msg.content.data).slice(0, 120) :
        msg.header.msg_type === 'display_data' ? Object.keys(msg.content.data).join(',') :
        JSON.stringify(msg.content).slice(0, 120)]));
}"""
IDLE_JS = """() => {
    const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!kernel && kernel.status === 'idle' && !w.sessionContext.pendingInput;
}"""


def check_no_errors(page):
    errors = page.evaluate(ERRORS_JS)
    if errors:
        raise ErrorOutput("error output in the notebook:\n" + "\n---\n".join(e[-2000:] for e in errors))


def control(page, kind, label):
    """The ipywidgets control (kind: 'widget-slider' or 'widget-dropdown') whose description is label."""
    return (page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").locator(f".{kind}")
            .filter(has=page.locator(".widget-label", has_text=re.compile(f"^{label}$"))))


def open_notebook(browser, url):
    """Open url (JupyterLab's /lab/tree/NAME or Notebook 7's /notebooks/NAME) in a new page, run all
    cells, wait for the kernel to be idle; no error output may show. Returns (context, page)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.route(re.compile(r"^(?!http://127\.0\.0\.1)(https?|wss?)://"), lambda route: route.abort())  # offline
    page.goto(url, timeout=TIMEOUT_MS)
    page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS)                # kernel started
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")   # resolves when done
    page.wait_for_function("""() => {
        const nb = window.jupyterapp.shell.currentWidget.content;
        return nb.widgets.every(c => c.model.type !== 'code' || (c.model.executionCount !== null
                                                                && !c.hasClass('jp-mod-pending')));
    }""", timeout=TIMEOUT_MS)
    page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS)
    check_no_errors(page)
    page.evaluate(LOG_MESSAGES_JS)
    return context, page


def close(page, context):
    """Shut the notebook's kernel down through Lab (the fixture kills any kernel left), close the page."""
    with contextlib.suppress(Exception):
        page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
    context.close()
