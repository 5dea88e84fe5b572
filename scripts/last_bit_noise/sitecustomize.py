"""A stand-in for OpenBLAS kernels this CPU cannot run (scripts/test_matrix.py, "last-bit noise").

Another kernel sums each matrix product in another order: a deterministic change of the last bits
of every result. With NNLIB_LAST_BIT_NOISE=<salt> in the environment, every Python process that puts
this folder on its path (a notebook's kernel inherits PYTHONPATH) does the same to the parameters:
after every optimizer step, each parameter moves one unit in the last place, up or down as a hash of
its own bits and the salt decides. Like a kernel, it is deterministic: equal weights
move alike, so two runs that agree to the bit (same seed, or per-node and matrix code) still agree
to the bit. A printed result that survives it does not hang on the last bits of any kernel.
"""
import os

if os.environ.get("NNLIB_LAST_BIT_NOISE"):
    import functools

    import numpy as np

    from nnlib import optim

    _salt = np.uint64(int(os.environ["NNLIB_LAST_BIT_NOISE"]) * 0x632BE59BD9B4E019 % 2**64)
    _step = optim.SGD.step

    @functools.wraps(_step)                      # inspect.getsource(SGD.step) still shows nnlib's code
    def _step_then_jolt(self, params, grads):
        _step(self, params, grads)
        for p in params.values():
            bits = np.ascontiguousarray(p).view(np.uint64)
            with np.errstate(over="ignore"):
                up = (bits * np.uint64(0x9E3779B97F4A7C15) + _salt) >> np.uint64(63) == 1
            finite = np.isfinite(p)
            p[up & finite] = np.nextafter(p[up & finite], np.inf)
            p[~up & finite] = np.nextafter(p[~up & finite], -np.inf)

    optim.SGD.step = _step_then_jolt
