"""The functions of notebooks/01_oldschool_backprop.ipynb, loaded from the notebook itself.

- the equation table: every equation's line of code is found exactly once in nnlib's source, and the
  committed notebook shows the current source of nnlib.oldschool and SGD.step;
- train_seeds (all seeds at once with nnlib.batched) gives the same sweep counts, errors and weights as
  MLP + train, one seed at a time;
- the weight-pattern helpers on the paper's own weights;
- what the slider callback shows at the defaults and for a stuck seed (tests/test_sliders.py drives
  every control to its ends).
"""
import inspect

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib.figure import Figure

import nnlib
from notebook_functions import ROOT, load_functions, panel_controls, shows_divergence

NOTEBOOK = "notebooks/01_oldschool_backprop.ipynb"
NB = load_functions(NOTEBOOK)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# ---- the code shown to the reader ---------------------------------------------------------------

def test_every_equation_is_one_line_of_the_module():
    numbers = [number for number, _, _ in NB.equation_lines()]
    assert sorted(set(numbers)) == list(range(1, 10))
    for number, function, snippet in NB.equation_lines():
        lines = inspect.getsource(function).splitlines()
        assert sum(snippet in line for line in lines) == 1, f"equation {number}: {snippet!r}"
    NB.show_equations()     # the notebook's own check (asserts the same) runs without error


def test_the_committed_notebook_shows_the_current_source():
    nb = nbformat.read(ROOT / NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "inspect.getsource(OldschoolMLP._forward_case)" in c.source)
    shown = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    expected = "".join(inspect.getsource(f) + "\n" for f in (nnlib.OldschoolMLP._forward_case,
                                                             nnlib.OldschoolMLP._backprop, nnlib.SGD.step))
    assert shown == expected, "re-run the notebook: nnlib.oldschool or SGD.step changed"


# ---- all seeds at once == one seed at a time --------------------------------------------------------

def _one_seed(seed, sweeps, X, Y):
    """MLP + train, the reference for train_seeds: (first solved sweep or -1, E per sweep, params)."""
    net = nnlib.MLP([X.shape[1], 2, 1], init=NB.INIT, seed=seed)
    history = nnlib.train(net, X, Y, loss="sse", lr=NB.LR, momentum=NB.MOMENTUM, epochs=sweeps)
    accuracy = history["accuracy"] + [nnlib.accuracy(net.forward(X), Y)]
    first = next((t for t, a in enumerate(accuracy) if a == 1.0), -1)
    E = history["loss"] + [net.loss_and_grads(X, Y, loss="sse")[0]]
    return first, np.array(E), net.params


def test_train_seeds_matches_mlp_seed_by_seed():
    X, Y = NB.X_mirror, NB.Y_mirror
    seeds, sweeps = [0, 1, 3, 6], 900                     # seeds 1 and 6 solve within 900 sweeps, 0 and 3 do not
    many_sweeps, many_E, many_params = NB.train_seeds(seeds, sweeps, X, Y)
    assert many_E.shape == (sweeps + 1, len(seeds)) and many_params["W1"].shape == (len(seeds), 6, 2)
    for k, seed in enumerate(seeds):
        first, E, params = _one_seed(seed, sweeps, X, Y)
        assert many_sweeps[k] == first
        assert np.abs(many_E[:, k] - E).max() < 1e-10
        for name, value in nnlib.batched.unstack(many_params, k).items():
            assert value.shape == params[name].shape
            assert np.abs(value - params[name]).max() < 1e-10
    assert list(many_sweeps >= 0) == [False, True, False, True]


def test_train_seeds_counts_a_solve_at_the_last_sweep():
    # the state after max_sweeps sweeps is not in train_many's history (measured at sweep starts): it must count
    X, Y = NB.X_mirror, NB.Y_mirror
    first = NB.train_seeds([1], 900, X, Y)[0][0]
    assert NB.train_seeds([1], first, X, Y)[0][0] == first
    assert NB.train_seeds([1], first - 1, X, Y)[0][0] == -1


