"""Backpropagation as Rumelhart, Hinton & Williams wrote it in 1986: case by case, unit by unit,
weight by weight, in plain Python floats (no NumPy inside the loops).

The paper's notation: x_j is the total input of unit j, y_j its output, w_ji the weight from unit i
to unit j, E the error. Our W{l}[i][j] is the paper's w_ji (row = sending unit, column = receiving
unit), and b{l}[j] is the paper's bias: a weight from an extra input that is always 1.
"""
import math

import numpy as np

from .network import MLP


def _sigmoid(x):  # split on the sign so exp never overflows
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


F = {  # f(x) -> y, and dy/dx written in x and y
    "sigmoid": (_sigmoid, lambda x, y: y * (1.0 - y)),
    "tanh": (math.tanh, lambda x, y: 1.0 - y * y),
    "relu": (lambda x: x if x > 0 else 0.0, lambda x, y: 1.0 if x > 0 else 0.0),
    "identity": (lambda x: x, lambda x, y: 1.0),
}


def _softmax(xs):  # a softmax layer: y_j = e^(x_j - m) / sum_k e^(x_k - m), m = max_k x_k (no overflow)
    m = max(xs)
    es = [math.exp(x - m) for x in xs]
    return [e / sum(es) for e in es]


class OldschoolMLP(MLP):
    """Same constructor, params, forward and loss_and_grads as MLP, computed one number at a time."""

    def _forward_case(self, inputs, w, b):
        """Forward pass for one case: returns the lists xs[l][j] (total inputs) and ys[l][j] (outputs)."""
        xs, ys = [], [list(inputs)]
        for l in range(self.num_layers):
            name = self.output_activation if l == self.num_layers - 1 else self.activation
            x_layer = []
            for j in range(len(b[l])):
                x_j = b[l][j]                          # bias: weight from a unit that is always on
                for i in range(len(ys[l])):
                    x_j += ys[l][i] * w[l][i][j]       # eq. 1: x_j = sum_i y_i w_ji
                x_layer.append(x_j)
            xs.append(x_layer)                         # eq. 2: y_j = 1 / (1 + e^-x_j) for sigmoid units
            ys.append(_softmax(x_layer) if name == "softmax" else [F[name][0](x_j) for x_j in x_layer])
        return xs, ys

    def _weights(self):
        w = [self.params[f"W{l}"].tolist() for l in range(1, self.num_layers + 1)]
        b = [self.params[f"b{l}"].tolist() for l in range(1, self.num_layers + 1)]
        return w, b

    def _output(self, X):
        w, b = self._weights()
        return np.array([self._forward_case(row, w, b)[1][-1] for row in X.tolist()])

    def _backprop(self, X, Y, loss):
        """Accumulate dE/dw over all cases (the paper changes the weights once per sweep)."""
        w, b = self._weights()
        L, n_cases, n_out = self.num_layers, len(X), self.sizes[-1]
        scale = {"sse": 1.0, "cross_entropy": 1.0 / n_cases}.get(loss, 1.0 / (n_cases * n_out))   # means
        dw = [[[0.0] * len(row) for row in w_l] for w_l in w]
        db = [[0.0] * len(b_l) for b_l in b]
        E, outputs = 0.0, []
        for x_case, d_case in zip(X.tolist(), Y.tolist()):
            xs, ys = self._forward_case(x_case, w, b)
            outputs.append(ys[-1])
            dE_dx = []                                 # dE/dx_j of the output units
            for j, (x_j, y_j, d_j) in enumerate(zip(xs[-1], ys[-1], d_case)):
                if loss == "cross_entropy":            # softmax output: E = -sum_j d_j log y_j, dE/dx_j = y_j - d_j
                    E -= scale * d_j * (x_j - max(xs[-1]) - math.log(sum(math.exp(x - max(xs[-1])) for x in xs[-1])))
                    dE_dx.append(scale * (y_j - d_j))
                elif loss == "bce":                      # with a sigmoid output: dE/dx_j = y_j - d_j
                    E += scale * (max(x_j, 0.0) + math.log1p(math.exp(-abs(x_j))) - d_j * x_j)
                    dE_dx.append(scale * (y_j - d_j))
                else:                                  # eq. 3: E = 1/2 sum (y_j - d_j)^2; eq. 4: dE/dy_j = y_j - d_j
                    E += scale * (y_j - d_j) ** 2 * (0.5 if loss == "sse" else 1.0)
                    dE_dy = scale * (y_j - d_j) * (1.0 if loss == "sse" else 2.0)
                    dE_dx.append(dE_dy * F[self.output_activation][1](x_j, y_j))   # eq. 5
            for l in range(L - 1, -1, -1):             # from the output layer down
                for j, dE_dx_j in enumerate(dE_dx):
                    db[l][j] += dE_dx_j
                    for i, y_i in enumerate(ys[l]):
                        dw[l][i][j] += dE_dx_j * y_i   # eq. 6: dE/dw_ji = dE/dx_j * y_i
                if l > 0:                              # eq. 7: dE/dy_i = sum_j dE/dx_j * w_ji
                    f_prime = F[self.activation][1]
                    dE_dx = [sum(dE_dx[j] * w[l][i][j] for j in range(len(dE_dx))) * f_prime(xs[l - 1][i], y_i)
                             for i, y_i in enumerate(ys[l])]
        grads = {}
        for l in range(1, L + 1):
            grads[f"W{l}"], grads[f"b{l}"] = np.array(dw[l - 1]), np.array(db[l - 1])
        return E, grads, np.array(outputs)
