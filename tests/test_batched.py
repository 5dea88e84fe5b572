"""nnlib.batched trains R networks at once exactly as nnlib.train trains each one alone."""
import numpy as np
import pytest

import nnlib
from nnlib import batched, datasets


@pytest.mark.parametrize("loss,activation,output_activation,sizes", [
    ("sse", "sigmoid", "sigmoid", [2, 2, 1]),
    ("mse", "tanh", "identity", [2, 5, 3, 2]),
    ("bce", "relu", "sigmoid", [2, 8, 1]),
])
def test_train_many_matches_train_run_by_run(loss, activation, output_activation, sizes):
    seeds, lrs = [0, 1, 2], [0.5, 0.2, 1.0]
    X, Y = datasets.circle(40, seed=3)
    if sizes[-1] == 2:
        Y = np.hstack([Y, 1 - Y])
    params = batched.stack_params(sizes, seeds, activation=activation)
    history = batched.train_many(params, X, Y, loss=loss, lr=lrs, momentum=0.9, epochs=60,
                                 activation=activation, output_activation=output_activation)
    for r, (seed, lr) in enumerate(zip(seeds, lrs)):
        net = nnlib.MLP(sizes, activation=activation, output_activation=output_activation, seed=seed)
        assert history["max_error"][0, r] == pytest.approx(np.abs(net.forward(X) - Y).max(), rel=1e-12)
        try:
            alone = nnlib.train(net, X, Y, loss=loss, lr=lr, momentum=0.9, epochs=60)
        except nnlib.Diverged as err:       # it ended worse than it started: train_many goes on regardless
            assert err.cause == "worse" and len(err.history["loss"]) == 60
            alone = err.history
        np.testing.assert_allclose(history["loss"][:, r], alone["loss"], rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(history["accuracy"][:, r], alone["accuracy"], rtol=0, atol=1e-12)
        for k, p in batched.unstack(params, r).items():
            np.testing.assert_allclose(p, net.params[k], rtol=1e-9, atol=1e-12, err_msg=k)
        np.testing.assert_allclose(batched.forward_many(params, X, activation, output_activation)[r],
                                   net.forward(X), rtol=1e-9, atol=1e-12)


def test_per_run_data_and_diverging_runs():
    data = [datasets.xor_quadrants(30, seed=s) for s in range(2)]
    X, Y = np.stack([d[0] for d in data]), np.stack([d[1] for d in data])
    params = batched.stack_params([2, 4, 1], [0, 1], activation="relu")
    history = batched.train_many(params, X, Y, loss="mse", lr=[0.1, 1e6], epochs=30,
                                 activation="relu", output_activation="identity")
    assert np.isfinite(history["loss"][:, 0]).all() and not np.isfinite(history["loss"][-1, 1])
    net = nnlib.MLP([2, 4, 1], activation="relu", output_activation="identity", seed=0)
    alone = nnlib.train(net, X[0], Y[0], loss="mse", lr=0.1, epochs=30)
    np.testing.assert_allclose(history["loss"][:, 0], alone["loss"], rtol=1e-10)


@pytest.mark.parametrize("kwargs,word", [(dict(loss="hinge"), "loss"), (dict(lr=[0.1, -1.0]), "lr"),
                                         (dict(momentum=1.5), "momentum"), (dict(activation="ReLU"), "activation"),
                                         (dict(loss="bce", output_activation="tanh"), "output_activation='sigmoid'"),
                                         (dict(lr=[0.1, 0.2, 0.3]), "one per run"),
                                         (dict(Y=np.zeros(4)), r"Y \(n, 1\)"), (dict(X=np.zeros((4, 3))), r"X must have shape"),
                                         (dict(metrics=("loss", "acc")), "metrics must be"), (dict(metrics="loss"), "got 'loss'"),
                                         (dict(metrics=()), "non-empty")])
def test_bad_arguments(kwargs, word):
    data = dict(zip("XY", datasets.xor_gate()))
    data.update((k, kwargs.pop(k)) for k in "XY" if k in kwargs)
    with pytest.raises(ValueError, match=word):
        batched.train_many(batched.stack_params([2, 2, 1], [0, 1]), data["X"], data["Y"], **kwargs)


@pytest.mark.parametrize("lr", [0.7, [0.7, 0.7, 0.7], [0.2, 0.7, 3.0]])
def test_metrics_asked_for_are_the_full_historys_columns_bit_for_bit(lr):
    X, Y = datasets.circle(30, seed=1)
    Y = np.hstack([Y, 1 - Y])                              # two outputs: the accuracy takes the argmax
    full = batched.stack_params([2, 4, 2], [0, 1, 2], activation="tanh")
    history = batched.train_many(full, X, Y, lr=lr, momentum=0.9, epochs=25, activation="tanh")
    assert list(history) == ["loss", "accuracy", "max_error"]
    for metrics in [("loss",), ("max_error", "accuracy")]:
        params = batched.stack_params([2, 4, 2], [0, 1, 2], activation="tanh")
        some = batched.train_many(params, X, Y, lr=lr, momentum=0.9, epochs=25, activation="tanh", metrics=metrics)
        assert list(some) == list(metrics)
        assert all(np.array_equal(some[k], history[k]) for k in metrics)
        assert all(np.array_equal(params[k], full[k]) for k in full)    # the same training, whatever is recorded


def test_a_run_with_its_own_lr_trains_bit_for_bit_as_with_that_lr_for_all():
    X, Y = datasets.xor_gate()
    same, own = batched.stack_params([2, 3, 1], [0, 1]), batched.stack_params([2, 3, 1], [0, 1])
    a = batched.train_many(same, X, Y, lr=0.5, momentum=0.5, epochs=40)
    b = batched.train_many(own, X, Y, lr=[0.5, 2.0], momentum=0.5, epochs=40)
    assert all(np.array_equal(a[k][:, 0], b[k][:, 0]) for k in a) and all(np.array_equal(same[k][0], own[k][0]) for k in same)
    assert not np.array_equal(a["loss"][:, 1], b["loss"][:, 1])
