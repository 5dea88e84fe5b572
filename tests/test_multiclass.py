"""Multi-class nnlib: softmax, cross-entropy from the logits, their pair in MLP and OldschoolMLP, the bad
input they refuse, and the digits. References: the textbook formulas, central finite differences, the
scalar autodiff of tests/autodiff.py (which shares no formula with nnlib). PyTorch's cross_entropy with
probability targets is that same textbook formula, so no PyTorch run is needed."""
import subprocess
import sys
import warnings

import numpy as np
import pytest

import nnlib
from autodiff import Value, mlp_loss
from nnlib import losses
from nnlib.activations import softmax

RNG = np.random.default_rng(0)
Z = RNG.normal(size=(6, 4)) * 3
Y_HARD = np.eye(4)[[0, 3, 1, 1, 2, 0]]
Y_SOFT = RNG.dirichlet(np.ones(4), size=6)        # rows of probabilities


def textbook_cross_entropy(Z, Y):
    A = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    return -np.mean(np.sum(Y * np.log(A), axis=1))


def test_softmax_is_a_distribution_per_row_and_ignores_a_shift():
    A = softmax(Z)
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(A, np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(softmax(Z + 100.0), A, rtol=1e-12)
    np.testing.assert_allclose(softmax(np.array([[3.0, 0.0]]))[0, 0], nnlib.ACTIVATIONS["sigmoid"][0](3.0), rtol=1e-15)


def test_huge_logits_give_finite_values_without_a_warning():
    Z_big = np.array([[1e4, 0.0, -1e4], [-1e5, 1e5, 0.0]])
    Y = np.eye(3)[[2, 0]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = softmax(Z_big)
        value, dZ = losses.cross_entropy(Z_big, Y)
    assert np.isfinite(A).all() and np.isfinite(dZ).all()
    assert value == pytest.approx((2e4 + 2e5) / 2)      # -log softmax of the true class: its gap to the max
    net = nnlib.MLP([3, 4, 3], activation="relu", output_activation="softmax", seed=0)
    net.params["W2"] *= 1e6
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value, grads = net.loss_and_grads(np.ones((2, 3)), Y, "cross_entropy")
    assert np.isfinite(value) and all(np.isfinite(g).all() for g in grads.values())


@pytest.mark.parametrize("Y", [Y_HARD, Y_SOFT], ids=["one-hot", "probabilities"])
def test_cross_entropy_has_its_meaning_and_dZ_matches_finite_differences(Y):
    value, dZ = losses.cross_entropy(Z, Y)
    assert value == pytest.approx(textbook_cross_entropy(Z, Y), rel=1e-13)
    np.testing.assert_allclose(dZ, (softmax(Z) - Y) / len(Z), rtol=1e-14)
    numeric = np.zeros_like(Z)
    for idx in np.ndindex(Z.shape):
        step = np.zeros_like(Z)
        step[idx] = 1e-6
        numeric[idx] = (losses.cross_entropy(Z + step, Y)[0] - losses.cross_entropy(Z - step, Y)[0]) / 2e-6
    np.testing.assert_allclose(dZ, numeric, rtol=1e-6, atol=1e-10)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "identity"])
@pytest.mark.parametrize("sizes", [[3, 5, 4], [3, 4, 5, 3]])
def test_softmax_net_gradients_match_finite_differences_and_autodiff(activation, sizes):
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(5, sizes[0])), rng.dirichlet(np.ones(sizes[-1]), size=5)
    net = nnlib.MLP(sizes, activation=activation, output_activation="softmax", seed=3)
    assert max(nnlib.gradient_check(net, X, Y, "cross_entropy").values()) < 1e-6
    value, grads = net.loss_and_grads(X, Y, "cross_entropy")
    params = {k: [[Value(w) for w in row] for row in p.tolist()] if p.ndim == 2 else [Value(w) for w in p.tolist()]
              for k, p in net.params.items()}
    reference = mlp_loss(params, X.tolist(), Y.tolist(), activation, "softmax", "cross_entropy")
    reference.backward()
    assert value == pytest.approx(reference.data, rel=1e-12)
    for k, p in params.items():
        got = np.array([[v.grad for v in row] for row in p]) if grads[k].ndim == 2 else np.array([v.grad for v in p])
        np.testing.assert_allclose(grads[k], got, rtol=1e-9, atol=1e-12)


