"""Bad input fails early with a ValueError that names the argument and what it got."""
import numpy as np
import pytest

import nnlib

X, Y = nnlib.datasets.xor_gate()


@pytest.mark.parametrize("kwargs,words", [
    (dict(sizes=[2, 0, 1]), ["sizes[1]", "0"]),
    (dict(sizes=[2, -3, 1]), ["sizes[1]", "-3"]),
    (dict(sizes=[2, 2.5, 1]), ["sizes[1]", "2.5"]),
    (dict(sizes=[2]), ["sizes", "at least 2"]),
    (dict(sizes=2), ["sizes", "2"]),
    (dict(sizes="2-4-1"), ["sizes", "2-4-1"]),
    (dict(sizes=[2, 4, 1], activation="Relu"), ["activation", "'Relu'", "relu"]),
    (dict(sizes=[2, 4, 1], activation="softmax"), ["activation", "softmax", "sigmoid"]),
    (dict(sizes=[2, 4, 1], output_activation="linear"), ["output_activation", "linear", "identity"]),
    (dict(sizes=[2, 4, 1], init="xavier"), ["init", "xavier", "glorot"]),
    (dict(sizes=[2, 4, 1], init=-0.3), ["init", "-0.3"]),
    (dict(sizes=[2, 4, 1], seed=-1), ["seed", "-1"]),
    (dict(sizes=[2, 4, 1], seed=1.5), ["seed", "1.5"]),
])
def test_bad_network_arguments(kwargs, words):
    with pytest.raises(ValueError) as err:
        nnlib.MLP(**kwargs)
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize("cls", [nnlib.MLP, nnlib.OldschoolMLP])
@pytest.mark.parametrize("X_bad,Y_bad,words", [
    (X[:, :1], Y, ["X", "(n_examples, 2)", "(4, 1)"]),
    (X, Y.ravel(), ["Y", "(4,)", "reshape(-1, 1)"]),
    (X, np.hstack([Y, Y]), ["Y", "(n_examples, 1)", "(4, 2)"]),
    (X[:3], Y, ["same number of rows", "3", "4"]),
    (np.where(X == 1, np.nan, X), Y, ["X", "finite", "NaN"]),
    (X, np.where(Y == 1, np.inf, Y), ["Y", "finite"]),
    (X[:0], Y[:0], ["X", "at least one example"]),
    ([["a", "b"]] * 4, Y, ["X", "numbers"]),
])
def test_bad_data(cls, X_bad, Y_bad, words):
    net = cls([2, 3, 1])
    for call in (lambda: net.loss_and_grads(X_bad, Y_bad), lambda: nnlib.train(net, X_bad, Y_bad, epochs=1)):
        with pytest.raises(ValueError) as err:
            call()
        for word in words:
            assert word in str(err.value)


def test_bad_forward_input():
    with pytest.raises(ValueError, match=r"X must have shape \(n_examples, 2\); got shape \(2,\).*reshape"):
        nnlib.MLP([2, 3, 1]).forward([0.5, 0.5])


@pytest.mark.parametrize("loss,words", [("MSE", ["loss", "'MSE'", "mse"]), ("hinge", ["loss", "bce", "cross_entropy"])])
def test_unknown_loss(loss, words):
    with pytest.raises(ValueError) as err:
        nnlib.MLP([2, 3, 1]).loss_and_grads(X, Y, loss)
    for word in words:
        assert word in str(err.value)


def test_bce_needs_probabilities():
    with pytest.raises(ValueError, match="output_activation='sigmoid'.*'tanh'"):
        nnlib.MLP([2, 3, 1], output_activation="tanh").loss_and_grads(X, Y, "bce")
    with pytest.raises(ValueError, match=r"Y must lie in \[0, 1\].*-1"):
        nnlib.MLP([2, 3, 1]).loss_and_grads(X, 2 * Y - 1, "bce")


@pytest.mark.parametrize("kwargs,words", [
    (dict(lr=0), ["lr", "> 0", "0"]), (dict(lr=-0.1), ["lr", "-0.1"]), (dict(lr=float("nan")), ["lr", "nan"]),
    (dict(lr="0.1"), ["lr", "'0.1'"]), (dict(momentum=1.0), ["momentum", "< 1", "1.0"]),
    (dict(momentum=-0.5), ["momentum", "-0.5"]), (dict(epochs=-1), ["epochs", "-1"]),
    (dict(epochs=10.5), ["epochs", "10.5"]), (dict(batch_size=0), ["batch_size", "0"]),
    (dict(loss="hinge"), ["loss", "hinge"]),
])
def test_bad_training_arguments(kwargs, words):
    with pytest.raises(ValueError) as err:
        nnlib.train(nnlib.MLP([2, 3, 1]), X, Y, **kwargs)
    for word in words:
        assert word in str(err.value)


