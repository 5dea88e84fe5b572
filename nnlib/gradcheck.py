"""Gradient check: backprop's gradients against central finite differences."""
import numpy as np


def numerical_grads(net, X, Y, loss="mse", eps=1e-6):
    """dloss/dparam by central differences, (L(p + eps) - L(p - eps)) / (2 eps), one entry at a time."""
    grads = {}
    for k, p in net.params.items():
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + eps
            plus = net.loss_and_grads(X, Y, loss)[0]
            p[idx] = old - eps
            minus = net.loss_and_grads(X, Y, loss)[0]
            p[idx] = old
            g[idx] = (plus - minus) / (2 * eps)
        grads[k] = g
    return grads


def gradient_check(net, X, Y, loss="mse", eps=1e-6):
    """Return {param name: relative error} with error = |g - n| / (|g| + |n|) in the 2-norm over the array.

    In float64 with eps = 1e-6, a correct backprop gives about 1e-7 or less (1e-10 is typical);
    a bug gives something near 1. The largest error is max(result.values()).
    """
    _, grads = net.loss_and_grads(X, Y, loss)
    numeric = numerical_grads(net, X, Y, loss, eps)
    errors = {}
    for k in grads:
        denom = np.linalg.norm(grads[k]) + np.linalg.norm(numeric[k])
        errors[k] = float(np.linalg.norm(grads[k] - numeric[k]) / denom) if denom > 0 else 0.0
    return errors
