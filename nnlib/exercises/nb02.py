"""Checks for notebook 02 (vectorized backprop): gradients that add up on a tiny expression, the backward
pass of a 2-layer net, and a bug hunt with the gradient check. Each check prints one line and returns a Result (truthy only on a pass)."""
import numpy as np

from ..activations import sigmoid
from ..datasets import circle
from ..gradcheck import numerical_grads
from ..network import MLP
from ._report import attempt, compare, is_stub, not_done, passed, wrong

GRAPH = "Exercise 1 (gradients add up)"
BACKWARD = "Exercise 2 (backward pass)"
BUG = "Exercise 3 (find the bug)"
NAMES = ("dW1", "db1", "dW2", "db2")


def check_graph(dL_dx, dL_dy, x=3.0, y=-2.0, h=1e-6):
    """dL/dx and dL/dy of u = x * y, L = u * x + y, against central differences."""
    if is_stub(dL_dx) or is_stub(dL_dy):
        return not_done(GRAPH, "set dL_dx and dL_dy")
    L = lambda x, y: (x * y) * x + y                                  # noqa: E731
    expected = {"dL_dx": (L(x + h, y) - L(x - h, y)) / (2 * h), "dL_dy": (L(x, y + h) - L(x, y - h)) / (2 * h)}
    one_use = {"dL_dx": (x * y,), "dL_dy": (x * x, 1.0)}     # one path only: x's two paths both give x * y
    for name, got in (("dL_dx", dL_dx), ("dL_dy", dL_dy)):
        try:
            got = float(got)
        except (TypeError, ValueError):
            return wrong(GRAPH, f"{name} should be one number, got {type(got).__name__}")
        if abs(got - expected[name]) < 1e-6:
            continue
        var = name[-1]
        for value in one_use[name]:
            if abs(got - value) < 1e-9:
                return wrong(GRAPH, f"{name} = {got:g} holds only one of {var}'s two uses ({var} is in u = x * y "
                                    f"and in L = u * x + y): gradients ADD, sum what comes back along both")
        return wrong(GRAPH, f"{name} = {got:g} differs from central differences: check each local derivative "
                            f"(d(u * x)/du = x, d(u * x)/dx = u, d(x * y)/dx = y, d(x * y)/dy = x)")
    return passed(GRAPH, "both gradients match central differences: each sums the paths of its two uses.")


def backward_problem(seed=0):
    """A 3-5-2 sigmoid net and 7 examples with 0/1 targets: (net, X, Y); Y has m = 2 outputs."""
    net = MLP([3, 5, 2], seed=seed, init=0.5)
    rng = np.random.default_rng(seed + 1)
    return net, rng.uniform(-1, 1, size=(7, 3)), (rng.uniform(size=(7, 2)) < 0.5).astype(float)


def _backward(X, Y, A1, A2, W2, divide_by=None, output_fprime=False, hidden_fprime=True):
    """The reference backward pass of mean BCE, and its typical mistakes (a wrong divisor, f' factors)."""
    dZ2 = (A2 - Y) / (Y.size if divide_by is None else divide_by)
    if output_fprime:
        dZ2 = dZ2 * A2 * (1 - A2)
    dZ1 = dZ2 @ W2.T * (A1 * (1 - A1) if hidden_fprime else 1.0)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def _matches(got, expected):
    return all(compare(name, g, e) is None for name, g, e in zip(NAMES, got, expected))


def check_backward(backward, seed=0):
    """backward(X, Y, A1, A2, W2) -> (dW1, db1, dW2, db2) of the mean binary cross-entropy of a
    sigmoid-sigmoid net, compared with nnlib.MLP.loss_and_grads on a 3-5-2 net and 7 examples."""
    net, X, Y = backward_problem(seed)
    _, (_, A1, A2) = net._forward(X)
    W2 = net.params["W2"]
    _, grads = net.loss_and_grads(X, Y, "bce")
    expected = tuple(grads[k] for k in ("W1", "b1", "W2", "b2"))
    got, error = attempt(backward, X.copy(), Y.copy(), A1.copy(), A2.copy(), W2.copy())
    if error:
        hint = " (a product whose shapes do not fit: which matrix needs .T?)" if "matmul" in error else ""
        return wrong(BACKWARD, error + hint)
    if is_stub(got):
        return not_done(BACKWARD, "write the body of backward() so that it returns (dW1, db1, dW2, db2)")
    if not isinstance(got, (tuple, list)) or len(got) != 4:
        return wrong(BACKWARD, "backward() should return four arrays: return dW1, db1, dW2, db2")
    n, m = Y.shape
    mistakes = [
        (dict(divide_by=n), f"you divided by n = {n}, the number of examples; the mean BCE is over all "
                            f"n * m = Y.size = {n * m} elements: dZ2 = (A2 - Y) / Y.size"),
        (dict(divide_by=1), "a sum instead of a mean: the loss is the MEAN over Y.size elements, "
                            "so dZ2 = (A2 - Y) / Y.size"),
        (dict(output_fprime=True), "dZ2 has an extra factor A2 * (1 - A2): with a sigmoid output and BCE, "
                                   "f'(Z2) cancels and dZ2 = (A2 - Y) / Y.size"),
        (dict(hidden_fprime=False), "dW1 and db1 lack the factor f'(Z1) = A1 * (1 - A1): "
                                    "dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)"),
    ]
    for kwargs, hint in mistakes:
        if _matches(got, _backward(X, Y, A1, A2, W2, **kwargs)):
            return wrong(BACKWARD, hint)
    for i in (2, 3, 0, 1):                       # the output layer first: the hidden layer's dZ1 uses dZ2
        name, g, e = NAMES[i], got[i], expected[i]
        zeros = not is_stub(g) and np.shape(g) == np.shape(e) and not np.any(g)
        hint = f"{name} is all zeros" if zeros else compare(name, g, e)
        if hint:
            layer = "the output layer, dZ2" if name.endswith("2") else "the hidden layer, dZ1 = (dZ2 @ W2.T) * f'(Z1)"
            return wrong(BACKWARD, f"{hint.rstrip('.')}{'' if hint.endswith('?') else '.'} Look at {layer}.")
    return passed(BACKWARD, "dW1, db1, dW2 and db2 equal nnlib.MLP's gradients of the mean BCE.")


