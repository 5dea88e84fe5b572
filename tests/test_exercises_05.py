"""nnlib.exercises.nb05 proven on each exercise: the stub is "not done", typical mistakes get their
specific hint, and the notebook's own solution passes. The checks compare with np.polyfit and with a
bootstrap of their own (more resamples, another seed), never with the student's formula."""
import numpy as np
import pytest

from nnlib.exercises import nb05
from notebook_functions import load_functions

NB = load_functions("notebooks/05_data_scaling.ipynb")


def loglog(sizes, errors, log=np.log):
    """Least squares on (log n, log error), written out: (slope, intercept) in the given log."""
    u, v = log(np.asarray(sizes, float)), log(np.asarray(errors, float))
    slope = np.sum((u - u.mean()) * (v - v.mean())) / np.sum((u - u.mean()) ** 2)
    return slope, v.mean() - slope * u.mean()


class TestPowerLawFit:
    def test_the_stub_is_not_done(self):
        assert nb05.check_power_law_fit(lambda sizes, errors: None).status == "not done"

    @pytest.mark.parametrize("mistake,hint", [
        (lambda s, e: (np.exp(loglog(s, e)[1]), loglog(s, e)[0]), "you return (c, slope)"),
        (lambda s, e: (np.sum((np.log(s) - np.log(s).mean()) * (e - e.mean())) / np.sum((np.log(s) - np.log(s).mean()) ** 2), 1.0),
         "take the log of the errors too"),
        (lambda s, e: (np.sum((np.log(e) - np.log(e).mean()) * (np.log(s) - np.log(s).mean()))
                       / np.sum((np.log(e) - np.log(e).mean()) ** 2), 1.0), "log n against log(error)"),
        (lambda s, e: loglog(s, e), "return c = exp(intercept)"),
        (lambda s, e: (loglog(s, e, np.log10)[0], np.exp(loglog(s, e, np.log10)[1])), "the intercept is not"),
        (lambda s, e: (loglog(s, e)[0], 10 ** loglog(s, e)[1]), "use exp"),
        (lambda s, e: (-loglog(s, e)[0], np.exp(loglog(s, e)[1])), "wrong sign"),
        (lambda s, e: (loglog(s, e)[0], np.exp(np.log(e).mean())), "log c = mean(log error) - slope"),
        (lambda s, e: (1.1 * loglog(s, e)[0], 2.0), "check the means and the two sums"),
        (lambda s, e: loglog(s, e)[0], "return a pair (slope, c)"),
        (lambda s, e: 1 / 0, "ZeroDivisionError"),
    ])
    def test_typical_mistakes_get_their_hint(self, mistake, hint):
        result = nb05.check_power_law_fit(mistake)
        assert result.status == "wrong" and hint in result.message, result.message

    def test_np_polyfit_is_not_the_exercise(self):
        def with_polyfit(sizes, errors):
            slope, log_c = np.polyfit(np.log(sizes), np.log(errors), 1)
            return slope, np.exp(log_c)
        result = nb05.check_power_law_fit(with_polyfit)
        assert result.status == "wrong" and "without np.polyfit" in result.message

    def test_the_solution_passes(self):
        assert nb05.check_power_law_fit(NB.fit_loglog)


def bootstrap_n(sizes, errors, target, n_boot, seed, resample="repeats", summary=np.median, quantiles=(2.5, 97.5),
                replace=True):
    """A student's bootstrap written with a loop (and the usual mistakes as options): (low, high) of n."""
    rng, (S, R), needed = np.random.default_rng(seed), errors.shape, []
    for _ in range(n_boot):
        if resample == "sizes":
            rows = rng.integers(0, S, size=S)
            if np.unique(rows).size < 2:
                continue
            slope, log_c = loglog(sizes[rows], summary(errors[rows], axis=1))
        else:
            picks = [rng.integers(0, R, size=R) if replace else rng.permutation(R) for _ in range(S)]
            slope, log_c = loglog(sizes, np.array([summary(errors[i, p]) for i, p in enumerate(picks)]))
        needed.append(np.exp((np.log(target) - log_c) / slope))
    return tuple(np.percentile(needed, quantiles))


class TestNNeededInterval:
    def test_the_stub_is_not_done(self):
        assert nb05.check_n_needed_interval(lambda sizes, errors, target, n_boot, seed: None).status == "not done"

    @pytest.mark.parametrize("kwargs,hint", [
        (dict(resample="sizes"), "resample the repeats within each size"),
        (dict(summary=np.mean), "you fitted the mean"),
        (dict(quantiles=(5, 95)), "90% interval"),
        (dict(replace=False), "WITH replacement"),
    ])
    def test_typical_mistakes_get_their_hint(self, kwargs, hint):
        result = nb05.check_n_needed_interval(lambda s, e, t, b, seed: bootstrap_n(s, e, t, b, seed, **kwargs))
        assert result.status == "wrong" and hint in result.message, result.message

    @pytest.mark.parametrize("mistake,hint", [
        (lambda s, e, t, b, seed: (-0.9, -0.7), "not training-set sizes"),
        (lambda s, e, t, b, seed: bootstrap_n(s, e, t, b, seed)[::-1], "return (low, high)"),
        (lambda s, e, t, b, seed: tuple(np.sqrt(bootstrap_n(s, e, t, b, seed))), "does not contain the fit's own answer"),
        (lambda s, e, t, b, seed: (lambda lo, hi: (lo * 0.9, hi))(*bootstrap_n(s, e, t, b, seed)), "most at the low end"),
        (lambda s, e, t, b, seed: [][0], "IndexError"),
    ])
    def test_other_mistakes_get_a_specific_hint(self, mistake, hint):
        result = nb05.check_n_needed_interval(mistake)
        assert result.status == "wrong" and hint in result.message, result.message

    def test_a_correct_bootstrap_with_other_draws_passes(self):
        assert nb05.check_n_needed_interval(lambda s, e, t, b, seed: bootstrap_n(s, e, t, b, seed + 1))

    def test_the_solution_passes(self):
        assert nb05.check_n_needed_interval(NB.n_needed_interval)


def test_the_reference_bootstrap_agrees_with_a_loop():
    errors = nb05.synthetic_curve()
    loop = bootstrap_n(nb05.SIZES, errors, nb05.TARGET, 4000, seed=3)
    vectorised = nb05.n_needed_interval(nb05.SIZES, errors, n_boot=4000, seed=4)
    np.testing.assert_allclose(loop, vectorised, rtol=0.03)
