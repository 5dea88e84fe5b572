"""Checks for notebook 06 (the circle classifier): one epoch of mini-batch SGD written by hand, and a
training setting that beats the textbook one on held-out data. Each check prints one line and returns a
Result (truthy only on a pass)."""
import copy
import math

import numpy as np

from ..datasets import circle, train_test_split
from ..network import MLP
from ..train import Diverged, accuracy, train
from ._report import attempt, compare, is_stub, not_done, passed, wrong

EPOCH = "Exercise 1 (one epoch of mini-batch SGD)"
SETTING = "Exercise 2 (beat the textbook setting)"

# Exercise 1: a 2-8-1 ReLU net and 100 circle points, so the last mini-batch of 32 has only 4 rows.
EPOCH_PROBLEM = dict(n=100, lr=0.5, batch_size=32, seed=7)

# Exercise 2: the notebook's data and recipe; the setting is judged on fresh points nobody trained or chose on.
TEXTBOOK = dict(lr=0.01, epochs=50, hidden=8, batch_size=32)
LIMITS = dict(lr=(1e-4, 10.0), epochs=(1, 6250), hidden=(1, 32), batch_size=(1, 4000))
MAX_STEPS = 6250                  # the textbook's budget: 50 epochs of 4000 points at batch 32
CHECK_SEEDS = (100, 101, 102)     # initial weights and shuffling: none of the notebook's seeds
HELD_OUT = dict(n=2000, seed=2026)
PASS_ACCURACY = 0.95              # median held-out accuracy a finished run reaches (the textbook's stays near 0.8)


def epoch_problem():
    """(net, X, Y, lr, batch_size, seed): the problem check_sgd_epoch gives the student's function."""
    p = EPOCH_PROBLEM
    X, Y = circle(p["n"], seed=3)
    return MLP([2, 8, 1], activation="relu", init="glorot", seed=0), X, Y, p["lr"], p["batch_size"], p["seed"]


def _epoch(net, X, Y, lr, batch_size, seed, mistake=None):
    """One epoch as nnlib.train does it, or with one typical mistake; returns (params, loss)."""
    net = copy.deepcopy(net)
    n = len(X)
    order = np.arange(n) if mistake == "no shuffle" else np.random.default_rng(seed).permutation(n)
    size = n if mistake == "full batch" else batch_size
    stop = n - size + 1 if mistake == "drop last" else n
    total, summed = 0.0, {k: np.zeros_like(v) for k, v in net.params.items()}
    for start in range(0, stop, size):
        rows = order[start:start + size]
        loss, grads = net.loss_and_grads(X[rows], Y[rows], "bce")
        total += loss if mistake == "sum of losses" else loss * len(rows) / n
        for k in net.params:
            if mistake == "one step":
                summed[k] += grads[k]
            else:
                net.params[k] -= {"ascent": -lr, "no lr": 1.0}.get(mistake, lr) * grads[k]
    if mistake == "one step":
        for k in net.params:
            net.params[k] -= lr * summed[k]
    return net.params, total


EPOCH_MISTAKES = {
    "ascent": "every step goes UP the gradient: subtract it, net.params[k] -= lr * grads[k]",
    "no lr": "the steps ignore lr: net.params[k] -= lr * grads[k]",
    "no shuffle": "your batches come in the data's own order: shuffle first, order = rng.permutation(len(X)), "
                  "and take the rows order[start:start + batch_size]",
    "full batch": "one step on all of X: SGD takes one step per mini-batch of batch_size rows",
    "one step": "you added up the batches' gradients and stepped once at the end: step after EVERY batch",
    "drop last": "the last, smaller batch is missing (100 rows at batch 32 leave 4): let start run over "
                 "range(0, len(X), batch_size)",
}


def _same_params(got, expected):
    return all(compare(k, got[k], expected[k]) is None for k in expected)


def check_sgd_epoch(sgd_epoch):
    """sgd_epoch(net, X, Y, lr, batch_size, rng) -> the epoch's mean loss, changing net.params in place;
    compared with nnlib.train(..., epochs=1) from the same start and the same seeded shuffling."""
    net, X, Y, lr, batch_size, seed = epoch_problem()
    start = copy.deepcopy(net.params)
    reference = copy.deepcopy(net)
    history = train(reference, X, Y, loss="bce", lr=lr, epochs=1, batch_size=batch_size, seed=seed)
    got, error = attempt(sgd_epoch, net, X.copy(), Y.copy(), lr, batch_size, np.random.default_rng(seed))
    if error:
        return wrong(EPOCH, error)
    unchanged = _same_params(net.params, start)
    if unchanged and is_stub(got):
        return not_done(EPOCH, "write the body of sgd_epoch(): shuffle, then one SGD step per mini-batch")
    if unchanged:
        return wrong(EPOCH, "net.params did not change: update them in place, net.params[k] -= lr * grads[k]")
    for mistake, hint in EPOCH_MISTAKES.items():
        if _same_params(net.params, _epoch(start_net(start), X, Y, lr, batch_size, seed, mistake)[0]):
            return wrong(EPOCH, hint)
    for k in start:
        hint = compare(f"net.params[{k!r}]", net.params[k], reference.params[k])
        if hint:
            return wrong(EPOCH, f"{hint} after one epoch. Use the rng you are given, once: "
                                f"order = rng.permutation(len(X)); loss, grads = net.loss_and_grads(Xb, Yb, 'bce')")
    expected_loss = history["loss"][0]
    if is_stub(got):
        return wrong(EPOCH, f"the weights are right; now return the epoch's loss ({expected_loss:.4f} here)")
    if compare("loss", got, _epoch(start_net(start), X, Y, lr, batch_size, seed, "sum of losses")[1]) is None:
        return wrong(EPOCH, "you returned the SUM of the batch losses: weight each by its share, "
                            "loss * len(rows) / len(X), so the epoch's loss is a mean over all rows")
    hint = compare("the returned loss", got, expected_loss)
    if hint:
        return wrong(EPOCH, f"{hint}: return the batches' losses weighted by len(rows) / len(X), "
                            f"each measured before its step")
    return passed(EPOCH, f"the same weights and loss ({expected_loss:.4f}) as nnlib.train for one epoch.")


