"""What the live-playground browser tests read from and do to a page (JupyterLab or Notebook 7).

The live widget (`nnlib.live.playground()`) marks its parts with CSS classes (`nnlib-live-play`, `-step`,
`-reset`, `-epoch`, `-frame`, ...). A MutationObserver on the whole page records every new frame (a `src`
change of a frame <img>) and every epoch-counter text with its time, so the tests count frames and read
latencies in the page's own clock, and notice a counter that jumped back to 0 between two looks.
"""
import contextlib
import json
import re
import statistics
import time

from jupyterlab_page import ARTIFACTS, ERRORS_JS, IDLE_JS, OUTPUTS_JS, TIMEOUT_MS, ErrorOutput, close, open_notebook

FRAME = "img.nnlib-live-frame, .nnlib-live-frame img"

RECORDER_JS = """(FRAME) => {
    window.live = {frames: [], epochs: [], errors: [], action: null};
    const epochOf = () => {
        const el = document.querySelector('.nnlib-live-epoch');
        const m = el && /epoch\\s+(\\d+)/.exec(el.textContent);
        return m ? Number(m[1]) : null;
    };
    new MutationObserver(records => {
        const now = performance.now();
        for (const r of records) {
            if (r.type === 'attributes' && r.target.matches(FRAME) && r.target.getAttribute('src'))
                window.live.frames.push(now);
        }
        const epoch = epochOf();
        const last = window.live.epochs[window.live.epochs.length - 1];
        if (epoch !== null && (!last || last[1] !== epoch)) window.live.epochs.push([now, epoch]);
    }).observe(document.body, {subtree: true, childList: true, characterData: true,
                               attributes: true, attributeFilter: ['src']});
    // the first input event after Python clears window.live.action: when a control was touched
    for (const type of ['keydown', 'change', 'pointerup'])
        document.addEventListener(type, () => { if (window.live.action === 0) window.live.action = performance.now(); },
                                  true);
    // errors raised in widget callbacks reach the kernel's iopub channel but often no output area
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    kernel.anyMessage.connect((_, {msg, direction}) => {
        if (direction !== 'recv' || msg.channel !== 'iopub') return;
        const c = msg.content;
        if (msg.header.msg_type === 'error') window.live.errors.push(c.ename + ': ' + c.evalue + '\\n' +
                                                                      c.traceback.join('\\n'));
        if (msg.header.msg_type === 'stream' && c.name === 'stderr' && /Traceback|Error/.test(c.text))
            window.live.errors.push(c.text);
    });
}"""


def install_recorder(page):
    page.evaluate(RECORDER_JS, FRAME)


def check_no_live_errors(page):
    """No error output in the notebook, no error message from the kernel, no traceback in the status line."""
    errors = page.evaluate(ERRORS_JS) + page.evaluate("() => window.live.errors")
    status = page.locator(".nnlib-live-status")
    if status.count() and re.search(r"Traceback|Error", status.first.text_content()):
        errors.append(status.first.text_content())
    if errors:
        errors = [re.sub(r"\x1b\[[0-9;]*m", "", e)[-2000:] for e in errors]       # no terminal colours
        raise ErrorOutput("error output in the notebook:\n" + "\n---\n".join(errors))


# ---------------------------------------------------------------- reading the widget
def frame_count(page):
    return page.evaluate("() => window.live.frames.length")


def frame_times(page):
    return page.evaluate("() => window.live.frames")


def epoch(page):
    text = page.locator(".nnlib-live-epoch").first.text_content()
    match = re.search(r"epoch\s+(\d+)", text)
    assert match, f"the epoch counter shows {text!r}, not 'epoch N'"
    return int(match.group(1))


def epochs_since(page, t0):
    """Every epoch-counter value shown since page time t0 (ms)."""
    return [e for t, e in page.evaluate("() => window.live.epochs") if t >= t0]


def now(page):
    return page.evaluate("() => performance.now()")


FRAME_SHOWN_JS = f"""() => {{
    const img = document.querySelector('{FRAME}');
    return !!img && !!img.getAttribute('src') && img.complete && img.naturalWidth > 0;
}}"""


def frame_shown(page):
    """The frame <img> is in the page with a non-empty, loaded image."""
    return page.evaluate(FRAME_SHOWN_JS)


EPOCH_TEXT_JS = "document.querySelector('.nnlib-live-epoch').textContent"


def wait_until(page, js, what, arg=None, timeout_ms=10_000):
    """Wait for the JS predicate; an error output or a timeout fails with `what` (not Playwright's TimeoutError)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function(js, arg=arg, timeout=timeout_ms)
    except PlaywrightTimeout:
        check_no_live_errors(page)
        raise AssertionError(f"{what}: not seen within {timeout_ms / 1000:.0f} s "
                             f"(the counter shows {page.evaluate('() => ' + EPOCH_TEXT_JS)!r})") from None


def wait_for_frames(page, count, what, timeout_ms=15_000):
    """Wait until more than `count` frames were recorded; fail with `what` if none come (or an error shows)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function("n => window.live.frames.length > n || window.live.errors.length > 0",
                               arg=count, timeout=timeout_ms)
    except PlaywrightTimeout:
        pass
    check_no_live_errors(page)
    assert frame_count(page) > count, f"no new frame within {timeout_ms / 1000:.0f} s after {what}"


