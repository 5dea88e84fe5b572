"""Issue 14's nnlib part: L1 and L2 regularization, training in chunks (a live view), train's exact
accuracy, the regression datasets and the input features. References: central finite differences, the
scalar autodiff of tests/autodiff.py (which shares no formula with nnlib) and a training loop written here."""
import numpy as np
import pytest

import nnlib
from autodiff import Value, mlp_loss
from nnlib import datasets
from nnlib.train import WORSE

ACTS = ["sigmoid", "tanh", "relu", "identity"]
LOSS_OUTPUT = [("mse", "identity"), ("sse", "tanh"), ("bce", "sigmoid"), ("cross_entropy", "softmax")]
RATES = [(0.03, 0.0), (0.0, 0.05), (0.02, 0.07)]
SIZES = [3, 4, 3, 2]


def data(sizes, loss, seed=1, n=6):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, sizes[0]))
    if loss == "cross_entropy":
        return X, np.eye(sizes[-1])[rng.integers(sizes[-1], size=n)]
    Y = rng.random((n, sizes[-1]))
    return X, (Y > 0.5).astype(float) if loss == "bce" else Y


def weights(params):
    return [p for k, p in params.items() if k.startswith("W")]


class Penalised:
    """A net whose loss_and_grads(X, Y, loss) always adds l1, l2: what nnlib.gradient_check calls."""

    def __init__(self, net, l1, l2, grads_too=True):
        self.net, self.params, self.l1, self.l2, self.grads_too = net, net.params, l1, l2, grads_too

    def loss_and_grads(self, X, Y, loss):
        value, grads = self.net.loss_and_grads(X, Y, loss, l1=self.l1, l2=self.l2)
        return value, grads if self.grads_too else self.net.loss_and_grads(X, Y, loss)[1]


# --- the penalty: its value, its gradient, weights only -----------------------------------------------

@pytest.mark.parametrize("l1,l2", RATES)
@pytest.mark.parametrize("loss,output_activation", LOSS_OUTPUT)
def test_penalty_adds_to_the_loss_and_the_weight_gradients_only(loss, output_activation, l1, l2):
    net = nnlib.MLP(SIZES, activation="tanh", output_activation=output_activation, seed=2)
    for k in net.params:
        if k.startswith("b"):
            net.params[k] += 0.7                  # non-zero biases, which must not be penalised
    X, Y = data(SIZES, loss)
    plain_value, plain = net.loss_and_grads(X, Y, loss)
    value, grads = net.loss_and_grads(X, Y, loss, l1=l1, l2=l2)
    flat = [w for W in weights(net.params) for w in W.ravel().tolist()]
    assert value == pytest.approx(plain_value + l1 * sum(abs(w) for w in flat) + l2 / 2 * sum(w * w for w in flat),
                                  rel=1e-13)
    for k, p in net.params.items():
        if k.startswith("b"):
            np.testing.assert_array_equal(grads[k], plain[k], err_msg=k)
        else:
            np.testing.assert_allclose(grads[k] - plain[k], l1 * np.sign(p) + l2 * p, rtol=1e-9, atol=1e-15, err_msg=k)


@pytest.mark.parametrize("activation", ACTS)
@pytest.mark.parametrize("loss,output_activation", LOSS_OUTPUT)
def test_penalised_gradients_match_finite_differences(activation, loss, output_activation):
    net = nnlib.MLP(SIZES, activation=activation, output_activation=output_activation, seed=3)
    assert min(np.abs(W).min() for W in weights(net.params)) > 1e-3      # |w| has no kink within eps
    X, Y = data(SIZES, loss)
    for l1, l2 in RATES:
        errors = nnlib.gradient_check(Penalised(net, l1, l2), X, Y, loss)
        assert max(errors.values()) < 1e-6, (l1, l2, errors)
    # the check can fail: the penalised loss against the unpenalised gradients
    errors = nnlib.gradient_check(Penalised(net, 0.05, 0.05, grads_too=False), X, Y, loss)
    assert max(errors.values()) > 1e-3