def test_train_seeds_on_xor_with_other_settings():
    # Not only the notebook's task and recipe: another input width, learning rate and momentum.
    X, Y = NB.X_xor, NB.Y_xor
    sweeps, E, final = NB.train_seeds([0, 5], 300, X, Y, lr=0.5, momentum=0.5)
    for k, seed in enumerate([0, 5]):
        net = nnlib.MLP([2, 2, 1], init=NB.INIT, seed=seed)
        history = nnlib.train(net, X, Y, loss="sse", lr=0.5, momentum=0.5, epochs=300)
        assert np.abs(E[:-1, k] - np.array(history["loss"])).max() < 1e-10
        assert abs(E[-1, k] - net.loss_and_grads(X, Y, loss="sse")[0]) < 1e-10
        assert max(np.abs(final[n][k] - net.params[n]).max() for n in net.params) < 1e-10


# ---- the weight pattern ---------------------------------------------------------------------------

def test_the_papers_weights_solve_the_task_with_the_pattern():
    paper = NB.PAPER_WEIGHTS
    net = nnlib.MLP([6, 2, 1])
    net.params = {k: v.astype(float) for k, v in paper.items()}
    assert NB.all_right(net.forward(NB.X_mirror), NB.Y_mirror)
    assert np.abs(NB.mirror_pair_sums(paper["W1"])).max() == 0
    ratios = NB.magnitude_ratios(paper["W1"])
    assert ratios.shape == (3, 2)
    assert np.allclose(ratios[:, 0], [1.0, 2.0, 14.2 / 3.6]) and np.allclose(ratios[:, 0], ratios[:, 1])
    table = NB.weight_table(paper)
    assert table.shape == (2, 8)
    assert np.allclose(table[0], [14.2, -3.6, 7.2, -7.2, 3.6, -14.2, -1.1, -8.8])


def test_all_right_uses_the_half_way_mark():
    Y = np.array([[0.0], [1.0]])
    assert NB.all_right(np.array([[0.49], [0.51]]), Y)
    assert not NB.all_right(np.array([[0.49], [0.5]]), Y)      # 0.5 is not above 0.5
    assert not NB.all_right(np.array([[0.51], [0.9]]), Y)


def test_draw_weights_draws_one_square_per_weight():
    fig, ax = plt.subplots()
    NB.draw_weights(NB.PAPER_WEIGHTS, ax, "paper")
    assert len(ax.patches) == 16 and "output bias +6.4" in ax.get_title()


# ---- the slider callback ----------------------------------------------------------------------------

CALLBACK, CONTROLS = panel_controls(NOTEBOOK, NB)


def _check_figure(fig):
    assert isinstance(fig, Figure)
    ax_E, ax_W = fig.axes[:2]
    messages = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    if messages:                                          # a diverged run: the message in the plots' place
        assert shows_divergence(messages)
    else:
        assert ax_E.get_lines() and len(ax_W.patches) == 16
        assert "solved after" in ax_E.get_title() or "not solved" in ax_E.get_title()
    return ax_E.get_title()


def test_the_sliders_start_at_the_setup_cells_recipe():
    # one place for every hyperparameter: the panel drives explore, whose defaults are the recipe
    assert CALLBACK is NB.explore
    defaults = {k: p.default for k, p in inspect.signature(NB.explore).parameters.items()}
    assert defaults == dict(seed=NB.MIRROR_SEED, lr=NB.LR, momentum=NB.MOMENTUM, sweeps=NB.SHARPEN_SWEEPS)


def test_defaults_agree_with_the_notebook():
    # (its speed is measured by benchmarks/run.py, not asserted here)
    title = _check_figure(NB.explore())
    # the notebook's per-node run of seed 47 is solved after 1431 sweeps; the matrix code agrees
    assert "solved after 1431 sweeps" in title


def test_a_stuck_seed_says_so():
    assert "not solved: 56/64 right" in _check_figure(NB.explore(seed=0))