def test_oldschool_softmax_gives_the_same_numbers_and_passes_the_gradient_check():
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(6, 4)), np.eye(3)[rng.integers(0, 3, 6)]
    new, old = (cls([4, 5, 3], activation="tanh", output_activation="softmax", seed=4)
                for cls in (nnlib.MLP, nnlib.OldschoolMLP))
    np.testing.assert_allclose(old.forward(X), new.forward(X), rtol=1e-12)
    (v_new, g_new), (v_old, g_old) = new.loss_and_grads(X, Y, "cross_entropy"), old.loss_and_grads(X, Y, "cross_entropy")
    assert v_old == pytest.approx(v_new, rel=1e-12)
    for k in g_new:
        np.testing.assert_allclose(g_old[k], g_new[k], rtol=1e-10, atol=1e-14)
    assert max(nnlib.gradient_check(old, X, Y, "cross_entropy").values()) < 1e-6


def test_training_learns_three_classes_and_accuracy_uses_argmax():
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 3, 300)
    X = np.eye(3)[labels] * 2 + rng.normal(scale=0.5, size=(300, 3))
    Y = np.eye(3)[labels]
    net = nnlib.MLP([3, 8, 3], activation="relu", output_activation="softmax", seed=0)
    history = nnlib.train(net, X, Y, loss="cross_entropy", lr=0.5, epochs=20, batch_size=32, validation=(X, Y))
    assert history["loss"][-1] < 0.3 * history["loss"][0]
    assert nnlib.accuracy(net.forward(X), Y) == history["val_accuracy"][-1] > 0.9
    assert nnlib.accuracy(np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]), np.eye(3)[[1, 2]]) == 0.5


@pytest.mark.parametrize("Y,words", [
    (np.array([[0.5, 0.6, 0.0]]), ["Y rows", "summing to 1", "row sums 1.1"]),
    (np.array([[1.5, -0.5, 0.0]]), ["Y rows", ">= 0", "-0.5"]),
    (np.zeros((1, 3)), ["Y rows", "row sums 0"]),
    (np.array([[1.0, 0.0]]), ["Y must have shape (n_examples, 3)", "(1, 2)"]),
])
def test_targets_that_are_not_distributions_are_refused(Y, words):
    net = nnlib.MLP([2, 4, 3], output_activation="softmax")
    for call in (lambda: net.loss_and_grads(np.ones((1, 2)), Y, "cross_entropy"),
                 lambda: nnlib.train(net, np.ones((1, 2)), Y, loss="cross_entropy", epochs=1)):
        with pytest.raises(ValueError) as err:
            call()
        for word in words:
            assert word in str(err.value)


@pytest.mark.parametrize("output_activation,loss", [("sigmoid", "cross_entropy"), ("identity", "cross_entropy"),
                                                    ("softmax", "mse"), ("softmax", "bce")])
def test_cross_entropy_and_softmax_only_go_together(output_activation, loss):
    net = nnlib.MLP([2, 4, 3], output_activation=output_activation)
    with pytest.raises(ValueError, match=f"loss='{loss}'.*output_activation='{output_activation}'"):
        net.loss_and_grads(np.ones((1, 2)), np.eye(3)[[0]], loss)
    with pytest.raises(ValueError, match="output_activation='softmax'"):
        losses.loss_and_output_delta("cross_entropy", Z, Z, Y_HARD, "sigmoid")


def test_softmax_is_an_output_activation_only():
    with pytest.raises(ValueError, match="activation must be one of"):
        nnlib.MLP([2, 4, 3], activation="softmax")
    assert "softmax" not in nnlib.ACTIVATIONS                 # the hidden-layer dropdowns stay as they were


def test_digits_are_scaled_one_hot_and_loaded_lazily():
    X, Y = nnlib.datasets.digits()
    assert X.shape == (1797, 64) and Y.shape == (1797, 10) and X.dtype == Y.dtype == np.float64
    assert X.min() == 0.0 and X.max() == 1.0
    assert (Y.sum(axis=1) == 1).all() and set(np.unique(Y)) == {0.0, 1.0}
    assert np.bincount(Y.argmax(axis=1)).min() >= 170        # about 180 of each digit
    code = "import sys, nnlib; print('sklearn' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