@pytest.mark.parametrize("activation", ACTS)
@pytest.mark.parametrize("loss,output_activation", LOSS_OUTPUT)
def test_penalised_loss_and_grads_match_autodiff_and_oldschool(activation, loss, output_activation):
    l1, l2 = 0.02, 0.07
    net = nnlib.MLP(SIZES, activation=activation, output_activation=output_activation, seed=5)
    X, Y = data(SIZES, loss, seed=2, n=4)
    value, grads = net.loss_and_grads(X, Y, loss, l1=l1, l2=l2)
    params = {k: [[Value(w) for w in row] for row in p.tolist()] if p.ndim == 2 else [Value(w) for w in p.tolist()]
              for k, p in net.params.items()}
    ws = [w for k, rows in params.items() if k.startswith("W") for row in rows for w in row]
    reference = mlp_loss(params, X.tolist(), Y.tolist(), activation, output_activation, loss)
    reference = reference + l1 * sum((abs(w) for w in ws), Value(0.0)) + (l2 / 2) * sum((w * w for w in ws), Value(0.0))
    reference.backward()
    assert value == pytest.approx(reference.data, rel=1e-12)
    for k, p in params.items():
        ref = np.array([[v.grad for v in row] for row in p] if net.params[k].ndim == 2 else [v.grad for v in p])
        np.testing.assert_allclose(grads[k], ref, rtol=1e-9, atol=1e-13, err_msg=k)
    old = nnlib.OldschoolMLP(SIZES, activation=activation, output_activation=output_activation, seed=5)
    old_value, old_grads = old.loss_and_grads(X, Y, loss, l1=l1, l2=l2)
    assert abs(old_value - value) <= 1e-12 * max(1.0, abs(value))
    for k in grads:
        np.testing.assert_allclose(old_grads[k], grads[k], rtol=0, atol=1e-12, err_msg=k)


def test_oldschool_trains_with_l1_and_l2_to_the_same_weights():
    X, Y = datasets.xor_gate()
    runs = {}
    for cls, l1, l2 in [(nnlib.MLP, 0.01, 0.02), (nnlib.OldschoolMLP, 0.01, 0.02), (nnlib.MLP, 0.0, 0.0)]:
        net = cls([2, 3, 1], init=0.3, seed=3)
        history = nnlib.train(net, X, Y, loss="sse", lr=0.5, momentum=0.9, epochs=300, l1=l1, l2=l2)
        runs[cls.__name__, l1] = net.params, history["loss"]
    (vec, h_vec), (old, h_old), (plain, _) = runs.values()
    np.testing.assert_allclose(h_vec, h_old, rtol=0, atol=1e-12)
    for k in vec:
        np.testing.assert_allclose(vec[k], old[k], rtol=0, atol=1e-12, err_msg=k)
    assert max(np.abs(vec[k] - plain[k]).max() for k in vec) > 0.01      # the penalty changed the run


def test_zero_rates_are_bit_identical_to_none():
    X, Y = datasets.ring(100, seed=1)
    net = nnlib.MLP([2, 5, 1], activation="relu", seed=1)
    value, grads = net.loss_and_grads(X, Y, "bce")
    for zero in (0, 0.0):
        value0, grads0 = net.loss_and_grads(X, Y, "bce", l1=zero, l2=zero)
        assert value0 == value and all(np.array_equal(grads0[k], grads[k]) for k in grads)
    runs = []
    for kwargs in ({}, dict(l1=0.0, l2=0)):
        net = nnlib.MLP([2, 5, 1], activation="relu", seed=1)
        runs.append((nnlib.train(net, X, Y, loss="bce", lr=0.3, epochs=5, batch_size=16, **kwargs), net.params))
    (h0, p0), (h1, p1) = runs
    assert h0 == h1 and all(np.array_equal(p0[k], p1[k]) for k in p0)


