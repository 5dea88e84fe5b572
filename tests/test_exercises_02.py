"""The checks of notebook 02's exercises (nnlib.exercises.nb02): each rejects the stub, rejects typical
mistakes with a hint that names them, and accepts the solution. The solutions are checked against
finite differences, independently of the checks' own reference (nnlib.MLP)."""
import numpy as np
import pytest

import nnlib
from nnlib.exercises import nb02


X_VALUE, Y_VALUE = 3.0, -2.0          # exercise 1: u = x * y, L = u * x + y


def graph_solution(x=X_VALUE, y=Y_VALUE):
    u = x * y
    dL_du = x
    return dL_du * y + u, dL_du * x + 1


def test_check_graph_accepts_the_solution_which_is_the_calculus_answer():
    dL_dx, dL_dy = graph_solution()
    assert (dL_dx, dL_dy) == (2 * X_VALUE * Y_VALUE, X_VALUE ** 2 + 1)      # d(x^2 y + y)/dx, /dy
    result = nb02.check_graph(dL_dx, dL_dy)
    assert result and result.status == "pass"


@pytest.mark.parametrize("dL_dx, dL_dy", [(None, None), (None, 10.0), (-12.0, None)])
def test_check_graph_rejects_the_stub(dL_dx, dL_dy):
    assert nb02.check_graph(dL_dx, dL_dy).status == "not done"


@pytest.mark.parametrize("dL_dx, dL_dy, hint", [
    (X_VALUE * Y_VALUE, 10.0, "only one of x's two uses"),     # overwritten instead of added
    (-12.0, X_VALUE ** 2, "only one of y's two uses"),         # the direct "+ y" forgotten
    (-12.0, 1.0, "gradients ADD"),
    (12.0, 10.0, "differs from central differences"),          # a wrong sign
    ("twelve", 10.0, "one number"),
])
def test_check_graph_names_the_typical_mistake(dL_dx, dL_dy, hint):
    result = nb02.check_graph(dL_dx, dL_dy)
    assert result.status == "wrong" and hint in result.message, result.message


def solution(X, Y, A1, A2, W2):
    dZ2 = (A2 - Y) / Y.size
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)


def variant(**mistakes):
    """The solution with one typical mistake: divide_by, output_fprime, hidden_fprime, transposed, mean_bias."""
    def backward(X, Y, A1, A2, W2):
        dZ2 = (A2 - Y) / mistakes.get("divide_by", Y.size)
        if mistakes.get("output_fprime"):
            dZ2 = dZ2 * A2 * (1 - A2)
        dZ1 = dZ2 @ W2.T * (A1 * (1 - A1) if mistakes.get("hidden_fprime", True) else 1.0)
        dW1 = dZ1.T @ X if mistakes.get("transposed") else X.T @ dZ1
        db2 = dZ2.mean(axis=0) if mistakes.get("mean_bias") else dZ2.sum(axis=0)
        return dW1, dZ1.sum(axis=0), A1.T @ dZ2, db2
    return backward


def stub(X, Y, A1, A2, W2):
    # YOUR CODE HERE
    pass


def test_the_solution_is_the_gradient_by_finite_differences():
    net, X, Y = nb02.backward_problem()
    _, (_, A1, A2) = net._forward(X)
    numeric = nnlib.numerical_grads(net, X, Y, "bce")
    for got, key in zip(solution(X, Y, A1, A2, net.params["W2"]), ["W1", "b1", "W2", "b2"]):
        assert np.allclose(got, numeric[key], rtol=1e-6, atol=1e-9), key


def test_check_backward_accepts_the_solution(capsys):
    result = nb02.check_backward(solution)
    assert result and result.status == "pass"
    assert "[PASS]" in capsys.readouterr().out


def test_check_backward_rejects_the_stub(capsys):
    result = nb02.check_backward(stub)
    assert not result and result.status == "not done"
    assert "[NOT DONE YET]" in capsys.readouterr().out


@pytest.mark.parametrize("mistakes, hint", [
    (dict(divide_by=7), "number of examples"),             # n only, for m = 2 outputs
    (dict(divide_by=1), "a sum instead of a mean"),
    (dict(output_fprime=True), "f'(Z2) cancels"),
    (dict(hidden_fprime=False), "lack the factor f'(Z1)"),
    (dict(transposed=True), "transposed"),
    (dict(mean_bias=True), "db2 is 0.1429 times"),          # a mean over the 7 examples instead of the sum
])
def test_check_backward_names_the_typical_mistake(mistakes, hint):
    result = nb02.check_backward(variant(**mistakes))
    assert result.status == "wrong" and hint in result.message, result.message


def test_check_backward_turns_errors_into_hints():
    def no_transpose(X, Y, A1, A2, W2):
        return X.T @ ((A2 - Y) @ W2), None, None, None         # (7, 2) @ (5, 2): a shape error
    result = nb02.check_backward(no_transpose)
    assert result.status == "wrong" and "ValueError" in result.message and ".T" in result.message
    result = nb02.check_backward(lambda *args: (1, 2))
    assert result.status == "wrong" and "four arrays" in result.message


def solution_errors():
    net, X, Y = nb02.bug_problem()
    suspect, numeric = nb02.buggy_backward(net.params, X, Y), nnlib.numerical_grads(net, X, Y, "mse")
    return {k: np.linalg.norm(suspect[k] - numeric[k]) / (np.linalg.norm(suspect[k]) + np.linalg.norm(numeric[k]))
            for k in suspect}


def test_the_bug_is_where_the_check_says():
    # Independent of the check: the fixed line (A2 * (1 - A2)) gives MLP's gradients; the buggy one does not.
    net, X, Y = nb02.bug_problem()
    _, grads = net.loss_and_grads(X, Y, "mse")
    buggy = nb02.buggy_backward(net.params, X, Y)
    assert all(np.allclose(buggy[k], grads[k]) for k in ("W3", "b3"))
    assert not any(np.allclose(buggy[k], grads[k]) for k in ("W2", "b2", "W1", "b1"))
    errors = solution_errors()
    assert max(errors["W3"], errors["b3"]) < 1e-7 < min(errors["W2"], errors["b2"], errors["W1"], errors["b1"])


def test_check_find_the_bug_accepts_the_solution():
    result = nb02.check_find_the_bug(solution_errors(), 2)
    assert result and result.status == "pass"


@pytest.mark.parametrize("errors, bug_layer", [(None, None), (None, 2), ({}, None)])
def test_check_find_the_bug_rejects_the_stub(errors, bug_layer):
    result = nb02.check_find_the_bug(errors, bug_layer)
    assert result.status == ("not done" if errors is None or bug_layer is None else "wrong")


def test_check_find_the_bug_names_the_typical_mistakes():
    errors = solution_errors()
    inherited = nb02.check_find_the_bug(errors, 1)            # the lowest failing layer, not the highest
    assert inherited.status == "wrong" and "inherits" in inherited.message
    passing = nb02.check_find_the_bug(errors, 3)
    assert passing.status == "wrong" and "W3 and b3 pass" in passing.message
    net, X, Y = nb02.bug_problem()                           # MLP's own gradients instead of the suspect's
    own = nnlib.gradient_check(net, X, Y, "mse")
    assert "buggy_backward's gradients" in nb02.check_find_the_bug(own, 2).message
    absolute = {k: e * 3 for k, e in errors.items()}          # not divided by |g| + |g_num|
    assert "divide" in nb02.check_find_the_bug(absolute, 2).message
    assert "keys" in nb02.check_find_the_bug({"W1": 0.2}, 2).message
    assert "layer number" in nb02.check_find_the_bug(errors, "2").message
