"""The slider callback of notebooks/02_vectorized_backprop.ipynb, called as its sliders would call it.

explore(hidden, n_examples) times one loss_and_grads call of OldschoolMLP and of MLP and draws them
as two bars on a linear axis from 0 (a bar's length is its time). It must never raise, at any slider
value, and must always draw the same kind of figure.
"""
import itertools

import matplotlib
import matplotlib.pyplot as plt
import pytest

from notebook_functions import control_edges, load_functions, panel_controls, start_values

NB = load_functions("notebooks/02_vectorized_backprop.ipynb")
CALLBACK, CONTROLS = panel_controls("notebooks/02_vectorized_backprop.ipynb", NB)
START = start_values(CONTROLS)
HIDDEN = [*control_edges(CONTROLS["hidden"]), START["hidden"]]
EXAMPLES = [*control_edges(CONTROLS["n_examples"]), START["n_examples"]]
# every slider at both ends and its start, with the other at its start; plus the four corners
SETTINGS = sorted({(h, START["n_examples"]) for h in HIDDEN} | {(START["hidden"], n) for n in EXAMPLES}
                  | set(itertools.product(HIDDEN[:2], EXAMPLES[:2])))


def test_slider_ranges_are_live_sized():
    # The notebook promises small enough settings for a live redraw.
    assert CALLBACK is NB.explore
    assert min(HIDDEN) >= 1 and max(HIDDEN) <= 64
    assert min(EXAMPLES) >= 1 and max(EXAMPLES) <= 256
    assert (max(EXAMPLES) - min(EXAMPLES)) % CONTROLS["n_examples"].step == 0


@pytest.mark.parametrize("hidden, n_examples", SETTINGS)
def test_explore_draws_two_timed_bars(hidden, n_examples):
    fig = NB.explore(hidden=hidden, n_examples=n_examples)
    try:
        assert isinstance(fig, matplotlib.figure.Figure)
        assert len(fig.axes) == 1
        ax = fig.axes[0]
        bars = [p for p in ax.patches if isinstance(p, matplotlib.patches.Rectangle)]
        assert len(bars) == 2
        widths = [bar.get_width() for bar in bars]
        assert all(w > 0 for w in widths)                 # milliseconds per call, both measured
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert any("OldschoolMLP" in s for s in labels) and any("(MLP)" in s for s in labels)
        title = ax.get_title()
        assert f"2-{hidden}-1 network" in title and f"{n_examples} examples" in title
        assert "faster" in title or "same speed" in title
        texts = [t.get_text() for t in ax.texts]
        assert len(texts) == 2 and all("ms per sweep" in t for t in texts)
        assert ax.get_xscale() == "linear" and ax.get_xlim()[0] == 0
        assert max(widths) <= ax.get_xlim()[1]                 # both bars and their labels inside the axes
    finally:
        plt.close(fig)


@pytest.mark.parametrize("hidden, n_examples", [(0, 1), (1000, 10**6), (2.7, 33.3)])
def test_explore_never_raises_outside_the_sliders(hidden, n_examples):
    # Not reachable from the sliders, but a student calling it by hand gets a figure, not a traceback.
    plt.close(NB.explore(hidden=hidden, n_examples=n_examples))


def test_time_both_measures_the_same_computation():
    # The twins the callback times hold the same weights and give the same gradients.
    X, Y = NB.datasets.circle(8, seed=NB.SEED)
    fast, slow = NB.twin_networks([2, 3, 1])
    loss_fast, grads_fast = fast.loss_and_grads(X, Y, "mse")
    loss_slow, grads_slow = slow.loss_and_grads(X, Y, "mse")
    assert abs(loss_fast - loss_slow) < 1e-12
    assert NB.largest_difference(grads_fast, grads_slow) < 1e-12
    slow_seconds, fast_seconds = NB.time_both(3, 8, repeat=1, min_seconds=0)
    assert slow_seconds > 0 and fast_seconds > 0
