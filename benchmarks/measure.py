"""Measuring side by side, and printing what was measured: the helpers every benchmark section uses.

Contenders run in turn, in a rotated order, round after round (alternate), and a ratio is the median
(and quartiles) of the per-round ratios (ratio). Everything runs on one thread, so this process's CPU
seconds are what the work takes, even when other jobs share the cores; wall times are kept too.
"""
import importlib
import time

import numpy as np

OUT = []                                           # every printed line, for --results


def say(text=""):
    print(text, flush=True)
    OUT.append(text)


def table(header, rows):
    """Print a Markdown table (and a blank line after it)."""
    say("| " + " | ".join(header) + " |")
    say("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        say("| " + " | ".join(str(c) for c in row) + " |")
    say()


def optional(name):
    """Import an optional package, or return None when it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def alternate(contenders, rounds, warmup=True):
    """Run contenders {name: fn(round) -> result} in turn, rotating the order every round.

    With warmup, each runs once untimed first (lazy imports, caches, PyTorch's first-call set-up).
    Returns (seconds, results, wall): {name: [per-round CPU seconds]}, {name: [per-round fn result]}
    and {name: [per-round wall-clock seconds]}. Everything here runs on one thread, so this process's
    CPU time is the time the work takes; on a shared machine wall time also counts waiting for a core.
    """
    names = list(contenders)
    if warmup:
        for name in names:
            contenders[name](0)
    seconds, results, wall = ({n: [] for n in names} for _ in range(3))
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            start, start_wall = time.process_time(), time.perf_counter()
            result = contenders[name](r)
            seconds[name].append(time.process_time() - start)
            wall[name].append(time.perf_counter() - start_wall)
            results[name].append(result)
    return seconds, results, wall


def quartiles(values):
    return np.percentile(np.asarray(values, dtype=float), [25, 50, 75])


def spread(values, scale=1.0, digits=1):
    """'median [q1-q3]' of values * scale."""
    q1, med, q3 = quartiles(values) * scale
    return f"{med:.{digits}f} [{q1:.{digits}f}-{q3:.{digits}f}]"


def ratio(a, b):
    """Per-round ratios a/b, as 'median [q1-q3]' and the median itself."""
    r = np.asarray(a) / np.asarray(b)
    return spread(r, digits=2) + "x", float(np.median(r))


class time_inside:
    """Context manager: while active, module.name is wrapped so that each call's total time per
    `with` block is appended to `record` (e.g. how much of a callback is training, not drawing)."""

    def __init__(self, module, name, record):
        self.module, self.name, self.record = module, name, record

    def __enter__(self):
        self.original, self.total = getattr(self.module, self.name), 0.0

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.total += time.perf_counter() - start
        setattr(self.module, self.name, timed)

    def __exit__(self, *exc):
        setattr(self.module, self.name, self.original)
        self.record.append(self.total)
