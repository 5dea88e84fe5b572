"""Notebook 06's slider callback `explore`: what it shows for chosen combinations of its controls (a
decision boundary or a message, never an exception), the step cap, and the numbers the notebook's
"Things to try" quotes. The callback and the controls come from the notebook itself; every control
at its ends is tests/test_sliders.py's job.
"""
import inspect

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

import nnlib
from nbtools import read
from nnlib import widgets
from nnlib.panels.nb06 import explore_frame, loss_limits
from notebook_functions import (blit_difference, control_edges, load_functions, panel_controls, shows_divergence,
                                start_values)

NOTEBOOK = "notebooks/06_circle_classifier.ipynb"
nb = load_functions(NOTEBOOK)
CALLBACK, CONTROLS = panel_controls(NOTEBOOK, nb)
OVERFIT_SETTING = dict(n_samples=200, epochs=300, noise=0.2)   # the Appendix's overfitting example (A.5)
LOW = {name: control_edges(c)[0] for name, c in CONTROLS.items()}
HIGH = {name: control_edges(c)[-1] for name, c in CONTROLS.items()}
COMBINATIONS = [
    {**LOW, "batch_size": HIGH["batch_size"]},                                   # everything small
    {**HIGH, "seed": LOW["seed"]},                                               # everything large
    {**HIGH, "batch_size": 1, "noise": 0.0},                                     # too many steps
    dict(n_samples=LOW["n_samples"], hidden=HIGH["hidden"], lr=10.0, epochs=HIGH["epochs"], batch_size=1,
         noise=HIGH["noise"]),                                                   # tiny data, huge steps
    OVERFIT_SETTING,                                                             # overfitting
    dict(n_samples=HIGH["n_samples"], hidden=1, lr=LOW["lr"], epochs=1, batch_size=1),  # 4000 steps of batch 1
    dict(n_samples=LOW["n_samples"], hidden=HIGH["hidden"], lr=HIGH["lr"], epochs=1, batch_size=1,
         seed=HIGH["seed"], init="he"),
]


def texts(fig):
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def shows_boundary(fig):
    """The first panel holds the filled contour of the net's output (and no message)."""
    ax = fig.axes[0]
    return len(ax.collections) > 0 and not ax.texts


def call(**values):
    fig = nb.explore(**values)
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) >= 3     # a colour bar joins the boundary
        assert shows_boundary(fig) or texts(fig).strip(), f"neither a boundary nor a message for {values}"
        return shows_boundary(fig), texts(fig)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("values", COMBINATIONS)
def test_combinations_never_raise(values):
    call(**values)


def test_defaults_draw_a_boundary():
    # (its speed is measured by benchmarks/run.py, not asserted here)
    boundary, message = call()
    assert boundary and not message


def test_defaults_learn_the_circle():
    fig = nb.explore()
    try:
        title = fig.axes[0].get_title()
        assert float(title.rsplit(" ", 1)[1]) > 0.95, title
    finally:
        plt.close(fig)


def test_huge_learning_rate_shows_a_message():
    boundary, message = call(lr=HIGH["lr"])
    assert not boundary
    assert message.startswith("diverged: ") and shows_divergence(message)


