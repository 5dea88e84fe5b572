"""The checks of notebook 06's exercises (nnlib.exercises.nb06): each rejects the stub, rejects typical
mistakes with a hint that names them, and accepts the solution. The SGD epoch is checked against
nnlib.train; the setting check against the notebook's textbook numbers and the step budget."""
import copy

import numpy as np
import pytest

import nnlib
from nnlib.exercises import nb06


def solution(net, X, Y, lr, batch_size, rng):
    order = rng.permutation(len(X))
    epoch_loss = 0.0
    for start in range(0, len(X), batch_size):
        rows = order[start:start + batch_size]
        loss, grads = net.loss_and_grads(X[rows], Y[rows], "bce")
        for k in net.params:
            net.params[k] -= lr * grads[k]
        epoch_loss += loss * len(rows) / len(X)
    return epoch_loss


def stub(net, X, Y, lr, batch_size, rng):
    # YOUR CODE HERE
    pass


def variant(mistake):
    """The solution with one typical mistake, written out (not through nb06's own reference)."""
    def sgd_epoch(net, X, Y, lr, batch_size, rng):
        order = np.arange(len(X)) if mistake == "no shuffle" else rng.permutation(len(X))
        epoch_loss, total = 0.0, {k: np.zeros_like(v) for k, v in net.params.items()}
        for start in range(0, len(X), batch_size):
            rows = order[start:start + batch_size]
            loss, grads = net.loss_and_grads(X[rows], Y[rows], "bce")
            for k in net.params:
                if mistake == "ascent":
                    net.params[k] += lr * grads[k]
                elif mistake == "one step":
                    total[k] += grads[k]
                else:
                    net.params[k] -= lr * grads[k]
            epoch_loss += loss if mistake == "sum of losses" else loss * len(rows) / len(X)
        if mistake == "one step":
            for k in net.params:
                net.params[k] -= lr * total[k]
        return None if mistake == "no return" else epoch_loss
    return sgd_epoch


def test_the_solution_is_one_epoch_of_nnlib_train():
    net, X, Y, lr, batch_size, seed = nb06.epoch_problem()
    reference = copy.deepcopy(net)
    history = nnlib.train(reference, X, Y, loss="bce", lr=lr, epochs=1, batch_size=batch_size, seed=seed)
    loss = solution(net, X, Y, lr, batch_size, np.random.default_rng(seed))
    assert loss == pytest.approx(history["loss"][0], rel=1e-12)
    for k in net.params:
        assert np.allclose(net.params[k], reference.params[k], rtol=1e-12, atol=1e-14), k


def test_check_sgd_epoch_accepts_the_solution(capsys):
    result = nb06.check_sgd_epoch(solution)
    assert result and result.status == "pass"
    assert "[PASS]" in capsys.readouterr().out


def test_check_sgd_epoch_rejects_the_stub(capsys):
    result = nb06.check_sgd_epoch(stub)
    assert not result and result.status == "not done"
    assert "[NOT DONE YET]" in capsys.readouterr().out


@pytest.mark.parametrize("mistake, hint", [
    ("no shuffle", "shuffle first"),
    ("ascent", "goes UP the gradient"),
    ("one step", "stepped once at the end"),
    ("sum of losses", "SUM of the batch losses"),
    ("no return", "now return the epoch's loss"),
])
def test_check_sgd_epoch_names_the_typical_mistake(mistake, hint):
    result = nb06.check_sgd_epoch(variant(mistake))
    assert result.status == "wrong" and hint in result.message, result.message


def test_check_sgd_epoch_turns_errors_into_hints():
    def crashes(net, X, Y, lr, batch_size, rng):
        return net.loss_and_grads(X, Y.T, "bce")
    result = nb06.check_sgd_epoch(crashes)
    assert result.status == "wrong" and "ValueError" in result.message


def test_check_setting_rejects_the_stub(capsys):
    result = nb06.check_setting(None)
    assert not result and result.status == "not done"
    assert "[NOT DONE YET]" in capsys.readouterr().out


@pytest.mark.parametrize("setting, hint", [
    (dict(epochs=200), "25,000 SGD steps, more than the textbook's 6,250"),       # more work, not a better recipe
    (dict(learning_rate=0.1), "unknown keys ['learning_rate']"),
    (dict(lr=-0.1), "lr should be a number from"),
    (dict(hidden=2.5), "hidden should be a whole number"),
    ("lr=0.1", "should be a dict"),
])
def test_check_setting_refuses_settings_outside_the_rules_without_training(setting, hint, monkeypatch):
    monkeypatch.setattr(nb06, "train", lambda *args, **kwargs: pytest.fail("trained a refused setting"))
    result = nb06.check_setting(setting)
    assert result.status == "wrong" and hint in result.message, result.message


def test_check_setting_rejects_the_textbook_setting_itself():
    result = nb06.check_setting(dict(lr=0.01))
    assert result.status == "wrong" and "try a larger learning rate" in result.message, result.message
    assert "(+0.00)" in result.message


def test_check_setting_accepts_the_fix_and_reports_the_gain():
    result = nb06.check_setting(dict(lr=0.1))
    assert result and result.status == "pass"
    yours, textbook = (float(x) for x in result.message.split("yours ")[1].split(" (")[0].split(", the textbook's "))
    assert yours >= nb06.PASS_ACCURACY and yours - textbook > 0.1, result.message


def test_the_check_judges_on_points_the_notebook_never_uses():
    X_new, _ = nnlib.datasets.circle(nb06.HELD_OUT["n"], seed=nb06.HELD_OUT["seed"])
    for seed in (0, 1):                     # the notebook's data and validation seeds
        X, _ = nnlib.datasets.circle(5000, seed=seed)
        assert not np.isin(X_new[:, 0], X[:, 0]).any()
    assert not set(nb06.CHECK_SEEDS) & set(range(20))     # nor the notebook's training seeds (SEEDS, the slider's)