def start_net(params):
    """A 2-8-1 ReLU MLP holding a copy of params."""
    net = MLP([2, 8, 1], activation="relu", init="glorot")
    net.params = copy.deepcopy(params)
    return net


def steps(setting, n_train=4000):
    """SGD steps a setting takes on n_train points: epochs x batches per epoch."""
    return setting["epochs"] * math.ceil(n_train / min(setting["batch_size"], n_train))


def _setting_problem(setting):
    """(setting with the textbook's values filled in, None) or (None, a hint about what is off)."""
    if not isinstance(setting, dict):
        return None, f"my_setting should be a dict such as dict(lr=0.05, epochs=50), got {type(setting).__name__}"
    unknown = set(setting) - set(TEXTBOOK)
    if unknown:
        return None, f"unknown keys {sorted(unknown)}: use only {sorted(TEXTBOOK)}"
    full = {**TEXTBOOK, **setting}
    for key, (low, high) in LIMITS.items():
        value = full[key]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
                or not low <= value <= high or (key != "lr" and value != int(value)):
            kind = "a number" if key == "lr" else "a whole number"
            return None, f"{key} should be {kind} from {low:g} to {high:g}; got {value!r}"
    full = {k: (float(v) if k == "lr" else int(v)) for k, v in full.items()}
    if steps(full) > MAX_STEPS:
        return None, (f"{full['epochs']} epochs at batch size {full['batch_size']} take {steps(full):,} SGD steps, "
                      f"more than the textbook's {MAX_STEPS:,}: within the same budget, more epochs need larger "
                      f"batches. The point is to beat it with the same work, not more.")
    return full, None


def held_out_accuracies(setting, seeds=CHECK_SEEDS):
    """Train the setting on the notebook's 4000 training points once per seed; accuracies on fresh points."""
    X, Y = circle(5000, seed=0)
    X_train, Y_train, _, _ = train_test_split(X, Y, 0.2, seed=0)
    X_new, Y_new = circle(HELD_OUT["n"], seed=HELD_OUT["seed"])
    accuracies = []
    for seed in seeds:
        net = MLP([2, setting["hidden"], 1], activation="relu", init="glorot", seed=seed)
        train(net, X_train, Y_train, loss="bce", lr=setting["lr"], epochs=setting["epochs"],
              batch_size=setting["batch_size"], seed=seed)
        accuracies.append(accuracy(net.forward(X_new), Y_new))
    return np.array(accuracies)


def check_setting(my_setting):
    """my_setting: dict with some of lr, epochs, hidden, batch_size (the rest as the textbook's); trained on
    the notebook's training set with 3 new seeds and judged on 2000 fresh points against the textbook."""
    if is_stub(my_setting):
        return not_done(SETTING, "set my_setting to the dict your search found, e.g. dict(lr=..., epochs=...)")
    setting, hint = _setting_problem(my_setting)
    if hint:
        return wrong(SETTING, hint)
    try:
        yours = held_out_accuracies(setting)
    except Diverged as err:
        return wrong(SETTING, f"training diverged ({err}); a smaller lr")
    textbook = held_out_accuracies(TEXTBOOK)
    gain = np.median(yours) - np.median(textbook)
    report = (f"median accuracy on {HELD_OUT['n']} fresh points over {len(CHECK_SEEDS)} new seeds: yours "
              f"{np.median(yours):.2f}, the textbook's {np.median(textbook):.2f} ({gain:+.2f})")
    if np.median(yours) >= PASS_ACCURACY:
        return passed(SETTING, f"{report}, with at most the textbook's {MAX_STEPS:,} steps.")
    if setting["lr"] <= TEXTBOOK["lr"]:
        return wrong(SETTING, f"{report}. With lr {setting['lr']:g} and no more steps than the textbook, the "
                              f"weights cannot move further than its: try a larger learning rate")
    return wrong(SETTING, f"{report}; a finished run reaches {PASS_ACCURACY}. Compare your candidates "
                          f"on the validation set and take larger steps (lr) if the loss still falls.")
