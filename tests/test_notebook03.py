"""The slider callback of notebooks/03_activations.ipynb, called at the edges of every control.

The callback and the controls both come from the notebook itself: `explore` via load_functions, and
the controls by running the notebook's widget cell with a `panel` that records them instead of
displaying them. So the values tested are the slider ranges a student can actually reach.
"""
import inspect
import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.contour import ContourSet  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import nnlib  # noqa: E402
from notebook_functions import control_edges, load_functions, panel_controls  # noqa: E402

NOTEBOOK = "notebooks/03_activations.ipynb"
NB = load_functions(NOTEBOOK)


CALLBACK, CONTROLS = panel_controls(NOTEBOOK, NB)
_edges = control_edges


def _defaults():
    return {name: control.value for name, control in CONTROLS.items()}


def _check_figure(fig, expect_message=None):
    """The figure shows a decision boundary and a loss curve, or (diverged) the message in their place."""
    assert isinstance(fig, Figure), f"explore must return a matplotlib Figure, got {type(fig).__name__}"
    ax_boundary, ax_loss = fig.axes[:2]
    texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    boundary_drawn = any(isinstance(c, ContourSet) for c in ax_boundary.collections)
    if expect_message is None:
        expect_message = "lower the learning rate" in texts
    if expect_message:
        assert "diverged" in texts or "lower the learning rate" in texts, f"no divergence message in {texts!r}"
    else:
        assert boundary_drawn, "no decision boundary drawn"
        assert ax_loss.get_lines(), "no loss curve drawn"
        assert not texts.strip(), f"unexpected message in the figure: {texts!r}"
    return texts


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_the_panel_drives_the_notebooks_own_explore():
    assert CALLBACK is NB.explore
    assert set(CONTROLS) == set(inspect.signature(NB.explore).parameters)


def test_callback_defaults_match_the_initial_slider_values():
    defaults = {k: p.default for k, p in inspect.signature(NB.explore).parameters.items()}
    assert defaults == _defaults()


def test_default_values_draw_a_trained_boundary():
    # (its speed is measured by benchmarks/run.py, not asserted here)
    _check_figure(NB.explore(), expect_message=False)


@pytest.mark.parametrize("name,value", [(name, value) for name, control in CONTROLS.items()
                                        for value in _edges(control)])
def test_every_control_at_its_ends(name, value):
    _check_figure(NB.explore(**dict(_defaults(), **{name: value})))


@pytest.mark.parametrize("activation,dataset", list(itertools.product(_edges(CONTROLS["activation"]),
                                                                      _edges(CONTROLS["dataset"]))))
def test_every_activation_on_every_dataset(activation, dataset):
    _check_figure(NB.explore(**dict(_defaults(), activation=activation, dataset=dataset)), expect_message=False)


@pytest.mark.parametrize("end", [0, -1], ids=["all-min", "all-max"])
def test_all_sliders_at_the_same_end(end):
    values = {name: _edges(c)[end] for name, c in CONTROLS.items() if not hasattr(c, "options")}
    for activation, dataset in itertools.product(_edges(CONTROLS["activation"]), _edges(CONTROLS["dataset"])):
        _check_figure(NB.explore(activation=activation, dataset=dataset, **values))
        plt.close("all")


def test_a_diverging_setting_shows_the_message_instead_of_a_plot():
    lr_max = _edges(CONTROLS["lr"])[-1]
    net = nnlib.MLP([2, 4, 4, 1], activation="identity", seed=NB.SEED)
    with pytest.raises(nnlib.Diverged):     # the setting really diverges, so the message path is exercised
        nnlib.train(net, *NB.DATA["linear"], loss=NB.LOSS, lr=lr_max, epochs=100)
    texts = _check_figure(NB.explore(activation="identity", lr=lr_max, dataset="linear"), expect_message=True)
    assert "epoch" in texts
