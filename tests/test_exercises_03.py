"""nnlib.exercises.nb03 proven on each exercise: the stub is "not done", typical mistakes get their
specific hint, and the notebook's own solution passes. The checks compare with finite differences,
nnlib's forward pass and a training run, never with the formula being checked."""
import numpy as np
import pytest

import nnlib
from nnlib.exercises import nb03
from notebook_functions import load_functions

NB = load_functions("notebooks/03_activations.ipynb")
X, Y = NB.DATA["xor"]
RELU_LR = 1.0          # ReLU's best lr in the notebook's sweep: the seed-0 ReLU net gets stuck there


@pytest.fixture(autouse=True)
def clean_registry():
    saved = dict(nnlib.ACTIVATIONS)
    yield
    nnlib.ACTIVATIONS.clear()
    nnlib.ACTIVATIONS.update(saved)


def leaky(slope=NB.LEAKY_SLOPE, f=None, f_prime=None, register=True):
    """Run check_leaky_relu on f and f_prime (the notebook's solution where not given)."""
    f = f or NB.leaky_relu
    f_prime = f_prime or NB.leaky_relu_prime
    if register:
        nnlib.ACTIVATIONS["leaky_relu"] = (f, f_prime)
    return nb03.check_leaky_relu(f, f_prime, slope, X, Y, lr=RELU_LR, epochs=NB.NUM_EPOCHS, seed=NB.SEED)


class TestTanhPrime:
    def test_the_stub_is_not_done(self):
        assert nb03.check_tanh_prime(lambda A: None).status == "not done"

    @pytest.mark.parametrize("mistake,hint", [
        (lambda A: 1 - A, "square is missing"),
        (lambda A: A * (1 - A), "sigmoid's derivative"),
        (lambda A: 1 - np.tanh(A) ** 2, "already tanh(Z)"),
        (lambda A: A * A - 1, "wrong sign"),
        (lambda A: 2 * (1 - A * A), "2 times what it should be"),
        (lambda A: (1 - A * A).T, "transposed"),
        (lambda A: 1 / 0, "ZeroDivisionError"),
    ])
    def test_typical_mistakes_get_their_hint(self, mistake, hint):
        result = nb03.check_tanh_prime(mistake)
        assert result.status == "wrong" and hint in result.message, result.message

    def test_the_solution_passes(self):
        assert nb03.check_tanh_prime(NB.tanh_prime_from_A)


class TestLeakyRelu:
    def test_the_stub_is_not_done(self):
        assert leaky(f=lambda Z: None, f_prime=lambda Z, A: None).status == "not done"
        result = leaky(f_prime=lambda Z, A: None)
        assert result.status == "not done" and "leaky_relu_prime" in result.message

    @pytest.mark.parametrize("f,f_prime,hint", [
        (lambda Z: np.maximum(Z, 0), None, "that is ReLU"),
        (lambda Z: np.where(Z > 0, Z, 0.01), None, "not the constant slope"),
        (None, lambda Z, A: (Z > 0).astype(float), "ReLU's derivative"),
        (None, lambda Z, A: np.where(Z > 0, 1.0, 0.01 * Z), "derivative of slope * Z is slope"),
        (None, lambda Z, A: A, "returns A"),
    ])
    def test_typical_mistakes_get_their_hint(self, f, f_prime, hint):
        result = leaky(f=f, f_prime=f_prime)
        assert result.status == "wrong" and hint in result.message, result.message

    def test_an_unregistered_activation_is_named(self):
        result = leaky(register=False)
        assert result.status == "wrong" and "register" in result.message

    def test_a_slope_that_does_not_train_is_caught_by_the_training_run(self):
        dead = lambda Z: np.where(Z > 0, Z, 0.0 * Z)   # noqa: E731  (a "leaky" ReLU with slope 0)
        result = leaky(slope=0.0, f=dead, f_prime=lambda Z, A: np.where(Z > 0, 1.0, 0.0))
        assert result.status == "wrong" and "training reached only" in result.message, result.message

    def test_the_solution_passes_and_trains_where_relu_got_stuck(self):
        result = leaky()
        assert result and "ReLU from the same start never does" in result.message


class TestCombinedMap:
    def test_the_stub_is_not_done(self):
        assert nb03.check_combined_map(lambda params: None).status == "not done"

    def only_last_bias(params):
        W, L = params["W1"], len(params) // 2
        for l in range(2, L + 1):
            W = W @ params[f"W{l}"]
        return W, params[f"b{L}"]

    def biases_summed(params):
        W, b = NB.combined_map(params)
        return W, b + 0.5

    @pytest.mark.parametrize("mistake,hint", [
        (only_last_bias, "only the last layer's bias"),
        (biases_summed, "b differs"),
        (lambda params: NB.combined_map(params)[0], "return a pair"),
        (lambda params: (NB.combined_map(params)[0].T, NB.combined_map(params)[1]), "transposed"),
        (lambda params: params["W9"], "KeyError"),
    ])
    def test_typical_mistakes_get_their_hint(self, mistake, hint):
        result = nb03.check_combined_map(mistake)
        assert result.status == "wrong" and hint in result.message, result.message

    def test_the_solution_passes(self):
        assert nb03.check_combined_map(NB.combined_map)


def test_the_reference_map_is_the_networks_own_output():
    net = nnlib.MLP([3, 5, 2], activation="identity", output_activation="identity", init=1.0, seed=1)
    W, b = nb03._reference_map(net.params, 3)
    Xs = np.random.default_rng(0).normal(size=(7, 3))
    assert np.allclose(Xs @ W + b, net.forward(Xs))