@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_regularized_training_shrinks_the_weights(penalty):
    X, Y = datasets.ring(200, seed=0)
    size = {"l1": lambda W: np.abs(W).sum(), "l2": lambda W: (W * W).sum()}[penalty]
    totals = {}
    for rate in (0.0, 0.01):
        net = nnlib.MLP([2, 8, 1], activation="relu", seed=0)
        nnlib.train(net, X, Y, loss="bce", lr=0.3, epochs=60, batch_size=32, seed=0, **{penalty: rate})
        totals[rate] = sum(size(W) for W in weights(net.params))
    assert totals[0.01] < 0.8 * totals[0.0], totals


@pytest.mark.parametrize("lr, worse", [(30.0, True), (0.3, False)])
def test_the_worse_rule_still_fires_with_a_penalty(lr, worse):
    X, Y = datasets.circle(400, seed=0)
    net = nnlib.MLP([2, 8, 1], activation="relu", seed=0)
    untrained = net.loss_and_grads(X, Y, "bce", l2=1e-3)[0]
    try:
        history = nnlib.train(net, X, Y, loss="bce", lr=lr, epochs=20, batch_size=32, l2=1e-3)
        assert not worse and history["loss"][-1] <= WORSE * untrained
    except nnlib.Diverged as err:
        assert worse and err.cause == "worse" and err.epoch == 20 and err.history["loss"][-1] > WORSE * untrained


# --- training in chunks, learning-rate changes, and the history against a loop written here ----------

def reference_run(net, X, Y, loss, optimizer, rng, epochs, batch_size, l1=0.0, l2=0.0):
    """Plain epochs of (shuffled) mini-batches; returns per-epoch (mean or summed loss, accuracy)."""
    n, out = len(X), []
    for _ in range(epochs):
        order = rng.permutation(n) if batch_size < n else np.arange(n)
        total, correct = 0.0, 0
        for start in range(0, n, batch_size):
            Xb, Yb = X[order[start:start + batch_size]], Y[order[start:start + batch_size]]
            correct += round(nnlib.accuracy(net.forward(Xb), Yb) * len(Xb))
            value, grads = net.loss_and_grads(Xb, Yb, loss, l1=l1, l2=l2)
            total += value if loss == "sse" else value * len(Xb) / n
            optimizer.step(net.params, grads)
        out.append((total, correct / n))
    return out


def ring_net(seed=0):
    return nnlib.MLP([2, 6, 1], activation="relu", seed=seed)


X_RING, Y_RING = datasets.ring(120, seed=4)
X_VAL, Y_VAL = datasets.ring(40, seed=5)


@pytest.mark.parametrize("batch_size", [None, 16])
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_n_chunks_of_k_epochs_give_exactly_one_run_of_n_times_k(batch_size, momentum):
    kwargs = dict(loss="bce", batch_size=batch_size, validation=(X_VAL, Y_VAL), l2=1e-3)
    whole, opt, rng = ring_net(), nnlib.SGD(0.3, momentum), np.random.default_rng(7)
    history = nnlib.train(whole, X_RING, Y_RING, epochs=12, seed=rng, optimizer=opt, **kwargs)
    chunked, opt, rng = ring_net(), nnlib.SGD(0.3, momentum), np.random.default_rng(7)
    chunks = [nnlib.train(chunked, X_RING, Y_RING, epochs=3, seed=rng, optimizer=opt, **kwargs) for _ in range(4)]
    assert all(np.array_equal(whole.params[k], chunked.params[k]) for k in whole.params)
    assert history == {key: sum((c[key] for c in chunks), []) for key in history}


