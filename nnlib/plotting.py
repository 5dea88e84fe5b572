"""Figures the notebooks share: decision boundaries, training curves, Hinton diagrams, messages, diverged runs.

Every function draws into the Axes it is given (ax=...) or, without one, into a new figure.
"""
import re
import textwrap

import contourpy
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import colors, ticker
from matplotlib.collections import LineCollection


# Okabe & Ito's colour-blind-safe palette; text of 11 pt or more at the size a notebook shows a figure.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
STYLE = {"font.size": 12, "axes.titlesize": 12, "axes.labelsize": 12, "xtick.labelsize": 11,
         "ytick.labelsize": 11, "legend.fontsize": 11, "figure.titlesize": 13, "lines.linewidth": 2,
         "axes.prop_cycle": plt.cycler(color=PALETTE), "legend.framealpha": 0.9}


def use_style():
    """The course's figure style (the template notebooks call it in their setup cell)."""
    plt.rcParams.update(STYLE)


def _axes(ax, figsize=(4.5, 4)):
    return plt.subplots(figsize=figsize)[1] if ax is None else ax


def plot_decision_boundary(net, X, Y, ax=None, resolution=150, lim=None, title=None, points=True):
    """Shade net's output over a grid around X (2 inputs), its 0.5 contour, and the points on top."""
    ax = _axes(ax)
    X, Y = np.asarray(X), np.asarray(Y).ravel()
    if lim is None:
        pad = 0.1 * (X.max() - X.min())
        lim = (min(X[:, 0].min(), X[:, 1].min()) - pad, max(X[:, 0].max(), X[:, 1].max()) + pad)
    grid = np.linspace(lim[0], lim[1], resolution)
    G0, G1 = np.meshgrid(grid, grid)
    out = net.forward(np.column_stack([G0.ravel(), G1.ravel()]))[:, 0].reshape(G0.shape)
    # Clipped just inside (0, 1): a saturated output of exactly 0 or 1 (or an identity output beyond)
    # keeps the end colour instead of contourf's off-scale one; the 0.5 line does not move.
    out = np.clip(out, 1e-9, 1 - 1e-9)
    ax.contourf(G0, G1, out, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
    ax.contour(G0, G1, out, levels=[0.5], colors="k", linewidths=1.5)
    if points:
        ax.scatter(X[:, 0], X[:, 1], c=Y, cmap="RdBu_r", vmin=0, vmax=1, s=12, edgecolors="k", linewidths=0.3)
    ax.set(xlim=lim, ylim=lim, aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
    if title:
        ax.set_title(title)
    return ax


def live_map(ax, lim, zorder=1):
    """A decision-boundary map a panel redraws (widgets.frame): the output shaded in contourf's ten bands over
    the square lim x lim and its 0.5 contour, both animated. Returns the artists update_map fills."""
    faded = colors.ListedColormap(0.6 * plt.get_cmap("RdBu_r")(np.linspace(0, 1, 256))[:, :3] + 0.4)   # alpha 0.6 on
    image = ax.imshow(np.full((2, 2), 0.5), origin="lower", cmap=faded, animated=True, zorder=zorder,  # white, baked in:
                      norm=colors.BoundaryNorm(np.linspace(0, 1, 11), 256), interpolation="bilinear")  # an opaque image
    line = ax.add_collection(LineCollection([], colors="k", linewidths=1.5, animated=True, zorder=zorder))
    ax.set(xlim=lim, ylim=lim, aspect="equal", xlabel="$x_1$", ylabel="$x_2$")
    return image, line


def update_map(artists, net, resolution=100):
    """Shade net's output over the map's square (a grid of resolution x resolution) and draw its 0.5 contour."""
    image, line = artists
    low, high = image.axes.get_xlim()
    grid = np.linspace(low, high, resolution)
    G0, G1 = np.meshgrid(grid, grid)
    out = np.clip(net.forward(np.column_stack([G0.ravel(), G1.ravel()]))[:, 0].reshape(G0.shape), 1e-9, 1 - 1e-9)
    half = (high - low) / (resolution - 1) / 2                   # each value at its pixel's centre
    image.set(data=out, extent=(low - half, high + half, low - half, high + half))
    line.set_segments(contourpy.contour_generator(grid, grid, out, line_type="Separate").lines(0.5))
    return out


def plot_history(history, ax=None, keys=("loss", "val_loss"), logy=True, title=None, label_prefix=""):
    """Plot per-epoch curves from train()'s history (by default training and validation loss)."""
    ax = _axes(ax, figsize=(5, 3.5))
    for key in keys:
        if history.get(key):
            ax.plot(np.arange(1, len(history[key]) + 1), history[key], label=label_prefix + key)
    ax.set(xlabel="epoch", ylabel=", ".join(k for k in keys if history.get(k)))
    if logy and all(v > 0 for k in keys for v in history.get(k, [])):
        log_scale(ax)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return ax


class _PlainLogLabels(ticker.LogFormatterSciNotation):
    """matplotlib's log-axis labels (10⁻², 2×10⁻¹) as plain text: mathtext is parsed again for every new figure."""

    def __call__(self, x, pos=None):
        label = super().__call__(x, pos).replace("$\\mathdefault{", "").replace("}$", "").replace("\\times", "×")
        return re.sub(r"\^\{(.*?)\}", lambda m: m[1].translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")), label)


def log_scale(ax, which="y"):
    """Put ax's "y", "x" or "both" axes on a log scale that redraws fast (slider callbacks): labels without
    mathtext and, where the data span a decade or more (no minor tick is labelled then), minor ticks at 2, 3
    and 5 times a power of ten only (every tick is laid out anew in each figure). Call it after plotting."""
    if which not in ("x", "y", "both"):
        raise ValueError(f"which must be 'x', 'y' or 'both'; got {which!r}")
    for name in ("x", "y") if which == "both" else (which,):
        getattr(ax, f"set_{name}scale")("log")
        axis, (low, high) = getattr(ax, f"{name}axis"), getattr(ax.dataLim, f"interval{name}")
        axis.set(major_formatter=_PlainLogLabels(), minor_formatter=_PlainLogLabels(labelOnlyBase=False))
        if 0 < 10 * low <= high:
            axis.set_minor_locator(ticker.LogLocator(subs=(2.0, 3.0, 5.0)))
    return ax


def hinton(W, ax=None, max_weight=None, labels=None, title=None):
    """Hinton diagram of a weight matrix W (rows drawn as rows): white squares are positive weights,
    black negative, area proportional to |w|."""
    W = np.atleast_2d(W)
    ax = _axes(ax, figsize=(0.6 * W.shape[1] + 1, 0.6 * W.shape[0] + 1))
    max_weight = np.abs(W).max() if max_weight is None else max_weight
    ax.patch.set_facecolor("gray")
    for (row, col), w in np.ndenumerate(W):
        side = np.sqrt(abs(w) / max_weight) * 0.9 if max_weight > 0 else 0
        ax.add_patch(plt.Rectangle((col - side / 2, row - side / 2), side, side,
                                   facecolor="white" if w > 0 else "black", edgecolor="none"))
    ax.set(xlim=(-0.6, W.shape[1] - 0.4), ylim=(W.shape[0] - 0.4, -0.6), aspect="equal",
           xticks=range(W.shape[1]), yticks=range(W.shape[0]))
    if labels is not None:
        ax.set_yticklabels(labels)
    if title:
        ax.set_title(title)
    return ax


def show_message(ax, text):
    """Replace a plot by a short message (e.g. why training diverged), for widgets and failed runs."""
    ax.clear()
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True, fontsize=11, color="firebrick",
            transform=ax.transAxes)
    return ax


def show_diverged(err, ax, loss_ax=None):
    """Draw an nnlib.Diverged run: its message in ax and, in loss_ax, log10 of the loss until it diverged
    (a loss near 1e307 would overflow a log axis's ticks)."""
    show_message(ax, textwrap.fill(str(err), 45))
    if loss_ax is None:
        return ax
    loss = np.asarray(err.history["loss"], dtype=float)
    if len(loss) == 0:
        return show_message(loss_ax, "diverged before the first epoch ended: no loss curve")
    loss_ax.plot(np.arange(1, len(loss) + 1), np.log10(np.maximum(loss, 1e-300)), color="firebrick",
                 marker="o" if len(loss) < 20 else None)              # a few epochs: show the points
    loss_ax.set(xlabel="epoch", ylabel="log10 loss", title=f"loss until it diverged ({err.cause})")
    return ax
