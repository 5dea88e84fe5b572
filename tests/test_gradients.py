"""Every derivative and gradient in nnlib against independent references: central finite
differences, and a scalar reverse-mode autodiff (tests/autodiff.py) that shares no formula."""
import warnings

import numpy as np
import pytest

import nnlib
from nnlib import losses
from autodiff import Value, mlp_loss

ACTS = ["sigmoid", "tanh", "relu", "identity"]
LOSS_OUTPUT = [("mse", a) for a in ACTS] + [("sse", a) for a in ACTS] + [("bce", "sigmoid")]
ARCHS = {"one hidden layer": [3, 5, 2], "three hidden layers": [3, 4, 5, 3, 2]}


# every activation x (loss, output activation) x depth, as (activation, loss, output_activation, arch)
EVERY_NET = pytest.mark.parametrize("activation,loss,output_activation,arch",
                                    [(a, l, o, arch) for a in ACTS for l, o in LOSS_OUTPUT for arch in ARCHS])


def data(sizes, loss, seed=1, n=7):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, sizes[0]))
    Y = rng.random((n, sizes[-1]))
    return X, (Y > 0.5).astype(float) if loss == "bce" else Y


@pytest.mark.parametrize("name", ACTS)
def test_activation_derivative_matches_finite_differences(name):
    f, f_prime = nnlib.ACTIVATIONS[name]
    Z = np.linspace(-4, 4, 81) + 0.013          # avoid ReLU's kink at exactly 0
    eps = 1e-6
    numeric = (f(Z + eps) - f(Z - eps)) / (2 * eps)
    np.testing.assert_allclose(f_prime(Z, f(Z)), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", ["mse", "sse", "bce"])
def test_loss_gradient_matches_finite_differences(name):
    rng = np.random.default_rng(0)
    A, Y = rng.uniform(0.05, 0.95, (6, 2)), rng.integers(0, 2, (6, 2)).astype(float)
    value, dA = losses.LOSSES[name](A, Y)
    numeric = np.zeros_like(A)
    for idx in np.ndindex(A.shape):
        step = np.zeros_like(A)
        step[idx] = 1e-6
        numeric[idx] = (losses.LOSSES[name](A + step, Y)[0] - losses.LOSSES[name](A - step, Y)[0]) / 2e-6
    np.testing.assert_allclose(dA, numeric, rtol=1e-6, atol=1e-10)


def test_losses_have_their_documented_meaning():
    A, Y = np.array([[0.2, 0.9], [0.6, 0.1]]), np.array([[0.0, 1.0], [1.0, 0.0]])
    assert losses.mse(A, Y)[0] == pytest.approx(np.mean((A - Y) ** 2))
    assert losses.sse(A, Y)[0] == pytest.approx(0.5 * np.sum((A - Y) ** 2))
    assert losses.bce(A, Y)[0] == pytest.approx(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
    Z = np.log(A / (1 - A))                       # logits of A: BCE from logits must agree
    assert losses.bce_from_logits(Z, Y)[0] == pytest.approx(losses.bce(A, Y)[0], rel=1e-12)


@EVERY_NET
def test_backprop_matches_finite_differences(activation, loss, output_activation, arch):
    # Central differences with eps=1e-6 in float64 agree with exact gradients to ~1e-9; 1e-6 is safe.
    sizes = ARCHS[arch]
    net = nnlib.MLP(sizes, activation=activation, output_activation=output_activation, seed=3)
    X, Y = data(sizes, loss)
    errors = nnlib.gradient_check(net, X, Y, loss)
    assert max(errors.values()) < 1e-6, errors


@EVERY_NET
def test_loss_and_grads_match_independent_autodiff(activation, loss, output_activation, arch):
    sizes = ARCHS[arch]
    net = nnlib.MLP(sizes, activation=activation, output_activation=output_activation, seed=5)
    X, Y = data(sizes, loss, seed=2, n=4)
    value, grads = net.loss_and_grads(X, Y, loss)
    params = {k: [[Value(w) for w in row] for row in np.atleast_2d(p).tolist()] if p.ndim == 2
              else [Value(w) for w in p.tolist()] for k, p in net.params.items()}
    reference = mlp_loss(params, X.tolist(), Y.tolist(), activation, output_activation, loss)
    reference.backward()
    assert value == pytest.approx(reference.data, rel=1e-12)
    for k, p in params.items():
        ref = np.array([[v.grad for v in row] for row in p]) if net.params[k].ndim == 2 else np.array([v.grad for v in p])
        np.testing.assert_allclose(grads[k], ref, rtol=1e-9, atol=1e-13, err_msg=k)


@pytest.mark.parametrize("loss,output_activation", LOSS_OUTPUT)
@pytest.mark.parametrize("activation", ACTS)
def test_oldschool_gives_the_same_loss_and_gradients(activation, loss, output_activation):
    for sizes in ARCHS.values():
        vec = nnlib.MLP(sizes, activation=activation, output_activation=output_activation, seed=7)
        old = nnlib.OldschoolMLP(sizes, activation=activation, output_activation=output_activation, seed=7)
        X, Y = data(sizes, loss, n=9)
        (l1, g1), (l2, g2) = vec.loss_and_grads(X, Y, loss), old.loss_and_grads(X, Y, loss)
        assert abs(l1 - l2) <= 1e-12 * max(1.0, abs(l1))
        np.testing.assert_allclose(vec.forward(X), old.forward(X), rtol=0, atol=1e-12)
        for k in g1:
            np.testing.assert_allclose(g1[k], g2[k], rtol=0, atol=1e-12, err_msg=k)


def test_oldschool_trains_to_the_same_weights():
    X, Y = nnlib.datasets.xor_gate()
    vec = nnlib.MLP([2, 3, 1], init=0.3, seed=3)
    old = nnlib.OldschoolMLP([2, 3, 1], init=0.3, seed=3)
    h1 = nnlib.train(vec, X, Y, loss="sse", lr=0.5, momentum=0.9, epochs=400)
    h2 = nnlib.train(old, X, Y, loss="sse", lr=0.5, momentum=0.9, epochs=400)
    np.testing.assert_allclose(h1["loss"], h2["loss"], rtol=0, atol=1e-12)
    for k in vec.params:
        np.testing.assert_allclose(vec.params[k], old.params[k], rtol=0, atol=1e-12, err_msg=k)
    assert h1["accuracy"][-1] == 1.0    # it learned XOR, so the weights travelled far


@pytest.mark.parametrize("activation", ACTS)
def test_large_inputs_stay_finite_without_warnings(activation):
    big = np.array([[-1e4, 1e4], [1e4, 1e4], [-1e4, -1e4], [3.0, -1e4]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for f, df in [nnlib.ACTIVATIONS[activation]]:
            assert np.isfinite(df(big, f(big))).all()
        for loss, out in LOSS_OUTPUT:
            net = nnlib.MLP([2, 3, 1], activation=activation, output_activation=out, seed=0)
            value, grads = net.loss_and_grads(big, Y, loss)
            assert np.isfinite(value) and all(np.isfinite(g).all() for g in grads.values())
            old_value, _ = nnlib.OldschoolMLP([2, 3, 1], activation=activation, output_activation=out,
                                              seed=0).loss_and_grads(big, Y, loss)
            assert np.isfinite(old_value)


def test_sigmoid_extremes_and_bce_from_huge_logits():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Z = np.array([-1e4, -40.0, -3.0, 0.0, 2.0, 40.0, 1e4])
        s = nnlib.ACTIVATIONS["sigmoid"][0](Z)
        assert s[0] == 0.0 and s[3] == 0.5 and s[-1] == 1.0
        np.testing.assert_allclose(s[1:-1], [1 / (1 + np.exp(40.0)), 1 / (1 + np.exp(3.0)), 0.5,
                                             1 / (1 + np.exp(-2.0)), 1 / (1 + np.exp(-40.0))], rtol=0, atol=2e-16)
        value, dZ = losses.bce_from_logits(np.array([[1e4], [-1e4]]), np.array([[0.0], [1.0]]))
    assert value == pytest.approx(1e4)             # each example is wrong by a logit of 1e4
    np.testing.assert_allclose(dZ, [[0.5], [-0.5]])


def test_loss_and_grads_returns_grads_in_the_order_of_params():
    net = nnlib.MLP([2, 3, 4, 1], seed=0)
    X, Y = nnlib.datasets.circle(10, seed=0)
    assert list(net.loss_and_grads(X, Y)[1]) == list(net.params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
