"""What notebook 04's slider callbacks show: a labelled loss curve (hn_.. lr_.. ok_True/False) with only
finite points, or the divergence message, at the ends of the controls and in combinations of them.

The callbacks and their controls come from the notebook itself (its widget cells, through
tests/notebook_functions.py). Every figure is rendered to PNG, because some failures (overflow in a
log axis) only appear when drawing; pyproject turns RuntimeWarnings into errors, so an overflow fails
the test too. That every control at its ends never raises is tests/test_sliders.py's job.
"""
import io
import inspect
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from notebook_functions import control_edges, load_functions, panels, shows_divergence

NOTEBOOK = "notebooks/04_hidden_size_and_learning_rate.ipynb"
NB = load_functions(NOTEBOOK)
ENDS = {callback.__name__: {name: control_edges(c) for name, c in controls.items()}
        for callback, controls in panels(NOTEBOOK, NB)}


def render(fig):
    """Draw the figure to PNG (as the widget does) and return all the text it shows."""
    assert isinstance(fig, Figure), f"the callback must return a Figure, got {type(fig).__name__}"
    fig.savefig(io.BytesIO(), format="png", dpi=40)   # low dpi: same drawing code, faster
    texts = [t.get_text() for ax in fig.axes for t in ax.texts] + [ax.get_title() for ax in fig.axes]
    plt.close(fig)
    return " | ".join(texts)


def finite_lines(fig):
    """Number of plotted lines, asserting every one holds at least one point and only finite numbers."""
    lines = [line for ax in fig.axes for line in ax.get_lines()]
    for line in lines:
        y = np.asarray(line.get_ydata(), dtype=float)
        assert y.size > 0 and np.isfinite(y).all(), "a plotted curve holds NaN or inf"
    return len(lines)


EXPLORE = ENDS["explore"]
EXPLORE_CASES = (
    [{name: value} for name, values in EXPLORE.items() for value in values]
    + [dict(hidden=h, lr=lr, seed=EXPLORE["seed"][-1], output=o) for h, lr, o in
       itertools.product(EXPLORE["hidden"], EXPLORE["lr"], EXPLORE["output"])]
    + [dict(hidden=2, lr=2.0, output="identity"), dict(hidden=3, lr=0.05, seed=7)]
)


@pytest.mark.parametrize("kwargs", EXPLORE_CASES, ids=lambda k: ",".join(f"{a}={b:g}" if isinstance(b, float)
                                                                        else f"{a}={b}" for a, b in k.items()))
def test_explore_draws_a_result_or_the_divergence_message(kwargs):
    fig = NB.explore(**kwargs)
    n_lines = finite_lines(fig)
    text = render(fig)
    if shows_divergence(text):
        assert "diverged" in text and "epoch" in text
    else:
        assert n_lines >= 1, "no loss curve drawn"
        assert "ok_True" in text or "ok_False" in text, f"the title must say whether the run solved XOR: {text}"


def test_divergence_is_shown_as_a_message_not_a_traceback():
    # A linear output at the largest rate diverges: the message replaces the boundary, the finite
    # part of the loss curve is still drawn.
    fig = NB.explore(hidden=2, lr=EXPLORE["lr"][-1], output="identity")
    assert finite_lines(fig) >= 1
    assert shows_divergence(render(fig))


def test_default_run_solves_xor_without_a_message():
    fig = NB.explore()
    text = render(fig)
    assert "ok_True" in text and not shows_divergence(text)


def test_explore_only_swallows_divergence():
    # Bad input is a bug in the caller: it must raise, not turn into a message in the figure.
    with pytest.raises(ValueError):
        NB.explore(hidden=0)


SEEDS = ENDS["explore_seeds"]
SEEDS_CASES = (
    [{name: value} for name, values in SEEDS.items() for value in values]
    + [dict(hidden=h, lr=lr, num_seeds=n) for h, lr, n in itertools.product(*SEEDS.values())]
)


@pytest.mark.parametrize("kwargs", SEEDS_CASES, ids=lambda k: ",".join(f"{a}={b:g}" for a, b in k.items()))
def test_explore_seeds_draws_one_curve_per_seed(kwargs):
    fig = NB.explore_seeds(**kwargs)
    num_seeds = kwargs.get("num_seeds", inspect.signature(NB.explore_seeds).parameters["num_seeds"].default)
    loss_axes = fig.axes[0]
    assert len(loss_axes.get_lines()) == num_seeds + 1, "one curve per seed plus the median"
    finite_lines(fig)
    assert f"of {num_seeds} seeds solved" in render(fig)


def test_epochs_to_solve_and_is_solved():
    # The notebook's own definition of "solved" (batched training itself is tested in tests/test_batched.py).
    max_errors = np.array([[0.5, 0.5, 0.39], [0.45, 0.5, 0.2], [0.3, 0.41, 0.1]])   # (epochs, runs)
    np.testing.assert_array_equal(NB.epochs_to_solve(max_errors), [3, np.nan, 1])          # NaN: never
    np.testing.assert_array_equal(NB.epochs_to_solve(max_errors, tolerance=0.1), [np.nan] * 3)
    target = NB.Y[:, 0]
    assert NB.is_solved(target) and NB.is_solved(np.abs(target - 0.39))
    assert not NB.is_solved(np.abs(target - 0.41)) and not NB.is_solved(np.full(4, 0.5))
    assert NB.is_solved(np.stack([target, np.full(4, 0.5)])).tolist() == [True, False]


def test_rates_are_written_one_way_and_converted_to_the_effective_rate():
    # One spelling per rate in every label and print; lr on a summed loss with momentum 0.9 = 40 x lr on the mean.
    assert [NB.lr_text(lr) for lr in NB.LEARNING_RATES] == ["0.00781", "0.0312", "0.125", "0.5", "2", "8", "32"]
    assert NB.effective_lr(NB.LR) == pytest.approx(20.0) and NB.effective_lr(8.0) == pytest.approx(320.0)
