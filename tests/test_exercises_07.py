"""nnlib.exercises.nb07 proven on each exercise: the stub is "not done", typical mistakes get their specific
hint, and the notebook's own solution passes. The checks judge by training (nnlib's trainer) and by the
test points, never by comparing with the solution's code."""
import numpy as np
import pytest

import nnlib
from nnlib.exercises import nb07
from notebook_functions import load_functions

NB = load_functions("notebooks/07_playground.ipynb")


def spiral(sizes, activation="relu", lr=0.3, epochs=200, **net_options):
    return lambda: (nnlib.MLP(sizes, activation=activation, seed=0, **net_options), lr, epochs)


class TestSpiralNet:
    def test_the_stub_is_not_done(self):
        assert nb07.check_spiral_net(lambda: None).status == "not done"

    def test_the_notebooks_solution_passes_within_the_budget(self, capsys):
        result = nb07.check_spiral_net(NB.spiral_net)
        assert result.status == "pass" and "105 parameters (budget 120)" in result.message
        assert "[PASS]" in capsys.readouterr().out

    def test_the_check_uses_the_playgrounds_data(self):
        # Same data and split as the notebook's panel, so settings found with the sliders carry over.
        for ours, theirs in zip(nb07.playground_data("spiral"), NB.make_data("spiral", 0.0, 0.5)):
            assert np.array_equal(ours, theirs)

    @pytest.mark.parametrize("built, hint", [
        (spiral([2, 16, 16, 1]), "337 parameters, 217 over the budget of 120"),
        (spiral([2, 8, 8, 1], activation="identity", lr=0.1), "identity units keep the net linear"),
        (spiral([2, 8, 8, 1], activation="tanh", lr=0.1), "does not fit its own training points"),
        (spiral([2, 8, 8, 1], epochs=300), "fits the training points but not the test points"),
        (spiral([2, 8, 8, 2]), "sizes must start with 2 and end with 1"),
        (spiral([1, 8, 8, 1]), "sizes must start with 2 and end with 1"),
        (spiral([2, 8, 1], output_activation="identity"), "the output must be a sigmoid"),
        (spiral([2, 8, 8, 1], epochs=1000), "from 1 to 300"),
        (spiral([2, 8, 8, 1], lr=-0.3), "lr must be a positive number"),
        (lambda: nnlib.MLP([2, 8, 8, 1], activation="relu"), "should return three things"),
        (lambda: ("net", 0.3, 200), "should be an nnlib.MLP"),
        (spiral([2, 8, 8, 1], activation="identity", lr=10.0), "training diverged"),
    ])
    def test_typical_mistakes_get_their_hint(self, built, hint):
        result = nb07.check_spiral_net(built)
        assert result.status == "wrong" and hint in result.message, result.message

    def test_an_error_in_the_students_code_is_reported_not_raised(self):
        result = nb07.check_spiral_net(lambda: nnlib.MLP([2, 0, 1]))
        assert result.status == "wrong" and "your code raised ValueError" in result.message

    def test_the_students_net_is_not_trained_in_place(self):
        net = nnlib.MLP([2, 8, 8, 1], activation="relu", seed=0)
        before = {k: v.copy() for k, v in net.params.items()}
        nb07.check_spiral_net(lambda: (net, 0.3, 200))
        assert all(np.array_equal(before[k], net.params[k]) for k in before)


def with_columns(*columns):
    """features(X) = X's two columns followed by the given functions of (x1, x2)."""
    return lambda X: np.column_stack([X] + [f(X[:, 0], X[:, 1]) for f in columns])


class TestFeatures:
    def test_the_stub_is_not_done(self):
        assert nb07.check_features(lambda X: None).status == "not done"

    def test_the_notebooks_solution_passes(self):
        result = nb07.check_features(NB.features)
        assert result.status == "pass" and "on xor" in result.message and "on ring" in result.message

    def test_x1_squared_and_x2_squared_separately_pass_too(self):
        assert nb07.check_features(with_columns(lambda a, b: a * b, lambda a, b: a ** 2, lambda a, b: b ** 2))

    @pytest.mark.parametrize("features, hint", [
        (with_columns(lambda a, b: a * b), "ring: test accuracy"),            # the product alone: ring unsolved
        (with_columns(lambda a, b: a ** 2 + b ** 2), "xor: test accuracy"),   # r**2 alone: xor unsolved
        (with_columns(lambda a, b: a + b, lambda a, b: 2 * a - b), "straight-line function"),
        (lambda X: X, "straight-line function"),                                # nothing added
        (lambda X: np.vstack([X[:, 0], X[:, 1], X[:, 0] * X[:, 1]]), "transposed?"),
        (lambda X: (X[:, 0] * X[:, 1]), "2-D array"),
        (lambda X: np.column_stack([X, np.log(X[:, 0])]), "NaN or inf"),
    ])
    def test_typical_mistakes_get_their_hint(self, features, hint):
        result = nb07.check_features(features)
        assert result.status == "wrong" and hint in result.message, result.message

    def test_the_missing_feature_is_named(self):
        assert "r**2 = x1**2 + x2**2" in nb07.check_features(with_columns(lambda a, b: a * b)).message
        assert "product" in nb07.check_features(with_columns(lambda a, b: a ** 2 + b ** 2)).message

    def test_an_error_in_the_students_code_is_reported_not_raised(self):
        result = nb07.check_features(lambda X: X[:, 2])
        assert result.status == "wrong" and "your code raised IndexError" in result.message
