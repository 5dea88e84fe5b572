"""Checks for notebook 07's exercises: a net that solves the spiral within a parameter budget, and input
features that let one sigmoid unit (no hidden layer) solve xor and the ring.

Each check trains what the student built with nnlib's own trainer on the playground's data (300 points,
half for training, data seed 0) and judges it on the test points it never trained on. Each says pass,
"not done yet", or what is wrong and by how much.
"""
import copy
import numbers

import numpy as np

from ..datasets import DATASETS, train_test_split
from ..network import MLP
from ..train import Diverged, accuracy, train
from ._report import attempt, is_stub, not_done, passed, wrong

N_POINTS, DATA_SEED, TEST_FRACTION = 300, 0, 0.5       # the playground's data: 300 points, half for testing
BATCH_SIZE, SEED = 16, 0                               # the playground's default batch size and seed
SPIRAL_BUDGET, SPIRAL_MAX_EPOCHS, SPIRAL_ACCURACY = 120, 300, 0.85
FEATURE_LR, FEATURE_EPOCHS, FEATURE_ACCURACY = 1.0, 100, 0.95
FEATURE_HINTS = {"xor": "xor's class is whether x1 and x2 have opposite signs: which product of them says that?",
                 "ring": "the ring's class is the distance from the centre: add r**2 = x1**2 + x2**2"}


def playground_data(dataset):
    """X_train, Y_train, X_test, Y_test exactly as notebook 07's playground makes them."""
    X, Y = DATASETS[dataset](n=N_POINTS, seed=DATA_SEED)
    return train_test_split(X, Y, test_fraction=TEST_FRACTION, seed=DATA_SEED)


def count_parameters(net):
    """All weights and biases of the net."""
    return sum(int(np.size(p)) for p in net.params.values())


def _spiral_problem(built):
    """A hint if built is not (an MLP for 2 inputs and 1 sigmoid output, lr > 0, epochs in range), else None."""
    if not (isinstance(built, tuple) and len(built) == 3):
        return f"spiral_net() should return three things, (net, lr, epochs); it returned {built!r:.80}"
    net, lr, epochs = built
    if not isinstance(net, MLP):
        return f"net should be an nnlib.MLP, got {type(net).__name__}"
    if net.sizes[0] != 2 or net.sizes[-1] != 1:
        return (f"the spiral has 2 inputs and one output (the probability of class 1): sizes must start with 2 "
                f"and end with 1; yours are {net.sizes}")
    if net.output_activation != "sigmoid":
        return f"the output must be a sigmoid (binary cross-entropy needs a probability); yours is {net.output_activation!r}"
    if not (isinstance(lr, numbers.Real) and lr > 0):
        return f"lr must be a positive number, got {lr!r}"
    if not (isinstance(epochs, numbers.Integral) and 1 <= epochs <= SPIRAL_MAX_EPOCHS):
        return f"epochs must be a whole number from 1 to {SPIRAL_MAX_EPOCHS} (this keeps the check fast), got {epochs!r}"
    return None


