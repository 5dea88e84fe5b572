"""Shared pytest setup for tests/ and the nbval run over notebooks/ (kernels inherit this environment)."""
import os

# One BLAS thread: tiny matrices run faster, and the printed numbers do not depend on threading.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
