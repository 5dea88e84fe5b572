"""The optimizer, the training loop, seeding and the datasets."""
import numpy as np
import pytest

import nnlib
from nnlib.train import WORSE
from nnlib import datasets


def test_sgd_follows_the_1986_momentum_rule():
    params, grads = {"W1": np.array([1.0, -2.0])}, {"W1": np.array([0.5, 0.25])}
    opt = nnlib.SGD(lr=0.1, momentum=0.9)
    opt.step(params, grads)                       # dw(1) = -0.1 g
    np.testing.assert_allclose(params["W1"], [0.95, -2.025])
    opt.step(params, grads)                       # dw(2) = -0.1 g + 0.9 dw(1) = -0.19 g
    np.testing.assert_allclose(params["W1"], [0.95 - 0.095, -2.025 - 0.0475])
    plain = {"W1": np.array([1.0, -2.0])}
    nnlib.SGD(lr=0.1).step(plain, grads)
    np.testing.assert_allclose(plain["W1"], [0.95, -2.025])


def test_grads_are_overwritten_not_accumulated():
    net = nnlib.MLP([2, 3, 1], seed=0)
    X, Y = datasets.xor_gate()
    _, first = net.loss_and_grads(X, Y)
    _, second = net.loss_and_grads(X, Y)
    for k in first:
        np.testing.assert_array_equal(first[k], second[k])
        assert first[k] is not second[k] and first[k].shape == net.params[k].shape


def test_same_seed_same_weights_and_history_different_seed_different_weights():
    X, Y = datasets.circle(300, seed=1)
    runs = []
    for seed in (0, 0, 1):
        net = nnlib.MLP([2, 5, 1], activation="relu", seed=seed)
        history = nnlib.train(net, X, Y, loss="bce", lr=0.1, epochs=5, batch_size=16, seed=seed)
        runs.append((net.params, history))
    (p0, h0), (p1, h1), (p2, h2) = runs
    assert h0 == h1 and all(np.array_equal(p0[k], p1[k]) for k in p0)
    assert not np.allclose(p0["W1"], p2["W1"]) and h0 != h2
    assert not np.allclose(nnlib.MLP([2, 5, 1], seed=0).params["W1"], nnlib.MLP([2, 5, 1], seed=1).params["W1"])


def test_full_batch_history_is_the_loss_before_each_sweep():
    X, Y = datasets.xor_gate()
    net = nnlib.MLP([2, 2, 1], seed=0)
    start_loss = net.loss_and_grads(X, Y, "sse")[0]
    history = nnlib.train(net, X, Y, loss="sse", lr=0.5, epochs=3)
    assert history["loss"][0] == pytest.approx(start_loss)
    assert len(history["loss"]) == len(history["accuracy"]) == 3 and "val_loss" not in history


def test_validation_history_and_callback_can_stop_early():
    X, Y, X_val, Y_val = datasets.train_test_split(*datasets.circle(400), test_fraction=0.25)
    seen = []

    def callback(epoch, history):
        seen.append((epoch, len(history["val_loss"])))
        return epoch == 4

    history = nnlib.train(nnlib.MLP([2, 4, 1], activation="relu"), X, Y, loss="bce", epochs=50,
                          batch_size=32, validation=(X_val, Y_val), callback=callback)
    assert seen == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert all(len(v) == 4 for v in history.values()) and set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(0 <= a <= 1 for a in history["val_accuracy"])


def test_divergence_stops_with_a_clear_message_and_keeps_the_history():
    X, Y = datasets.linear(100)
    net = nnlib.MLP([2, 16, 1], activation="relu", output_activation="identity", seed=0)
    with pytest.raises(nnlib.Diverged) as err:
        nnlib.train(net, X, Y, loss="mse", lr=50.0, epochs=100)
    assert err.value.cause == "loss" and err.value.lr == 50.0
    assert err.value.epoch == len(err.value.history["loss"]) + 1 >= 2
    assert all(np.isfinite(err.value.history["loss"]))
    assert f"epoch {err.value.epoch} with lr=50" in str(err.value)     # what a student reads


def test_weights_that_the_last_step_blows_up_are_divergence():
    class BlowsUp(nnlib.MLP):
        def _backprop(self, X, Y, loss):
            value, grads, A = super()._backprop(X, Y, loss)
            return value, {k: np.full_like(g, 1e308) for k, g in grads.items()}, A
    X, Y = datasets.xor_gate()
    with pytest.raises(nnlib.Diverged) as err:
        nnlib.train(BlowsUp([2, 2, 1], seed=0), X, Y, lr=10.0, epochs=5)
    assert err.value.cause == "weights" and err.value.epoch == 1 and err.value.history["loss"] == []


