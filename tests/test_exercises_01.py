"""Notebook 01's exercise checks (nnlib/exercises/nb01.py): each rejects the stub the student edition
leaves, rejects typical mistakes with a hint that names them, accepts the committed solution, and never
raises, whatever the student's code does."""
import numpy as np
import pytest

from nnlib.exercises import nb01
from nbtools import code_cells, read
from notebook_functions import load_functions
from student_edition import stub_source

NOTEBOOK = "notebooks/01_oldschool_backprop.ipynb"
NB = load_functions(NOTEBOOK)


def student_version(name):
    """The function `name` as the student edition defines it: its solution cell with the stub in place."""
    cell = next(c for c in code_cells(read(NOTEBOOK)) if f"def {name}(" in c.source
                and "solution" in c.metadata.get("tags", []))
    namespace = {"sigmoid": NB.sigmoid}
    exec(stub_source(cell.source), namespace)
    return namespace[name]


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def backward(x, d, W1, b1, W2, b2, output_factor=True, hidden_factor=True, half=0.5, sign=1.0, transpose_W1=False):
    """A per-node forward_backward with switchable mistakes (the right one by default)."""
    W1, b1, W2, b2, x, d = map(np.asarray, (W1, b1, W2, b2, x, d))
    y_hidden = sigmoid(x @ W1 + b1)
    y_out = sigmoid(y_hidden @ W2 + b2)
    E = half * ((y_out - d) ** 2).sum()
    dx_out = sign * (y_out - d) * (y_out * (1 - y_out) if output_factor else 1)
    dx_hidden = (W2 @ dx_out) * (y_hidden * (1 - y_hidden) if hidden_factor else 1)
    dW1 = np.outer(x, dx_hidden)
    return E, (dW1.T if transpose_W1 else dW1), dx_hidden, np.outer(y_hidden, dx_out), dx_out


def step(W, dW, change, lr, momentum, rule="right"):
    """Equation 9 per weight, or one of its typical slips."""
    W, dW, change = np.asarray(W), np.asarray(dW), np.asarray(change)
    new_change = {"right": -lr * dW + momentum * change, "no momentum": -lr * dW,
                  "uphill": lr * dW + momentum * change,
                  "momentum on all": momentum * (-lr * dW + change)}[rule]
    return (W + new_change).tolist(), new_change.tolist()


# ---- both: the stub, the committed solution, an independent version ----------------------------------

@pytest.mark.parametrize("check, name, independent", [(nb01.check_forward_backward, "forward_backward", backward),
                                                       (nb01.check_momentum_step, "momentum_step", step)])
def test_rejects_the_stub_and_accepts_the_solution(check, name, independent):
    result = check(student_version(name))
    assert result.status == "not done" and not result
    assert check(getattr(NB, name)).status == "pass"
    assert check(independent).status == "pass"


# ---- exercise 1: the per-node backward pass -------------------------------------------------------

@pytest.mark.parametrize("mistake, hint", [
    (dict(output_factor=False), "output unit's dE/dx lacks the factor y(1 - y)"),
    (dict(hidden_factor=False), "hidden units' dE/dx lacks the factor y(1 - y)"),
    (dict(half=1.0), "E is 2 times what it should be"),
    (dict(sign=-1.0), "wrong sign: dE/dy = y - d"),
    (dict(transpose_W1=True), "transposed"),
])
def test_backward_names_the_mistake(mistake, hint, capsys):
    result = nb01.check_forward_backward(lambda *args: backward(*args, **mistake))
    assert result.status == "wrong" and hint in result.message
    assert hint in capsys.readouterr().out


def test_backward_never_raises():
    def crashes(*args):
        raise IndexError("list index out of range")

    assert "IndexError" in nb01.check_forward_backward(crashes).message
    assert nb01.check_forward_backward(lambda *args: 3.0).status == "wrong"                 # not five things
    assert nb01.check_forward_backward(lambda *args: (None, 1, 2, 3, 4)).status == "not done"
    assert nb01.check_forward_backward(lambda *args: ("E", [[1]], [1], [[1]], [1])).status == "wrong"


# ---- exercise 2: the momentum update ----------------------------------------------------------------

@pytest.mark.parametrize("rule, hint", [
    ("no momentum", "as with momentum 0"),
    ("uphill", "went uphill"),
    ("momentum on all", "applies to the previous change only"),
])
def test_momentum_names_the_mistake(rule, hint):
    result = nb01.check_momentum_step(lambda *args: step(*args, rule=rule))
    assert result.status == "wrong" and hint in result.message


def test_momentum_returns_the_change_the_next_step_needs():
    # right weights after step 1, but the change it hands back is the old one (zeros): caught at step 1
    def forgets(W, dW, change, lr, momentum):
        new_W = [[W[i][j] - lr * dW[i][j] + momentum * change[i][j] for j in range(len(W[i]))] for i in range(len(W))]
        return new_W, change

    result = nb01.check_momentum_step(forgets)
    assert result.status == "wrong" and "the returned change" in result.message and "step 1" in result.message


def test_momentum_never_raises():
    def crashes(*args):
        raise TypeError("unsupported operand")

    assert "TypeError" in nb01.check_momentum_step(crashes).message
    assert nb01.check_momentum_step(lambda *args: 1.0).status == "wrong"
