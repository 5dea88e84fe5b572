"""Section 6 of benchmarks/run.py: the live playground (nnlib.live). Kernel-side time per frame (one Play tick:
train one chunk, draw, encode the PNG) at the defaults and at the largest net (6 hidden layers of 8, all 7 inputs),
the implied upper bound of frames per second, PNG sizes, and the time from a control change to new PNG bytes.

The browser's own numbers come from the browser test, which writes test-artifacts/live-frames.txt (lines
`<n> frames/s <what>`) and test-artifacts/redraw-seconds.txt (lines `<s> s <what>`); they are reported here
against the issue's targets (>= 10 frames/s; median <= 0.3 s from releasing a control to the new figure).
"""
import pathlib
import statistics
import time

import numpy as np

import nnlib.live as live
from measure import say, spread, table

FRAMES = {"full": 60, "quick": 15}                # Play ticks timed per architecture
CHANGES = {"full": 5, "quick": 2}                 # rounds over the control changes
TARGET_FPS, TARGET_REDRAW_S = 10.0, 0.3
ARTIFACTS = pathlib.Path(__file__).resolve().parent.parent / "test-artifacts"
SETUPS = {"defaults (ring, 2-4-2-1, batch 10)": {},
          "largest (7 inputs, 6 x 8 hidden, batch 10)": dict(hidden=(8,) * 6, features=tuple(live.datasets.FEATURES))}
# control changes: (control, value to set, value to set back); lr keeps training, the others reset
CONTROL_CHANGES = [("lr", 0.1, 0.03), ("reg_rate", 0.01, 0.0), ("dataset", "spiral", "ring"), ("noise", 0.2, 0.0),
                   ("layers", 6, 2)]


def cpu_and_wall(fn):
    start, start_wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - start, time.perf_counter() - start_wall


def time_frames(settings, frames):
    """Per Play tick through the widget (no browser attached): CPU and wall seconds, training alone, PNG bytes."""
    view = live.playground(**settings).playground
    ticks, trains, sizes = [], [], []
    for _ in range(frames):
        view.last_done = -np.inf                       # as if the previous frame had finished long ago
        ticks.append(cpu_and_wall(lambda: setattr(view.play, "value", view.play.value + 1)))
        trains.append(cpu_and_wall(lambda: view.run.step())[0])     # one more chunk, without drawing
        sizes.append(len(view.frame.value))
    return np.array(ticks), np.array(trains), sizes, view.run


def artifact_lines(name, unit):
    """[(value, what)] from a browser-test artifact, [] if the file is missing."""
    path = ARTIFACTS / name
    if not path.exists():
        return []
    rows = [line.split(unit, 1) for line in path.read_text().splitlines() if unit in line]
    return [(float(value), what.strip()) for value, what in rows]


def bench_live(mode):
    found, rows = {}, []
    say(f"## 6. The live playground: kernel-side time per frame ({FRAMES[mode]} Play ticks each), control change "
        f"to new PNG bytes; browser numbers from test-artifacts/")
    say()
    for name, settings in SETUPS.items():
        ticks, trains, sizes, run = time_frames(settings, FRAMES[mode])
        median = float(np.median(ticks[:, 0]))
        rows.append([name, run.settings["epochs_per_step"], spread(ticks[:, 0], 1e3), spread(ticks[:, 1], 1e3),
                     spread(trains, 1e3), f"{np.median(sizes) / 1e3:.0f}", f"{1 / median:.0f}"])
        found[f"kernel time per frame, {name}"] = (f"{median * 1e3:.1f} ms (at most {1 / median:.0f} frames/s)", median, 1 / TARGET_FPS)
    table(["architecture", "epochs per frame", "CPU ms per frame", "wall ms per frame", "of which training (CPU ms)",
           "PNG kB", "frames/s at most (CPU)"], rows)
    view = live.playground().playground
    seconds = {name: [] for name, _, _ in CONTROL_CHANGES}
    for _ in range(CHANGES[mode]):
        for name, value, back in CONTROL_CHANGES:
            for v in (value, back):      # the callback draws a new PNG (identical bytes for lr: same weights)
                seconds[name].append(cpu_and_wall(lambda: setattr(view.controls[name], "value", v))[1])
    table(["control change (then back)", "wall ms to new PNG bytes"], [[n, spread(s, 1e3)] for n, s in seconds.items()])
    worst = max(float(np.median(s)) for s in seconds.values())
    found["kernel time, control change to new PNG (slowest control's median)"] = (f"{worst * 1e3:.0f} ms", worst, TARGET_REDRAW_S)
    frames, redraws = artifact_lines("live-frames.txt", "frames/s"), artifact_lines("redraw-seconds.txt", " s ")
    for value, what in frames:
        found[f"browser: {what}"] = (f"{value:.1f} frames/s", value, None, f">= {TARGET_FPS:g} frames/s", value >= TARGET_FPS)
    if redraws:
        median = statistics.median(v for v, _ in redraws)
        found["browser: control release to new figure, median"] = (
            f"{median:.2f} s over {len(redraws)} changes ({', '.join(f'{v:.2f} {w}' for v, w in redraws)})", median, None,
            f"<= {TARGET_REDRAW_S:g} s", median <= TARGET_REDRAW_S)
    say("Browser: " + ("; ".join(f"{len(lines)} line(s) in {name}" for name, lines in
                                  [("live-frames.txt", frames), ("redraw-seconds.txt", redraws)])
                       if frames or redraws else "no test-artifacts/live-frames.txt or redraw-seconds.txt yet (the browser test writes them)."))
    say()
    return found
