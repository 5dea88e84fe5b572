"""Notebook 04's exercise checks: each rejects the stub, rejects typical mistakes with their specific
hint, and accepts the solution (the solutions here are the notebook's own, written out again)."""
import numpy as np
import pytest

from nnlib import batched, datasets
from nnlib.exercises import nb04

X, Y = datasets.xor_gate()
INIT, MOMENTUM, TOLERANCE, LOSS = 0.3, 0.9, 0.4, "sse"


def final_outputs(hidden, seeds, lr, epochs):
    params = batched.stack_params([2, hidden, 1], seeds, init=INIT)
    history = batched.train_many(params, X, Y, loss=LOSS, lr=lr, momentum=MOMENTUM, epochs=epochs)
    return batched.forward_many(params, X)[:, :, 0], history


def success_rates(hidden_sizes, lr, num_seeds, epochs):
    return np.array([np.all(np.abs(final_outputs(h, range(num_seeds), lr, epochs)[0] - Y[:, 0]) < TOLERANCE,
                            axis=-1).mean() for h in hidden_sizes])


def success_counts(hidden_sizes, lr, num_seeds, epochs):
    return success_rates(hidden_sizes, lr, num_seeds, epochs) * num_seeds


def any_output_rates(hidden_sizes, lr, num_seeds, epochs):
    # a typical mistake: the fraction of single outputs within tolerance, not of whole seeds
    return [np.mean(np.abs(final_outputs(h, range(num_seeds), lr, epochs)[0] - Y[:, 0]) < TOLERANCE)
            for h in hidden_sizes]


def ever_solved_rates(hidden_sizes, lr, num_seeds, epochs):
    return [(final_outputs(h, range(num_seeds), lr, epochs)[1]["max_error"] < TOLERANCE).any(axis=0).mean()
            for h in hidden_sizes]


def lowest_error(A1, targets, atol=0.01):
    E, left = 0.0, list(range(len(targets)))
    while left:
        group = [p for p in left if np.allclose(A1[p], A1[left[0]], atol=atol)]
        E += 0.5 * np.sum((targets[group] - targets[group].mean()) ** 2)
        left = [p for p in left if p not in group]
    return E


def run(check, fn, capsys):
    result = check(fn)
    printed = capsys.readouterr().out
    assert printed.strip() == str(result)
    return result


def test_success_rates_rejects_the_stub_and_accepts_the_solution(capsys):
    assert run(nb04.check_success_rates, lambda *args: None, capsys).status == "not done"
    result = run(nb04.check_success_rates, success_rates, capsys)
    assert result.status == "pass" and bool(result)


def test_the_check_tests_something_that_differs_between_sizes_and_from_solved_once():
    # the check's configuration separates the sizes and "solved at the end" from "solved at some sweep"
    rates = success_rates((1, 2, 8), 8.0, 20, 1000)
    assert rates[0] == 0 and len(set(rates.tolist())) == 3
    assert not np.allclose(rates, ever_solved_rates((1, 2, 8), 8.0, 20, 1000))


@pytest.mark.parametrize("mistake, hint", [
    (success_counts, "counts of solved seeds"),
    (lambda *args: 1 - success_rates(*args), "FAILED"),
    (any_output_rates, "all four of its outputs"),
    (ever_solved_rates, "ANY sweep"),
    (lambda h, lr, n, e: success_rates(h, lr, n, e)[::-1], "for 1 hidden units you get"),
    (lambda *args: 1 / 0, "ZeroDivisionError"),
])
def test_success_rates_names_typical_mistakes(mistake, hint, capsys):
    result = run(nb04.check_success_rates, mistake, capsys)
    assert result.status == "wrong" and hint in result.message, result.message


def test_lowest_error_rejects_the_stub_and_accepts_the_solution(capsys):
    def stub(A1, targets, atol=0.01):
        pass
    assert run(nb04.check_lowest_error, stub, capsys).status == "not done"
    assert run(nb04.check_lowest_error, lowest_error, capsys).status == "pass"


def test_the_brute_force_reference_gives_the_stuck_states():
    # independent of the mean formula: 1/4 for two patterns sharing targets 1, 0; 1/3 for three sharing 1, 1, 0
    assert [round(nb04._brute_force(nb04.TARGETS, groups), 6) for _, _, groups in nb04.CASES[:5]] == \
        [0.25, round(1 / 3, 6), round(1 / 3, 6), 0.0, 0.5]


def exact_groups(A1, targets, atol=0.01):
    return lowest_error(A1, targets, atol=0.0)


@pytest.mark.parametrize("mistake, hint", [
    (lambda A1, t, atol=0.01: 2 * lowest_error(A1, t, atol), "factor 1/2"),
    (exact_groups, "share ONE output"),
    (lambda A1, t, atol=0.01: 0.5 * np.sum((t - t.mean()) ** 2), "all four patterns in one group"),
    (lambda A1, t, atol=0.01: lowest_error(A1, t, atol) + (0.1 if A1.shape[1] == 1 else 0.0), "test code 2"),
    (lambda A1, t, atol=0.01: "E", "array of numbers"),
])
def test_lowest_error_names_typical_mistakes(mistake, hint, capsys):
    result = run(nb04.check_lowest_error, mistake, capsys)
    assert result.status == "wrong" and hint in result.message, result.message


def test_median_instead_of_mean_is_named(capsys):
    def median_error(A1, targets, atol=0.01):
        E, left = 0.0, list(range(len(targets)))
        while left:
            group = [p for p in left if np.allclose(A1[p], A1[left[0]], atol=atol)]
            E += 0.5 * np.sum((targets[group] - np.median(targets[group])) ** 2)
            left = [p for p in left if p not in group]
        return E
    result = run(nb04.check_lowest_error, median_error, capsys)
    assert result.status == "wrong" and "MEAN" in result.message
