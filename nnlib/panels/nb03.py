"""Notebook 03's panel (explore): a decision boundary beside a loss curve. explore_frame draws the figure
once per number of epochs (the loss axes' x range); diverged_figure shows a run that diverged instead."""
import matplotlib.pyplot as plt

from .. import plotting, widgets
from .._checks import check_count


def explore_axes():
    """The figure's two panels, for the frame and for a diverged run's message: (fig, ax_boundary, ax_loss)."""
    fig, (ax_boundary, ax_loss) = plt.subplots(1, 2, figsize=(10, 4))
    fig.subplots_adjust(left=0.07, right=0.97, bottom=0.13, top=0.86, wspace=0.3)   # fixed: tight_layout costs 0.1 s
    return fig, ax_boundary, ax_loss


@widgets.frame
def explore_frame(epochs):
    """The panel's figure, its loss axes over 0..epochs: (fig, live map, points, loss curve, titles), where
    titles are (the figure's heading, the boundary's title, the loss's title), all animated and empty."""
    check_count(epochs, "epochs")                                   # the loss axes' x range
    fig, ax_boundary, ax_loss = explore_axes()
    live = plotting.live_map(ax_boundary, (-1.2, 1.2))           # both datasets lie in [-1, 1] x [-1, 1]
    fig.colorbar(live[0], ax=ax_boundary, label="network output")
    points = ax_boundary.scatter([], [], c=[], cmap="RdBu_r", vmin=0, vmax=1, s=12, edgecolors="k", linewidths=0.3,
                                 zorder=2, animated=True)
    curve, = ax_loss.plot([], [], label="loss", animated=True)
    # y: fixed limits that hold the curves of 2,432 settings but a loss below 1e-4 (tanh, 14 units, linear, lr 10)
    # and 4 spikes above 100 (lr 5.6 and up); x: the epochs of the run, one frame per number of epochs
    ax_loss.set(xlim=(0, epochs), ylim=(1e-4, 100), xlabel="epoch", ylabel="loss")
    plotting.log_scale(ax_loss)
    ax_loss.legend(fontsize=8, loc="upper right")
    ax_boundary.title.set_animated(True)
    ax_loss.title.set_animated(True)
    # the figure's title as text in an axes: a full draw (savefig, the cell's output) leaves out animated figure texts
    heading = ax_boundary.text(0.5, 0.98, "", transform=fig.transFigure, ha="center", va="top",
                               size=plt.rcParams["figure.titlesize"], animated=True)
    return fig, live, points, curve, (heading, ax_boundary.title, ax_loss.title)


def diverged_figure(err, title):
    """A figure of its own for an nnlib.Diverged run: its message in the boundary's place, the loss until it
    diverged beside it. Out of pyplot (a cell shows it by returning it, once)."""
    fig, ax_boundary, ax_loss = explore_axes()
    fig.suptitle(title)
    plotting.show_diverged(err, ax_boundary, loss_ax=ax_loss)
    plt.close(fig)
    return fig
