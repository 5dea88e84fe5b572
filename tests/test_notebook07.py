"""What notebook 07's slider callback `playground` shows, as its controls would call it.

The callback and its controls come from the notebook itself (its widget cell, through
tests/notebook_functions.py). Every call must print the settings line, return the train view
(decision boundary, loss curves, unit maps) or a message in the boundary's place when training
diverged. The printed line must repeat the run. tests/test_sliders.py checks that no control
setting raises; here every slider's ends get the full check of the train view.
"""
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

import nnlib
from notebook_functions import control_edges, load_functions, panel_controls, shows_divergence, start_values

NOTEBOOK = "notebooks/07_playground.ipynb"
NB = load_functions(NOTEBOOK)
CONTROLS = panel_controls(NOTEBOOK, NB)[1]
DEFAULTS = start_values(CONTROLS)

# Both ends of every slider, the others at default (every dataset and activation: see DATASET_X_ACTIVATION).
SINGLE = [(name, value) for name, control in CONTROLS.items() if not hasattr(control, "options")
          for value in control_edges(control)] + [("batch_size", v) for v in control_edges(CONTROLS["batch_size"])[::5]]

COMBINATIONS = [
    # everything at its minimum, then at its maximum
    dict(dataset="xor", label_noise=0.0, train_fraction=0.1, hidden_layers=0, units=1, activation="sigmoid",
         lr=1e-3, batch_size="full", epochs=10, seed=0),
    dict(dataset="spiral", label_noise=0.5, train_fraction=0.9, hidden_layers=4, units=16, activation="identity",
         lr=10.0, batch_size=4, epochs=500, seed=9),
    # the most steps the controls allow, with an activation that does not blow up
    dict(dataset="spiral", train_fraction=0.9, hidden_layers=4, units=16, activation="tanh", lr=10.0,
         batch_size=4, epochs=500),
    # deep and narrow, and exactly MAX_UNIT_PLOTS and one more units in the first layer
    dict(hidden_layers=4, units=1, activation="relu", lr=1.0),
    dict(hidden_layers=1, units=NB.MAX_UNIT_PLOTS, activation="relu"),
    dict(hidden_layers=1, units=NB.MAX_UNIT_PLOTS + 1, activation="sigmoid"),
    # values as the browser sends them: float steps that are not exact, a log-slider position
    dict(label_noise=0.30000000000000004, train_fraction=0.7000000000000001, lr=10 ** -0.75, batch_size="full"),
    # overfitting (section 6) and a run known to diverge (Appendix C)
    dict(dataset="blobs", label_noise=0.2, train_fraction=0.1, units=16, activation="relu", lr=0.3, epochs=500),
    dict(activation="identity", lr=3.16),
]
# every dataset with every activation, at the default net
DATASET_X_ACTIVATION = [(d, a) for d in control_edges(CONTROLS["dataset"]) for a in control_edges(CONTROLS["activation"])]

UNIT_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, np.inf), "identity": (-np.inf, np.inf)}


def call(capsys, **changes):
    """Run the callback as the panel would; return (settings actually used, figure, printed lines)."""
    settings = {**DEFAULTS, **changes}
    fig = NB.playground(**settings)
    lines = capsys.readouterr().out.splitlines()
    return settings, fig, lines


