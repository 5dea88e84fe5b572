"""Shared pytest setup for tests/ and the nbval run over notebooks/ (kernels inherit this environment)."""
import pathlib
import sys

# scripts/nbtools.py loads notebooks for the tests; appended, so nothing in scripts/ shadows a test module.
sys.path.append(str(pathlib.Path(__file__).resolve().parent / "scripts"))
import nbtools  # noqa: E402

nbtools.one_blas_thread()      # before NumPy loads: tiny matrices run faster, printed numbers stay the same

