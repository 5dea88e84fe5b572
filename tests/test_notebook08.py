"""Notebook 08's own functions: the fixed split, train_digits on real images, and the slider callback
`explore` at chosen settings (a loss curve and a confusion matrix, or a diverged run's message; never an
exception). The callback and controls come from the notebook itself; every control at its ends is
tests/test_sliders.py's job, and the printed results are nbval's.
"""
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnlib
from notebook_functions import control_edges, load_functions, panel_controls, shows_divergence, start_values

NOTEBOOK = "notebooks/08_real_data.ipynb"
nb = load_functions(NOTEBOOK)
CALLBACK, CONTROLS = panel_controls(NOTEBOOK, nb)
LOW = {name: control_edges(c)[0] for name, c in CONTROLS.items()}
HIGH = {name: control_edges(c)[-1] for name, c in CONTROLS.items()}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_the_split_is_fixed_and_covers_every_image_once():
    X_train, Y_train, X_test, Y_test = nb.digits_split()
    assert X_train.shape == (1438, 64) and X_test.shape == (359, 64) and Y_train.shape == (1438, 10)
    X, _ = nnlib.datasets.digits()
    both = np.vstack([X_train, X_test])
    assert sorted(map(bytes, both)) == sorted(map(bytes, X))        # a permutation of the 1,797 images
    assert all(np.array_equal(a, b) for a, b in zip(nb.digits_split(), (X_train, Y_train, X_test, Y_test)))


def test_the_default_recipe_learns_the_digits_and_softmax_rows_are_distributions():
    net, history = nb.train_digits(seed=3)
    _, _, X_test, Y_test = nb.digits_split()
    A = net.forward(X_test)
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=1e-12)
    assert nnlib.accuracy(A, Y_test) >= 0.97
    assert history["loss"][-1] < 0.1 * history["loss"][0]


def test_the_panel_starts_at_the_main_storys_recipe():
    assert start_values(CONTROLS) == {"hidden": nb.HIDDEN, "lr": pytest.approx(nb.LR), "epochs": nb.EPOCHS, "n_train": 1438}


def test_explore_draws_the_loss_and_a_confusion_matrix_of_all_test_images():
    fig = CALLBACK(**start_values(CONTROLS))
    ax_loss, ax_conf = fig.axes[:2]
    counts = ax_conf.images[0].get_array()
    assert counts.shape == (10, 10) and counts.sum() == 359
    assert ax_conf.get_title() == f"test accuracy {np.trace(counts) / 359:.3f}" and np.trace(counts) / 359 >= 0.97
    assert len(ax_loss.lines[0].get_xdata()) == nb.EPOCHS


@pytest.mark.parametrize("values", [dict(lr=3.0), {**HIGH}, {**LOW}, dict(hidden=8, n_train=50, epochs=1)])
def test_explore_shows_a_result_or_a_message(values):
    fig = CALLBACK(**{**start_values(CONTROLS), **values})
    text = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    shows_confusion = any(ax.images for ax in fig.axes)
    assert shows_confusion or shows_divergence(text), values
