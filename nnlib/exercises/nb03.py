"""Checks for notebook 03's exercises: tanh's derivative written in A, a leaky ReLU that is registered
and trained, and the one affine map inside a network without activations.

Each check compares with something computed independently of the formula the student writes: central
finite differences for derivatives, nnlib's forward pass for the combined map, a training run for "it
trains". Each says pass, "not done yet", or names the likely mistake.
"""
import numpy as np

from ..activations import ACTIVATIONS
from ..network import MLP, forward_layers
from ..train import Diverged, train
from ._report import attempt, compare, is_stub, not_done, passed, wrong

EPS = 1e-6                                      # central differences: error about EPS**2, far below the tolerance
Z_TEST = np.linspace(-3.0, 3.0, 12).reshape(3, 4)   # 2-D and never exactly 0 (where ReLU-like kinks sit)


def finite_difference(f, Z, eps=EPS):
    """(f(Z + eps) - f(Z - eps)) / (2 eps), elementwise: the derivative without any formula."""
    return (f(Z + eps) - f(Z - eps)) / (2 * eps)


def _matches(got, expected):
    return got is not None and np.shape(got) == np.shape(expected) and np.allclose(got, expected, atol=1e-6)


def _known_mistake(got, expected, mistakes):
    """The hint of the first typical mistake whose result got equals (unless got is right), else None."""
    if _matches(got, expected):
        return None
    return next((hint for result, hint in mistakes if _matches(got, result)), None)


def _as_array(got):
    try:
        return np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None


def check_tanh_prime(tanh_prime_from_A):
    """Exercise 1: tanh_prime_from_A(A) must return tanh'(Z) given only A = tanh(Z), elementwise."""
    name = "tanh' from A"
    A = np.tanh(Z_TEST)
    got, error = attempt(tanh_prime_from_A, A.copy())
    if error:
        return wrong(name, error)
    if is_stub(got):
        return not_done(name, "tanh_prime_from_A returns None; write tanh'(Z) using only A")
    expected = finite_difference(np.tanh, Z_TEST)
    hint = _known_mistake(_as_array(got), expected, [
        (1 - A, "you return 1 - A: the square is missing; tanh'(Z) = 1 - tanh(Z)**2 = 1 - A**2"),
        (A * (1 - A), "A * (1 - A) is the sigmoid's derivative; tanh's is 1 - A**2"),
        (1 - np.tanh(A) ** 2, "A is already tanh(Z): applying tanh again gives 1 - tanh(A)**2; use 1 - A**2"),
        ((1 - A) ** 2, "(1 - A)**2 squares the difference; square A first: 1 - A**2"),
    ])
    hint = hint or compare("tanh'(Z)", got, expected, rtol=1e-6, atol=1e-8)
    if hint:
        return wrong(name, f"{hint} (compared with finite differences of np.tanh at Z from -3 to 3)")
    return passed(name, "matches the finite differences of tanh at 12 points from -3 to 3.")


