"""One clock for the notebooks' timing cells (time.perf_counter): best_seconds for a call, stopwatch for a block."""
import time


def best_seconds(fn, *args, repeat=5, min_seconds=0.02, **kwargs):
    """Seconds one call fn(*args, **kwargs) takes: the fastest of `repeat` rounds, each of enough calls
    to last min_seconds (the minimum is the least disturbed by other programs, as timeit advises)."""
    number, best = 1, float("inf")
    for _ in range(repeat):
        while True:
            start = time.perf_counter()
            for _ in range(number):
                fn(*args, **kwargs)
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds or number >= 2 ** 20:
                break
            number *= 2
        best = min(best, elapsed / number)
    return best


class stopwatch:
    """`with stopwatch() as clock: ...` then clock.seconds: the wall time of the block."""

    def __enter__(self):
        self.start, self.seconds = time.perf_counter(), None
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        return False


def redraw_seconds(callback, repeat=3, **values):
    """Seconds from calling a slider callback to its rendered PNG, as widgets.panel shows it (best of repeat)."""
    from .widgets import _render        # matplotlib and ipywidgets load only when a redraw is timed
    return best_seconds(_render, callback, values, repeat=repeat, min_seconds=0)