def test_chunks_without_the_same_generator_or_optimizer_differ():
    # what the test above guards against: a fresh shuffle, or momentum forgotten, at every chunk
    runs = []
    for fresh_rng, fresh_opt in [(False, False), (True, False), (False, True)]:
        net, opt, rng = ring_net(), nnlib.SGD(0.3, 0.9), np.random.default_rng(7)
        for _ in range(4):
            nnlib.train(net, X_RING, Y_RING, loss="bce", epochs=3, batch_size=16, seed=7 if fresh_rng else rng,
                        optimizer=nnlib.SGD(0.3, 0.9) if fresh_opt else opt)
        runs.append(net.params["W1"])
    assert not np.array_equal(runs[0], runs[1]) and not np.array_equal(runs[0], runs[2])


@pytest.mark.parametrize("batch_size", [None, 16])
def test_a_learning_rate_change_mid_run_equals_two_train_calls(batch_size):
    kwargs = dict(loss="bce", batch_size=batch_size)

    def slow_down(epoch, history):                # inside one call, as a live view's slider would
        if epoch == 5:
            opt.lr = 0.05

    one, opt, rng = ring_net(), nnlib.SGD(0.5, 0.9), np.random.default_rng(3)
    nnlib.train(one, X_RING, Y_RING, epochs=12, seed=rng, optimizer=opt, callback=slow_down, **kwargs)
    two, opt, rng = ring_net(), nnlib.SGD(0.5, 0.9), np.random.default_rng(3)
    nnlib.train(two, X_RING, Y_RING, epochs=5, seed=rng, optimizer=opt, **kwargs)
    opt.lr = 0.05
    nnlib.train(two, X_RING, Y_RING, epochs=7, seed=rng, optimizer=opt, **kwargs)
    ref, opt, rng = ring_net(), nnlib.SGD(0.5, 0.9), np.random.default_rng(3)
    reference_run(ref, X_RING, Y_RING, "bce", opt, rng, 5, batch_size or len(X_RING))
    opt.lr = 0.05
    reference_run(ref, X_RING, Y_RING, "bce", opt, rng, 7, batch_size or len(X_RING))
    unchanged = ring_net()
    nnlib.train(unchanged, X_RING, Y_RING, epochs=12, seed=np.random.default_rng(3), lr=0.5, momentum=0.9, **kwargs)
    for k in one.params:
        assert np.array_equal(one.params[k], two.params[k]) and np.array_equal(one.params[k], ref.params[k]), k
    assert not np.array_equal(one.params["W1"], unchanged.params["W1"])


@pytest.mark.parametrize("classes", [1, 3])
@pytest.mark.parametrize("batch_size", [None, 7, 32])
def test_history_equals_a_loop_over_batches_with_nnlib_accuracy(classes, batch_size):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    if classes == 1:
        Y, output, loss = (X[:, :1] * X[:, 1:] > 0).astype(float), "sigmoid", "bce"
    else:
        Y, output, loss = np.eye(3)[np.digitize(X[:, 0], [-0.4, 0.4])], "softmax", "cross_entropy"
    nets = [nnlib.MLP([2, 5, classes], activation="tanh", output_activation=output, seed=1) for _ in range(2)]
    history = nnlib.train(nets[0], X, Y, loss=loss, lr=0.5, epochs=8, batch_size=batch_size,
                          seed=np.random.default_rng(9), l1=1e-3, l2=2e-3)
    reference = reference_run(nets[1], X, Y, loss, nnlib.SGD(0.5), np.random.default_rng(9), 8, batch_size or 50,
                              l1=1e-3, l2=2e-3)
    assert history["accuracy"] == [accuracy for _, accuracy in reference]
    assert history["loss"] == pytest.approx([loss for loss, _ in reference], rel=1e-12)
    assert len(set(history["accuracy"])) > 1                      # it learned: the accuracy moved
    assert all(np.array_equal(nets[0].params[k], nets[1].params[k]) for k in nets[0].params)


# --- regression datasets and input features ---------------------------------------------------------

