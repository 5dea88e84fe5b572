"""Checks for notebook 04's exercises: the success rate over seeds per hidden size, and the lowest error
E an output unit can reach when some patterns share one hidden code.

Each check compares with something computed independently of the student's code: the success rates with
nnlib.batched trained here, the lowest error with a brute-force search over the shared output, on
hidden codes whose grouping is written out by hand. Each says pass, "not done yet", or names the likely
mistake.
"""
import numpy as np

from ..batched import forward_many, stack_params, train_many
from ..datasets import xor_gate
from ._report import attempt, compare, is_stub, not_done, passed, wrong

X, Y = xor_gate()                          # the four XOR patterns, as in the notebook
TARGETS = Y[:, 0]


def _as_array(got):
    try:
        return np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return None


def _known_mistake(got, expected, mistakes):
    """The hint of the first typical mistake whose result got equals (unless got is right), else None."""
    if got is None or np.shape(got) != np.shape(expected) or np.allclose(got, expected, atol=1e-9):
        return None
    return next((hint for result, hint in mistakes
                 if np.shape(result) == np.shape(got) and np.allclose(got, result, atol=1e-9)), None)


# Exercise 1 -----------------------------------------------------------------------------------------

def _train(hidden, seeds, lr, epochs, init, momentum, loss):
    """Final outputs (S, 4) and the history of one batched run of the given seeds."""
    params = stack_params([2, hidden, 1], seeds, init=init)
    history = train_many(params, X, Y, loss=loss, lr=lr, momentum=momentum, epochs=epochs)
    return forward_many(params, X)[:, :, 0], history


def check_success_rates(success_rates, init=0.3, momentum=0.9, tolerance=0.4, loss="sse",
                        hidden_sizes=(1, 2, 8), lr=8.0, num_seeds=20, epochs=1000):
    """Exercise 1: success_rates(hidden_sizes, lr, num_seeds, epochs) must return, per hidden size, the
    fraction of seeds 0..num_seeds-1 whose 2-hidden-1 net has every output within tolerance after training.
    The default test is at lr 8, where some runs solve XOR and lose it again, so "solved at any sweep" shows."""
    name = "success rates"
    got, error = attempt(success_rates, list(hidden_sizes), lr, num_seeds, epochs)
    if error:
        return wrong(name, error)
    if is_stub(got):
        return not_done(name, "success_rates returns None; return one fraction of seeds solved per hidden size")
    expected, counts, failed, ever, patterns, shifted = [], [], [], [], [], []
    for hidden in hidden_sizes:
        outputs, history = _train(hidden, range(num_seeds), lr, epochs, init, momentum, loss)
        within = np.abs(outputs - TARGETS) < tolerance
        solved = within.all(axis=1)
        expected.append(solved.mean())
        counts.append(solved.sum())
        failed.append(1 - solved.mean())
        ever.append((history["max_error"] < tolerance).any(axis=0).mean())
        patterns.append(within.mean())
        later, _ = _train(hidden, range(1, num_seeds + 1), lr, epochs, init, momentum, loss)
        shifted.append((np.abs(later - TARGETS) < tolerance).all(axis=1).mean())
    got_array = _as_array(got)
    hint = _known_mistake(got_array, expected, [
        (counts, f"these are counts of solved seeds; divide by the number of seeds ({num_seeds}) for a fraction"),
        (failed, "these are the fractions that FAILED; the success rate is the fraction solved"),
        (patterns, "this is the fraction of single outputs within the tolerance; a seed counts as solved "
                   "only when all four of its outputs are (np.all(..., axis=-1))"),
        (ever, "this counts runs solved at ANY sweep; count the runs solved at the end of training "
               "(the final outputs, as is_solved does)"),
        (shifted, "these are seeds 1..num_seeds; use seeds 0..num_seeds-1 (range(num_seeds))"),
    ])
    if hint is None:
        hint = compare("the success rates", got, expected, atol=1e-9)
        if hint and "times" not in hint and got_array is not None and got_array.shape == (len(hidden_sizes),):
            worst = int(np.argmax(np.abs(got_array - expected)))
            hint = (f"for {hidden_sizes[worst]} hidden units you get {got_array[worst]:.3g}, expected "
                    f"{expected[worst]:.3g}: train seeds 0..{num_seeds - 1} with stack_params and train_many "
                    f"at the notebook's settings, then is_solved on the final outputs")
    if hint:
        return wrong(name, f"{hint} (checked with hidden sizes {list(hidden_sizes)}, lr {lr:g}, "
                           f"{num_seeds} seeds, {epochs} sweeps)")
    return passed(name, f"equal to nnlib.batched's count for hidden sizes {list(hidden_sizes)} at lr {lr:g} "
                        f"({num_seeds} seeds, {epochs} sweeps each).")


