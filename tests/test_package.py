"""nnlib stays tiny and its core stays NumPy-only; plotting and widget helpers work headless."""
import pathlib
import re
import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORE = ["__init__", "_checks", "activations", "losses", "network", "oldschool", "optim", "train", "gradcheck"]
TOOLS = ["datasets", "batched", "plotting", "timing", "widgets", "live"]
BUDGET = {"core": 520, "tools": 790}   # the README states these; core 450 until multi-class, 480 until L1/L2; tools 350 until the live playground, 680 until the panels' frames (widgets.frame, plotting.live_map, widgets._png)


def lines(names):
    """Non-blank lines (code, comments and docstrings all count)."""
    return sum(sum(1 for line in (ROOT / "nnlib" / f"{n}.py").read_text().splitlines() if line.strip()) for n in names)


def test_every_module_is_counted():
    assert sorted(p.stem for p in (ROOT / "nnlib").glob("*.py")) == sorted(CORE + TOOLS)


def test_size_budget_holds_and_the_readme_states_it():
    core, tools = lines(CORE), lines(TOOLS)
    assert core <= BUDGET["core"], f"nnlib core has {core} lines, budget {BUDGET['core']}"
    assert tools <= BUDGET["tools"], f"nnlib datasets/batched/plotting/timing/widgets/live have {tools} lines, budget {BUDGET['tools']}"
    readme = (ROOT / "README.md").read_text()
    stated = re.search(r"core: (\d+) lines \(budget (\d+)\).*?datasets, batched training, plotting, widgets and the live playground: (\d+) lines \(budget (\d+)\)",
                       readme, re.S)
    assert stated, ("README must state nnlib's size as 'core: N lines (budget B) ... datasets, batched training, plotting, "
                    "widgets and the live playground: N lines (budget B)'")
    assert [int(stated[2]), int(stated[4])] == [BUDGET["core"], BUDGET["tools"]]
    assert abs(int(stated[1]) - core) <= 25 and abs(int(stated[3]) - tools) <= 25, \
        f"README's sizes are stale: it says {stated[1]} and {stated[3]}, nnlib has {core} and {tools}"


def test_core_imports_numpy_only():
    code = "import sys, nnlib; print(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.fixture
def trained():
    X, Y = nnlib.datasets.circle(300, seed=0)
    net = nnlib.MLP([2, 6, 1], activation="relu", seed=0)
    history = nnlib.train(net, X, Y, loss="bce", lr=0.3, epochs=20, batch_size=32, validation=(X, Y))
    yield net, X, Y, history
    plt.close("all")


def test_plots_draw_into_given_axes_or_their_own(trained):
    from nnlib import plotting
    net, X, Y, history = trained
    fig, axes = plt.subplots(1, 3)
    assert plotting.plot_decision_boundary(net, X, Y, ax=axes[0], title="t") is axes[0]
    assert len(axes[0].collections) >= 3           # filled contours, the 0.5 line, the points
    assert plotting.plot_history(history, ax=axes[1]) is axes[1]
    assert [l.get_label() for l in axes[1].get_lines()] == ["loss", "val_loss"]
    assert len(axes[1].get_lines()[0].get_xdata()) == 20
    W = np.array([[1.0, -2.0], [0.5, 0.0]])
    assert plotting.hinton(W, ax=axes[2]) is axes[2]
    colors = [p.get_facecolor()[:3] for p in axes[2].patches]
    assert colors.count((1.0, 1.0, 1.0)) == 2 and colors.count((0.0, 0.0, 0.0)) == 2
    sizes = sorted(p.get_width() for p in axes[2].patches)
    assert sizes[-1] == pytest.approx(0.9) and sizes[-2] == pytest.approx(0.9 * np.sqrt(0.5))
    own = plotting.plot_decision_boundary(net, X, Y)
    assert own.figure is not fig
    plotting.show_message(axes[0], "diverged at epoch 3")
    assert [t.get_text() for t in axes[0].texts] == ["diverged at epoch 3"] and not axes[0].collections


