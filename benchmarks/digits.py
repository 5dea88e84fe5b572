"""Section 5 of benchmarks/run.py: real data. Notebook 08's digits network (64-64-10, ReLU/softmax,
cross-entropy, SGD, batch 32, the 1,438 training images) with nnlib.train against a plain hand-written
NumPy loop of the same network, side by side; the measure is the ratio of their time per epoch (target 1.3x).

Both start from the same weights and shuffle alike, so they train the same weights up to rounding
(printed). The plain loop does what a user would write: shuffle, gather the batch, forward, a stable
softmax and the batch loss, backward, update. nnlib.train also checks its data, records each epoch's loss
and accuracy, checks that the weights are finite, and once per call evaluates the untrained net on all
the data (a forward pass, for its "worse than untrained" check): that bookkeeping is what the ratio prices. A round trains
the notebook's 30 epochs (the measure); a single 1-epoch call, where the one-off costs weigh most, is
measured too and shown for information.
"""
import numpy as np

import nnlib
from measure import alternate, ratio, say, spread, table

DIGITS = dict(hidden=64, lr=0.3, batch_size=32, test_fraction=0.2, data_seed=0)
DIGITS_ROUNDS = {"full": 12, "quick": 4}            # alternated rounds of DIGITS_EPOCHS epochs each (the measure)
DIGITS_EPOCHS = 30                                  # as notebook 08 trains
SINGLE_ROUNDS = {"full": 40, "quick": 10}           # alternated 1-epoch calls (for information)


def plain_softmax_loop(X, Y, params, lr, epochs, batch_size, seed):
    """The loop a user writes by hand for a 64-H-10 ReLU/softmax net with cross-entropy and SGD."""
    W1, b1, W2, b2 = (params[k].copy() for k in ("W1", "b1", "W2", "b2"))
    rng, n = np.random.default_rng(seed), len(X)
    for epoch in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        for start in range(0, n, batch_size):
            rows = order[start:start + batch_size]
            Xb, Yb = X[rows], Y[rows]
            Z1 = Xb @ W1 + b1
            A1 = np.maximum(Z1, 0.0)
            Z2 = A1 @ W2 + b2
            shifted = Z2 - Z2.max(axis=1, keepdims=True)          # softmax without overflow
            E = np.exp(shifted)
            S = E.sum(axis=1, keepdims=True)
            A2 = E / S
            total += -np.sum(Yb * (shifted - np.log(S))) / n   # the batch's mean loss, weighted by its share
            dZ2 = (A2 - Yb) / len(Xb)
            dW2, db2 = A1.T @ dZ2, dZ2.sum(axis=0)
            dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
            dW1, db1 = Xb.T @ dZ1, dZ1.sum(axis=0)
            W1 -= lr * dW1
            b1 -= lr * db1
            W2 -= lr * dW2
            b2 -= lr * db2
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def bench_digits(mode):
    c, rounds = DIGITS, DIGITS_ROUNDS[mode]
    X, Y = nnlib.datasets.digits()
    X_train, Y_train, _, _ = nnlib.train_test_split(X, Y, c["test_fraction"], seed=c["data_seed"])
    sizes = [X_train.shape[1], c["hidden"], Y_train.shape[1]]
    steps = DIGITS_EPOCHS * -(-len(X_train) // c["batch_size"])
    say(f"## 5. Real data: notebook 08's digits, {'-'.join(map(str, sizes))} ReLU/softmax, cross-entropy, SGD lr {c['lr']}, "
        f"batch {c['batch_size']}, {len(X_train)} training images; {rounds} alternated rounds of {DIGITS_EPOCHS} epochs "
        f"({steps} steps), 1 thread")
    say()

    def start_net(seed):
        return nnlib.MLP(sizes, activation="relu", output_activation="softmax", seed=seed)

    def contenders(epochs):
        def run_nnlib(seed):
            net = start_net(seed)
            nnlib.train(net, X_train, Y_train, loss="cross_entropy", lr=c["lr"], epochs=epochs,
                        batch_size=c["batch_size"], seed=seed)
            return net.params

        def run_plain(seed):
            return plain_softmax_loop(X_train, Y_train, start_net(seed).params, c["lr"], epochs, c["batch_size"], seed)
        return {"nnlib.train": run_nnlib, "plain NumPy loop": run_plain}

    seconds, results, wall = alternate(contenders(DIGITS_EPOCHS), rounds)
    single, _, _ = alternate(contenders(1), SINGLE_ROUNDS[mode])
    rows = [[name, spread(np.asarray(seconds[name]) / DIGITS_EPOCHS, 1e3, 1), spread(seconds[name], 1e6 / steps, 0),
             spread(single[name], 1e3, 1)] for name in seconds]
    table(["contender", f"CPU ms per epoch (runs of {DIGITS_EPOCHS})", "us per step", "CPU ms of a 1-epoch call"], rows)
    same = max(np.abs(a[k] - b[k]).max() for a, b in zip(results["nnlib.train"], results["plain NumPy loop"]) for k in a)
    found = ratio(seconds["nnlib.train"], seconds["plain NumPy loop"])
    lone = ratio(single["nnlib.train"], single["plain NumPy loop"])
    say(f"nnlib.train / plain NumPy loop, time per epoch of the digits: **{found[0]}** (in wall time "
        f"{ratio(wall['nnlib.train'], wall['plain NumPy loop'])[0]}); a single 1-epoch call: {lone[0]}, its one-off "
        f"costs (checking the data, the untrained net's loss on all of it) unshared. After {DIGITS_EPOCHS} epochs the two "
        f"trained the same weights up to rounding (largest difference {same:.1e}).")
    say()
    return {"nnlib / plain NumPy loop, digits epoch": found, "a single 1-epoch call, digits (nnlib / plain)": lone}