def buggy_backward(params, X, Y):
    """Gradients of the mean squared error of a 2-4-4-1 sigmoid net. One line is wrong: find it."""
    A1 = sigmoid(X @ params["W1"] + params["b1"])
    A2 = sigmoid(A1 @ params["W2"] + params["b2"])
    A3 = sigmoid(A2 @ params["W3"] + params["b3"])
    dZ3 = 2 * (A3 - Y) / Y.size * A3 * (1 - A3)
    dZ2 = (dZ3 @ params["W3"].T) * A2 * (1 - A1)
    dZ1 = (dZ2 @ params["W2"].T) * A1 * (1 - A1)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0),
            "W3": A2.T @ dZ3, "b3": dZ3.sum(axis=0)}


def bug_problem(seed=0):
    """(net, X, Y): a 2-4-4-1 sigmoid MLP holding the weights buggy_backward gets, and 16 circle examples."""
    X, Y = circle(16, seed=seed)
    return MLP([2, 4, 4, 1], seed=seed, init=0.5), X, Y


def relative_errors(grads, numeric):
    """{name: |g - g_num| / (|g| + |g_num|)} in the 2-norm over each array, as nnlib.gradient_check."""
    return {k: float(np.linalg.norm(grads[k] - numeric[k]) / (np.linalg.norm(grads[k]) + np.linalg.norm(numeric[k])))
            for k in grads}


def check_find_the_bug(errors, bug_layer, seed=0, threshold=1e-7):
    """errors: {param: relative error} of buggy_backward against finite differences (mean squared
    error); bug_layer: the number of the layer whose line is wrong."""
    if is_stub(errors) or is_stub(bug_layer):
        return not_done(BUG, "set errors (a dict of relative errors) and bug_layer (a layer number)")
    net, X, Y = bug_problem(seed)
    expected = relative_errors(buggy_backward(net.params, X, Y), numerical_grads(net, X, Y, "mse"))
    if not isinstance(errors, dict) or set(errors) != set(expected):
        return wrong(BUG, f"errors should be a dict with the keys {list(expected)}, one relative error each")
    bad = {k for k, e in expected.items() if e > threshold}
    try:
        got = {k: float(errors[k]) for k in expected}
    except (TypeError, ValueError):
        return wrong(BUG, "every value of errors should be one number, the relative error of that array")
    if max(got.values()) < threshold:
        return wrong(BUG, "all your errors are tiny: compare buggy_backward's gradients (not net.loss_and_grads's) "
                          "with nnlib.numerical_grads(net, X, Y, 'mse')")
    for k in sorted(expected):
        if k in bad and not np.isclose(got[k], expected[k], rtol=0.01):
            return wrong(BUG, f"errors[{k!r}] is {got[k]:.3g}, expected about {expected[k]:.3g}: divide "
                              f"|g - g_num| by |g| + |g_num| (2-norms over the array), with loss 'mse'")
        if k not in bad and got[k] > 1e-5:
            return wrong(BUG, f"errors[{k!r}] is {got[k]:.3g}, but that gradient is right: use loss 'mse' "
                              f"and the relative error |g - g_num| / (|g| + |g_num|)")
    layers = sorted({int(k[1:]) for k in bad})
    if not isinstance(bug_layer, (int, np.integer)) or bug_layer not in range(1, 4):
        return wrong(BUG, f"bug_layer should be a layer number 1, 2 or 3, got {bug_layer!r}")
    if bug_layer < max(layers):
        return wrong(BUG, f"layer {bug_layer} fails, but it only inherits the error: its delta is computed from "
                          f"the layer above it. The bug is in the highest layer that fails.")
    if bug_layer not in layers:
        return wrong(BUG, f"W{bug_layer} and b{bug_layer} pass the gradient check: their line is right")
    return passed(BUG, f"the check fails on {', '.join(k for k in expected if k in bad)}; the highest of them, layer {bug_layer}, "
                       f"holds the bug (A1 where its f'(Z2) needs A2).")
