"""What the slider callback of notebooks/03_activations.ipynb shows: a decision boundary and a loss
curve for every activation on every dataset, and the divergence message in their place when a
setting really diverges. The callback and the controls both come from the notebook itself; every
control at its ends is tests/test_sliders.py's job. Also the notebook's own helpers: the recording
subclass leaves nnlib's backprop unchanged, and best_lr skips diverged runs and second-digit noise.
"""
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure

import nnlib
from notebook_functions import control_edges, load_functions, panel_controls, shows_divergence, start_values

NOTEBOOK = "notebooks/03_activations.ipynb"
NB = load_functions(NOTEBOOK)


CALLBACK, CONTROLS = panel_controls(NOTEBOOK, NB)
_edges = control_edges


def _check_figure(fig, expect_message=None):
    """The figure shows a decision boundary and a loss curve, or (diverged) the message in their place."""
    assert isinstance(fig, Figure), f"explore must return a matplotlib Figure, got {type(fig).__name__}"
    ax_boundary, ax_loss = fig.axes[:2]
    texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    boundary_drawn = any(isinstance(c, ContourSet) for c in ax_boundary.collections)
    if expect_message is None:
        expect_message = shows_divergence(texts)
    if expect_message:
        assert shows_divergence(texts), f"no divergence message in {texts!r}"
    else:
        assert boundary_drawn, "no decision boundary drawn"
        assert ax_loss.get_lines(), "no loss curve drawn"
        assert not texts.strip(), f"unexpected message in the figure: {texts!r}"
    return texts


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_default_values_draw_a_trained_boundary():
    # (its speed is measured by benchmarks/run.py, not asserted here)
    _check_figure(NB.explore(), expect_message=False)


@pytest.mark.parametrize("activation,dataset", list(itertools.product(_edges(CONTROLS["activation"]),
                                                                      _edges(CONTROLS["dataset"]))))
def test_every_activation_on_every_dataset(activation, dataset):
    _check_figure(NB.explore(**dict(start_values(CONTROLS), activation=activation, dataset=dataset)), expect_message=False)


def test_a_diverging_setting_shows_the_message_instead_of_a_plot():
    lr_max = _edges(CONTROLS["lr"])[-1]
    net = nnlib.MLP([2, 4, 4, 1], activation="identity", seed=NB.SEED)
    with pytest.raises(nnlib.Diverged):     # the setting really diverges, so the message path is exercised
        nnlib.train(net, *NB.DATA["linear"], loss=NB.LOSS, lr=lr_max, epochs=100)
    texts = _check_figure(NB.explore(activation="identity", lr=lr_max, dataset="linear"), expect_message=True)
    assert "epoch" in texts


def test_the_recording_network_records_without_changing_nnlibs_backprop():
    X, Y = NB.DATA["xor"]
    plain = nnlib.MLP(NB.DEEP_SIZES, activation="tanh", init=NB.LARGE_INIT, seed=1)
    recording = NB.RecordingMLP(NB.DEEP_SIZES, activation="tanh", init=NB.LARGE_INIT, seed=1)
    recording.record = []
    expected, got = plain.loss_and_grads(X, Y, NB.LOSS)[1], recording.loss_and_grads(X, Y, NB.LOSS)[1]
    assert all(np.array_equal(expected[k], got[k]) for k in expected)
    sizes, flat = NB.layer_gradient_sizes("tanh", NB.LARGE_INIT, 1, X, Y)
    assert len(sizes) == len(NB.DEEP_SIZES) - 2 and 0.3 < flat < 0.7     # large weights saturate tanh


def test_best_lr_skips_diverged_runs_and_ignores_the_second_digit():
    n = len(NB.SEEDS)
    losses = np.array([[0.034] * n, [0.031] * n, [np.nan] * n])          # 0.03 and 0.03: the smaller lr wins
    assert NB.best_lr(losses) == NB.LRS[0]
    assert NB.best_lr(np.array([[0.5] * n, [0.07] * n, [0.06] * n])) == NB.LRS[2]
