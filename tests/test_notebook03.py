"""What the slider callback of notebooks/03_activations.ipynb shows: a decision boundary and a loss
curve for every activation on every dataset, and the divergence message in their place when a
setting really diverges. The figure is a frame (nnlib/panels/nb03.py, nnlib.widgets.frame): a
redraw blits the pixels a full draw gives; one frame per number of epochs, kept and reused. The
callback and the controls both come from the notebook itself; every control at its ends is tests/test_sliders.py's
job. Also the notebook's own helpers: the recording subclass leaves nnlib's backprop unchanged, and
best_lr skips diverged runs and second-digit noise.
"""
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure

import nnlib
from nnlib import widgets
from nnlib.panels.nb03 import explore_frame
from notebook_functions import (blit_difference, control_edges, load_functions, panel_controls, shows_divergence,
                                start_values)

NOTEBOOK = "notebooks/03_activations.ipynb"
NB = load_functions(NOTEBOOK)


CALLBACK, CONTROLS = panel_controls(NOTEBOOK, NB)
_edges = control_edges


def _check_figure(fig, expect_message=None):
    """The figure shows a decision boundary and a loss curve, or (diverged) the message in their place."""
    assert isinstance(fig, Figure), f"explore must return a matplotlib Figure, got {type(fig).__name__}"
    ax_boundary, ax_loss = fig.axes[:2]
    texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts
                     if t.get_transform() != fig.transFigure)        # not the figure's title, a text of the frame
    boundary_drawn = any(isinstance(c, ContourSet) for c in ax_boundary.collections) or any(   # or a live map
        image.get_array().shape == (120, 120) for image in ax_boundary.images)
    if expect_message is None:
        expect_message = shows_divergence(texts)
    if expect_message:
        assert shows_divergence(texts), f"no divergence message in {texts!r}"
    else:
        assert boundary_drawn, "no decision boundary drawn"
        assert any(len(line.get_xdata()) for line in ax_loss.get_lines()), "no loss curve drawn"
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


# the defaults, then each control at an end (every activation at an lr that does not diverge)
FRAME_SETTINGS = [{}, {"activation": "sigmoid", "lr": 0.001}, {"activation": "relu", "hidden": 1},
                  {"activation": "identity", "hidden": 16, "dataset": "linear"}, {"epochs": 10}, {"epochs": 1000},
                  {"lr": 3.0, "dataset": "linear"}]


@pytest.mark.parametrize("values", FRAME_SETTINGS, ids=lambda v: ",".join(f"{k}={v[k]}" for k in v) or "defaults")
def test_the_panel_blits_what_a_full_draw_shows(values):
    fig = NB.explore(**values)
    _check_figure(fig, expect_message=False)
    assert blit_difference(fig) == 0


def test_one_frame_per_number_of_epochs_kept_and_never_drawn_again():
    default = widgets.defaults(NB.explore)["epochs"]
    figs, kept = {}, {}
    for values in FRAME_SETTINGS + FRAME_SETTINGS:    # twice: every number of epochs comes back
        epochs = values.get("epochs", default)
        fig = NB.explore(**values)
        widgets._blit(fig)
        if epochs in figs:                            # seen before: the same figure, its frame's pixels kept
            assert fig is figs[epochs] and fig._nnlib_background is kept[epochs], f"{values}: frame drawn again"
        else:                                         # its x axis is the run's epochs: a frame of its own
            assert all(fig is not other for other in figs.values()), f"{values}: another number's frame"
            figs[epochs], kept[epochs] = fig, fig._nnlib_background
    assert len(figs) == 3


def test_the_frame_is_built_once_per_number_of_epochs():
    assert explore_frame(500) is explore_frame(500)
    assert explore_frame(500)[0] is not explore_frame(10)[0]
    assert explore_frame(10)[0].axes[1].get_xlim() == (0, 10) and explore_frame(500)[0].axes[1].get_xlim() == (0, 500)
    for bad in (0, -5, 2.5, True, "500"):
        with pytest.raises(ValueError, match="epochs"):
            explore_frame(bad)


@pytest.mark.parametrize("values", FRAME_SETTINGS, ids=lambda v: ",".join(f"{k}={v[k]}" for k in v) or "defaults")
def test_the_points_and_loss_curve_are_the_settings_own_and_inside_the_fixed_axes(values):
    settings = dict(widgets.defaults(NB.explore), **values)
    fig = NB.explore(**values)
    ax_boundary, ax_loss = fig.axes[:2]
    X, Y = NB.DATA[settings["dataset"]]
    points = ax_boundary.collections[-1]
    assert np.array_equal(points.get_offsets(), X) and np.array_equal(points.get_array(), Y[:, 0])
    low, high = ax_boundary.get_xlim()
    assert low < X.min() and X.max() < high and ax_boundary.get_ylim() == (low, high)
    loss = np.asarray(ax_loss.get_lines()[0].get_ydata())
    assert len(loss) == settings["epochs"] and ax_loss.get_xlim() == (0, settings["epochs"])
    assert ax_loss.get_ylim()[0] < loss.min() and loss.max() < ax_loss.get_ylim()[1]
    assert f"{settings['epochs']} epochs, {settings['dataset']}" in fig.axes[0].texts[0].get_text()
    assert ax_loss.get_title() == f"final loss {loss[-1]:.4g}"


def test_a_diverging_setting_shows_the_message_instead_of_a_plot():
    lr_max = _edges(CONTROLS["lr"])[-1]
    net = nnlib.MLP([2, 4, 4, 1], activation="identity", seed=NB.SEED)
    with pytest.raises(nnlib.Diverged):     # the setting really diverges, so the message path is exercised
        nnlib.train(net, *NB.DATA["linear"], loss=NB.LOSS, lr=lr_max, epochs=100)
    fig = NB.explore(activation="identity", lr=lr_max, dataset="linear")
    assert "epoch" in _check_figure(fig, expect_message=True)
    assert fig not in [plt.figure(n) for n in plt.get_fignums()], "a message figure left in pyplot shows twice"


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
