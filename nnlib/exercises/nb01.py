"""Checks for notebook 01's exercises: the per-node backward pass (equations 3-7) and the 1986
momentum update (equation 9), each compared with nnlib's own code (OldschoolMLP, SGD)."""
import numpy as np

from ._report import attempt, compare, is_stub, not_done, passed, wrong

BACKWARD = "per-node backward pass"
MOMENTUM = "momentum update"
NAMES = ("E", "dW1", "db1", "dW2", "db2")


def _case_net(seed):
    """A 3-4-2 sigmoid net (weights up to 1.5, so no factor is close to 1) and one case (x, d)."""
    from ..oldschool import OldschoolMLP
    net = OldschoolMLP([3, 4, 2], init=1.5, seed=seed)
    rng = np.random.default_rng(100 + seed)
    x, d = rng.uniform(-1, 1, size=(1, 3)), rng.integers(0, 2, size=(1, 2)).astype(float)
    return net, x, d


def _variant(params, x, d, output_factor=True, hidden_factor=True):
    """E, dW1, db1, dW2, db2 for one case with NumPy, optionally leaving out a y(1-y) factor (a mistake)."""
    W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
    y_hid = 1 / (1 + np.exp(-(x @ W1 + b1)))
    y_out = 1 / (1 + np.exp(-(y_hid @ W2 + b2)))
    dx_out = (y_out - d) * (y_out * (1 - y_out) if output_factor else 1.0)
    dx_hid = (dx_out @ W2.T) * (y_hid * (1 - y_hid) if hidden_factor else 1.0)
    return (0.5 * ((y_out - d) ** 2).sum(), np.outer(x, dx_hid), dx_hid, np.outer(y_hid, dx_out), dx_out)


MISTAKES = [
    (dict(output_factor=False), "the output unit's dE/dx lacks the factor y(1 - y): equation 5 turns "
                                "dE/dy = y - d into dE/dx = (y - d) * y * (1 - y)"),
    (dict(hidden_factor=False), "the hidden units' dE/dx lacks the factor y(1 - y): equation 7 gives dE/dy "
                                "of a hidden unit; equation 5 then multiplies it by y_hid * (1 - y_hid)"),
]


def check_forward_backward(forward_backward, seeds=(0, 1, 2)):
    """forward_backward(x, d, W1, b1, W2, b2) -> (E, dW1, db1, dW2, db2), all for one case, against
    OldschoolMLP.loss_and_grads(loss="sse") on a 3-4-2 net; prints and returns a Result."""
    for seed in seeds:
        net, x, d = _case_net(seed)
        p = net.params
        lists = [p[k].tolist() for k in ("W1", "b1", "W2", "b2")]
        got, error = attempt(forward_backward, x[0].tolist(), d[0].tolist(), *lists)
        if error:
            return wrong(BACKWARD, error)
        if is_stub(got) or (isinstance(got, tuple) and all(is_stub(g) for g in got)):
            return not_done(BACKWARD, "compute E, dW1, db1, dW2 and db2 between the solution markers")
        if not isinstance(got, (tuple, list)) or len(got) != 5:
            return wrong(BACKWARD, "return five things: E, dW1, db1, dW2, db2")
        E, grads = net.loss_and_grads(x, d, loss="sse")
        expected = dict(E=E, dW1=grads["W1"], db1=grads["b1"], dW2=grads["W2"], db2=grads["b2"])
        for name, value in zip(NAMES, got):
            if is_stub(value):
                return not_done(BACKWARD, f"{name} is still {value!r}")
        for k, name in enumerate(NAMES):
            hint = compare(name, got[k], expected[name])
            if hint is None:
                continue
            for flags, cause in MISTAKES:
                if compare(name, got[k], _variant(p, x[0], d[0], **flags)[k]) is None:
                    return wrong(BACKWARD, f"{name} is off: {cause}.")
            if name == "E" and "times what it should be" in hint:
                hint += " E = 1/2 * sum over outputs of (y - d)^2 (equation 3)"
            elif "wrong sign" in hint:
                hint += ": dE/dy = y - d (equation 4), not d - y"
            return wrong(BACKWARD, f"{hint} (3-4-2 net, seed {seed}; {', '.join(NAMES[:k]) or 'nothing'} right before it).")
    return passed(BACKWARD, f"E and all four gradients equal OldschoolMLP's on {len(seeds)} cases of a 3-4-2 net.")


def _momentum_mistakes(W, grads, lr, momentum):
    """What typical slips of equation 9 give after every step: {description: list of W arrays}."""
    outcomes = {}
    rules = {
        "the weights moved as with momentum 0: add momentum times the previous change, and return the "
        "new change so that the next step can use it": lambda g, c: -lr * g,
        "the weights went uphill: the change is -lr * dE/dw (+ momentum * previous change)":
            lambda g, c: lr * g + momentum * c,
        "momentum multiplied the gradient step too: dw(t) = -lr * dE/dw(t) + momentum * dw(t-1), "
        "the momentum factor applies to the previous change only": lambda g, c: momentum * (-lr * g + c),
    }
    for cause, rule in rules.items():
        w, c, trail = W.copy(), np.zeros_like(W), []
        for g in grads:
            c = rule(g, c)
            w = w + c
            trail.append(w)
        outcomes[cause] = trail
    return outcomes


def check_momentum_step(momentum_step, lr=0.1, momentum=0.9, steps=4, seed=0):
    """momentum_step(W, dW, change, lr, momentum) -> (new W, new change), lists of lists, over `steps`
    steps against nnlib.SGD(lr, momentum); prints and returns a Result."""
    from ..optim import SGD
    rng = np.random.default_rng(seed)
    W0 = rng.uniform(-1, 1, size=(3, 2))
    grads = [rng.uniform(-1, 1, size=W0.shape) for _ in range(steps)]
    params, optimizer = {"W": W0.copy()}, SGD(lr, momentum=momentum)
    mistakes = _momentum_mistakes(W0, grads, lr, momentum)
    W, change = W0.tolist(), np.zeros_like(W0).tolist()
    for t, g in enumerate(grads, start=1):
        optimizer.step(params, {"W": g})
        got, error = attempt(momentum_step, W, g.tolist(), change, lr, momentum)
        if error:
            return wrong(MOMENTUM, error)
        if is_stub(got) or (isinstance(got, tuple) and any(is_stub(v) for v in got)):
            return not_done(MOMENTUM, "return the new weights and the new change")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return wrong(MOMENTUM, "return two things: the new weights and this step's change")
        W, change = got
        hint = compare("W", W, params["W"])
        if hint is not None:
            for cause, trail in mistakes.items():
                if compare("W", W, trail[t - 1]) is None:
                    return wrong(MOMENTUM, f"after step {t}: {cause}.")
            return wrong(MOMENTUM, f"after step {t} (lr {lr}, momentum {momentum}): {hint}.")
        hint = compare("the returned change", change, optimizer.velocity["W"])
        if hint is not None:
            return wrong(MOMENTUM, f"after step {t}: {hint}; it should be this step's dw(t), the next step's dw(t-1).")
    return passed(MOMENTUM, f"the same weights as nnlib.SGD(lr={lr}, momentum={momentum}) after each of {steps} steps.")
