"""scripts/test_matrix.py forces only kernels the CPU has, and its "oldest" venv pins requirements.txt's bounds."""
import importlib.util
import pathlib

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("test_matrix_script", ROOT / "scripts" / "test_matrix.py")
matrix = importlib.util.module_from_spec(spec)
spec.loader.exec_module(matrix)


@pytest.mark.parametrize("flags, kernels", [
    ({"sse2"}, []),
    ({"pni", "avx"}, ["Prescott", "SandyBridge"]),
    ({"pni", "avx", "avx2", "fma"}, ["Prescott", "SandyBridge", "Haswell", "Zen"]),
    ({"pni", "avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl"},
     ["Prescott", "SandyBridge", "Haswell", "Zen", "SkylakeX"]),
    ({"pni", "avx", "avx2", "fma", "avx512f"}, ["Prescott", "SandyBridge", "Haswell", "Zen"]),
])
def test_only_kernels_whose_instructions_the_cpu_has(monkeypatch, flags, kernels):
    monkeypatch.setattr(matrix, "cpu_flags", lambda: flags)
    monkeypatch.setattr(matrix.platform, "machine", lambda: "x86_64")
    assert matrix.runnable_kernels() == kernels


def test_no_kernel_is_forced_off_x86(monkeypatch):
    monkeypatch.setattr(matrix, "cpu_flags", lambda: {"pni", "avx", "avx2", "fma"})
    monkeypatch.setattr(matrix.platform, "machine", lambda: "aarch64")
    assert matrix.runnable_kernels() == []


def test_every_requirement_has_a_lower_bound_that_the_oldest_venv_pins():
    newest, oldest = matrix.pins("newest"), matrix.pins("oldest")
    packages = [line for line in newest if not line.startswith("-e")]
    assert packages and all(">=" in line and "<" not in line for line in packages), packages
    assert [line.replace(">=", "==") for line in newest] == oldest
    assert "-e ." in oldest


def test_the_last_bit_noise_moves_every_weight_by_a_few_units_in_the_last_place():
    import os
    import subprocess
    import sys

    code = ("import numpy as np, nnlib; X, Y = nnlib.datasets.xor_gate(); net = nnlib.MLP([2, 3, 1], seed=0); "
            "nnlib.train(net, X, Y, loss='sse', lr=0.5, epochs=5); print(repr(net.params['W1'].ravel().tolist()))")

    def weights(**env):
        out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, **env), cwd="/",
                             capture_output=True, text=True, check=True).stdout
        return np.array(eval(out))

    quiet = weights()
    noisy = weights(NNLIB_LAST_BIT_NOISE="1", PYTHONPATH=str(matrix.NOISE_PATH))
    relative = np.abs(noisy - quiet) / np.abs(quiet)
    assert (relative > 0).mean() > 0.5 and relative.max() < 1e-13, relative   # some jolts round away
