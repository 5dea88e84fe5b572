"""Notebook 06's panel (the circle classifier): its frame, drawn once per number of epochs and loss range, the
figure that shows a message instead, and the hidden units' lines and loss limits the callback passes in."""
import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection

from .. import plotting, widgets

LOSS_STEP = 0.5                  # the loss axis's limits: whole half decades, so frames repeat


def explore_layout():
    """The panel's three axes (boundary, loss, accuracy) at fixed margins: tight_layout would cost 0.1 s."""
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    fig.subplots_adjust(left=0.055, right=0.98, bottom=0.14, top=0.91, wspace=0.3)
    return fig, axes


def loss_limits(history, step=LOSS_STEP):
    """The loss axis's limits (log scale) for a run's training and validation losses: the powers of ten at
    multiples of step (0.5: 0.1, 0.316, 1, ...) just outside them, so runs with similar losses share a frame."""
    losses = [*history["loss"], *history["val_loss"]]
    low, high = max(min(losses), 1e-12) / 1.05, max(losses) * 1.05
    return (10 ** (step * math.floor(math.log10(low) / step)), 10 ** (step * math.ceil(math.log10(high) / step)))


def unit_segments(net, reach=2.0):
    """The lines Z1[:, j] = 0 as segments (hidden unit j's line, as draw_boundary's thin lines): from the point
    -b w / |w|^2 nearest the origin, reach each way along (-w[1], w[0]) / |w|; the map clips them."""
    W, b = net.params["W1"], net.params["b1"]
    length = np.hypot(W[0], W[1])
    W, b = W[:, length > 0] / length[length > 0], b[length > 0] / length[length > 0]   # a zero w has no line
    middle, along = -b * W, np.array([-W[1], W[0]])
    return np.stack([middle - reach * along, middle + reach * along], axis=-1).transpose(1, 2, 0)


@widgets.frame
def explore_frame(epochs, loss_lim, radius, accuracy_lim, draw_curves):
    """The panel's figure for runs of `epochs` epochs with losses inside loss_lim: axes, colour bar, the true
    circle (radius), the curves' axes as the notebook's draw_curves draws them; and the animated parts a redraw
    changes: (fig, map artists, held-out points, unit lines, {key: curve}), the map's title animated too."""
    fig, (ax_b, ax_l, ax_a) = explore_layout()
    image, contour = plotting.live_map(ax_b, (-1.05, 1.05))
    contour.set_zorder(2)                          # the 0.5 contour above the points, as in draw_boundary
    points = ax_b.scatter([], [], c=[], cmap="RdBu_r", vmin=0, vmax=1, s=12, edgecolors="k", linewidths=0.3,
                          animated=True)            # the held-out points: they change with samples and noise
    fig.colorbar(image, ax=ax_b, label="output A2", ticks=[0, 0.5, 1], shrink=0.8)
    ax_b.add_patch(plt.Circle((0, 0), radius, fill=False, linestyle="--", linewidth=1.5))
    unit_lines = ax_b.add_collection(LineCollection([], colors="0.15", linewidths=0.8, zorder=2, animated=True))
    ax_b.title.set_animated(True)
    keys = ("loss", "val_loss", "accuracy", "val_accuracy")     # in the order draw_curves draws them
    draw_curves(ax_l, ax_a, {key: [] for key in keys})           # its four curves, empty for now
    curves = dict(zip(keys, [*ax_l.lines, *ax_a.lines]))
    for line in curves.values():
        line.set_animated(True)
    ax_l.set(xlim=(0, epochs + 1), ylim=loss_lim)
    ax_a.set(xlim=(0, epochs + 1), ylim=accuracy_lim)
    ax_l.legend(loc="upper right", fontsize=10)
    return fig, (image, contour), points, unit_lines, curves


def explore_message(history, message, draw_curves):
    """The panel's figure when a run gives no boundary: the message, and the curves as far as training went
    (none if history is None). Closed: not in pyplot, so a cell that returns it shows it once."""
    fig, (ax_b, ax_l, ax_a) = explore_layout()
    if history is None:
        plotting.show_message(ax_l, "")
        plotting.show_message(ax_a, "")
    else:
        draw_curves(ax_l, ax_a, history)
        ax_l.legend(loc="upper right", fontsize=10)
    plotting.show_message(ax_b, textwrap.fill(message, 38))
    plt.close(fig)
    return fig