def test_bad_validation_data():
    with pytest.raises(ValueError, match=r"validation\[0\] must have shape \(n_examples, 2\); got shape \(4, 1\)"):
        nnlib.train(nnlib.MLP([2, 3, 1]), X, Y, validation=(X[:, :1], Y), epochs=1)
    with pytest.raises(ValueError, match=r"validation\[1\] must have shape"):
        nnlib.train(nnlib.MLP([2, 3, 1]), X, Y, validation=(X, Y.ravel()), epochs=1)
    with pytest.raises(ValueError, match=r"validation must be a pair \(X_val, Y_val\); got ndarray"):
        nnlib.train(nnlib.MLP([2, 3, 1]), X, Y, validation=X, epochs=1)


@pytest.mark.parametrize("call,words", [
    (lambda: nnlib.accuracy(np.zeros((4, 1)), np.zeros(4)), ["A and Y", "(4, 1)", "(4,)"]),
    (lambda: nnlib.train(nnlib.MLP([2, 3, 1]), X, Y, seed=-1), ["seed", "-1"]),
    (lambda: nnlib.datasets.circle(10, seed=1.5), ["seed", "1.5"]),
    (lambda: nnlib.datasets.train_test_split(X, Y, test_fraction=0.1), ["empty part"]),
])
def test_other_student_mistakes(call, words):
    with pytest.raises(ValueError) as err:
        call()
    for word in words:
        assert word in str(err.value)


def test_a_blow_up_on_the_last_step_is_reported():
    # One huge step: the loss before it is finite, the weights after it are not.
    with pytest.raises(nnlib.Diverged, match="weights became inf or nan at epoch 1"):
        nnlib.train(nnlib.MLP([2, 3, 1], activation="identity", output_activation="identity"), 100 * X, Y, lr=1e308, epochs=1)


@pytest.mark.parametrize("call,words", [
    (lambda: nnlib.datasets.circle(0), ["n", "0"]),
    (lambda: nnlib.datasets.xor_quadrants(100, label_noise=1.5), ["label_noise", "1.5"]),
    (lambda: nnlib.datasets.circle(100, radius=-1), ["radius", "-1"]),
    (lambda: nnlib.datasets.train_test_split(X, Y, test_fraction=1.0), ["test_fraction", "1.0"]),
    (lambda: nnlib.datasets.train_test_split(X, Y[:2]), ["same number of rows"]),
    (lambda: nnlib.SGD(lr=0), ["lr"]),
    (lambda: nnlib.datasets.plane(0), ["n", "0"]),
    (lambda: nnlib.datasets.plane(100, noise=-0.1), ["noise", "-0.1"]),
    (lambda: nnlib.datasets.gaussians(100, noise=float("nan")), ["noise", "nan"]),
    (lambda: nnlib.datasets.gaussians(100, noise="0.1"), ["noise", "'0.1'"]),
    (lambda: nnlib.datasets.features(X, ["x1", "x3"]), ["names", "'x3'", "sin(pi*x1)"]),
    (lambda: nnlib.datasets.features(X, "x1"), ["names", "list", "'x1'"]),
    (lambda: nnlib.datasets.features(X, []), ["names", "non-empty", "[]"]),
    (lambda: nnlib.datasets.features(X, np.array(["x1", "x2"])), ["names", "array"]),
    (lambda: nnlib.datasets.features(X[:, :1], ["x1"]), ["X", "(n_examples, 2)", "(4, 1)"]),
])
def test_bad_dataset_and_optimizer_arguments(call, words):
    with pytest.raises(ValueError) as err:
        call()
    for word in words:
        assert word in str(err.value)


@pytest.mark.parametrize("name", ["l1", "l2"])
@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf"), -float("inf"), "0.1", None, True, [0.1]])
@pytest.mark.parametrize("cls", [nnlib.MLP, nnlib.OldschoolMLP])
def test_bad_regularization_rates(cls, bad, name):
    net = cls([2, 3, 1])
    before = {k: p.copy() for k, p in net.params.items()}
    rate = {name: bad}
    for call in (lambda: net.loss_and_grads(X, Y, **rate), lambda: nnlib.train(net, X, Y, epochs=1, **rate)):
        with pytest.raises(ValueError) as err:
            call()
        assert f"{name} must be a finite number >= 0; got {bad!r}" in str(err.value)
    assert all(np.array_equal(before[k], net.params[k]) for k in before)     # refused before any step
