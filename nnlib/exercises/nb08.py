"""Checks for notebook 08's exercises: a row-wise softmax that never overflows, the cross-entropy loss and
its gradient dZ from the logits, and the accuracy per digit from a confusion matrix.

Each check compares with something independent of the student's formula: nnlib's softmax, central finite
differences of the textbook loss (for dZ), a row-by-row loop (for the accuracy per digit). Each says pass,
"not done yet", or names the likely mistake.
"""
import numpy as np

from ..activations import softmax
from ._report import attempt, compare, is_stub, not_done, passed, wrong

EPS = 1e-6                                               # central differences: error about EPS**2
Z_TEST = np.array([[2.0, 1.0, 0.1, -1.0, 0.5],           # 3 examples x 5 classes: not square, so a wrong
                   [-0.5, 0.0, 3.0, 1.5, -2.0],          # axis or a missing keepdims cannot pass by chance
                   [1.0, 1.0, 1.0, 1.0, 4.0]])
Z_HUGE = np.array([[1000.0, 999.0, 0.0, -5.0, 2.0],      # logits this large overflow a naive exp(Z)
                   [-800.0, 0.0, 1.0, 2.0, 3.0]])
Y_TEST = np.array([[1.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0]])
Y_HUGE = np.array([[0.0, 0.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0, 0.0]])   # true classes whose softmax underflows


def _quietly(fn, *args):
    """attempt() with NumPy's overflow and invalid-value warnings off: a naive exp(1000) becomes inf, and
    the check explains it instead of a warning."""
    with np.errstate(all="ignore"):
        return attempt(fn, *(np.array(a, copy=True) for a in args))


def _close(got, expected):
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == np.shape(expected) and np.allclose(got, expected, rtol=1e-6, atol=1e-9)


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def reference_cross_entropy(Z, Y):
    """The textbook loss: mean over examples of -sum_k Y_k log softmax(Z)_k, with log softmax written as
    Z - m - log(sum(exp(Z - m))), m the row max, so that no probability underflows to log(0)."""
    shifted = Z - Z.max(axis=1, keepdims=True)
    return float(-np.sum(Y * (shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True)))) / len(Z))


def finite_difference_dZ(Z, Y, eps=EPS):
    """dloss/dZ by central differences of reference_cross_entropy, one entry at a time."""
    dZ = np.zeros_like(Z)
    for idx in np.ndindex(Z.shape):
        step = np.zeros_like(Z)
        step[idx] = eps
        dZ[idx] = (reference_cross_entropy(Z + step, Y) - reference_cross_entropy(Z - step, Y)) / (2 * eps)
    return dZ


def check_softmax(my_softmax):
    """Exercise 1: my_softmax(Z) of shape (n_examples, n_classes) returns each row's softmax, for any logits."""
    name = "softmax"
    got, error = _quietly(my_softmax, Z_TEST)
    if error:
        hint = (" (dividing a (3, 5) array by a row sum of shape (3,) does not broadcast: "
                "use .sum(axis=1, keepdims=True))") if "broadcast" in error else ""
        return wrong(name, error + hint)
    if is_stub(got):
        return not_done(name, "my_softmax returns None; write exp(Z - row max) / its row sum")
    E = np.exp(Z_TEST)
    for mistake, hint in [
        (E / E.sum(axis=0, keepdims=True), "each COLUMN sums to 1: softmax over the wrong axis. A row is one "
                                           "example: normalize along axis=1"),
        (E / E.sum(), "you divide by the sum over the whole array; each row (one example) must sum to 1 on its own"),
        (E, "the rows do not sum to 1: divide exp(Z) by its row sum"),
        (E / (1 + E), "that is the sigmoid of each entry; softmax divides by the sum over the row"),
    ]:
        if _close(got, mistake):
            return wrong(name, f"{hint} (tested on logits of shape {Z_TEST.shape})")
    hint = compare("my_softmax(Z)", got, softmax(Z_TEST), rtol=1e-9, atol=1e-12)
    if hint:
        return wrong(name, f"{hint} (compared with nnlib's softmax on logits of shape {Z_TEST.shape})")
    got, error = _quietly(my_softmax, Z_HUGE)
    if error or not np.all(np.isfinite(np.asarray(got, dtype=float))):
        return wrong(name, "right for small logits, but logits near 1000 give " + (error or "NaN or inf") +
                     ": exp(1000) overflows to inf. Subtract each row's max first (Z - Z.max(axis=1, keepdims=True)):"
                     " the result is the same, and the largest exponent is exp(0) = 1")
    hint = compare("my_softmax(Z) for logits near 1000", got, softmax(Z_HUGE), rtol=1e-9, atol=1e-12)
    if hint:
        return wrong(name, hint)
    return passed(name, "rows of probabilities, equal to nnlib's softmax, also for logits near 1000.")


