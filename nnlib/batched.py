"""Many networks of one architecture trained at once, for studies over seeds and learning rates.

The runs are a leading axis R: params are stacked as W{l} (R, n_in, n_out) and b{l} (R, 1, n_out), X is
shared (n, n_inputs) or per run (R, n, n_inputs), outputs are (R, n, n_outputs). With these shapes
MLP's own forward_layers and backward_layers serve all R runs at once, and train_many does for every
run r exactly what nnlib.train(net_r, X_r, Y_r, loss, lr_r, momentum, epochs) does full batch, in one
set of matrix products instead of R Python loops (tests/test_batched.py checks this).
"""
import numpy as np

from ._checks import check_choice, check_count, check_positive
from .activations import ACTIVATIONS
from .losses import LOSSES, loss_and_output_delta
from .network import MLP, backward_layers, forward_layers
from .optim import SGD


def stack_params(sizes, seeds, activation="sigmoid", init=None):
    """The initial params of MLP(sizes, activation, seed=s, init=init) for every s in seeds, stacked."""
    nets = [MLP(sizes, activation=activation, seed=int(s), init=init).params for s in seeds]
    return {k: np.stack([p[k] if k[0] == "W" else p[k][None, :] for p in nets]) for k in nets[0]}


def unstack(params, r):
    """Run r's params as a plain dict, ready for an MLP (net.params = unstack(params, r))."""
    return {k: v[r].copy() if k[0] == "W" else v[r, 0].copy() for k, v in params.items()}


def forward_many(params, X, activation="sigmoid", output_activation="sigmoid"):
    """Outputs of all R networks, shape (R, n, n_outputs)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return forward_layers(params, X, activation, output_activation)[1][-1]


METRICS = ("loss", "accuracy", "max_error")


def train_many(params, X, Y, loss="mse", lr=0.1, momentum=0.0, epochs=100,
               activation="sigmoid", output_activation="sigmoid", metrics=METRICS):
    """Train the R stacked networks in place, full batch; lr is one number or one per run.

    Returns a history of arrays of shape (epochs, R), one per name in metrics, measured at the start of every
    sweep like nnlib.train's: "loss", "accuracy" and "max_error" (largest |A - Y| over examples and outputs).
    A run whose loss stops being finite is not stopped (the others go on): its loss shows inf or nan.
    """
    check_choice(loss, LOSSES, "loss")
    check_choice(activation, ACTIVATIONS, "activation")
    check_choice(output_activation, ACTIVATIONS, "output_activation")
    epochs = check_count(epochs, "epochs", minimum=0)
    momentum = check_positive(momentum, "momentum", allow_zero=True, upper=1.0)
    if loss == "bce" and output_activation != "sigmoid":
        raise ValueError(f"loss='bce' needs output_activation='sigmoid'; got {output_activation!r}")
    if not isinstance(metrics, (tuple, list)) or not metrics or not all(m in METRICS for m in metrics):
        raise ValueError(f"metrics must be a non-empty tuple of names from {list(METRICS)}; got {metrics!r}")
    R, L = len(params["W1"]), len(params) // 2
    n_in, n_out = params["W1"].shape[1], params[f"W{L}"].shape[2]
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    if X.ndim not in (2, 3) or Y.ndim not in (2, 3) or X.shape[-1] != n_in or Y.shape[-1] != n_out \
            or X.shape[-2] != Y.shape[-2]:
        raise ValueError(f"X must have shape (n, {n_in}) or (R, n, {n_in}) and Y (n, {n_out}) or (R, n, {n_out}); "
                         f"got {X.shape} and {Y.shape}")
    if np.ndim(lr) == 1 and len(lr) != R:
        raise ValueError(f"lr must be one number or one per run ({R}); got {len(lr)} values")
    lr = np.broadcast_to(np.asarray(lr, dtype=np.float64), (R,))
    for value in lr:
        check_positive(float(value), "lr")
    optimizer = SGD(1.0, momentum)                             # its step multiplies each gradient by .lr: one
    optimizer.lr = float(lr[0]) if (lr == lr[0]).all() else lr.reshape(R, 1, 1)   # number, or one per run
    f_prime = ACTIVATIONS[activation][1]
    history = {k: np.empty((epochs, R)) for k in metrics}
    with np.errstate(over="ignore", invalid="ignore"):         # a diverged run shows in its loss
        for epoch in range(epochs):
            Zs, As = forward_layers(params, X, activation, output_activation)
            A = As[-1]
            value, dZ = loss_and_output_delta(loss, Zs[-1], A, Y, output_activation)  # one loss per run
            if "loss" in history:                              # only the metrics asked for: each costs time
                history["loss"][epoch] = value
            if "accuracy" in history:
                history["accuracy"][epoch] = ((A > 0.5) == (Y > 0.5)).mean(axis=(1, 2)) if n_out == 1 else \
                    (A.argmax(axis=-1) == Y.argmax(axis=-1)).mean(axis=-1)
            if "max_error" in history:
                history["max_error"][epoch] = np.abs(A - Y).max(axis=(1, 2))
            optimizer.step(params, backward_layers(params, Zs, As, dZ, lambda dA, Z, A_l: dA * f_prime(Z, A_l)))
    return history