def check_leaky_relu(leaky_relu, leaky_relu_prime, slope, X, Y, lr, epochs, seed=0, sizes=(2, 4, 4, 1)):
    """Exercise 2: values, the derivative by finite differences, the registration, and a training run of
    MLP(sizes, "leaky_relu", init="glorot", seed) on (X, Y), where ReLU from the same start got stuck."""
    name = "leaky ReLU"
    Z = Z_TEST
    values, error = attempt(leaky_relu, Z.copy())
    if error:
        return wrong(name, f"leaky_relu: {error}")
    if is_stub(values):
        return not_done(name, "leaky_relu returns None; write f(Z) = Z for Z > 0, slope * Z otherwise")
    expected = np.where(Z > 0, Z, slope * Z)
    hint = _known_mistake(_as_array(values), expected, [
        (np.maximum(Z, 0), "leaky_relu returns 0 for Z < 0: that is ReLU; return slope * Z there"),
        (np.where(Z > 0, Z, slope), "for Z < 0 return slope * Z, not the constant slope"),
        (np.where(Z > 0, slope * Z, Z), "the two cases are swapped: Z for Z > 0, slope * Z for Z < 0"),
    ]) or compare("leaky_relu(Z)", values, expected)
    if hint:
        return wrong(name, hint)
    derivative, error = attempt(leaky_relu_prime, Z.copy(), expected.copy())
    if error:
        return wrong(name, f"leaky_relu_prime: {error}")
    if is_stub(derivative):
        return not_done(name, "leaky_relu works; now leaky_relu_prime(Z, A) returns None")
    numeric = finite_difference(lambda z: np.where(z > 0, z, slope * z), Z)
    hint = _known_mistake(_as_array(derivative), numeric, [
        ((Z > 0).astype(float), "leaky_relu_prime is 0 for Z < 0: that is ReLU's derivative (why its units "
                                "die); leaky ReLU's is slope there"),
        (np.where(Z > 0, 1.0, slope * Z), "for Z < 0 the derivative of slope * Z is slope, not slope * Z"),
        (expected, "leaky_relu_prime returns A = f(Z) itself, not the derivative"),
    ]) or compare("leaky_relu_prime(Z, A)", derivative, numeric, rtol=1e-6, atol=1e-8)
    if hint:
        return wrong(name, f"{hint} (compared with finite differences)")
    if ACTIVATIONS.get("leaky_relu") != (leaky_relu, leaky_relu_prime):
        return wrong(name, "both functions are right; now register them: "
                           "nnlib.ACTIVATIONS['leaky_relu'] = (leaky_relu, leaky_relu_prime)")
    accuracy = {}
    for activation in ("relu", "leaky_relu"):
        net = MLP(list(sizes), activation=activation, init="glorot", seed=seed)
        history, error = attempt(train, net, X, Y, loss="bce", lr=lr, epochs=epochs)
        if error or history is None:
            return wrong(name, f"training with {activation} failed: {error}")
        accuracy[activation] = max(history["accuracy"])    # the best epoch: a late spike does not count against it
    if accuracy["leaky_relu"] < 0.95:
        return wrong(name, f"the values and derivative are right, but training reached only accuracy "
                           f"{accuracy['leaky_relu']:.2f} (ReLU: {accuracy['relu']:.2f}); is slope {slope}?")
    relu = "does too" if accuracy["relu"] >= 0.95 else "never does"
    return passed(name, f"values and derivative match; registered; trained from seed {seed} at lr={lr:g}, it "
                  f"reaches training accuracy 0.95 on XOR, which ReLU from the same start {relu}.")


def _reference_map(params, n_inputs):
    """W and b of an identity network read off its own forward pass: b = output at 0, row i of W = the
    output at the i-th unit vector minus b. Independent of the product formula the student writes."""
    points = np.vstack([np.zeros(n_inputs), np.eye(n_inputs)])
    Z_out = forward_layers(params, points, "identity", "identity")[0][-1]
    return Z_out[1:] - Z_out[0], Z_out[0]


def check_combined_map(combined_map, seed=0):
    """Exercise 3: combined_map(params) returns (W, b) with X @ W + b equal to an identity network's output
    before its output activation, for networks of several depths and widths."""
    name = "one affine map"
    for sizes in ([3, 5, 4, 2], [2, 8, 8, 8, 8, 8, 1], [4, 2]):
        params = MLP(sizes, activation="identity", init=1.0, seed=seed).params   # biases nonzero too
        result, error = attempt(combined_map, {k: v.copy() for k, v in params.items()})
        if error:
            return wrong(name, f"{error} (network {sizes})")
        if is_stub(result):
            return not_done(name, "combined_map returns None; return the pair (W, b)")
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            return wrong(name, f"return a pair (W, b); got {type(result).__name__}")
        W_ref, b_ref = _reference_map(params, sizes[0])
        W, b = result
        hint = compare("W", W, W_ref)
        if hint:
            return wrong(name, f"{hint} (network {sizes}; W is the product W1 @ W2 @ ... in that order)")
        L = len(sizes) - 1
        hint = _known_mistake(_as_array(b), b_ref, [
            (params[f"b{L}"], "b is only the last layer's bias: every earlier b_l also reaches the output, "
                              "multiplied by all the weight matrices after it"),
        ]) if L > 1 else None
        if hint:
            return wrong(name, f"{hint} (network {sizes})")
        hint = compare("b", b, b_ref)
        if hint:
            return wrong(name, f"{hint} (network {sizes}; each b_l is multiplied by the W's of the later layers)")
    return passed(name, "X @ W + b reproduces the output of identity networks 3-5-4-2, 2-8-8-8-8-8-1 and 4-2.")
