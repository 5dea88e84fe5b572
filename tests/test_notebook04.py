"""What notebook 04's slider callbacks show: a labelled loss curve (hn_.. lr_.. ok_True/False) with only
finite points, or the divergence message, at the ends of the controls and in combinations of them; and that
a redraw of their frame (nnlib.widgets.frame) shows what a full draw shows, without drawing the frame again.

The callbacks and their controls come from the notebook itself (its widget cells, through
tests/notebook_functions.py), their frames from nnlib/panels/nb04.py. Every figure is rendered to PNG,
because some failures (overflow in a log axis) only appear when drawing; pyproject turns RuntimeWarnings
into errors, so an overflow fails the test too. That every control at its ends never raises is
tests/test_sliders.py's job.
"""
import io
import inspect
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from nnlib import widgets
from nnlib.panels import nb04 as panels04
from notebook_functions import blit_difference, control_edges, load_functions, panels, shows_divergence

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
    """Number of plotted (visible) lines, asserting every one holds at least one point and only finite numbers."""
    lines = [line for ax in fig.axes for line in ax.get_lines() if line.get_visible()]
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
    shown = [line for line in fig.axes[0].get_lines() if line.get_visible()]
    assert len(shown) == num_seeds + 1, "one curve per seed plus the median"
    finite_lines(fig)
    assert f"of {num_seeds} seeds solved" in render(fig)


def test_explore_seeds_refuses_more_seeds_than_it_has_curves():
    with pytest.raises(ValueError, match="num_seeds"):
        NB.explore_seeds(num_seeds=SEEDS["num_seeds"][-1] + 1)
    with pytest.raises(ValueError, match="num_seeds"):
        NB.explore_seeds(num_seeds=0)


def is_frame(fig):
    return getattr(fig, "_nnlib_frame", False)


FRAME_CASES = ([(name, {}) for name in ENDS]
               + [(name, {control: value}) for name in ENDS for control, values in ENDS[name].items() for value in values]
               + [("explore", dict(hidden=16, lr=0.3, output="identity")), ("explore_seeds", dict(hidden=16, lr=8.0, num_seeds=50))])


@pytest.mark.parametrize("name, kwargs", FRAME_CASES, ids=lambda v: v if isinstance(v, str) else
                         ",".join(f"{a}={b:g}" if isinstance(b, float) else f"{a}={b}" for a, b in v.items()) or "defaults")
def test_a_redraw_shows_what_a_full_draw_shows(name, kwargs):
    fig = getattr(NB, name)(**kwargs)
    if name == "explore" and kwargs.get("lr", 0) > 10:          # sigmoid at lr 100: diverged, on an ordinary figure
        assert not is_frame(fig) and shows_divergence(render(fig))
        return
    assert is_frame(fig) and blit_difference(fig) == 0


def test_a_second_setting_draws_only_the_animated_parts():
    # What makes a redraw fast: the frame (axes, ticks, labels, colour bar) is drawn once and kept as pixels.
    for callback, first, second in [(NB.explore, dict(hidden=3), dict(hidden=16, lr=2.0, seed=7)),
                                    (NB.explore, dict(output="identity", lr=0.1), dict(output="identity", hidden=8, seed=3)),
                                    (NB.explore_seeds, dict(num_seeds=50), dict(hidden=16, lr=8.0, num_seeds=3))]:
        fig = callback(**first)
        before = widgets._blit(fig).copy()
        kept = fig._nnlib_background
        assert callback(**second) is fig
        after = widgets._blit(fig)
        assert fig._nnlib_background is kept and (before != after).any()
        assert blit_difference(fig) == 0


def test_a_frame_is_built_once_per_arguments():
    # widgets.frame keeps one figure per distinct arguments: explore's per output unit, both per number of epochs.
    for build, args, other in [(panels04.explore_frame, (NB.LIVE_EPOCHS, "sigmoid"), (NB.LIVE_EPOCHS, "identity")),
                               (panels04.explore_frame, (NB.LIVE_EPOCHS, "sigmoid"), (NB.LIVE_EPOCHS // 2, "sigmoid")),
                               (panels04.seeds_frame, (NB.LIVE_EPOCHS, 50), (NB.LIVE_EPOCHS // 2, 50)),
                               (panels04.seeds_frame, (NB.LIVE_EPOCHS, 50), (NB.LIVE_EPOCHS, 10))]:
        first = build(*args)
        assert build(*args)[0] is first[0], f"{build.__name__}{args} built twice"
        assert build(*other)[0] is not first[0], f"{build.__name__}{other} reused the frame of {args}"
    assert panels04.explore_frame(NB.LIVE_EPOCHS, "identity")[0].axes[0].get_ylim() == panels04.E_LIMITS["identity"]
    assert panels04.explore_frame(NB.LIVE_EPOCHS // 2, "sigmoid")[0].axes[0].get_xlim() == (0, NB.LIVE_EPOCHS // 2)
    assert len(panels04.seeds_frame(NB.LIVE_EPOCHS, 10)[1]) == 10


def test_the_frames_refuse_bad_arguments():
    for build, args, name in [(panels04.explore_frame, (0, "sigmoid"), "epochs"),
                              (panels04.explore_frame, (2000.5, "sigmoid"), "epochs"),
                              (panels04.explore_frame, (2000, "tanh"), "output"),
                              (panels04.seeds_frame, (2000, 0), "num_curves"),
                              (panels04.seeds_frame, (True, 5), "epochs")]:
        with pytest.raises(ValueError, match=name):
            build(*args)


def test_a_diverged_run_is_shown_once_on_a_figure_of_its_own():
    # Not the frame, and not left in pyplot: a cell ending with explore() would show it twice.
    fig = NB.explore(hidden=2, lr=EXPLORE["lr"][-1], output="identity")
    assert not is_frame(fig) and fig.number not in plt.get_fignums()
    assert fig not in [plt.figure(n) for n in plt.get_fignums()]
    assert shows_divergence(render(fig))


def test_the_loss_curves_fit_in_the_fixed_axes():
    # The limits are fixed (a redraw changes no axes); they hold these runs' losses, and each output unit has its range.
    for callback, kwargs in [(NB.explore, {}), (NB.explore, dict(hidden=16, lr=2.0)), (NB.explore, dict(hidden=1, seed=49)),
                             (NB.explore, dict(hidden=16, lr=0.3, output="identity")),
                             (NB.explore_seeds, dict(num_seeds=50)), (NB.explore_seeds, dict(hidden=16, lr=2.0, num_seeds=50))]:
        fig = callback(**kwargs)
        assert is_frame(fig), f"{callback.__name__}({kwargs}) diverged"
        ax = fig.axes[0]
        (left, right), (low, high) = ax.get_xlim(), ax.get_ylim()
        for line in ax.get_lines():
            if line.get_visible():
                x, y = np.asarray(line.get_xdata()), np.asarray(line.get_ydata())
                assert left <= x.min() and x.max() <= right == NB.LIVE_EPOCHS
                assert low <= y.min() and y.max() <= high, f"{callback.__name__}({kwargs}): E from {y.min():.3g} to {y.max():.3g}"
    assert NB.explore(output="identity", lr=0.1).axes[0].get_ylim() != NB.explore().axes[0].get_ylim()


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
