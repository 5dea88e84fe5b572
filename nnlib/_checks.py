"""Input checks shared by nnlib: bad input fails early with a message a student can act on."""
import math
import numbers

import numpy as np


def check_choice(value, choices, name):
    """Raise ValueError unless value is one of choices (e.g. an activation or loss name)."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}; got {value!r}")
    return value


def check_positive(value, name, allow_zero=False, upper=math.inf):
    """Raise ValueError unless value is a finite real number > 0 (>= 0 with allow_zero) and < upper."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    ok = ok and (value >= 0 if allow_zero else value > 0) and value < upper
    if not ok:
        bound = ">= 0" if allow_zero else "> 0"
        upper_text = f" and < {upper}" if upper != math.inf else ""
        raise ValueError(f"{name} must be a finite number {bound}{upper_text}; got {value!r}")
    return float(value)


def check_count(value, name, minimum=1):
    """Raise ValueError unless value is a whole number >= minimum."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}; got {value!r}")
    return int(value)


def check_array(A, name, width):
    """Return A as a float64 array of shape (n_examples, width); raise ValueError otherwise."""
    try:
        A = np.asarray(A, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be an array of numbers; got {type(A).__name__} ({err})") from None
    if A.ndim != 2 or A.shape[1] != width:
        hint = f": use {name}.reshape(-1, {width})" if A.ndim == 1 else ""
        raise ValueError(f"{name} must have shape (n_examples, {width}); got shape {A.shape}{hint}")
    if A.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one example; got shape {A.shape}")
    if not np.isfinite(A).all():
        raise ValueError(f"{name} must hold only finite numbers; got {np.size(A) - np.isfinite(A).sum()} NaN or inf")
    return A


def check_data(X, Y, n_inputs, n_outputs, loss=None, names=("X", "Y")):
    """Check X of shape (n, n_inputs) and Y of shape (n, n_outputs); return both as float64."""
    X, Y = check_array(X, names[0], n_inputs), check_array(Y, names[1], n_outputs)
    if X.shape[0] != Y.shape[0]:
        raise ValueError(f"{names[0]} and {names[1]} must have the same number of rows; got {X.shape[0]} and {Y.shape[0]}")
    if loss == "bce" and ((Y < 0) | (Y > 1)).any():
        raise ValueError(f"{names[1]} must lie in [0, 1] for loss='bce'; got values from {Y.min():g} to {Y.max():g}")
    if loss == "cross_entropy" and ((Y < 0).any() or not np.allclose(Y.sum(axis=1), 1.0, rtol=0, atol=1e-6)):
        raise ValueError(f"{names[1]} rows must be one-hot or probabilities (>= 0, summing to 1) for loss='cross_entropy';"
                         f" got values {Y.min():g} to {Y.max():g}, row sums {Y.sum(axis=1).min():g} to {Y.sum(axis=1).max():g}")
    return X, Y


def check_seed(seed):
    """Raise ValueError unless seed is None or a whole number >= 0 (what np.random.default_rng takes)."""
    return seed if seed is None else check_count(seed, "seed", minimum=0)
