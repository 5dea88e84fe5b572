"""What notebook 07's static train view `playground` shows, and the numbers of its regularization section.

`playground` and its helpers come from the notebook itself (tests/notebook_functions.py). Every call must
print the settings line, return the train view (decision boundary, loss curves, unit maps) or a message in
the boundary's place when training diverged. The printed line must repeat the run. The live widget of
section 4 is nnlib.live's, tested in tests/test_live.py; here only what the notebook adds around it.
"""
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure

import nnlib
from nnlib import live
from notebook_functions import load_functions, shows_divergence

NOTEBOOK = "notebooks/07_playground.ipynb"
NB = load_functions(NOTEBOOK)
DEFAULTS = NB.widgets.defaults(NB.playground)
# The ranges the train view is tested over (the retrain-on-release panel's old ranges): both ends of each
EDGES = dict(label_noise=[0.0, 0.5], train_fraction=[0.1, 0.9], hidden_layers=[0, 4], units=[1, 16], lr=[1e-3, 10.0],
             epochs=[10, 500], seed=[0, 9], batch_size=[4, "full"])
DATASETS, ACTIVATIONS = list(nnlib.datasets.DATASETS), list(nnlib.ACTIVATIONS)
SINGLE = [(name, value) for name, values in EDGES.items() for value in values]

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
    # float settings that are not exact (as sliders used to send them), a log-scale lr
    dict(label_noise=0.30000000000000004, train_fraction=0.7000000000000001, lr=10 ** -0.75, batch_size="full"),
    # overfitting (section 6) and a run known to diverge (Appendix C)
    dict(dataset="blobs", label_noise=0.2, train_fraction=0.1, units=16, activation="relu", lr=0.3, epochs=500),
    dict(activation="identity", lr=3.16),
]
# every dataset with every activation, at the default net
DATASET_X_ACTIVATION = [(d, a) for d in DATASETS for a in ACTIVATIONS]

UNIT_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, np.inf), "identity": (-np.inf, np.inf)}


def call(capsys, **changes):
    """Call the train view; return (settings actually used, figure, printed lines)."""
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


@pytest.mark.parametrize("name, value", SINGLE, ids=[f"{n}={v}" for n, v in SINGLE])
def test_every_setting_at_its_ends(capsys, name, value):
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


def test_the_datasets_are_the_classification_sets():
    # section 5 loops over them with a sigmoid output and BCE; the regression sets belong to the live widget
    assert DATASETS == ["xor", "linear", "circle", "ring", "blobs", "spiral"]


def test_section_7_settings_are_ones_the_live_controls_offer():
    s = live.LiveRun(**NB.OVERFIT_LIVE).settings          # checked by LiveRun itself
    assert s["lr"] in live.LEARNING_RATES and s["dataset"] in live.DATASETS and s["dataset"] not in live.REGRESSION
    for name in ("noise", "train_fraction"):
        low, high, step = live.CONTROLS[name][1]
        assert low <= s[name] <= high and abs(s[name] / step - round(s[name] / step)) < 1e-9
    assert len(s["hidden"]) <= live.MAX_LAYERS and max(s["hidden"]) <= live.MAX_WIDTH
    assert s["n_points"] == live.DEFAULTS["n_points"] and s["batch_size"] == live.DEFAULTS["batch_size"]


def test_regularized_gives_medians_over_seeds_of_the_live_runs(monkeypatch):
    monkeypatch.setitem(NB.regularized.__globals__, "REG_SEEDS", range(3))
    monkeypatch.setitem(NB.regularized.__globals__, "REG_EPOCHS", 12)
    rows = []
    for seed in range(3):
        run = live.LiveRun(**NB.OVERFIT_LIVE, regularization="l1", reg_rate=0.01, seed=seed).step(12)
        W = np.concatenate([run.net.params[f"W{i}"].ravel() for i in (1, 2, 3)])      # weights, never biases
        h = run.history
        rows.append([h["loss"][-1], h["test_loss"][-1], h["test_accuracy"][-1], np.sum(W ** 2), np.mean(np.abs(W) < 0.01)])
    rows = np.array(rows)
    got = NB.regularized("l1", 0.01)
    assert got.shape == (5,)
    assert np.array_equal(got, np.median(rows, axis=0))
    assert not np.array_equal(got, rows.mean(axis=0))          # a median, not a mean
    assert got[4] * 88 == pytest.approx(round(got[4] * 88))     # a fraction of the 2*8 + 8*8 + 8*1 weights


def test_too_much_l2_leaves_every_weight_near_zero():
    # The prose: at l2 = 0.1 the pull wins, every weight ends within 0.01 of 0; without it, most weights do not
    strong, none = NB.regularized("l2", 0.1), NB.regularized(None, 0.0)
    assert strong[4] == 1.0 and strong[3] < 0.05
    assert none[4] < 0.5 and none[3] > 10 * strong[3]