@pytest.mark.parametrize("lr, worse", [(30.0, True), (0.3, False)])
def test_a_run_that_ends_worse_than_it_started_has_diverged(lr, worse):
    # BCE on a sigmoid output never overflows: at lr 30 the loss stays finite but ends far above the start
    X, Y = datasets.circle(400, seed=0)
    net = nnlib.MLP([2, 8, 1], activation="relu", seed=0)
    untrained = net.loss_and_grads(X, Y, "bce")[0]
    try:
        history = nnlib.train(net, X, Y, loss="bce", lr=lr, epochs=20, batch_size=32)
        assert not worse and history["loss"][-1] <= WORSE * untrained
    except nnlib.Diverged as err:
        assert worse and err.cause == "worse" and err.lr == lr
        assert err.epoch == 20 and len(err.history["loss"]) == 20 and np.isfinite(err.history["loss"]).all()
        assert err.history["loss"][-1] > WORSE * untrained


def test_training_solves_the_xor_gate_with_2_4_1_sigmoid():
    X, Y = datasets.xor_gate()
    net = nnlib.MLP([2, 4, 1], activation="sigmoid", seed=0)
    nnlib.train(net, X, Y, loss="mse", lr=2.0, epochs=2000)
    np.testing.assert_array_equal(net.forward(X) > 0.5, Y > 0.5)
    assert np.abs(net.forward(X) - Y).max() < 0.2


def test_training_solves_the_circle_with_2_8_1_relu():
    X, Y, X_test, Y_test = datasets.train_test_split(*datasets.circle(2000, seed=0), seed=0)
    net = nnlib.MLP([2, 8, 1], activation="relu", seed=0)
    nnlib.train(net, X, Y, loss="bce", lr=0.1, epochs=60, batch_size=32, seed=0)
    baseline = 1 - Y_test.mean()                  # always answering "outside"
    assert nnlib.accuracy(net.forward(X_test), Y_test) > 0.95 > baseline + 0.1


def test_accuracy_for_one_and_several_outputs():
    assert nnlib.accuracy([[0.9], [0.2], [0.6]], [[1.0], [0.0], [0.0]]) == pytest.approx(2 / 3)
    assert nnlib.accuracy([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]], [[0, 1, 0], [0, 0, 1]]) == 0.5


@pytest.mark.parametrize("name", sorted(datasets.DATASETS))
def test_2d_datasets_are_seeded_shaped_and_labelled(name):
    make = datasets.DATASETS[name]
    X, Y = make(200, seed=3)
    assert X.shape == (200, 2) and Y.shape == (200, 1) and X.dtype == Y.dtype == np.float64
    assert set(np.unique(Y)) == {0.0, 1.0}
    X2, Y2 = make(200, seed=3)
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)
    assert not np.array_equal(X, make(200, seed=4)[0])
    _, noisy = make(200, label_noise=0.25, seed=3)
    assert 0.1 < np.mean(noisy != Y) < 0.4        # about a quarter of the labels flipped


def test_dataset_definitions():
    X, Y = datasets.circle(4000, seed=0)
    np.testing.assert_array_equal(Y[:, 0] == 1, np.hypot(X[:, 0], X[:, 1]) < 0.5)
    assert abs(Y.mean() - np.pi / 16) < 0.02 and np.abs(X).max() <= 1
    X, Y = datasets.ring(1000, seed=0)                       # balanced: a disc, a gap, a ring
    radius = np.hypot(X[:, 0], X[:, 1])
    assert Y.mean() == 0.5 and radius[Y[:, 0] == 1].max() < 0.5 and 0.7 <= radius[Y[:, 0] == 0].min()
    assert radius.max() <= 1
    X, Y = datasets.xor_quadrants(500)
    np.testing.assert_array_equal(Y[:, 0] == 1, np.sign(X[:, 0]) != np.sign(X[:, 1]))
    X, Y = datasets.mirror_symmetry()
    assert X.shape == (64, 6) and Y.sum() == 8
    assert all(Y[i, 0] == float(list(X[i]) == list(X[i][::-1])) for i in range(64))
    X, Y = datasets.xor_gate()
    np.testing.assert_array_equal(Y[:, 0], np.logical_xor(X[:, 0], X[:, 1]))


def test_train_test_split_is_a_seeded_partition():
    X = np.arange(20.0).reshape(10, 2)
    Y = np.arange(10.0).reshape(10, 1)
    X_tr, Y_tr, X_te, Y_te = datasets.train_test_split(X, Y, test_fraction=0.3, seed=1)
    assert len(X_te) == 3 and len(X_tr) == 7
    assert sorted(np.concatenate([Y_tr, Y_te])[:, 0]) == list(range(10))
    np.testing.assert_array_equal(X_tr[:, 0] / 2, Y_tr[:, 0])   # rows stay paired
    assert np.array_equal(X_te, datasets.train_test_split(X, Y, test_fraction=0.3, seed=1)[2])
