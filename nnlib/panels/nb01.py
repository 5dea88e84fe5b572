"""Notebook 01's panel (section 5, the mirror-symmetry recipe): E per sweep beside the Hinton diagram of the
trained weights. explore_frame draws the axes once per sweeps value; the notebook's callback fills the curve,
the dashed line, the squares and the titles (resize_squares)."""
import matplotlib.pyplot as plt
import numpy as np

from .. import plotting, widgets
from .._checks import check_count


def explore_axes():
    """The panel's layout: E per sweep (left), the Hinton diagram (right); also a diverged run's figure."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 3.6), gridspec_kw={"width_ratios": [1.2, 1]})
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.22, top=0.86, wspace=0.3)   # fixed: tight_layout costs 0.1 s
    return fig, axes


@widgets.frame
def explore_frame(sweeps, e_limits, sizes):
    """The frame for runs of `sweeps` sweeps of an n_in-H-1 net, sizes = (n_in, H, 1): E on a log axis over
    e_limits, sweeps 0 to `sweeps` (with margins); the diagram's rows are the hidden units, its columns the
    n_in input weights, the bias and the weight to the output (the notebook's weight_table). Returns
    (fig, curve, solved_line); the squares are fig.axes[1].patches, the titles animated."""
    _check_args(sweeps, e_limits, sizes)
    fig, (ax_E, ax_W) = explore_axes()
    curve, = ax_E.plot([], [], animated=True)
    solved_line = ax_E.axvline(0, color="gray", ls="--", lw=1, animated=True)
    ax_E.set(xlabel="sweep", ylabel="E", xlim=(-0.05 * sweeps, 1.05 * sweeps), ylim=e_limits)
    plotting.log_scale(ax_E)
    n_in, hidden, _ = sizes
    plotting.hinton(np.ones((hidden, n_in + 2)), ax=ax_W, labels=[f"hidden {chr(65 + j)}" for j in range(hidden)])
    ax_W.set_xticks(range(n_in + 2), [f"in {i}" for i in range(1, n_in + 1)] + ["bias", "to out"], rotation=45)
    for artist in [ax_E.title, ax_W.title, *ax_W.patches]:
        artist.set_animated(True)
    return fig, curve, solved_line


def _check_args(sweeps, e_limits, sizes):
    check_count(sweeps, "sweeps")
    if not (isinstance(e_limits, tuple) and len(e_limits) == 2 and 0 < e_limits[0] < e_limits[1]):
        raise ValueError(f"e_limits must be a tuple (low, high) with 0 < low < high (a log axis); got {e_limits!r}")
    if not (isinstance(sizes, tuple) and len(sizes) == 3 and sizes[2] == 1 and min(sizes) > 0):
        raise ValueError(f"sizes must be a tuple (n_in, hidden, 1) of positive ints; got {sizes!r}")


def resize_squares(squares, table):
    """Give the frame's squares the weights of table (hidden, n_in + 2), as plotting.hinton draws them:
    area = |w| / the largest |w|, white +, black -."""
    W = np.asarray(table)
    if W.ndim != 2 or W.size != len(squares):
        raise ValueError(f"table must be 2-D with one weight per square ({len(squares)}); got shape {W.shape}")
    largest = np.abs(W).max()
    sides = 0.9 * np.sqrt(np.abs(W) / largest) if largest > 0 else np.zeros(W.shape)
    for square, (row, col), side, w in zip(squares, np.ndindex(W.shape), sides.ravel(), W.ravel()):
        square.set(xy=(col - side / 2, row - side / 2), width=side, height=side, facecolor="white" if w > 0 else "black")


def diverged_figure(err):
    """A diverged run (nnlib.Diverged): its message and loss curve on a figure of the panel's layout, not on the
    frame; out of pyplot, so a cell that returns it shows it once."""
    fig, (ax_E, ax_W) = explore_axes()
    plotting.show_diverged(err, ax_W, loss_ax=ax_E)
    plt.close(fig)
    return fig