def clean_gaussians(X):
    """Written here from the docstring: bumps of width 0.3 at (+-0.5, +-0.5), up where x1 x2 > 0."""
    total = np.zeros(len(X))
    for c1, c2 in [(-0.5, -0.5), (0.5, 0.5), (-0.5, 0.5), (0.5, -0.5)]:
        total += np.sign(c1 * c2) * np.exp(-((X[:, 0] - c1) ** 2 + (X[:, 1] - c2) ** 2) / (2 * 0.3 ** 2))
    return total


@pytest.mark.parametrize("make", [datasets.plane, datasets.gaussians])
def test_regression_sets_are_shaped_seeded_and_noisy_as_asked(make):
    X, Y = make(300, seed=2)
    assert X.shape == (300, 2) and Y.shape == (300, 1) and X.dtype == Y.dtype == np.float64
    assert np.abs(X).max() <= 1 and len(np.unique(Y)) > 250        # real-valued targets, not labels
    X2, Y2 = make(300, seed=2)
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2) and not np.array_equal(X, make(300, seed=3)[0])
    clean = X.sum(axis=1) / 2 if make is datasets.plane else clean_gaussians(X)
    np.testing.assert_allclose(Y[:, 0], clean, rtol=1e-12, atol=1e-15)
    X, Y = make(20000, noise=0.3, seed=1)                          # same points as noise=0, plus N(0, 0.3^2)
    X0, Y0 = make(20000, seed=1)
    residual = (Y - Y0)[:, 0]
    assert np.array_equal(X, X0)
    assert abs(residual.mean()) < 0.02 and 0.285 < residual.std() < 0.315    # about 10 standard errors


def test_gaussians_are_up_where_x1_x2_is_positive():
    X, Y = datasets.gaussians(2000, seed=0)
    np.testing.assert_array_equal(np.sign(Y[:, 0]), np.sign(X[:, 0] * X[:, 1]))
    assert 0.9 < np.abs(Y).max() < 1.1                             # peaks near +-1


def test_a_linear_net_fits_the_noisy_plane():
    X, Y = datasets.plane(500, noise=0.1, seed=0)
    net = nnlib.MLP([2, 1], output_activation="identity", seed=0)
    history = nnlib.train(net, X, Y, loss="mse", lr=0.5, epochs=300)
    np.testing.assert_allclose(net.params["W1"][:, 0], [0.5, 0.5], atol=0.03)
    assert history["loss"][-1] == pytest.approx(0.1 ** 2, rel=0.2)


def test_features_are_their_formulas_in_the_order_asked():
    X = np.random.default_rng(0).uniform(-1, 1, size=(50, 2))
    x1, x2 = X[:, 0], X[:, 1]
    formulas = {"x1": x1, "x2": x2, "x1^2": x1 * x1, "x2^2": x2 * x2, "x1*x2": x1 * x2,
                "sin(pi*x1)": np.sin(np.pi * x1), "sin(pi*x2)": np.sin(np.pi * x2)}
    assert set(datasets.FEATURES) == set(formulas)
    for names in (list(formulas), ["x1*x2"], ["sin(pi*x2)", "x1", "x1^2"]):
        F = datasets.features(X.tolist(), names)
        assert F.shape == (50, len(names)) and F.dtype == np.float64
        np.testing.assert_allclose(F, np.column_stack([formulas[name] for name in names]), rtol=1e-15, atol=0)


def test_sse_mini_batches_count_the_penalty_once_per_epoch():
    """With lr tiny the weights barely move, so the epoch's summed batch losses must equal the full objective."""
    X, Y = nnlib.datasets.ring(100, seed=0)
    objective = nnlib.MLP([2, 4, 1], seed=0).loss_and_grads(X, Y, "sse", l1=0.1, l2=1.0)[0]
    history = nnlib.train(nnlib.MLP([2, 4, 1], seed=0), X, Y, loss="sse", lr=1e-12, epochs=1, batch_size=10, l1=0.1, l2=1.0)
    assert history["loss"][0] == pytest.approx(objective, rel=1e-6)
