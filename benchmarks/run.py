"""How fast nnlib is, against what a user would pick instead. Prints Markdown tables of times and ratios.

    .venv/bin/python benchmarks/run.py                     # full run, about 5-10 minutes on 2 cores
    .venv/bin/python benchmarks/run.py --quick             # a short run (fewer repeats; no notebook runs)
    .venv/bin/python benchmarks/run.py --only 1,3          # some sections only
    .venv/bin/python benchmarks/run.py --results benchmarks/RESULTS.md   # also write the tables there

Sections 1-3 (contenders.py): the circle classifier at course scale, nnlib vs a plain NumPy loop vs
PyTorch vs scikit-learn; per-node vs vectorized backprop; a 784-256-10 layer against PyTorch and a
float64 matrix-multiply peak. Section 4 (course.py): every notebook in a fresh kernel, the nbval run,
and every slider callback. Section 5 (digits.py): one epoch of notebook 08's digits network against a
plain NumPy loop. Section 6 (live.py): the live playground's time per frame and per control change, and the
browser test's frames/s and redraw seconds against their targets. measure.py holds the side-by-side timing and the table printing.

Every comparison is measured side by side in this one process: the contenders run in turn, in a
rotated order, round after round, and a ratio is the median (and quartiles) of the per-round ratios.
BLAS and PyTorch run on ONE thread, so times are this process's CPU seconds: what the work takes,
even when other jobs share the cores (wall times, which include waiting for a core, are shown too).
PyTorch and scikit-learn are optional (benchmarks/requirements.txt): missing, their rows say "not installed".
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "scripts"))
import nbtools  # noqa: E402

nbtools.one_blas_thread(force=True)     # before NumPy loads its BLAS: the 1-thread comparisons need it

import argparse  # noqa: E402
import datetime  # noqa: E402
import importlib  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from contenders import bench_circle, bench_large, bench_per_node, sklearn_nn, torch  # noqa: E402
from course import bench_course  # noqa: E402
from digits import bench_digits  # noqa: E402
from live import bench_live  # noqa: E402
from measure import OUT, say, table  # noqa: E402

TARGETS = {"plain": 1.2, "torch_large": 1.2, "digits": 1.3}   # nnlib's time / the plain loop's (circle; digits);
SECTIONS = {"1": bench_circle, "2": bench_per_node, "3": bench_large, "4": bench_course, "5": bench_digits, "6": bench_live}  # / PyTorch's


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def against_targets(found):
    """The closing table: each measure the sections returned, against its target."""
    rows = []
    for name, (text, value, *limit) in found.items():
        if len(limit) == 3:                           # the section judged it: (text, value, None, target, met)
            target, met = limit[1:]
        elif name.startswith("nnlib / plain") and name.endswith("digits epoch"):
            target, met = f"<= {TARGETS['digits']}x", value <= TARGETS["digits"]
        elif name.startswith("nnlib / plain"):
            target, met = f"<= {TARGETS['plain']}x", value <= TARGETS["plain"]
        elif name.startswith("nnlib / PyTorch float64"):
            target, met = f"<= {TARGETS['torch_large']}x", value <= TARGETS["torch_large"]
        elif limit and limit[0] is not None:          # course and callbacks: seconds under a limit
            target, met = f"< {limit[0]:.0f} s" if limit[0] >= 10 else f"< {limit[0] * 1e3:.0f} ms", value < limit[0]
        else:
            target, met = "(for information)", None
        rows.append([name, text, target, "" if met is None else ("yes" if met else "**no**")])
    table(["measure", "measured", "target", "met"], rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats and sizes; notebooks not executed")
    parser.add_argument("--only", default="1,2,3,4,5,6", help="comma-separated sections to run, e.g. 1,3")
    parser.add_argument("--results", help="also write the printed Markdown to this file")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    versions = [f"Python {platform.python_version()}", f"NumPy {np.__version__}",
                f"PyTorch {torch.__version__}" if torch else "PyTorch not installed",
                f"scikit-learn {importlib.import_module('sklearn').__version__}" if sklearn_nn else "scikit-learn not installed"]
    say(f"# nnlib benchmarks ({mode} run)")
    say()
    say(f"- command: `{' '.join(['.venv/bin/python', 'benchmarks/run.py'] + sys.argv[1:])}`")
    say(f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    say(f"- machine: {platform.machine()}, {cpu_model()}, {os.cpu_count()} cores; {', '.join(versions)}")
    say("- threads: BLAS and PyTorch 1")
    load_line, load_start = len(OUT), os.getloadavg()[0]
    say()
    started = time.perf_counter()
    found = {}
    for key in args.only.split(","):
        found.update(SECTIONS[key.strip()](mode))
    say("## Against the targets")
    say()
    against_targets(found)
    load_end = os.getloadavg()[0]
    say(f"Whole run: {time.perf_counter() - started:.0f} s.")
    busy = max(load_start, load_end) > 0.5
    OUT.insert(load_line, f"- load average {load_start:.1f} at the start, {load_end:.1f} at the end, on {os.cpu_count()} cores"
               + (": other jobs shared the machine, so wall times are noisy; CPU times and ratios much less so"
                  if busy else ": the machine was quiet"))
    print(OUT[load_line])
    if args.results:
        pathlib.Path(args.results).write_text("\n".join(OUT) + "\n")


if __name__ == "__main__":
    main()
