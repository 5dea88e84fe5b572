"""Notebook 08's exercise checks: each rejects the stub, rejects typical mistakes with the specific hint,
and accepts the solution. The checks compare with nnlib's softmax, finite differences and a row-by-row loop."""
import numpy as np
import pytest

from nnlib.exercises import nb08


def softmax_solution(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def cross_entropy_solution(Z, Y):
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_A = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -np.sum(Y * log_A) / len(Z), (np.exp(log_A) - Y) / len(Z)


def per_digit_solution(C):
    return np.diag(C) / C.sum(axis=1)


def naive_softmax(Z):                                   # no max subtraction: exp(1000) overflows
    return np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)


@pytest.mark.parametrize("check,stub", [
    (nb08.check_softmax, lambda Z: None),
    (nb08.check_cross_entropy, lambda Z, Y: None),
    (nb08.check_cross_entropy, lambda Z, Y: (None, None)),
    (nb08.check_per_digit_accuracy, lambda C: None),
])
def test_the_stub_is_not_done(check, stub, capsys):
    result = check(stub)
    assert result.status == "not done" and not result
    assert "[NOT DONE YET]" in capsys.readouterr().out


@pytest.mark.parametrize("mistake,words", [
    (naive_softmax, ["logits near 1000", "overflows", "Subtract each row's max"]),
    (lambda Z: np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True), ["wrong axis", "axis=1"]),
    (lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1), ["does not broadcast", "keepdims=True"]),
    (lambda Z: np.exp(Z) / np.exp(Z).sum(), ["whole array"]),
    (lambda Z: np.exp(Z), ["do not sum to 1"]),
    (lambda Z: softmax_solution(Z) * 2, ["2 times what it should be"]),
])
def test_softmax_mistakes_get_their_hint(mistake, words):
    result = nb08.check_softmax(mistake)
    assert result.status == "wrong"
    for word in words:
        assert word in result.message, result.message


def with_loss(factor=1.0, dZ=None):
    def mistake(Z, Y):
        loss, dZ_right = cross_entropy_solution(Z, Y)
        return factor * loss, dZ_right if dZ is None else dZ(Z, Y)
    return mistake


@pytest.mark.parametrize("mistake,words", [
    (with_loss(factor=3.0), ["3 times too large", "sum over the 3 examples instead of their mean"]),
    (with_loss(factor=1 / 5), ["5 times too small", "mean over all 3 x 5"]),
    (with_loss(factor=-1.0), ["wrong sign"]),
    (with_loss(dZ=lambda Z, Y: softmax_solution(Z) - Y), ["dZ is 3 times too large", "number of examples"]),
    (with_loss(dZ=lambda Z, Y: (Y - softmax_solution(Z)) / len(Z)), ["dZ has the wrong sign"]),
    (with_loss(dZ=lambda Z, Y: (softmax_solution(Z) - Y).T / len(Z)), ["transposed"]),
    (with_loss(dZ=lambda Z, Y: -Y / softmax_solution(Z) / len(Z)), ["dloss/dA", "through softmax"]),
    (with_loss(dZ=lambda Z, Y: (softmax_solution(Z) - Y) / Z.size), ["0.2 times what it should be"]),
    (lambda Z, Y: (-np.sum(Y * np.log(naive_softmax(Z))) / len(Z), (naive_softmax(Z) - Y) / len(Z)),
     ["logits near 1000", "log(0)", "Z - m - log(sum(exp(Z - m)))"]),
    (lambda Z, Y: (-np.sum(Y * np.log(softmax_solution(Z))) / len(Z), (softmax_solution(Z) - Y) / len(Z)),
     ["logits near 1000", "underflows"]),
    (lambda Z, Y: -np.sum(Y * np.log(softmax_solution(Z))) / len(Z), ["return a pair (loss, dZ)"]),
    (lambda Z, Y: 1 / 0, ["ZeroDivisionError"]),
])
def test_cross_entropy_mistakes_get_their_hint(mistake, words):
    result = nb08.check_cross_entropy(mistake)
    assert result.status == "wrong"
    for word in words:
        assert word in result.message, result.message


@pytest.mark.parametrize("mistake,words", [
    (lambda C: np.diag(C) / C.sum(axis=0), ["column totals", "precision", "row totals"]),
    (lambda C: np.diag(C) / C.sum(), ["all the examples"]),
    (lambda C: np.diag(C), ["counts of right answers"]),
    (lambda C: 1 - per_digit_solution(C), ["error per digit"]),
    (lambda C: per_digit_solution(C.T), ["column totals"]),
    (lambda C: per_digit_solution(C)[:, None], ["shape (4, 1), expected (4,)"]),
    (lambda C: per_digit_solution(C) * 100, ["100 times"]),
])
def test_per_digit_mistakes_get_their_hint(mistake, words):
    result = nb08.check_per_digit_accuracy(mistake)
    assert result.status == "wrong"
    for word in words:
        assert word in result.message, result.message


@pytest.mark.parametrize("check,solution", [(nb08.check_softmax, softmax_solution),
                                            (nb08.check_cross_entropy, cross_entropy_solution),
                                            (nb08.check_per_digit_accuracy, per_digit_solution)])
def test_the_solution_passes(check, solution, capsys):
    result = check(solution)
    assert result.status == "pass" and result
    assert "[PASS]" in capsys.readouterr().out


def test_the_reference_gradient_is_independent_and_right():
    Z, Y = nb08.Z_TEST, nb08.Y_TEST
    np.testing.assert_allclose(nb08.finite_difference_dZ(Z, Y), cross_entropy_solution(Z, Y)[1], atol=1e-9)