def check_train_view(settings, fig, lines):
    """The figure and the printed lines of one call; returns True when the run trained, False when it diverged."""
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2 + NB.MAX_UNIT_PLOTS + 2      # the same layout for every setting (+ 2 colour bars)
    ax_boundary, ax_loss, unit_axes = fig.axes[0], fig.axes[1], fig.axes[2:2 + NB.MAX_UNIT_PLOTS]
    cax_boundary, cax_units = fig.axes[-2:]
    assert lines[0].startswith(f"X, Y = nnlib.datasets.{nnlib.datasets.DATASETS[settings['dataset']].__name__}(")
    assert lines[1].startswith(f"net = nnlib.MLP({NB.layer_sizes(settings['hidden_layers'], settings['units'])}, "
                               f"activation={settings['activation']!r}")
    if len(lines) == 2:                                     # diverged: the message replaces the boundary
        texts = " ".join(t.get_text() for t in ax_boundary.texts)
        assert shows_divergence(texts)
        assert not ax_boundary.axison
        assert not any(ax.axison for ax in unit_axes + [cax_boundary, cax_units])
        return False
    assert len(lines) == 3 and lines[2].startswith("after training: train loss ")

    n_test = int(round(round(1 - settings["train_fraction"], 2) * NB.N_POINTS))
    scatters = [c for c in ax_boundary.collections if isinstance(c, PathCollection)]
    assert [len(c.get_offsets()) for c in scatters] == [NB.N_POINTS - n_test, n_test]   # train, then test
    assert len(ax_boundary.collections) > len(scatters)    # the shaded output and the 0.5 contour
    assert f"{settings['dataset']}: train accuracy" in ax_boundary.get_title()
    assert cax_boundary.axison and "probability of class 1" in cax_boundary.get_ylabel()   # what the shading means

    assert ax_loss.get_xlabel() == "epoch" and "loss" in ax_loss.get_ylabel()
    curves = ax_loss.get_lines()
    assert [line.get_label() for line in curves] == ["train (mean over the epoch's batches)", "test (after the epoch)"]
    for line in curves:
        assert len(line.get_ydata()) == settings["epochs"]
        assert np.isfinite(line.get_ydata()).all() and (np.asarray(line.get_ydata()) >= 0).all()

    visible = [ax for ax in unit_axes if ax.axison]
    expected = settings["units"] if 1 <= settings["hidden_layers"] and settings["units"] <= NB.MAX_UNIT_PLOTS else 0
    assert len(visible) == expected
    low, high = UNIT_RANGES[settings["activation"]]
    for j, ax in enumerate(visible):
        assert ax.get_title() == f"unit {j + 1}" and len(ax.images) == 1
        values = ax.images[0].get_array()
        assert values.shape == (40, 40) and np.isfinite(values).all()
        assert low <= values.min() and values.max() <= high
    assert cax_units.axison == bool(visible)
    note = " ".join(t.get_text() for t in fig.texts)
    if settings["hidden_layers"] == 0:
        assert "no hidden layer" in note
    elif expected == 0:
        assert f"at most {NB.MAX_UNIT_PLOTS}" in note
    else:
        assert "first hidden layer" in note and cax_units.get_ylabel() == "A1"
        # the caption reads the colours as drawn: ReLU maps run from white (0) to red, the others blue-white-red
        assert ("white 0 (off), red high" in note) == (settings["activation"] == "relu")
        assert (visible[0].images[0].get_cmap().name == "Reds") == (settings["activation"] == "relu")
    return True


def test_the_controls_offer_every_dataset_activation_and_full_batch():
    assert control_edges(CONTROLS["dataset"]) == ["xor", "linear", "circle", "ring", "blobs", "spiral"]
    assert control_edges(CONTROLS["activation"]) == ["sigmoid", "tanh", "relu", "identity"]
    assert control_edges(CONTROLS["batch_size"])[-1] == "full"
    assert control_edges(CONTROLS["hidden_layers"]) == [0, 4]
    low, high = control_edges(CONTROLS["train_fraction"])
    assert 0 < low and high < 1                              # both sets never empty


@pytest.mark.parametrize("name, value", SINGLE, ids=[f"{n}={v}" for n, v in SINGLE])
def test_every_control_at_its_ends(capsys, name, value):
    settings, fig, lines = call(capsys, **{name: value})
    try:
        check_train_view(settings, fig, lines)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("changes", COMBINATIONS, ids=range(len(COMBINATIONS)))
def test_combinations(capsys, changes):
    settings, fig, lines = call(capsys, **changes)
    settings.update(label_noise=round(settings["label_noise"], 2), train_fraction=round(settings["train_fraction"], 2))
    try:
        check_train_view(settings, fig, lines)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("dataset, activation", DATASET_X_ACTIVATION)
def test_every_dataset_with_every_activation(capsys, dataset, activation):
    settings, fig, lines = call(capsys, dataset=dataset, activation=activation)
    try:
        assert check_train_view(settings, fig, lines), "the default net should not diverge"
    finally:
        plt.close(fig)


