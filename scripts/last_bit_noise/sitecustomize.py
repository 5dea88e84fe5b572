"""A stand-in for OpenBLAS kernels this CPU cannot run (scripts/test_matrix.py --proxy).

Another kernel sums each matrix product in another order, so the last bits of every result differ.
With NNLIB_LAST_BIT_NOISE=<seed> in the environment, every Python process that puts this folder on
its path (a notebook's kernel inherits PYTHONPATH) changes every parameter by a relative amount of
about 2e-16, one unit in the last place, after every optimizer step, drawn from the given seed. A
printed result that survives this noise does not hang on the last bits of any kernel's arithmetic.
"""
import os

if os.environ.get("NNLIB_LAST_BIT_NOISE"):
    import numpy as np

    from nnlib import optim

    _rng = np.random.default_rng(int(os.environ["NNLIB_LAST_BIT_NOISE"]))
    _step = optim.SGD.step

    def _noisy_step(self, params, grads):
        _step(self, params, grads)
        with np.errstate(all="ignore"):          # a diverged run's inf/nan stays what it is
            for p in params.values():
                p += p * _rng.normal(0.0, 2e-16, p.shape)

    optim.SGD.step = _noisy_step
