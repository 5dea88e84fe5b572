"""Checks for notebook 05's exercises: the power-law fit written from the least-squares formula, and a
bootstrap interval for the number of training points a target error needs.

Each check runs the student's function on a learning curve it draws itself (seeded, with a known slope)
and compares with an independent computation: np.polyfit for the fit, and for the interval a bootstrap
written here with ten times more resamples and its own seed. Each says pass, "not done yet", or names
the likely mistake.
"""
import inspect

import numpy as np

from ._report import attempt, is_stub, not_done, passed, wrong

SIZES = np.array([10, 18, 32, 56, 100, 178, 316, 562, 1000])
TRUE_SLOPE, TRUE_C, SPREAD = -0.8, 2.0, 0.3     # the synthetic curve: c * n**slope times log-normal noise
TARGET, N_BOOT, SEED = 0.001, 2000, 0           # what the student's interval is asked for
REFERENCE_BOOT, REFERENCE_SEED = 20_000, 12345  # the reference bootstrap: more resamples, other draws
TOLERANCE = 0.025   # |log(got / reference)| at each end: 2,000 resamples stray up to 0.015 (20 seeds)


def synthetic_curve(repeats=16, seed=5):
    """Error rates c * n**slope times log-normal noise: shape (len(SIZES), repeats), a known curve."""
    rng = np.random.default_rng(seed)
    return TRUE_C * SIZES[:, None] ** TRUE_SLOPE * np.exp(SPREAD * rng.standard_normal((len(SIZES), repeats)))


def polyfit_power_law(sizes, errors):
    """(slope, c) of errors = c * sizes**slope by np.polyfit on natural logs; errors (S,) or (S, B)."""
    slope, log_c = np.polyfit(np.log(sizes), np.log(errors), 1)
    return slope, np.exp(log_c)


def _pair(value):
    """value as two floats, or None."""
    try:
        a, b = value
        return float(a), float(b)
    except (TypeError, ValueError):
        return None


def _call_for_pair(name, fn, args, function, pair_names):
    """Call the student's fn(*args): (two floats, None), or (None, the Result that says why not)."""
    got, error = attempt(fn, *args)
    if error:
        return None, wrong(name, error)
    if is_stub(got) or (isinstance(got, tuple) and any(is_stub(v) for v in got)):
        return None, not_done(name, f"{function} returns None; return {pair_names}")
    pair = _pair(got)
    if pair is None:
        return None, wrong(name, f"return a pair {pair_names} of two numbers, got {got!r}")
    return pair, None


def _uses_polyfit(fn):
    try:
        return "polyfit" in inspect.getsource(fn)
    except (OSError, TypeError):
        return False


def check_power_law_fit(fit_loglog):
    """Exercise 1: fit_loglog(sizes, errors) returns (slope, c) of errors = c * sizes**slope by least squares
    on (log n, log error), from the formula; compared with np.polyfit on a seeded synthetic curve."""
    name = "power-law fit"
    errors = np.median(synthetic_curve(), axis=1)
    pair, verdict = _call_for_pair(name, fit_loglog, (SIZES.copy(), errors.copy()), "fit_loglog", "(slope, c)")
    if verdict is not None:
        return verdict
    slope, c = polyfit_power_law(SIZES, errors)
    u, v = np.log(SIZES), np.log(errors)
    intercept10 = np.polyfit(np.log10(SIZES), np.log10(errors), 1)[1]
    mistakes = [
        ((c, slope), "you return (c, slope): the slope comes first, then c"),
        ((np.polyfit(u, errors, 1)[0], None), "your slope is that of the error itself against log n: take the "
                                              "log of the errors too (a power law is a line in log-log)"),
        ((np.polyfit(SIZES, v, 1)[0], None), "your slope is that of log(error) against n: take the log of n too"),
        ((np.polyfit(v, u, 1)[0], None), "your slope is that of log n against log(error): the formula regresses "
                                         "v = log(error) on u = log n (sum (u - u_mean)(v - v_mean) / sum (u - u_mean)**2)"),
        ((slope, np.log(c)), "your c is the intercept log(c): return c = exp(intercept)"),
        ((slope, intercept10), "your c is the intercept in base-10 logs: return c = 10**intercept"),
        ((slope, np.exp(intercept10)), "you fitted base-10 logs but turned the intercept back with exp: the "
                                       "slope is the same in any base, the intercept is not; use 10**intercept "
                                       "(or natural logs and exp)"),
        ((slope, 10 ** np.log(c)), "you fitted natural logs but turned the intercept back with 10**: use exp"),
        ((-slope, None), "your slope has the wrong sign: the error falls, so the slope is negative"),
    ]
    for (m_slope, m_c), hint in mistakes:
        if np.isclose(pair[0], m_slope, rtol=1e-6) and (m_c is None or np.isclose(pair[1], m_c, rtol=1e-6)) \
                and not (np.isclose(pair[0], slope, rtol=1e-6) and np.isclose(pair[1], c, rtol=1e-6)):
            return wrong(name, hint)
    if not np.isclose(pair[0], slope, rtol=1e-6):
        return wrong(name, f"slope {pair[0]:.4g}, expected {slope:.4g} (np.polyfit on log n, log error of a curve "
                           f"drawn with slope {TRUE_SLOPE}); check the means and the two sums of the formula")
    if not np.isclose(pair[1], c, rtol=1e-6):
        return wrong(name, f"the slope is right, but c = {pair[1]:.4g}, expected {c:.4g}: "
                           f"log c = mean(log error) - slope * mean(log n), then c = exp(log c)")
    if _uses_polyfit(fit_loglog):
        return wrong(name, "the numbers are right, but the exercise is to write the formula yourself, "
                           "without np.polyfit (the check uses np.polyfit to compare)")
    return passed(name, f"slope {slope:.3f} and c {c:.3f}, as np.polyfit finds on a curve drawn with "
                        f"slope {TRUE_SLOPE} and c {TRUE_C}.")


