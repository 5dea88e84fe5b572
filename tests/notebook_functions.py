"""What the notebook tests import: a notebook's functions and its slider panel, loaded from the notebook
itself (scripts/nbtools.py does that for tests, scripts and benchmarks alike), control_edges and
start_values, and shows_divergence.

load_functions(path) runs the setup cell and only the imports, `def`s and `class`es of the other code
cells; panel_controls(path, namespace) returns the callback and controls of the notebook's widget cell,
panels(path, namespace) every panel's.
"""
import re

from nbtools import ROOT, control_edges, load_functions, panel_controls, panels, start_values  # noqa: F401  (conftest.py puts scripts/ on sys.path)


def shows_divergence(text):
    """True if text (a figure's) holds an nnlib.Diverged message: "... at epoch N with lr=X: ..."."""
    return re.search(r"at\s+epoch\s+\d+\s+with\s+lr=\S+:", text) is not None   # figures wrap lines


def blit_difference(fig):
    """Largest pixel difference between a frame figure as the panel draws it (its kept frame, then the animated
    artists: nnlib.widgets._blit) and a full draw of the same figure (savefig): 0 when the frame kept is right."""
    import io

    import numpy as np
    from PIL import Image

    from nnlib import widgets
    assert getattr(fig, "_nnlib_frame", False), "not a frame figure (nnlib.widgets.frame)"
    blitted = widgets._blit(fig).astype(int)
    png = io.BytesIO()
    fig.savefig(png, format="png")
    full = np.asarray(Image.open(png).convert("RGBA")).astype(int)
    assert blitted.shape == full.shape, f"blit {blitted.shape} vs full draw {full.shape}"
    return int(np.abs(blitted - full).max())
