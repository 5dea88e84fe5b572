"""Optimizers update params in place from grads (dicts with the same keys and shapes)."""
import numpy as np

from ._checks import check_positive


class SGD:
    """Gradient descent with the 1986 momentum rule: dw(t) = -lr * dE/dw(t) + momentum * dw(t-1)."""

    def __init__(self, lr, momentum=0.0):
        self.lr = check_positive(lr, "lr")
        self.momentum = check_positive(momentum, "momentum", allow_zero=True, upper=1.0)
        self.velocity = {}   # the previous weight change dw(t-1), per parameter

    def step(self, params, grads):
        """Change every params[k] in place by -lr * grads[k] (+ momentum times its previous change)."""
        for k, p in params.items():
            if self.momentum == 0.0:
                p -= self.lr * grads[k]
                continue
            dw = self.velocity.get(k)
            if dw is None or dw.shape != p.shape:
                dw = self.velocity[k] = np.zeros_like(p)
            dw *= self.momentum
            dw -= self.lr * grads[k]
            p += dw