def test_widget_panel_shows_printed_lines_and_figure_and_redraws():
    from nnlib import widgets

    def draw(lr=0.1, hidden=4):
        print(f"lr={lr:g} hidden={hidden}")
        fig, ax = plt.subplots()
        ax.plot(range(hidden))
        return fig

    lr, hidden = widgets.log_slider((0.001, 10, 0.25)), widgets.int_slider((1, 16, 1), "hidden")
    box = widgets.panel(draw, lr=lr, hidden=hidden)
    grid, output = box.children
    assert list(grid.children) == [lr, hidden] and not lr.continuous_update and not hidden.continuous_update
    first = output.outputs
    assert [o["output_type"] for o in first] == ["stream", "display_data"]
    assert first[0]["text"] == "lr=0.1 hidden=4\n"
    assert first[1]["data"]["image/png"].startswith("iVBORw0KGgo")       # base64 of a PNG header
    hidden.value = 8
    second = output.outputs
    assert second[0]["text"] == "lr=0.1 hidden=8\n" and second[1]["data"]["image/png"] != first[1]["data"]["image/png"]
    assert plt.get_fignums() == []                                        # the panel closes its figures
    assert widgets.float_slider((0.0, 0.5, 0.05), "noise").max == 0.5
    assert widgets.dropdown(nnlib.ACTIVATIONS, "activation").options == tuple(nnlib.ACTIVATIONS)


def test_widget_panel_shows_a_broken_callback_as_an_error_output():
    from nnlib import widgets

    def broken(units=1):
        print("before the error")
        plt.figure()
        if units > 1:
            raise RuntimeError("broken on purpose")
        return plt.gcf()

    units = widgets.int_slider((1, 4, 1), "units")
    output = widgets.panel(broken, units=units).children[1]
    assert [o["output_type"] for o in output.outputs] == ["stream", "display_data"]
    units.value = 2
    assert [o["output_type"] for o in output.outputs] == ["stream", "error"]
    error = output.outputs[1]
    assert error["ename"] == "RuntimeError" and "Traceback" in "".join(error["traceback"])
    assert plt.get_fignums() == []


def test_each_control_starts_at_its_callbacks_default_and_bad_ranges_are_refused():
    from nnlib import widgets

    def draw(lr=0.5, hidden=3, activation="tanh", noise=0.1):
        return plt.figure()

    controls = dict(lr=widgets.log_slider((0.01, 10, 0.25)), hidden=widgets.int_slider((1, 8, 1), "hidden"),
                    activation=widgets.dropdown(nnlib.ACTIVATIONS, "activation"),
                    noise=widgets.float_slider((0.0, 0.5, 0.05), "noise"))
    widgets.panel(draw, **controls)
    assert controls["lr"].value == pytest.approx(0.5) and controls["hidden"].value == 3
    assert controls["activation"].value == "tanh" and controls["noise"].value == pytest.approx(0.1)
    with pytest.raises(ValueError, match="needs a default for 'units'"):
        widgets.panel(lambda units: plt.figure(), units=widgets.int_slider((1, 4, 1), "units"))
    with pytest.raises(ValueError, match="hidden=3 is outside"):
        widgets.panel(draw, hidden=widgets.int_slider((4, 8, 1), "hidden"))
    with pytest.raises(ValueError, match="lr=0.5 is outside"):
        widgets.panel(draw, lr=widgets.log_slider((1, 10, 0.25)))
    with pytest.raises(ValueError, match="activation='tanh' is outside"):
        widgets.panel(draw, activation=widgets.dropdown(["relu"], "activation"))
    for bad in [(1, 8), (8, 1, 1), (1, 8, 0), "1-8", (1, "8", 1)]:
        with pytest.raises(ValueError, match="value_range"):
            widgets.int_slider(bad, "hidden")
    with pytest.raises(ValueError, match="low > 0"):
        widgets.log_slider((0, 10, 0.25))
    plt.close("all")