def n_needed_interval(sizes, errors, target=TARGET, n_boot=N_BOOT, seed=SEED, level=0.95, summary=np.median,
                      resample="repeats"):
    """Bootstrap interval (low, high) for n with summary-fit c * n**slope = target; errors (S, R).
    resample="sizes" draws whole sizes instead of repeats (a mistake the check recognises)."""
    errors = np.asarray(errors, dtype=float)
    S, R = errors.shape
    rng = np.random.default_rng(seed)
    if resample == "repeats":
        picks = rng.integers(0, R, size=(n_boot, S, R))
        x = np.broadcast_to(np.asarray(sizes, float), (n_boot, S))
        y = summary(errors[np.arange(S)[None, :, None], picks], axis=2)
    else:
        rows = rng.integers(0, S, size=(n_boot, S))
        x, y = np.asarray(sizes, float)[rows], summary(errors, axis=1)[rows]
    u, v = np.log(x), np.log(y)
    du = u - u.mean(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (du * (v - v.mean(axis=1, keepdims=True))).sum(axis=1) / (du ** 2).sum(axis=1)
        log_n = (np.log(target) - (v.mean(axis=1) - slope * u.mean(axis=1))) / slope
    log_n = log_n[np.isfinite(log_n)]          # resampled sizes can all be one size: no slope
    low, high = np.exp(np.quantile(log_n, [(1 - level) / 2, (1 + level) / 2]))
    return float(low), float(high)


def _close(got, expected, tolerance=TOLERANCE):
    return all(abs(np.log(g / e)) < tolerance for g, e in zip(got, expected))


def check_n_needed_interval(n_needed_interval_fn):
    """Exercise 2: n_needed_interval_fn(sizes, errors, target, n_boot, seed) returns the 95% bootstrap
    interval (low, high) of the training-set size at which the fitted median error reaches target."""
    name = "interval for the data needed"
    errors = synthetic_curve()
    pair, verdict = _call_for_pair(name, n_needed_interval_fn, (SIZES.copy(), errors.copy(), TARGET, N_BOOT, SEED),
                                   "n_needed_interval", "(low, high)")
    if verdict is not None:
        return verdict
    slope, c = polyfit_power_law(SIZES, np.median(errors, axis=1))
    point = (TARGET / c) ** (1 / slope)
    expected = n_needed_interval(SIZES, errors, seed=REFERENCE_SEED, n_boot=REFERENCE_BOOT)
    where = (f"(on a curve drawn with slope {TRUE_SLOPE}, {errors.shape[1]} repeats per size; the fit of the "
             f"medians needs n = {point:,.0f} for error {TARGET}; reference interval {expected[0]:,.0f} to "
             f"{expected[1]:,.0f} from {REFERENCE_BOOT:,} resamples)")
    if not all(np.isfinite(pair)) or min(pair) <= 1:
        return wrong(name, f"got {pair[0]:.4g} to {pair[1]:.4g}: those are not training-set sizes (slopes? "
                           f"errors?); solve c * n**slope = target: n = (target / c) ** (1 / slope) {where}")
    if pair[0] > pair[1]:
        return wrong(name, f"low {pair[0]:,.0f} is above high {pair[1]:,.0f}: return (low, high)")
    if pair[1] < 1.001 * pair[0]:
        return wrong(name, f"low and high are (almost) equal, {pair[0]:,.0f}: every bootstrap sample gave the same "
                           f"fit. Draw each size's repeats WITH replacement (rng.integers(0, R, size=R)), a new "
                           f"draw for every sample")
    if _close(pair, expected):
        return passed(name, f"{pair[0]:,.0f} to {pair[1]:,.0f}, as a bootstrap with {REFERENCE_BOOT:,} resamples "
                            f"finds {where}.")
    variants = [
        (dict(resample="sizes"), "you resampled the sizes; resample the repeats within each size (every size "
                                 "stays, its R runs are drawn with replacement): the runs are the random part"),
        (dict(summary=np.mean), "you fitted the mean of the resampled repeats; the notebook fits the median"),
        (dict(level=0.90), "this is a 90% interval; take the 2.5% and 97.5% quantiles for 95%"),
        (dict(level=0.68), "this looks like a 68% interval; take the 2.5% and 97.5% quantiles for 95%"),
    ]
    for kwargs, hint in variants:
        if _close(pair, n_needed_interval(SIZES, errors, seed=REFERENCE_SEED, n_boot=REFERENCE_BOOT, **kwargs)):
            return wrong(name, f"{hint} {where}")
    if not pair[0] <= point <= pair[1]:
        return wrong(name, f"your interval {pair[0]:,.0f} to {pair[1]:,.0f} does not contain the fit's own "
                           f"answer: check n = (target / c) ** (1 / slope) {where}")
    worse = "low" if abs(np.log(pair[0] / expected[0])) > abs(np.log(pair[1] / expected[1])) else "high"
    return wrong(name, f"your interval {pair[0]:,.0f} to {pair[1]:,.0f} differs from the reference by more than "
                       f"{np.expm1(TOLERANCE):.1%}, most at the {worse} end {where}")