def check_spiral_net(spiral_net):
    """Exercise 1: spiral_net() returns (net, lr, epochs); trained as the playground trains (batch 16, seed 0,
    binary cross-entropy), net must reach SPIRAL_ACCURACY on the spiral's test points with at most
    SPIRAL_BUDGET parameters."""
    name = "a net for the spiral"
    built, error = attempt(spiral_net)
    if error:
        return wrong(name, error)
    if is_stub(built):
        return not_done(name, "spiral_net() returns None; build an nnlib.MLP and return (net, lr, epochs)")
    problem = _spiral_problem(built)
    if problem:
        return wrong(name, problem)
    net, lr, epochs = copy.deepcopy(built[0]), float(built[1]), int(built[2])
    size = count_parameters(net)
    if size > SPIRAL_BUDGET:
        return wrong(name, f"{net.sizes} has {size} parameters, {size - SPIRAL_BUDGET} over the budget of "
                           f"{SPIRAL_BUDGET}: use fewer or narrower hidden layers")
    X_train, Y_train, X_test, Y_test = playground_data("spiral")
    try:
        train(net, X_train, Y_train, loss="bce", lr=lr, epochs=epochs, batch_size=BATCH_SIZE, seed=SEED)
    except Diverged as err:
        return wrong(name, f"training diverged ({err})")
    test_acc, train_acc = accuracy(net.forward(X_test), Y_test), accuracy(net.forward(X_train), Y_train)
    if test_acc < SPIRAL_ACCURACY:
        why = ("identity units keep the net linear: one straight line cannot follow a spiral" if net.activation == "identity"
               else "the net does not fit its own training points: more epochs, a larger lr, or relu units?"
               if train_acc < SPIRAL_ACCURACY else "it fits the training points but not the test points: fewer epochs?")
        return wrong(name, f"test accuracy {test_acc:.3f} (train {train_acc:.3f}), needs {SPIRAL_ACCURACY}; {why}")
    return passed(name, f"test accuracy {test_acc:.2f} (needs {SPIRAL_ACCURACY}) with {size} parameters "
                        f"(budget {SPIRAL_BUDGET}).")


def _features_problem(features, X):
    """(F, None) with F = features(X) as a float array of shape (n, k), or (None, a hint)."""
    F, error = attempt(features, X.copy())
    if error:
        return None, error
    if is_stub(F):
        return None, None
    F = np.asarray(F, dtype=float) if isinstance(F, (np.ndarray, list, tuple)) else None
    if F is None or F.ndim != 2:
        return None, f"features(X) should return a 2-D array, one row per point; got shape {np.shape(F)}"
    if F.shape[0] != len(X):
        transposed = " (transposed? use np.column_stack)" if F.shape[1] == len(X) else ""
        return None, f"features(X) returned {F.shape[0]} rows for {len(X)} points{transposed}"
    if not np.all(np.isfinite(F)):
        return None, "features(X) holds NaN or inf"
    return F, None


def check_features(features):
    """Exercise 2: with F = features(X), a net without hidden layers (one sigmoid unit on the columns of F)
    must reach FEATURE_ACCURACY on the test points of both xor and ring."""
    name = "features for one unit"
    scores = {}
    for dataset in ["xor", "ring"]:
        X_train, Y_train, X_test, Y_test = playground_data(dataset)
        F_train, problem = _features_problem(features, X_train)
        if F_train is None and problem is None:
            return not_done(name, "features(X) returns None; return X with extra columns (np.column_stack)")
        F_test, problem = (None, problem) if problem else _features_problem(features, X_test)
        if problem:
            return wrong(name, problem)
        design = np.column_stack([np.ones(len(X_train)), X_train])
        residual = F_train - design @ np.linalg.lstsq(design, F_train, rcond=None)[0]
        if np.abs(residual).max() < 1e-8:
            return wrong(name, "every column of features(X) is a straight-line function a + b x1 + c x2: a "
                               "sigmoid unit on them still draws one straight line. Multiply or square the inputs")
        net = MLP([F_train.shape[1], 1], seed=SEED)
        try:
            train(net, F_train, Y_train, loss="bce", lr=FEATURE_LR, epochs=FEATURE_EPOCHS, batch_size=BATCH_SIZE, seed=SEED)
        except Diverged as err:
            return wrong(name, f"{dataset}: training diverged ({err}); are your features very large?")
        scores[dataset] = accuracy(net.forward(F_test), Y_test)
    failing = [d for d, score in scores.items() if score < FEATURE_ACCURACY]
    if failing:
        return wrong(name, "; ".join(f"{d}: test accuracy {scores[d]:.3f}, needs {FEATURE_ACCURACY}. "
                                     f"{FEATURE_HINTS[d]}" for d in failing))
    return passed(name, f"one sigmoid unit on {F_train.shape[1]} features reaches test accuracy "
                        + " and ".join(f"{scores[d]:.2f} on {d}" for d in scores) + ".")
