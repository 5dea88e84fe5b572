"""Notebook 04's panels on XOR: explore (one net's loss curve beside its decision map) and explore_seeds (many
seeds' loss curves beside their final outputs). explore_frame draws its figure once per number of epochs and
output unit (the loss axis's range), seeds_frame once per number of epochs and of curves; diverged_figure shows
a run that diverged instead."""
import matplotlib.pyplot as plt

from .. import plotting, widgets
from .._checks import check_count
from ..datasets import xor_gate

X, Y = xor_gate()                  # the four XOR patterns, as in the notebook
# The loss axis per output unit. Every E the sliders give fits, except a sigmoid net's below 1e-6 (0.2% of the
# runs, lr 5.6 to 10) and a linear output's below 1e-8 (its solved runs reach 0); a linear output's runs reach
# up to 3e3 (hidden 15). With a sigmoid output E <= 2.
E_LIMITS = {"sigmoid": (1e-6, 3), "identity": (1e-8, 1e4)}
PATTERNS = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]


def explore_axes():
    """explore's two panels, for the frame and for a diverged run's message: (fig, (ax_loss, ax_net))."""
    return plt.subplots(1, 2, figsize=(10.5, 3.9), gridspec_kw=dict(left=0.08, right=0.97, bottom=0.14))


@widgets.frame
def explore_frame(epochs, output):
    """explore's figure: E over epochs 0..epochs on the output unit's range (E_LIMITS; output "sigmoid" or
    "identity"), the decision map over [-0.5, 1.5]^2 with the four patterns on top. Returns (fig, curve, live
    map); the curve, the map and both titles are animated and empty."""
    check_count(epochs, "epochs")                                   # the loss axis's x range
    if output not in E_LIMITS:
        raise ValueError(f"output must be one of {list(E_LIMITS)}; got {output!r}")
    fig, (ax_loss, ax_net) = explore_axes()
    curve, = ax_loss.plot([], [], label="loss", animated=True)
    ax_loss.set(xlim=(0, epochs), ylim=E_LIMITS[output], xlabel="epoch", ylabel="E")
    plotting.log_scale(ax_loss).legend(fontsize=8, loc="lower left").set_zorder(1)   # below the curve: kept
    ax_net.scatter(X[:, 0], X[:, 1], c=Y[:, 0], cmap="RdBu_r", vmin=0, vmax=1, s=90, edgecolors="k",
                   zorder=3)                                             # above the map
    fig.colorbar(plt.cm.ScalarMappable(plt.Normalize(0, 1), "RdBu_r"), ax=ax_net, alpha=0.6, label="network output")
    for ax in (ax_loss, ax_net):
        ax.title.set_animated(True)
    return fig, curve, plotting.live_map(ax_net, (-0.5, 1.5))


def diverged_figure(err):
    """explore's figure for an nnlib.Diverged run: the loss until it diverged, the message in the map's place.
    Out of pyplot, so a cell that returns it shows it once."""
    fig, (ax_loss, ax_net) = explore_axes()
    plotting.show_diverged(err, ax_net, loss_ax=ax_loss)
    plt.close(fig)
    return fig


@widgets.frame
def seeds_frame(epochs, num_curves):
    """explore_seeds' figure: num_curves loss curves (a callback hides those it does not use) and their median
    over epochs 1..epochs, sigmoid outputs' E range; each seed's final outputs per pattern beside them.
    Returns (fig, curves, median, dots); those and the loss axes' title are animated and empty."""
    check_count(epochs, "epochs"), check_count(num_curves, "num_curves")   # num_curves: the most seeds shown
    fig, (ax_loss, ax_out) = plt.subplots(1, 2, figsize=(10.5, 3.9), gridspec_kw=dict(
        width_ratios=[1.6, 1], left=0.07, right=0.98, bottom=0.16, wspace=0.25))
    curves = [ax_loss.plot([], [], lw=0.8, alpha=0.6, animated=True)[0] for _ in range(num_curves)]
    median, = ax_loss.plot([], [], color="k", lw=2, label="median over seeds", animated=True)
    ax_loss.set(xlim=(1, epochs), ylim=E_LIMITS["sigmoid"], xlabel="epoch", ylabel="E (blue solved, red not)")
    plotting.log_scale(ax_loss, "both").legend(fontsize=10, loc="lower left").set_zorder(1)   # below the curves: kept
    ax_loss.title.set_animated(True)
    dots = ax_out.scatter([], [], s=14, animated=True)
    for p in range(4):
        ax_out.plot([p - 0.3, p + 0.3], [Y[p, 0]] * 2, color="k", lw=2)
    ax_out.axhline(0.5, color="gray", ls=":")
    ax_out.set(xticks=range(4), xticklabels=PATTERNS, xlim=(-0.5, 3.5), ylim=(-0.05, 1.05),
               xlabel="pattern", ylabel="final output")
    ax_out.set_title("each seed's outputs (black: target)", zorder=0)     # below the dots: kept in the frame
    return fig, curves, median, dots
