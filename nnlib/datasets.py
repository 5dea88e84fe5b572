"""Small seeded datasets, Y (n_examples, 1) of 0/1 floats (plane, gaussians: real-valued targets for regression),
and real digits (Y one-hot). Each returns (X, Y); features() makes TensorFlow Playground's input columns.

label_noise is the fraction of labels flipped at random (0 = clean labels).
"""
import itertools

import numpy as np

from ._checks import check_count, check_positive, check_seed


def _finish(X, labels, label_noise, rng):
    """Flip a fraction label_noise of the labels, return (X, Y) as float64 with Y a column."""
    check_positive(label_noise, "label_noise", allow_zero=True, upper=1.0)
    labels = np.asarray(labels, dtype=np.float64)
    flip = rng.random(len(labels)) < label_noise
    labels[flip] = 1.0 - labels[flip]
    return np.asarray(X, dtype=np.float64), labels.reshape(-1, 1)


def _rng(n, seed, minimum=2):
    check_count(n, "n", minimum)
    return np.random.default_rng(check_seed(seed))


def _square(n, seed):
    rng = _rng(n, seed, minimum=1)
    return rng.uniform(-1.0, 1.0, size=(n, 2)), rng


def xor_gate():
    """The four XOR patterns: output 1 when exactly one input is 1."""
    return np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0], [1.0], [0.0]])


def xor_quadrants(n=200, label_noise=0.0, seed=0):
    """n points uniform in [-1, 1]^2, label 1 where the two coordinates have opposite signs."""
    X, rng = _square(n, seed)
    return _finish(X, X[:, 0] * X[:, 1] < 0, label_noise, rng)


def linear(n=200, label_noise=0.0, seed=0):
    """n points uniform in [-1, 1]^2, label 1 above the line x2 = 0.5 x1 + 0.1 (linearly separable)."""
    X, rng = _square(n, seed)
    return _finish(X, X[:, 1] > 0.5 * X[:, 0] + 0.1, label_noise, rng)


def circle(n=5000, radius=0.5, label_noise=0.0, seed=0):
    """n points uniform in [-1, 1]^2, label 1 inside the circle of the given radius around 0."""
    X, rng = _square(n, seed)
    check_positive(radius, "radius")
    return _finish(X, (X ** 2).sum(axis=1) < radius ** 2, label_noise, rng)


def ring(n=200, label_noise=0.0, seed=0):
    """TensorFlow Playground's circle, balanced: half the points in a disc of radius 0.5 (label 1), half
    in a ring from radius 0.7 to 1 (label 0), with a gap between them."""
    rng = _rng(n, seed)
    labels = np.arange(n) % 2 == 0
    r, angle = np.where(labels, rng.uniform(0, 0.5, n), rng.uniform(0.7, 1.0, n)), rng.uniform(0, 2 * np.pi, n)
    return _finish(r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]), labels, label_noise, rng)


def blobs(n=200, spread=0.3, label_noise=0.0, seed=0):
    """Two Gaussian blobs of n/2 points each, centred at (-0.5, -0.5) (label 0) and (0.5, 0.5) (label 1)."""
    check_positive(spread, "spread")
    rng, labels = _rng(n, seed), np.arange(n) % 2
    return _finish((labels[:, None] - 0.5) + spread * rng.standard_normal((n, 2)), labels, label_noise, rng)


