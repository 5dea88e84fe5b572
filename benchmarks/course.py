"""The course's own timings (section 4 of benchmarks/run.py): wall time and kernel CPU time to execute
each notebook in a fresh kernel, the nbval run, and each slider callback's time from call to rendered
PNG at its default values.

Callbacks are found the way the notebooks show them: every `widgets.panel(CALLBACK, ...)` call in a
notebook names one. Notebooks are loaded and executed with
scripts/nbtools.py, as the tests and scripts/run_notebooks.py do.
"""
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
# Callback targets (seconds, issue 14): 150 ms for the XOR-sized callbacks of notebooks 01-04, 300 ms for
# the circle (06) and the data-scaling mini-study (05); 08 keeps 1 s. 07 has no panel: its live playground
# is timed by section 6 (benchmarks/live.py) and the browser test.
CALLBACK_TARGET_S = {"default": 0.15, "05_data_scaling": 0.3, "06_circle_classifier": 0.3,
                     "08_real_data": 1.0}        # 08: 1,350 SGD steps of a 64-64-10 net on real images
SIZE_CLASS = {0.15: "XOR-sized", 0.3: "circle, data scaling", 1.0: "real data"}


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
    """Call every slider callback at its default values until a PNG is rendered, as widgets.panel renders
    it (nnlib.widgets._render, which nnlib.timing.redraw_seconds times too); print and return the times.
    Caches the notebook's functions keep (functools.lru_cache) are cleared before every call: a redraw
    at a setting not seen before. A panel's frame (widgets.frame, built by its first draw) is kept, as
    the panel keeps it: the first call is timed apart."""
    import matplotlib
    matplotlib.use("Agg")
    from nnlib.widgets import _render
    rounds = CALLBACK_ROUNDS[mode]
    rows, found = [], {}
    for path in notebooks:
        try:
            names = nbtools.panel_callbacks(path)
            functions = nbtools.load_functions(path) if names else None
        except Exception as err:
            rows.append([path.name, f"could not load: {type(err).__name__}: {err}", "", "", "", "", "", ""])
            continue
        if not names:
            rows.append([path.name, "(no widgets.panel: 07's live playground is section 6)" if path.stem == "07_playground"
                         else "(no widgets.panel callback found)", "", "", "", "", "", ""])
        limit = CALLBACK_TARGET_S.get(path.stem, CALLBACK_TARGET_S["default"])
        for name in names:
            callback = getattr(functions, name, None)
            if callback is None:
                rows.append([path.name, f"{name}: not defined at top level", "", "", "", "", "", ""])
                continue
            training = []                 # seconds spent inside nnlib.train, per call

            def call_and_render(r, callback=callback, caches=caches_of(functions)):
                for cached in caches:
                    cached.cache_clear()
                with time_inside(nnlib, "train", training):
                    outputs = _render(callback, {})
                if outputs[-1]["output_type"] == "error":
                    raise RuntimeError(outputs[-1]["evalue"])
            try:
                start = time.process_time()
                call_and_render(0)        # the panel's first draw: a frame (widgets.frame) is built here
                first = time.process_time() - start
                seconds, _, wall = alternate({name: call_and_render}, rounds, warmup=False)
            except Exception as err:
                rows.append([path.name, f"{name}() raised {type(err).__name__}: {err}", "", "", "", "", "", ""])
                continue
            median, median_wall = float(np.median(seconds[name])), float(np.median(wall[name]))
            in_train = float(np.median(training[-rounds:])) if training else 0.0
            rows.append([path.name, f"{name}()", f"{median * 1e3:.0f} [{min(seconds[name]) * 1e3:.0f}-"
                         f"{max(seconds[name]) * 1e3:.0f}]", f"{first * 1e3:.0f}",
                         f"{in_train * 1e3:.0f}" if any(training) else "(not called)",
                         f"{median_wall * 1e3:.0f}", f"< {limit * 1e3:.0f} ({SIZE_CLASS.get(limit, '')})",
                         "yes" if median < limit else "**no**"])
            found[f"callback {path.stem}.{name}"] = (f"{median * 1e3:.0f} ms", median, limit)
    table(["notebook", "callback (default values)", f"CPU ms to the panel's PNG, median [min-max] of {rounds}",
           "first call ms (builds a frame)", "of which in nnlib.train (wall)", "wall ms", "target ms", "met"], rows)
    return found


def caches_of(functions):
    """The notebook's functions that keep an lru_cache."""
    return [f for f in vars(functions).values() if callable(getattr(f, "cache_clear", None))]


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