def test_defaults_learn_the_ring(capsys):
    # A balanced default that learns visibly: the prose reads these numbers off the default run.
    settings, fig, lines = call(capsys)
    try:
        assert settings["dataset"] == "ring"
        assert lines[2] == "after training: train loss 0.016, accuracy 1.000 | test loss 0.041, accuracy 0.987"
        train_curve = fig.axes[1].get_lines()[0].get_ydata()
        assert train_curve[0] > 0.5 and train_curve[-1] < 0.05        # from about log 2 down to near 0
    finally:
        plt.close(fig)


def test_test_points_are_drawn_unlike_training_points(capsys):
    settings, fig, lines = call(capsys)
    try:
        train, test = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
        assert train.get_sizes()[0] * 2 < test.get_sizes()[0]              # larger triangles
        assert tuple(train.get_edgecolors()[0][:3]) == (1, 1, 1) and tuple(test.get_edgecolors()[0][:3]) == (0, 0, 0)
    finally:
        plt.close(fig)


def test_diverged_run_shows_the_message(capsys):
    # Identity units at lr = 3.16 make the loss NaN; the figure says so instead of raising.
    settings, fig, lines = call(capsys, activation="identity", lr=3.16)
    try:
        assert check_train_view(settings, fig, lines) is False
        assert "loss became nan at epoch 3 with lr=3.16" in fig.axes[0].texts[0].get_text()
    finally:
        plt.close(fig)


def test_fit_passes_on_nnlibs_divergence():
    with pytest.raises(nnlib.Diverged) as err:
        NB.fit(activation="identity", lr=3.16)
    assert err.value.cause == "loss" and err.value.epoch == 3 and err.value.lr == 3.16


@pytest.mark.parametrize("changes", [{}, dict(dataset="spiral", hidden_layers=0, batch_size="full", epochs=30),
                                     dict(label_noise=0.30000000000000004, train_fraction=0.7000000000000001,
                                          lr=10 ** -0.75, activation="relu", units=3, seed=7)],
                         ids=["defaults", "full-batch", "slider-floats"])
def test_printed_line_repeats_the_run(capsys, changes):
    # Paste the two printed lines after `import nnlib`: the same loss curves, to the last bit.
    settings, fig, lines = call(capsys, **changes)
    try:
        namespace = {"nnlib": nnlib}
        exec("\n".join(lines[:2]), namespace)
        curves = fig.axes[1].get_lines()
        assert list(curves[0].get_ydata()) == namespace["history"]["loss"]
        assert list(curves[1].get_ydata()) == namespace["history"]["val_loss"]
        assert f"accuracy {namespace['history']['val_accuracy'][-1]:.3f}" in lines[2].split("|")[1]
    finally:
        plt.close(fig)


def test_seed_changes_the_net_not_the_data(capsys):
    _, fig0, lines0 = call(capsys, seed=0)
    _, fig1, lines1 = call(capsys, seed=1)
    try:
        assert lines0[0] == lines1[0]                       # same data line
        assert lines0[1] != lines1[1]
        train0, train1 = (f.axes[0].collections[-2].get_offsets() for f in (fig0, fig1))
        assert np.array_equal(train0, train1)
        assert fig0.axes[1].get_lines()[0].get_ydata()[-1] != fig1.axes[1].get_lines()[0].get_ydata()[-1]
    finally:
        plt.close(fig0)
        plt.close(fig1)


def test_the_panel_shows_the_playgrounds_printed_lines_and_figure():
    # What the browser shows: one stdout output and one PNG, replaced as a whole after every change.
    units = NB.widgets.int_slider(NB.UNITS_RANGE, "units")
    default_units = DEFAULTS["units"]
    box = NB.widgets.panel(NB.playground, units=units, epochs=NB.widgets.int_slider(NB.EPOCHS_RANGE, "epochs"))
    output = box.children[1]
    first = output.outputs
    assert [o["output_type"] for o in first] == ["stream", "display_data"]
    assert first[0]["text"].startswith("X, Y = nnlib.datasets.ring(") and "after training" in first[0]["text"]
    units.value = default_units + 1
    second = output.outputs
    assert f"MLP({NB.layer_sizes(DEFAULTS['hidden_layers'], default_units + 1)}" in second[0]["text"]
    assert second[1]["data"]["image/png"] != first[1]["data"]["image/png"]
    assert plt.get_fignums() == []
