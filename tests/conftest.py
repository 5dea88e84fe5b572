"""Setup for tests/ only: draw figures without a screen (notebook kernels keep their inline backend)."""
import matplotlib

matplotlib.use("Agg")
