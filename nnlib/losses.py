"""Losses: each returns (loss, dA), the loss and its gradient with respect to the output A (cross_entropy:
the loss and dZ, from the logits Z of a softmax output).

A and Y have shape (n_examples, n_outputs) and the loss is a scalar. Each loss reduces over the last
two axes only, so the stacked networks of nnlib.batched, A of shape (R, n, n_outputs), get one loss
per network from the same code.
"""
import numpy as np

from .activations import ACTIVATIONS, softmax


def _per_net(diff):
    """The number of terms of one network's loss: examples x outputs."""
    return diff.shape[-2] * diff.shape[-1]


def mse(A, Y):
    """Mean over all elements of (A - Y)**2, as PyTorch's MSELoss()."""
    diff = A - Y
    n_terms = _per_net(diff)
    return (diff * diff).sum(axis=(-2, -1)) / n_terms, (2.0 / n_terms) * diff


def sse(A, Y):
    """The 1986 paper's E: 1/2 times the SUM over examples and outputs of (A - Y)**2."""
    diff = A - Y
    return 0.5 * (diff * diff).sum(axis=(-2, -1)), diff


def bce(A, Y, eps=1e-12):
    """Mean binary cross-entropy of probabilities A (PyTorch's BCELoss()), A clipped to [eps, 1-eps].
    MLP does not call this for a sigmoid output: it uses bce_from_logits, which needs no clipping."""
    A = np.clip(A, eps, 1.0 - eps)
    n_terms = _per_net(A - Y)
    value = -(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)).sum(axis=(-2, -1)) / n_terms
    return value, (A - Y) / (A * (1.0 - A) * n_terms)


def bce_from_logits(Z, Y, A=None):
    """BCE of sigmoid(Z) written in Z: log(1 + e^Z) - Y Z has no log(0) and no overflow.

    Returns (loss, dZ); with a sigmoid output the chain rule collapses to dZ = (A - Y) / size.
    Pass A = sigmoid(Z) when the forward pass has it, so it is not computed twice.
    """
    if A is None:
        A = ACTIVATIONS["sigmoid"][0](Z)
    diff = A - Y
    n_terms = _per_net(diff)
    # .sum() / n_terms is np.mean without its microseconds of Python overhead, much of a tiny net's step
    return (np.logaddexp(0.0, Z) - Y * Z).sum(axis=(-2, -1)) / n_terms, diff / n_terms


def cross_entropy(Z, Y, A=None):
    """Mean over examples of -sum_k Y_k log softmax(Z)_k (PyTorch's cross_entropy(Z, Y), probability targets),
    from the logits: as rows of Y sum to 1, that is logsumexp(Z) - sum_k Y_k Z_k, and logsumexp(Z) = m - log A_max
    (m = max_k Z_k; A_max >= 1/K, never log(0)). Returns (loss, dZ): as for sigmoid + BCE, dZ = (A - Y) / n."""
    A = softmax(Z) if A is None else A
    log_sum_exp = np.maximum.reduce(Z, axis=-1) - np.log(np.maximum.reduce(A, axis=-1))   # per example, no exp
    n = Z.shape[-2]                                                 # examples
    return (np.add.reduce(log_sum_exp, axis=-1) - np.add.reduce(Y * Z, axis=(-2, -1))) / n, (A - Y) / n


def add_penalty(params, value, grads, l1, l2):
    """Regularize: add l1 * sum|W| + (l2 / 2) * sum W**2 over the weight matrices (not the biases) to the loss,
    and l1 * sign(W) + l2 * W to their gradients (in place; grads=None: the loss only); return the new loss."""
    for k, W in params.items():
        if k.startswith("W"):
            value += l1 * np.abs(W).sum() + 0.5 * l2 * (W * W).sum()
            if grads is not None:
                grads[k] += l1 * np.sign(W) + l2 * W
    return value


LOSSES = {"mse": mse, "sse": sse, "bce": bce, "cross_entropy": cross_entropy}


def loss_and_output_delta(loss, Z, A, Y, output_activation):
    """Return (loss, dZ) for the output layer, where dZ = dloss/dZ has the shape of Z."""
    if loss == "bce" and output_activation == "sigmoid":
        return bce_from_logits(Z, Y, A)
    if loss == "cross_entropy":
        if output_activation != "softmax":      # (MLP.check_loss says so first; nnlib.batched has no softmax)
            raise ValueError(f"loss='cross_entropy' needs output_activation='softmax'; got {output_activation!r}")
        return cross_entropy(Z, Y, A)
    value, dA = LOSSES[loss](A, Y)
    return value, dA * ACTIVATIONS[output_activation][1](Z, A)