def spiral(n=200, turns=1.5, jitter=0.05, label_noise=0.0, seed=0):
    """Two interleaved spirals (label 0 and 1) of n/2 points each, inside [-1, 1]^2."""
    check_positive(turns, "turns")
    check_positive(jitter, "jitter", allow_zero=True)
    rng = _rng(n, seed)
    labels = np.arange(n) % 2
    r = rng.uniform(0.05, 1.0, n)
    angle = 2 * np.pi * turns * r + np.pi * labels
    X = 0.9 * r[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _finish(X + jitter * rng.standard_normal((n, 2)), labels, label_noise, rng)


def plane(n=200, noise=0.0, seed=0):
    """Regression: n points uniform in [-1, 1]^2, target y = (x1 + x2) / 2 plus Gaussian noise of std noise."""
    X, rng = _square(n, seed)
    return X, (X.sum(axis=1, keepdims=True) / 2 + check_positive(noise, "noise", allow_zero=True) * rng.standard_normal((n, 1)))


def gaussians(n=200, noise=0.0, seed=0):
    """Regression: n points uniform in [-1, 1]^2, target a sum of four Gaussian bumps (two up, two down,
    peaks near +-1) plus Gaussian noise of std noise."""
    X, rng = _square(n, seed)
    centres, signs = np.array([[-0.5, -0.5], [0.5, 0.5], [-0.5, 0.5], [0.5, -0.5]]), np.array([1.0, 1.0, -1.0, -1.0])
    bumps = np.exp(-((X[:, None, :] - centres) ** 2).sum(axis=2) / (2 * 0.3 ** 2)) @ signs
    return X, bumps[:, None] + check_positive(noise, "noise", allow_zero=True) * rng.standard_normal((n, 1))


FEATURES = {"x1": lambda X: X[:, 0], "x2": lambda X: X[:, 1], "x1^2": lambda X: X[:, 0] ** 2,
            "x2^2": lambda X: X[:, 1] ** 2, "x1*x2": lambda X: X[:, 0] * X[:, 1],
            "sin(pi*x1)": lambda X: np.sin(np.pi * X[:, 0]), "sin(pi*x2)": lambda X: np.sin(np.pi * X[:, 1])}


def features(X, names):
    """The columns FEATURES[name](X) for each name, as an (n, len(names)) array: TensorFlow Playground's inputs
    (its sin x uses points in [-6, 6]; ours lie in [-1, 1], so one period of sin(pi x) spans the plane)."""
    if not isinstance(names, (list, tuple)) or not names or any(not isinstance(k, str) or k not in FEATURES for k in names):
        raise ValueError(f"names must be a non-empty list drawn from {list(FEATURES)}; got {names!r}")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n_examples, 2); got shape {X.shape}")
    return np.column_stack([FEATURES[name](X) for name in names])


def mirror_symmetry():
    """All 64 six-bit vectors; label 1 when the vector is symmetric about its centre (8 of them)."""
    X = np.array(list(itertools.product([0.0, 1.0], repeat=6)))
    return X, (X == X[:, ::-1]).all(axis=1).astype(np.float64).reshape(-1, 1)


def train_test_split(X, Y, test_fraction=0.2, seed=0):
    """Shuffle the rows with a seeded generator; return X_train, Y_train, X_test, Y_test."""
    check_positive(test_fraction, "test_fraction", upper=1.0)
    X, Y = np.asarray(X), np.asarray(Y)
    if len(X) != len(Y):
        raise ValueError(f"X and Y must have the same number of rows; got {len(X)} and {len(Y)}")
    order = np.random.default_rng(check_seed(seed)).permutation(len(X))
    n_test = int(round(test_fraction * len(X)))
    if not 0 < n_test < len(X):
        raise ValueError(f"test_fraction={test_fraction} of {len(X)} rows leaves an empty part; "
                         "use more rows or a fraction nearer 0.5")
    test, train = order[:n_test], order[n_test:]
    return X[train], Y[train], X[test], Y[test]


def digits():
    """scikit-learn's 1,797 handwritten 8x8 digits (no download): X (1797, 64) in [0, 1], Y (1797, 10) one-hot."""
    from sklearn.datasets import load_digits      # here, not at the top: `import nnlib` stays NumPy-only
    X, labels = load_digits(return_X_y=True)
    return X / 16.0, np.eye(10)[labels]


DATASETS = {"xor": xor_quadrants, "linear": linear, "circle": circle, "ring": ring, "blobs": blobs, "spiral": spiral}
