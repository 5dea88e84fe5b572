"""What the notebook tests import: a notebook's functions and its slider panel, loaded from the notebook
itself (scripts/nbtools.py does that for tests, scripts and benchmarks alike), and control_edges.

load_functions(path) runs the setup cell and only the imports, `def`s and `class`es of the other code
cells; panel_controls(path, namespace) returns the callback and controls of the notebook's widget cell,
panels(path, namespace) every panel's.
"""
import re

from nbtools import ROOT, load_functions, panel_controls, panels  # noqa: F401  (conftest.py puts scripts/ on sys.path)


def shows_divergence(text):
    """True if text (a figure's) holds an nnlib.Diverged message: "... at epoch N with lr=X: ..."."""
    return re.search(r"at\s+epoch\s+\d+\s+with\s+lr=\S+:", text) is not None   # figures wrap lines


def control_edges(control):
    """The values at both ends of a slider, or every option of a dropdown."""
    if hasattr(control, "options"):
        return list(control.options)
    if hasattr(control, "base"):                         # FloatLogSlider: min and max are exponents
        return [control.base ** control.min, control.base ** control.max]
    return [control.min, control.max]