# Exercise 2 -----------------------------------------------------------------------------------------

def _code(rows, noise=1e-4, seed=0):
    """Hidden codes (4, H) from rows, with a little noise: shared codes agree within atol, not exactly."""
    rows = np.asarray(rows, dtype=float)
    return np.clip(rows + np.random.default_rng(seed).uniform(-noise, noise, rows.shape), 0, 1)


# (hidden codes A1 of shape (4, H), targets, the groups of patterns sharing a code, written by hand)
CASES = [
    (_code([[0.733, 0.94], [0.018, 0.177], [0.0, 1.0], [0.0, 1.0]]), TARGETS, [[0], [1], [2, 3]]),  # stuck 2-2-1
    (_code([[0.005, 0.745, 0.004]] + [[0.0, 0.0, 0.0]] * 3), TARGETS, [[0], [1, 2, 3]]),           # 2-8-1 at lr 8
    (_code([[0.9], [0.001], [0.001], [0.002]]), TARGETS, [[0], [1, 2, 3]]),                          # 2-1-1
    (_code([[0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]]), TARGETS, [[0], [1], [2], [3]]),        # solved
    (_code([[0.5, 0.5]] * 4), TARGETS, [[0, 1, 2, 3]]),                                              # the plateau
    (_code([[0.0, 1.0], [0.8, 0.3], [0.8, 0.3], [0.0, 1.0]]), TARGETS, [[0, 3], [1, 2]]),            # shared, yet solvable
    (_code([[0.2, 0.7]] * 4), np.array([0.0, 1.0, 1.0, 1.0]), [[0, 1, 2, 3]]),                       # OR targets, one code
]


def _brute_force(targets, groups, steps=200001):
    """Lowest 1/2 sum (output - target)^2 when each group shares one output: a search over outputs in [0, 1]."""
    outputs = np.linspace(0.0, 1.0, steps)
    return sum(min(0.5 * np.sum((outputs[:, None] - targets[group]) ** 2, axis=1)) for group in groups)


def _with_groups(targets, groups, common):
    """E when each group shares the output common(its targets): the formula behind a typical mistake."""
    return sum(0.5 * np.sum((targets[group] - common(targets[group])) ** 2) for group in groups)


def check_lowest_error(lowest_error, atol=0.01):
    """Exercise 2: lowest_error(A1, targets, atol) must return the smallest E = 1/2 sum (output - target)^2
    when patterns whose hidden codes (rows of A1) agree within atol share one output."""
    name = "lowest error"
    got = []
    for A1, targets, _ in CASES:
        value, error = attempt(lowest_error, A1.copy(), targets.copy(), atol)
        if error:
            return wrong(name, error)
        if is_stub(value):
            return not_done(name, "lowest_error returns None; group the patterns by hidden code and add up "
                                  "each group's smallest error")
        got.append(value)
    expected = [_brute_force(targets, groups) for _, targets, groups in CASES]
    got_array = _as_array(got)
    hint = _known_mistake(got_array, expected, [
        ([2 * e for e in expected], "twice the right value: E has a factor 1/2 in front of the sum"),
        ([0.0] * len(CASES), "0 for every code: patterns whose codes agree must share ONE output, so a group "
                             "with different targets cannot reach 0. Codes that agree within atol are the same "
                             "(np.allclose(row_a, row_b, atol=atol)); with == tiny differences make every code unique"),
        ([_with_groups(t, g, np.median) for _, t, g in CASES],
         "the best shared output is the MEAN of the group's targets (it minimises the sum of squares), "
         "not the median"),
        ([_with_groups(t, [[0, 1, 2, 3]], np.mean) for _, t, _ in CASES],
         "you put all four patterns in one group: only patterns whose rows of A1 agree within atol share an output"),
    ])
    if hint is None:
        hint = compare("lowest_error on the 7 test codes", got, expected, rtol=1e-6, atol=1e-6)
        if hint and "times" not in hint and got_array is not None and got_array.shape == (len(CASES),):
            worst = int(np.argmax(np.abs(got_array - expected)))
            groups = " ".join(str(g) for g in CASES[worst][2])
            hint = (f"on test code {worst} (patterns sharing a code: {groups}, targets "
                    f"{CASES[worst][1].astype(int).tolist()}) you get {got_array[worst]:.4g}, expected "
                    f"{expected[worst]:.4g}")
    if hint:
        return wrong(name, hint)
    return passed(name, f"equal to a brute-force search on {len(CASES)} hidden codes (the stuck 2-2-1, the "
                        "2-8-1 at lr 8, the 2-1-1, a solved net, the plateau, ...).")
