"""Notebook 06's slider callback `explore`, called at the extremes of every control and a few combinations.

The callback is loaded from the notebook itself (tests/notebook_functions.py), never copied. Every
call must return a Figure that shows either a decision boundary or a message, and never raise.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import nnlib  # noqa: E402
from notebook_functions import load_functions  # noqa: E402

NOTEBOOK = "notebooks/06_circle_classifier.ipynb"
nb = load_functions(NOTEBOOK)

# The slider ranges, read from the notebook's setup cell (the widget cell uses the same names): (min, max).
EXTREMES = {
    "n_samples": nb.SAMPLES_RANGE[:2],
    "hidden": nb.HIDDEN_RANGE,
    "lr": tuple(10.0 ** e for e in nb.LR_EXPONENTS),
    "epochs": nb.EPOCHS_RANGE,
    "batch_size": nb.BATCH_SIZE_RANGE,
    "noise": nb.NOISE_RANGE[:2],
    "seed": nb.SEED_RANGE,
    "init": tuple(nb.INITS),
}
LOW = {name: ends[0] for name, ends in EXTREMES.items()}
HIGH = {name: ends[1] for name, ends in EXTREMES.items()}
COMBINATIONS = [
    {**LOW, "batch_size": HIGH["batch_size"]},                                   # everything small
    {**HIGH, "seed": LOW["seed"]},                                               # everything large
    {**HIGH, "batch_size": 1, "noise": 0.0},                                     # too many steps
    dict(n_samples=LOW["n_samples"], hidden=HIGH["hidden"], lr=10.0, epochs=HIGH["epochs"], batch_size=1,
         noise=HIGH["noise"]),                                                   # tiny data, huge steps
    nb.OVERFIT_SETTING,                                                          # overfitting
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
        assert len(fig.axes) == 3
        assert shows_boundary(fig) or texts(fig).strip(), f"neither a boundary nor a message for {values}"
        return shows_boundary(fig), texts(fig)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("control", sorted(EXTREMES))
@pytest.mark.parametrize("end", [0, 1])
def test_every_control_at_its_extremes(control, end):
    call(**{control: EXTREMES[control][end]})


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
    assert "lower the learning rate" in message


def test_too_many_steps_shows_a_message_without_training(monkeypatch):
    def no_training(*args, **kwargs):
        raise AssertionError("explore trained although the step cap should have stopped it")

    monkeypatch.setattr(nnlib, "train", no_training)   # the notebook calls nnlib.train(...) by attribute
    boundary, message = call(n_samples=HIGH["n_samples"], epochs=HIGH["epochs"], batch_size=1)
    assert not boundary and "SGD steps" in message


def test_widget_cell_and_defaults_use_the_setup_constants():
    """The panel's sliders start at explore's defaults and span the ranges tested above."""
    import inspect

    import nbformat

    from notebook_functions import ROOT

    cells = nbformat.read(ROOT / NOTEBOOK, as_version=4).cells
    source = next(c.source for c in cells if c.cell_type == "code" and "widgets.panel(explore" in c.source)
    for snippet in ["int_slider(LIVE_SAMPLES, *SAMPLES_RANGE[:2]", "step=SAMPLES_RANGE[2]",
                    "int_slider(LIVE_HIDDEN, *HIDDEN_RANGE", "log_slider(LIVE_LR, *LR_EXPONENTS",
                    "int_slider(LIVE_EPOCHS, *EPOCHS_RANGE", "int_slider(LIVE_BATCH_SIZE, *BATCH_SIZE_RANGE",
                    "float_slider(LIVE_NOISE, *NOISE_RANGE[:2]", "step=NOISE_RANGE[2]",
                    "int_slider(SEED, *SEED_RANGE", "dropdown(INIT, INITS"]:
        assert snippet in source, snippet
    expected = dict(n_samples=nb.LIVE_SAMPLES, hidden=nb.LIVE_HIDDEN, lr=nb.LIVE_LR, epochs=nb.LIVE_EPOCHS,
                    batch_size=nb.LIVE_BATCH_SIZE, noise=nb.LIVE_NOISE, seed=nb.SEED, init=nb.INIT)
    for function in (nb.explore, nb.run_explore):
        defaults = {k: p.default for k, p in inspect.signature(function).parameters.items()}
        assert defaults == expected, function.__name__
    for name, value in expected.items():
        low, high = EXTREMES[name]
        assert (value in EXTREMES[name]) if name == "init" else (low <= value <= high), name


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
    fig = nb.explore(**nb.OVERFIT_SETTING)
    try:
        val_loss = next(line for line in fig.axes[1].get_lines() if line.get_label() == "val_loss").get_ydata()
        best = int(val_loss.argmin()) + 1
        assert 25 <= best <= 60, best
        assert val_loss[-1] > val_loss.min() + 0.02
    finally:
        plt.close(fig)
