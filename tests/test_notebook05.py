"""Notebook 05 (data scaling): what its slider callback draws (the mini-study and its slope, at every
combination of the sliders' ends; a frame the panel blits, the same pixels as a full draw), its power-law
fit, its bootstrap interval, its training recipe (same as nnlib.train, and not chaotic), all loaded from
the notebook itself."""
import itertools
import math
import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlib
from nnlib import batched, datasets, widgets
from nnlib.panels.nb05 import explore_frame
from notebook_functions import blit_difference, control_edges, load_functions, panel_controls

NOTEBOOK = "notebooks/05_data_scaling.ipynb"
NB = load_functions(NOTEBOOK)
EXTREMES = {name: control_edges(control) for name, control in panel_controls(NOTEBOOK, NB)[1].items()}


def drew_something(fig):
    """True if the figure shows the mini-study (a median error line over LIVE_SIZES with error rates
    in [0, 1], a finite fitted slope in the title and its interval, or why there is none) or a message
    in the plot's place."""
    ax = fig.axes[0]
    if ax.texts and not ax.lines:
        return True
    medians = [line for line in ax.lines if line.get_label().startswith("median")]
    slope = re.search(r"slope (-?\d+\.\d+), (95% interval (-?\d+\.\d+) to (-?\d+\.\d+)|1 repeat: no interval)$",
                      ax.get_title())
    return (len(medians) == 1 and list(medians[0].get_xdata()) == list(NB.LIVE_SIZES)
            and all(0 <= y <= 1 for y in medians[0].get_ydata()) and slope is not None
            and math.isfinite(float(slope[1])))


@pytest.mark.parametrize("values", [dict(zip(EXTREMES, combo)) for combo in itertools.product(*EXTREMES.values())],
                         ids=lambda v: "-".join(f"{k}={x}" for k, x in v.items()))
def test_explore_at_the_extremes_draws_a_figure(values):
    fig = NB.explore(**values)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert drew_something(fig), f"explore({values}) drew an empty figure"
    assert blit_difference(fig) == 0, f"explore({values}): the panel's blitted image differs from a full draw"


def test_a_second_setting_redraws_only_the_animated_parts():
    """What makes the panel fast: the frame's pixels (axes, ticks, labels) are kept from one setting to the next."""
    fig = NB.explore()
    widgets._blit(fig)
    kept = fig._nnlib_background
    assert NB.explore(label_noise=0.3, hidden=2, repeats=2) is fig
    widgets._blit(fig)
    assert fig._nnlib_background is kept
    assert blit_difference(fig) == 0


def test_diverged_runs_show_a_message_in_a_figure_of_their_own(monkeypatch):
    """show_message clears its axes, so it must never draw on the frame."""
    frame = explore_frame(NB.LIVE_XLIM, NB.LIVE_YLIM)[0]
    monkeypatch.setitem(NB.explore.__globals__, "run_study", lambda **kw: {"finite": np.array([[True, False]])})
    fig = NB.explore()
    try:
        assert fig is not frame and not getattr(fig, "_nnlib_frame", False)
        assert fig not in [plt.figure(n) for n in plt.get_fignums()]   # not in pyplot: a static cell shows it once
        assert "1 runs diverged" in fig.axes[0].texts[0].get_text() and drew_something(fig)
        assert frame.axes[0].lines and frame.axes[0].axison
    finally:
        plt.close(fig)


def test_the_frame_is_made_once_per_limits():
    """A redraw at limits seen before reuses their frame; other limits get a frame of their own."""
    assert explore_frame(NB.LIVE_XLIM, NB.LIVE_YLIM) is explore_frame(NB.LIVE_XLIM, NB.LIVE_YLIM)
    other = explore_frame(NB.LIVE_XLIM, (1e-4, 1.0))
    assert other[0] is not explore_frame(NB.LIVE_XLIM, NB.LIVE_YLIM)[0]
    ax = other[0].axes[0]
    assert ax.get_ylim() == pytest.approx((1e-4, 1.0)) and ax.get_xlim() == pytest.approx(NB.LIVE_XLIM)
    assert other[1:] == (ax.collections[0], *ax.lines[:2], ax.get_legend().get_texts()[1], ax.title)   # the live parts, named
    with pytest.raises(ValueError, match="xlim and ylim"):
        explore_frame(NB.LIVE_XLIM, (0.0, 1.0))


def test_explore_defaults_fit_a_slope_and_its_interval_in_the_title():
    fig = NB.explore()
    title = fig.axes[0].get_title()
    found = re.search(r"slope (-?\d+\.\d+), 95% interval (-?\d+\.\d+) to (-?\d+\.\d+)$", title)
    slope, low, high = (float(x) for x in found.groups())
    assert -1.5 < slope < -0.5, title   # clean labels, 8 hidden units: near -1
    assert low <= slope <= high, title
    assert fig.axes[0].get_legend().get_texts()[1].get_text().endswith(f" n^({slope:.2f})")   # the legend's fit too
    assert blit_difference(fig) == 0


