"""What every exercise check shares: the Result it prints, a safe call of the student's code, and
array comparisons whose hints name the likely mistake (transposed, a constant factor, the sign)."""
import traceback
from dataclasses import dataclass

import numpy as np

NOT_DONE = "not done yet"


@dataclass
class Result:
    """The verdict of one check: status is "pass", "not done" or "wrong"; message says what to do."""
    exercise: str
    status: str
    message: str

    def __bool__(self):
        return self.status == "pass"

    def __str__(self):
        mark = {"pass": "PASS", "not done": "NOT DONE YET", "wrong": "NOT YET RIGHT"}[self.status]
        return f"[{mark}] {self.exercise}: {self.message}"

    def show(self):
        print(self)
        return self


def passed(exercise, message="correct."):
    return Result(exercise, "pass", message).show()


def not_done(exercise, what):
    return Result(exercise, "not done", f"{NOT_DONE}: {what}").show()


def wrong(exercise, hint):
    return Result(exercise, "wrong", hint).show()


def is_stub(value):
    """True for what a stub leaves behind: None or ... (Ellipsis)."""
    return value is None or value is Ellipsis


def attempt(fn, *args, **kwargs):
    """Call the student's fn; return (value, None), or (None, a one-line description of its error)."""
    try:
        return fn(*args, **kwargs), None
    except Exception as err:   # the student's code may raise anything; the check turns it into a hint
        where = traceback.extract_tb(err.__traceback__)[-1]
        return None, f"your code raised {type(err).__name__}: {err} (line {where.lineno}: {where.line})"


def compare(name, got, expected, rtol=1e-6, atol=1e-9):
    """None if got matches expected, else a hint naming the likely mistake."""
    if is_stub(got):
        return f"{name} is still {got!r}"
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"{name} should be an array of numbers, got {type(got).__name__}"
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        if got.shape == expected.shape[::-1] and got.ndim == 2:
            return f"{name} has shape {got.shape}, expected {expected.shape}: transposed?"
        if got.size == expected.size:
            return f"{name} has shape {got.shape}, expected {expected.shape}: the right numbers in the wrong shape?"
        return f"{name} has shape {got.shape}, expected {expected.shape}"
    if not np.all(np.isfinite(got)):
        return f"{name} holds NaN or inf"
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return None
    if np.allclose(got, -expected, rtol=rtol, atol=atol):
        return f"{name} has the wrong sign"
    if got.ndim == 2 and got.shape[0] == got.shape[1] and np.allclose(got, expected.T, rtol=rtol, atol=atol):
        return f"{name} is the transpose of what it should be"
    nonzero = np.abs(expected) > atol
    if nonzero.any():
        ratios = got[nonzero] / expected[nonzero]
        if np.allclose(ratios, ratios[0], rtol=1e-6) and np.allclose(got[~nonzero], 0, atol=atol):
            return (f"{name} is {ratios[0]:.4g} times what it should be: a missing or extra factor "
                    f"(a sum instead of a mean, or a factor 1/2 or 2)?")
    worst = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
    return (f"{name} differs: at index {tuple(int(i) for i in worst)} it is {got[worst]:.6g}, "
            f"expected {expected[worst]:.6g}")
