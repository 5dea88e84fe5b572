"""The multi-layer perceptron in matrix form: one row per example, one matrix product per layer.

Shapes: X (n_examples, n_inputs); layer l computes Z = A_prev @ W{l} + b{l} with W{l} (n_in, n_out)
and b{l} (n_out,), then A = f(Z). forward_layers and backward_layers serve R stacked nets unchanged
(nnlib.batched: W{l} (R, n_in, n_out), b{l} (R, 1, n_out), X (n, n_in) or (R, n, n_in)).
"""
import numpy as np

from ._checks import check_array, check_choice, check_count, check_data, check_positive, check_seed
from .activations import ACTIVATIONS, softmax
from .losses import LOSSES, add_penalty, loss_and_output_delta

INITS = ("glorot", "he")


def init_params(sizes, init, rng):
    """Draw {"W1", "b1", ...}: "glorot" (Xavier) or "he" uniform with zero biases, or a number r:
    weights AND biases uniform in [-r, r], as in the 1986 paper (r = 0.3 there)."""
    params = {}
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        if isinstance(init, str):
            limit = np.sqrt(6.0 / (n_in + n_out)) if init == "glorot" else np.sqrt(6.0 / n_in)
            params[f"W{l}"] = rng.uniform(-limit, limit, size=(n_in, n_out))
            params[f"b{l}"] = np.zeros(n_out)
        else:
            params[f"W{l}"] = rng.uniform(-init, init, size=(n_in, n_out))
            params[f"b{l}"] = rng.uniform(-init, init, size=n_out)
    return params


class MLP:
    """A fully connected network, e.g. MLP([2, 8, 1], activation="relu"): 2 inputs, 8 hidden, 1 output.

    activation is used by every hidden layer, output_activation by the last (or "softmax", with loss="cross_entropy");
    init is "glorot", "he" or a number r (uniform in [-r, r]); by default "he" for ReLU, "glorot" otherwise.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation="sigmoid", seed=0, init=None):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
            raise ValueError(f"sizes must be a list of at least 2 layer sizes, like [2, 8, 1]; got {sizes!r}")
        self.sizes = [check_count(n, f"sizes[{i}]") for i, n in enumerate(sizes)]
        self.activation = check_choice(activation, ACTIVATIONS, "activation")
        self.output_activation = check_choice(output_activation, [*ACTIVATIONS, "softmax"], "output_activation")
        check_seed(seed)
        if init is None:
            init = "he" if activation == "relu" else "glorot"
        elif not isinstance(init, str):
            check_positive(init, "init")
        elif init not in INITS:
            raise ValueError(f"init must be one of {list(INITS)} or a number r > 0; got {init!r}")
        self.init = init
        self.params = init_params(self.sizes, init, np.random.default_rng(seed))

    @property
    def num_layers(self):
        """Number of weight layers (hidden layers + 1)."""
        return len(self.sizes) - 1

    def __repr__(self):
        return (f"{type(self).__name__}({self.sizes}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, init={self.init!r})")

    def forward(self, X):
        """Output activations for X (n_examples, n_inputs): shape (n_examples, n_outputs)."""
        return self._output(check_array(X, "X", self.sizes[0]))

    def _output(self, X):
        return self._forward(X)[1][-1]

    def _forward(self, X):
        """Return the lists Zs = [Z1, ..., ZL] and As = [X, A1, ..., AL] that backprop needs."""
        return forward_layers(self.params, X, self.activation, self.output_activation)

    def _hidden_delta(self, dA, Z, A):
        """One step of the delta recursion: dZ = dA * f'(Z). A subclass may change it (notebook 02 drops f')."""
        return dA * ACTIVATIONS[self.activation][1](Z, A)

    def check_loss(self, loss):
        """Raise ValueError for an unknown loss name, BCE without sigmoid, cross-entropy without softmax or back."""
        check_choice(loss, LOSSES, "loss")
        if loss == "bce" and self.output_activation != "sigmoid":
            raise ValueError("loss='bce' needs output_activation='sigmoid' (outputs must be probabilities); "
                             f"got output_activation={self.output_activation!r}")
        if (loss == "cross_entropy") != (self.output_activation == "softmax"):
            raise ValueError("loss='cross_entropy' and output_activation='softmax' go together; got "
                             f"loss={loss!r} with output_activation={self.output_activation!r}")
        return loss

    def loss_and_grads(self, X, Y, loss="mse", l1=0.0, l2=0.0):
        """Return (loss, grads): a float and a NEW dict of gradients, same keys and shapes as params.
        l1, l2 >= 0 add l1 * sum|W| + (l2 / 2) * sum W**2 over the weight matrices (not the biases)."""
        self.check_loss(loss)
        l1, l2 = check_positive(l1, "l1", allow_zero=True), check_positive(l2, "l2", allow_zero=True)
        X, Y = check_data(X, Y, self.sizes[0], self.sizes[-1], loss)
        value, grads, _ = self._backprop(X, Y, loss)
        grads = {k: grads[k] for k in self.params}                # in the order of params (backprop goes back)
        return (add_penalty(self.params, value, grads, l1, l2) if l1 or l2 else value), grads

    def _evaluate(self, X, Y, loss):
        """(loss, output A) on checked data from a forward pass alone, without the backward pass."""
        Zs, As = self._forward(X)
        return float(loss_and_output_delta(loss, Zs[-1], As[-1], Y, self.output_activation)[0]), As[-1]

    def _backprop(self, X, Y, loss):
        """Backpropagation on checked data; returns (loss, grads, output A) so training can reuse A."""
        Zs, As = self._forward(X)
        value, dZ = loss_and_output_delta(loss, Zs[-1], As[-1], Y, self.output_activation)
        grads = backward_layers(self.params, Zs, As, dZ, self._hidden_delta)
        return float(value), grads, As[-1]


def forward_layers(params, X, activation, output_activation):
    """Zs = [Z1, ..., ZL] and As = [X, A1, ..., AL]: Z = A_prev @ W + b, A = f(Z), layer by layer."""
    L = len(params) // 2
    Zs, As = [], [X]
    for l in range(1, L + 1):
        Z = As[-1] @ params[f"W{l}"] + params[f"b{l}"]
        Zs.append(Z)
        name = output_activation if l == L else activation       # softmax: output layer only, row-wise
        As.append(softmax(Z) if name == "softmax" else ACTIVATIONS[name][0](Z))
    return Zs, As


def backward_layers(params, Zs, As, dZ, hidden_delta):
    """grads from the output layer's dZ = dloss/dZL; hidden_delta(dA, Z, A) returns dA * f'(Z)."""
    grads, stacked = {}, dZ.ndim == 3
    for l in range(len(Zs), 0, -1):
        A_prev, W = As[l - 1], params[f"W{l}"]
        grads[f"W{l}"] = (A_prev.swapaxes(-1, -2) if stacked else A_prev.T) @ dZ   # dW = A_prev^T dZ
        grads[f"b{l}"] = np.add.reduce(dZ, axis=-2, keepdims=stacked)   # sums over the examples (dZ.sum)
        if l > 1:                                                 # dZ_prev = (dZ W^T) * f'(Z_prev)
            dZ = hidden_delta(dZ @ (W.swapaxes(-1, -2) if stacked else W.T), Zs[l - 2], As[l - 1])
    return grads