def test_too_many_steps_shows_a_message_without_training(monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("explore trained although the step cap should have stopped it")

    monkeypatch.setattr(nnlib, "train", no_training)   # the notebook calls nnlib.train(...) by attribute
    boundary, message = call(n_samples=HIGH["n_samples"], epochs=HIGH["epochs"], batch_size=1)
    assert not boundary and "SGD steps" in message


def held_out_accuracy(**values):
    fig = nb.explore(**values)
    try:
        title = fig.axes[0].get_title()
        return float(title.rsplit(" ", 1)[1])
    finally:
        plt.close(fig)


# The notebook's "Things to try" quotes these results of the slider callback; keep the prose true.
@pytest.mark.parametrize("values, expected", [
    (dict(lr=0.01), 0.802),
    (dict(lr=0.01, init="he"), 0.848),
    (dict(lr=0.01, epochs=200), 0.922),
    (dict(hidden=3), 0.800),
    (dict(hidden=3, seed=2), 0.970),
    (dict(hidden=3, seed=8), 0.980),
])
def test_things_to_try_quote_the_callback(values, expected):
    assert held_out_accuracy(**values) == pytest.approx(expected, abs=0.0015)


def test_noise_example_overfits():
    """The overfitting example (noise 0.2, 200 samples, 300 epochs): held-out loss lowest at epoch 36, then rising."""
    fig = nb.explore(**OVERFIT_SETTING)
    try:
        val_loss = next(line for line in fig.axes[1].get_lines() if line.get_label() == "validation").get_ydata()
        best = int(val_loss.argmin()) + 1
        assert 25 <= best <= 60, best
        assert val_loss[-1] > val_loss.min() + 0.02
    finally:
        plt.close(fig)


def test_the_overfitting_example_is_the_notebooks():
    source = "".join(cell.source for cell in read(NOTEBOOK).cells if cell.cell_type == "code")
    assert "OVERFIT_SETTING = dict(n_samples=200, epochs=300, noise=0.2)" in source


# The panel's figure is a frame (nnlib.widgets.frame): drawn once, a redraw blits only its animated parts.
FRAME_SETTINGS = [{}, LOW, {**HIGH, "lr": 1.0, "batch_size": 64},                  # defaults, every control low, high
                  dict(hidden=HIGH["hidden"], noise=HIGH["noise"], seed=HIGH["seed"]),
                  dict(n_samples=LOW["n_samples"], epochs=HIGH["epochs"], lr=3.0),   # tiny data, long run, large steps
                  OVERFIT_SETTING, dict(init="he", lr=LOW["lr"])]


def frame_of(**values):
    """The frame explore draws for these values: built (or kept) for the run's epochs and loss limits."""
    values = {**widgets.defaults(nb.explore), **values}
    history = nb.run_explore(**values)[1]
    return explore_frame(values["epochs"], loss_limits(history), nb.RADIUS, nb.ACCURACY_LIM, nb.draw_curves)


@pytest.mark.parametrize("values", FRAME_SETTINGS)
def test_the_panel_blits_what_a_full_draw_shows(values):
    fig = nb.explore(**values)
    assert fig is frame_of(**values)[0] and blit_difference(fig) == 0


def test_a_frame_is_kept_per_epochs_and_loss_limits():
    args = (50, (0.1, 1.0), nb.RADIUS, nb.ACCURACY_LIM, nb.draw_curves)
    assert explore_frame(*args) is explore_frame(*args)
    assert explore_frame(*args)[0] is not explore_frame(60, *args[1:])[0]
    assert explore_frame(*args)[0] is not explore_frame(50, (0.01, 1.0), *args[2:])[0]


def test_a_new_seed_keeps_the_frame_and_a_new_number_of_epochs_draws_another():
    fig = nb.explore()
    widgets._blit(fig)
    kept = fig._nnlib_background
    for seed in (1, 3):          # the defaults' loss limits, seeds 1 and 3: the same frame, not drawn again
        assert nb.explore(seed=seed) is fig
        widgets._blit(fig)
        assert fig._nnlib_background is kept
    other = nb.explore(epochs=60)
    assert other is not fig and other.axes[1].get_xlim() == (0, 61) == other.axes[2].get_xlim()
    widgets._blit(other)
    assert nb.explore() is fig and not fig.stale         # back to 50 epochs: the kept frame, as it was
    widgets._blit(fig)
    assert fig._nnlib_background is kept


def test_the_loss_axis_holds_the_curves_between_half_decades():
    for values in FRAME_SETTINGS:
        fig = nb.explore(**values)
        low, high = fig.axes[1].get_ylim()
        for line in fig.axes[1].get_lines():
            assert low <= line.get_ydata().min() and line.get_ydata().max() <= high, values
        np.testing.assert_allclose(2 * np.log10([low, high]), np.round(2 * np.log10([low, high])), atol=1e-12)
        assert fig.axes[2].get_ylim() == nb.ACCURACY_LIM


def test_loss_limits_are_powers_of_ten_in_half_decades():
    assert loss_limits(dict(loss=[0.62, 0.45], val_loss=[0.55, 0.6])) == pytest.approx((10 ** -0.5, 1.0))
    assert loss_limits(dict(loss=[2.0, 0.002], val_loss=[0.01])) == pytest.approx((10 ** -3, 10 ** 0.5))
    low, high = loss_limits(dict(loss=[0.5, 0.0], val_loss=[0.3]))                              # a loss of 0
    assert 0 < low <= 1e-12 and high == 1.0


def test_the_overfitting_upturn_is_visible():
    """The held-out loss's rise after its lowest point spans at least 5% of the loss axis's height (log scale)."""
    fig = nb.explore(**OVERFIT_SETTING)
    val_loss = fig.axes[1].get_lines()[1].get_ydata()
    low, high = fig.axes[1].get_ylim()
    assert np.log(val_loss[-1] / val_loss.min()) / np.log(high / low) >= 0.05


def test_a_message_figure_is_not_left_in_pyplot():
    fig = nb.explore(lr=HIGH["lr"])
    assert not shows_boundary(fig) and fig.number not in plt.get_fignums()
    fig = nb.explore(n_samples=HIGH["n_samples"], epochs=HIGH["epochs"], batch_size=1)
    assert "SGD steps" in texts(fig) and fig.number not in plt.get_fignums()


def test_the_unit_lines_are_the_hidden_units_zero_lines():
    fig = nb.explore(hidden=5)
    segments = fig.axes[0].collections[-1].get_segments()
    net = nb.run_explore(**{**widgets.defaults(nb.explore), "hidden": 5})[0]
    assert len(segments) == 5
    for j, segment in enumerate(segments):
        z = segment @ net.params["W1"][:, j] + net.params["b1"][j]
        np.testing.assert_allclose(z, 0, atol=1e-9)
