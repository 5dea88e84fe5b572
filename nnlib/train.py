"""The training loop: epochs of (optionally shuffled) mini-batches, with a per-epoch history."""
import math

import numpy as np

from ._checks import check_count, check_data, check_positive, check_seed
from .losses import add_penalty
from .optim import SGD


WORSE = 1.1   # a run that ends with its loss above WORSE x the untrained net's has diverged too


class Diverged(ArithmeticError):
    """Training blew up. .cause: "loss" or "weights" (not finite) or "worse" (a too-large step can wreck a
    run while every number stays finite); .epoch, .lr, .history (the epochs done: all, for "worse")."""

    def __init__(self, cause, what, epoch, lr, history):
        super().__init__(f"{what} at epoch {epoch} with lr={lr:g}: the steps are too large; lower the learning rate")
        self.cause, self.epoch, self.lr, self.history = cause, epoch, lr, history


def accuracy(A, Y):
    """Fraction of examples classified right: A > 0.5 vs Y > 0.5 for one output, argmax for several."""
    A, Y = np.asarray(A), np.asarray(Y)
    if A.ndim != 2 or A.shape != Y.shape:   # an (n, 1) against an (n,) would broadcast to (n, n)
        raise ValueError(f"A and Y must have the same shape (n_examples, n_outputs); got {A.shape} and {Y.shape}")
    right = ((A > 0.5) == (Y > 0.5)) if A.shape[1] == 1 else (A.argmax(axis=1) == Y.argmax(axis=1))
    return np.count_nonzero(right) / right.size     # np.mean, minus its Python overhead


def train(net, X, Y, loss="mse", lr=0.1, momentum=0.0, epochs=100, batch_size=None,
          validation=None, seed=0, optimizer=None, callback=None, l1=0.0, l2=0.0):
    """Train net in place and return its history, a dict of per-epoch lists.

    history["loss"] and ["accuracy"]: averaged over the epoch's batches (for "sse" the loss is summed,
    the paper's E), measured before each update (full batch: the loss at the start of the sweep); with
    validation=(X_val, Y_val) also "val_loss" (no penalty) and "val_accuracy", after the epoch. batch_size=None:
    full batch; mini-batches are reshuffled every epoch by np.random.default_rng(seed).
    callback(epoch, history) runs after every epoch; returning True stops training early.
    l1, l2 >= 0: the loss gets l1 * sum|W| + (l2 / 2) * sum W**2 over the weight matrices (not the biases).
    Raises Diverged as soon as the loss or a weight is not finite, or if the run ends "worse".
    To train in chunks (a live view), pass the same optimizer and a np.random.Generator as seed to every
    call: n calls of k epochs then give exactly the weights of one call of n*k epochs (each call's "worse" check
    compares with the loss at its own start: a live view ignores that cause).

    What train needs (MLP, OldschoolMLP and their subclasses have it; so can any other model):
      net.sizes, net.params      [n_inputs, ..., n_outputs]; a dict of arrays the optimizer changes
      net.check_loss(loss)       raises ValueError for a loss this net cannot use
      net._backprop(X, Y, loss)  on checked data: (loss as a float, grads shaped like params, output A)
      net._evaluate(X, Y, loss)  optional, (loss, A) from a forward pass alone; else _backprop is used
      optimizer.step(params, grads) and optimizer.lr (quoted in the Diverged message)
    """
    net.check_loss(loss)
    X, Y = check_data(X, Y, net.sizes[0], net.sizes[-1], loss)
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise ValueError(f"validation must be a pair (X_val, Y_val); got {type(validation).__name__}")
        X_val, Y_val = check_data(*validation, net.sizes[0], net.sizes[-1], loss, names=("validation[0]", "validation[1]"))
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(check_seed(seed))
    l1, l2 = check_positive(l1, "l1", allow_zero=True), check_positive(l2, "l2", allow_zero=True)
    epochs = check_count(epochs, "epochs", minimum=0)
    n = len(X)
    batch_size = n if batch_size is None else min(check_count(batch_size, "batch_size"), n)
    optimizer = SGD(lr, momentum) if optimizer is None else optimizer
    keys = ["loss", "accuracy"] + (["val_loss", "val_accuracy"] if validation is not None else [])
    history = {k: [] for k in keys}
    evaluate = getattr(net, "_evaluate", None) or (lambda X, Y, loss: net._backprop(X, Y, loss)[::2])
    labels = Y.argmax(axis=1) if Y.shape[1] > 1 else Y[:, 0] > 0.5     # the classes, for the accuracy
    predicted = np.empty(n, dtype=labels.dtype)                         # each example's, as its batch saw it
    with np.errstate(over="ignore", invalid="ignore"):   # divergence is reported below, not as warnings
        untrained = add_penalty(net.params, evaluate(X, Y, loss)[0], None, l1, l2)
        for epoch in range(1, epochs + 1):
            order = rng.permutation(n) if batch_size < n else None
            total = 0.0
            for start in range(0, n, batch_size):
                rows = slice(start, start + batch_size) if order is None else order[start:start + batch_size]
                Xb, Yb = X[rows], Y[rows]      # a batch-sized copy; a shuffled copy of all of X per epoch
                                               # was slower on large data (fresh memory is page-faulted in)
                value, grads, A = net._backprop(Xb, Yb, loss)
                penalty = add_penalty(net.params, 0.0, grads, l1, l2) if l1 or l2 else 0.0   # grads += its gradient
                if not math.isfinite(value + penalty):
                    raise Diverged("loss", f"loss became {value + penalty}", epoch, optimizer.lr, history)
                optimizer.step(net.params, grads)
                weight = len(Xb) / n
                total += (value if loss == "sse" else value * weight) + penalty * weight   # the penalty once per epoch
                predicted[rows] = A.argmax(axis=1) if A.shape[1] > 1 else A[:, 0] > 0.5
            # the epoch's last step blew up? (one check of all params: 3-6 us/epoch less than one per array)
            if not np.isfinite(np.concatenate(list(net.params.values()), axis=None)).all():
                raise Diverged("weights", "the weights became inf or nan", epoch, optimizer.lr, history)
            history["loss"].append(total)
            history["accuracy"].append(np.count_nonzero(predicted == labels) / n)
            if validation is not None:
                val_loss, A_val = evaluate(X_val, Y_val, loss)
                history["val_loss"].append(val_loss)
                history["val_accuracy"].append(accuracy(A_val, Y_val))
            if callback is not None and callback(epoch, history):
                break
    if history["loss"] and history["loss"][-1] > WORSE * untrained:
        raise Diverged("worse", f"the loss ended at {history['loss'][-1]:.3g}, above the untrained net's "
                       f"{untrained:.3g},", len(history["loss"]), optimizer.lr, history)
    return history