def test_explore_with_one_repeat_says_there_is_no_interval():
    fig = NB.explore(repeats=1)
    assert fig.axes[0].get_title().endswith("1 repeat: no interval")
    assert blit_difference(fig) == 0


def synthetic(slope, c=2.0, repeats=20, noise=0.15, seed=1):
    """Errors c * n**slope times log-normal noise: shape (sizes, repeats)."""
    sizes = np.array([10, 18, 32, 56, 100, 178, 316, 562, 1000])
    rng = np.random.default_rng(seed)
    return sizes, c * sizes[:, None] ** slope * np.exp(noise * rng.standard_normal((len(sizes), repeats)))


def test_fit_power_law_recovers_a_known_slope():
    sizes, errors = synthetic(-0.5)
    slope, c = NB.fit_power_law(sizes, np.median(errors, axis=1))
    assert abs(slope - (-0.5)) < 0.03
    assert abs(c - 2.0) < 0.3
    sizes, errors = synthetic(-1.0, c=5.0)
    slope, c = NB.fit_power_law(sizes, np.median(errors, axis=1))
    assert abs(slope - (-1.0)) < 0.03 and abs(c - 5.0) < 0.8


def test_fit_power_law_is_exact_without_noise_and_fits_many_rows_at_once():
    sizes = np.array([10.0, 100.0, 1000.0])
    rows = np.array([3.0 * sizes ** -0.5, 0.5 * sizes ** -1.0])
    slopes, cs = NB.fit_power_law(sizes, rows.T)   # one fit per column, as np.polyfit takes them
    np.testing.assert_allclose(slopes, [-0.5, -1.0], atol=1e-12)
    np.testing.assert_allclose(cs, [3.0, 0.5], rtol=1e-12)


def test_bootstrap_interval_contains_the_true_slope_and_narrows_with_more_repeats():
    sizes, errors = synthetic(-0.5, repeats=20)
    low, high = NB.bootstrap_slope(sizes, errors, n_boot=1000, seed=0)
    assert low < -0.5 < high
    assert 0.005 < high - low < 0.2
    sizes, many = synthetic(-0.5, repeats=200)
    low_many, high_many = NB.bootstrap_slope(sizes, many, n_boot=1000, seed=0)
    assert high_many - low_many < 0.6 * (high - low)
    assert NB.bootstrap_slope(sizes, errors, n_boot=500, seed=3) == NB.bootstrap_slope(sizes, errors, n_boot=500, seed=3)


def test_train_runs_matches_nnlib_train():
    seeds = [3, 4, 5]
    data = [datasets.xor_quadrants(40, 0.1, seed=100 + s) for s in seeds]
    params = batched.stack_params([2, NB.HIDDEN, 1], seeds, NB.ACTIVATION)
    history = NB.train_runs(params, np.stack([d[0] for d in data]), np.stack([d[1] for d in data]), epochs=200)
    assert history["loss"].shape == (200, 3) and np.isfinite(history["loss"]).all()
    for r, (s, (X, Y)) in enumerate(zip(seeds, data)):
        net = nnlib.MLP([2, NB.HIDDEN, 1], activation=NB.ACTIVATION, seed=s)
        nnlib.train(net, X, Y, loss="bce", lr=NB.LR, momentum=NB.MOMENTUM, epochs=200)
        for k, p in batched.unstack(params, r).items():
            np.testing.assert_allclose(p, net.params[k], rtol=0, atol=1e-9)
        errors = NB.error_rates({k: v[r:r + 1] for k, v in params.items()}, X, Y)
        assert errors[0] == pytest.approx(1 - nnlib.accuracy(net.forward(X), Y))


@pytest.mark.parametrize("label_noise,hidden,n", [(0.1, 8, 56), (0.1, 8, 178), (0.0, 2, 32)])
def test_training_recipe_is_not_chaotic(label_noise, hidden, n):
    """The printed results must not hang on the last bits of the arithmetic (another BLAS, CPU or a
    rewritten sigmoid): nudging every initial weight by 1e-13 must leave every run's error rates as
    they were. With lr=1.0 and momentum=0.9 the noisy-label and 2-unit runs bounced and this failed."""
    data = [datasets.xor_quadrants(n, label_noise, seed=NB.DATA_SEED + r) for r in range(NB.N_REPEATS)]
    X, Y = np.stack([d[0] for d in data]), np.stack([d[1] for d in data])
    results = []
    for nudge in (0.0, 1e-13, -1e-13):
        params = batched.stack_params([2, hidden, 1], range(NB.N_REPEATS), NB.ACTIVATION)
        rng = np.random.default_rng(0)
        for p in params.values():
            p += nudge * rng.choice([-1.0, 1.0], size=p.shape)
        NB.train_runs(params, X, Y)
        results.append((NB.error_rates(params, NB.X_test, NB.Y_test), NB.error_rates(params, X, Y)))
    for test_errors, train_errors in results[1:]:
        np.testing.assert_array_equal(test_errors, results[0][0])
        np.testing.assert_array_equal(train_errors, results[0][1])