def check_cross_entropy(my_cross_entropy):
    """Exercise 2: my_cross_entropy(Z, Y) returns (loss, dZ): the mean over examples of -sum_k Y_k log
    softmax(Z)_k, and its gradient with respect to the logits Z (checked by finite differences)."""
    name = "cross-entropy and dZ"
    out, error = _quietly(my_cross_entropy, Z_TEST, Y_TEST)
    if error:
        return wrong(name, error)
    if is_stub(out) or (isinstance(out, tuple) and len(out) == 2 and is_stub(out[0]) and is_stub(out[1])):
        return not_done(name, "my_cross_entropy returns None; return (loss, dZ)")
    if not (isinstance(out, tuple) and len(out) == 2):
        return wrong(name, f"return a pair (loss, dZ); got {type(out).__name__}")
    loss, dZ = out
    n, k = Z_TEST.shape
    expected = reference_cross_entropy(Z_TEST, Y_TEST)
    if is_stub(loss):
        return not_done(name, "loss is still None")
    try:
        loss = float(loss)
    except (TypeError, ValueError):
        return wrong(name, f"loss should be one number (a mean), got {type(loss).__name__} of shape {np.shape(loss)}")
    for factor, hint in [(n, f"loss is {n} times too large: a sum over the {n} examples instead of their mean"),
                         (1 / k, f"loss is {k} times too small: np.mean over all {n} x {k} entries; sum over the "
                                 f"classes, then average over the examples"),
                         (-1, "loss has the wrong sign: it is MINUS the sum of Y log softmax(Z)")]:
        if np.isclose(loss, factor * expected, rtol=1e-6):
            return wrong(name, hint)
    if not np.isclose(loss, expected, rtol=1e-6):
        return wrong(name, f"loss is {loss:.6g}, expected {expected:.6g} (the mean over examples of "
                           f"-sum_k Y_k log softmax(Z)_k)")
    if is_stub(dZ):
        return not_done(name, "the loss is right; dZ is still None")
    numeric = finite_difference_dZ(Z_TEST, Y_TEST)
    A = softmax(Z_TEST)
    for mistake, hint in [((A - Y_TEST), f"dZ is {n} times too large: divide A - Y by the number of examples, "
                                         f"as the loss is a mean over them"),
                          ((Y_TEST - A) / n, "dZ has the wrong sign: it is (A - Y) / n, not (Y - A) / n"),
                          (-Y_TEST / A / n, "dZ is dloss/dA; go on through softmax to the logits: dZ = (A - Y) / n")]:
        if _close(dZ, mistake):
            return wrong(name, hint)
    hint = compare("dZ", dZ, numeric, rtol=1e-5, atol=1e-8)
    if hint:
        return wrong(name, f"{hint} (compared with central finite differences of the loss)")
    out, error = _quietly(my_cross_entropy, Z_HUGE, Y_HUGE)
    loss_huge = out[0] if not error and isinstance(out, tuple) and len(out) == 2 else None
    expected_huge = reference_cross_entropy(Z_HUGE, Y_HUGE)
    if error or loss_huge is None or not np.isclose(_number(loss_huge), expected_huge, rtol=1e-9):
        return wrong(name, "right for small logits, but for logits near 1000 the loss is "
                     f"{error or loss_huge}, expected {expected_huge:.6g}: exp(1000) overflows, and log(softmax(Z)) is log(0) "
                     "when a probability underflows to 0. Use log softmax(Z) = Z - m - log(sum(exp(Z - m))), m the row max")
    return passed(name, "the loss matches the textbook formula, also for logits near 1000, and dZ matches "
                        "finite differences.")


def check_per_digit_accuracy(my_per_digit_accuracy):
    """Exercise 3: my_per_digit_accuracy(C) returns, for each true class i, the fraction of its examples
    predicted as i, from the confusion matrix C[true, predicted] of shape (n_classes, n_classes)."""
    name = "accuracy per digit"
    C = np.random.default_rng(8).integers(0, 5, (4, 4)) + np.diag([20, 12, 30, 8])   # rows and columns differ
    got, error = attempt(my_per_digit_accuracy, C.copy())
    if error:
        return wrong(name, error)
    if is_stub(got):
        return not_done(name, "my_per_digit_accuracy returns None; divide the diagonal by each row's total")
    right = np.diag(C).astype(float)
    expected = np.array([C[i, i] / sum(C[i, j] for j in range(4)) for i in range(4)])
    for mistake, hint in [
        (right / C.sum(axis=0), "you divide by the column totals: the images ANSWERED i (that is the precision "
                                "of digit i); the accuracy per true digit divides by the row totals"),
        (right / C.sum(), "you divide by all the examples; divide each diagonal count by its own row's total"),
        (right, "these are counts of right answers; divide each by its row's total to get a fraction"),
        (1 - expected, "that is the error per digit; the accuracy is the fraction answered RIGHT"),
    ]:
        if _close(got, mistake):
            return wrong(name, f"{hint} (tested on a 4 x 4 confusion matrix)")
    hint = compare("accuracy per digit", got, expected)
    if hint:
        return wrong(name, f"{hint} (tested on a 4 x 4 confusion matrix whose rows are the true classes)")
    return passed(name, "one fraction per true class: its diagonal count over its row total.")
