"""The course's own timings (section 4 of benchmarks/run.py): wall time and kernel CPU time to execute
each notebook in a fresh kernel, the nbval run, and each slider callback's time from call to rendered
PNG at its default values.

Callbacks are found the way the notebooks show them: every `widgets.panel(CALLBACK, ...)` call in a
notebook names one. Notebooks are loaded and executed with
scripts/nbtools.py, as the tests and scripts/run_notebooks.py do.
"""
import contextlib
import io
import math
import os
import subprocess
import sys
import time

import nbformat
import numpy as np

import nbtools
import nnlib
from measure import alternate, say, table, time_inside

# ---- this part's knobs --------------------------------------------------------------------------
CALLBACK_ROUNDS = {"full": 5, "quick": 2}
COURSE_TARGET_S = 60.0                             # the nbval run over notebooks/ on all cores (wall)
# Callback targets (seconds): the 300 ms for XOR-sized nets, 1 s for the circle; notebooks whose
# callback trains a circle-sized net or a whole mini-study get the circle's budget.
CALLBACK_TARGET_S = {"default": 0.3, "05_data_scaling": 1.0, "06_circle_classifier": 1.0, "07_playground": 1.0,
                     "08_real_data": 1.0}        # 08: 1,350 SGD steps of a 64-64-10 net on real images


def time_notebooks(notebooks):
    """Execute each notebook in a fresh kernel; print wall and kernel CPU seconds, then time the nbval run."""
    rows, total, total_cpu = [], 0.0, 0.0
    for path in notebooks:
        nb = nbtools.read(path)
        # A last cell reports the kernel's own CPU seconds: on a shared machine that is what the
        # notebook would take alone (BLAS runs one thread), while wall time includes waiting for a core.
        nb.cells.append(nbformat.v4.new_code_cell("import os as _os; print(sum(_os.times()[:2]))"))
        start = time.perf_counter()
        try:
            nbtools.execute(nb, path.parent, quiet=True)       # kernel's stderr: only start-up chatter
            status, cpu = "ok", float(nb.cells[-1].outputs[0]["text"])
        except Exception as err:          # report and go on: one broken notebook must not hide the others
            status, cpu = f"failed: {type(err).__name__}", math.nan
        seconds = time.perf_counter() - start
        total, total_cpu = total + seconds, total_cpu + cpu
        rows.append([path.name, f"{seconds:.1f}", f"{cpu:.1f}", status])
    rows.append(["**all notebooks, one after another**", f"**{total:.1f}**", f"**{total_cpu:.1f}**", ""])
    table(["notebook (fresh kernel, nbclient)", "wall seconds", "kernel CPU seconds", "status"], rows)
    # The course as the README's test command runs it: nbval over notebooks/, one notebook per
    # worker on every core (pyproject's -n auto --dist loadfile).
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "notebooks"], cwd=nbtools.ROOT,
                         capture_output=True, text=True)
    nbval_wall = time.perf_counter() - start
    last_line = (run.stdout.strip().splitlines() or ["no output"])[-1]
    say(f"The nbval run (`pytest notebooks`, {os.cpu_count()} workers): {nbval_wall:.1f} s wall, {last_line.strip('= ')}.")
    say()
    return {"course, kernel CPU time (one after another)": (f"{total_cpu:.1f} s", total_cpu, None),
            "course, nbval run on all cores (wall)": (f"{nbval_wall:.1f} s",
                                                      nbval_wall if run.returncode == 0 else math.inf, COURSE_TARGET_S)}


def time_callbacks(notebooks, mode):
    """Call every slider callback at its default values until a PNG is rendered; print and return the times."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rounds = CALLBACK_ROUNDS[mode]
    rows, found = [], {}
    for path in notebooks:
        try:
            names = nbtools.panel_callbacks(path)
            functions = nbtools.load_functions(path) if names else None
        except Exception as err:
            rows.append([path.name, f"could not load: {type(err).__name__}: {err}", "", "", "", "", ""])
            continue
        if not names:
            rows.append([path.name, "(no widgets.panel callback found)", "", "", "", "", ""])
        limit = CALLBACK_TARGET_S.get(path.stem, CALLBACK_TARGET_S["default"])
        for name in names:
            callback = getattr(functions, name, None)
            if callback is None:
                rows.append([path.name, f"{name}: not defined at top level", "", "", "", "", ""])
                continue
            training = []                 # seconds spent inside nnlib.train, per call

            def call_and_render(r, callback=callback):
                with contextlib.redirect_stdout(io.StringIO()), time_inside(nnlib, "train", training):
                    figure = callback()
                figure = figure if isinstance(figure, matplotlib.figure.Figure) else plt.gcf()
                figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")   # what the inline backend does
                plt.close("all")
            try:
                seconds, _, wall = alternate({name: call_and_render}, rounds)
            except Exception as err:
                rows.append([path.name, f"{name}() raised {type(err).__name__}: {err}", "", "", "", "", ""])
                continue
            median, median_wall = float(np.median(seconds[name])), float(np.median(wall[name]))
            in_train = float(np.median(training[-rounds:])) if training else 0.0
            rows.append([path.name, f"{name}()", f"{median * 1e3:.0f} [{min(seconds[name]) * 1e3:.0f}-"
                         f"{max(seconds[name]) * 1e3:.0f}]", f"{in_train * 1e3:.0f}" if any(training) else "(not called)",
                         f"{median_wall * 1e3:.0f}", f"< {limit * 1e3:.0f}",
                         "yes" if median < limit else "**no**"])
            found[f"callback {path.stem}.{name}"] = (f"{median * 1e3:.0f} ms", median, limit)
    table(["notebook", "callback (default values)", f"CPU ms to rendered PNG, median [min-max] of {rounds}",
           "of which in nnlib.train (wall)", "wall ms", "target ms", "met"], rows)
    return found


def bench_course(mode):
    notebooks = nbtools.course_notebooks()
    say("## 4. The course: notebooks and slider callbacks")
    say()
    if not notebooks:
        say("No notebooks in notebooks/ yet.")
        say()
        return {}
    found = {}
    if mode == "full":
        found.update(time_notebooks(notebooks))
    else:
        say("(--quick: notebooks not executed)")
        say()
    found.update(time_callbacks(notebooks, mode))
    return found
