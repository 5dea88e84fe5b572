"""Notebook 06's slider callback `explore`: what it shows for chosen combinations of its controls (a
decision boundary or a message, never an exception), the step cap, and the numbers the notebook's
"Things to try" quotes. The callback and the controls come from the notebook itself; every control
at its ends is tests/test_sliders.py's job.
"""
import inspect

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

import nnlib
from nbtools import read
from notebook_functions import control_edges, load_functions, panel_controls, shows_divergence, start_values

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