def wait_idle(page, settle=0.5):
    """The kernel is idle and stays idle for `settle` seconds (frames in flight have arrived)."""
    for _ in range(20):
        page.wait_for_function(IDLE_JS, timeout=TIMEOUT_MS)
        count = frame_count(page)
        time.sleep(settle)
        if page.evaluate(IDLE_JS) and frame_count(page) == count:
            return
    raise AssertionError("the kernel never stayed idle (frames keep coming)")


# ---------------------------------------------------------------- the controls
def button(page, part):
    return page.locator(f".nnlib-live-{part}").first


def play_button(page, icon):
    """Play's own buttons: icon 'fa-play' or 'fa-pause' (ipywidgets.Play renders <button><i class=fa ...>)."""
    return page.locator(".nnlib-live-play button").filter(has=page.locator(f"i.{icon}")).first


def select_neighbour(dropdown, up=True):
    """Pick the option next to the selected one (below it in the list if up and there is one) in the
    <select> `dropdown` (a Locator); returns its label."""
    labels, index = dropdown.evaluate("sel => [[...sel.options].map(o => o.text), sel.selectedIndex]")
    index = index + 1 if (up and index + 1 < len(labels)) or index == 0 else index - 1
    dropdown.select_option(label=labels[index])
    return labels[index]


def play_for(page, seconds):
    """Press Play, record `seconds` of frames after the first one arrives; returns (frames/s, epochs done)."""
    count, epoch0 = frame_count(page), epoch(page)
    play_button(page, "fa-play").click()
    wait_for_frames(page, count, "pressing Play")
    start = now(page)
    time.sleep(seconds)
    times = [t for t in frame_times(page) if t >= start]
    check_no_live_errors(page)
    return len(times) / seconds, epoch(page) - epoch0


def pause(page):
    play_button(page, "fa-pause").click()
    wait_idle(page)


# ---------------------------------------------------------------- redraw latency
def redraw_seconds(page, act):
    """Page time from the first input event of act() (a control touched) to the next new frame."""
    count = frame_count(page)
    page.evaluate("() => { window.live.action = 0; }")
    act()
    wait_for_frames(page, count, "changing a control")
    times = page.evaluate("() => [window.live.action, window.live.frames]")
    action, frames = times
    assert action, "the test's input event was not seen by the page"
    wait_idle(page, settle=0.3)
    return (min(t for t in frames if t >= action) - action) / 1000


def median_redraw(page, act, repeats):
    return statistics.median(redraw_seconds(page, lambda i=i: act(i)) for i in range(repeats))


def log_line(name, line):
    """Append a line to test-artifacts/<name> and print it."""
    with open(ARTIFACTS / name, "a") as log:
        log.write(line + "\n")
    print(line)


# ---------------------------------------------------------------- steps shared by the test files
def open_live(browser, server, path):
    context, page = open_notebook(browser, f"{server['url']}/{path}token={server['token']}")
    install_recorder(page)
    page.evaluate("""async () => {       // run-all left the page at the last cell: back to the first
        const notebook = window.jupyterapp.shell.currentWidget.content;
        notebook.activeCellIndex = 0;
        await notebook.scrollToItem(0, 'start');
    }""")
    page.locator(".nnlib-live").first.scroll_into_view_if_needed()
    page.wait_for_function(FRAME_SHOWN_JS, timeout=30_000)
    wait_until(page, f"() => /epoch\\s+\\d+/.test({EPOCH_TEXT_JS})", "the epoch counter ('epoch N')")
    return context, page


def keep_failure_evidence(page, name):
    page.screenshot(path=ARTIFACTS / f"live-{name}-failure.png")
    (ARTIFACTS / f"live-{name}-failure-outputs.json").write_text(json.dumps(page.evaluate(OUTPUTS_JS), indent=1))
    (ARTIFACTS / f"live-{name}-failure-kernel-messages.txt").write_text(
        "\n".join(" ".join(map(str, m)) for m in page.evaluate("() => window.kernelLog || []")))


def check_play(page, where, seconds):
    fps, epochs = play_for(page, seconds)
    log_line("live-frames.txt", f"{fps:.1f} frames/s {where}, defaults, {seconds} s of Play ({epochs} epochs)")
    assert epochs > 0, "the epoch counter did not grow while playing"


def check_pause(page):
    pause(page)
    count, stopped_at = frame_count(page), epoch(page)
    time.sleep(1.5)
    assert frame_count(page) == count, "new frames came after Pause"
    assert epoch(page) == stopped_at, "the epoch counter moved after Pause"


@contextlib.contextmanager
def live_notebook(browser, server, path, name):
    """The page of a notebook copy, run and showing the playground; evidence kept if the test fails."""
    start = time.perf_counter()
    context, page = open_live(browser, server, path)
    try:
        yield page
    except BaseException:
        keep_failure_evidence(page, name)
        raise
    finally:
        close(page, context)
        print(f"{name} test: {time.perf_counter() - start:.1f} s")
