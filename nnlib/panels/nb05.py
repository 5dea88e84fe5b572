"""Notebook 05's slider panel (the mini learning-curve study): its frame, drawn once, and the figure that
says why runs diverged. The notebook's callback trains the mini-study, then fills the frame's animated
artists: the runs (dots), the median and the fitted line, the legend's fit label, the title."""
import matplotlib.pyplot as plt

from nnlib import plotting, widgets

FIGSIZE = (6.5, 4.8)


@widgets.frame
def explore_frame(xlim, ylim):
    """(fig, runs, median, fit, fit_label, title): log-log axes over xlim x ylim with the labels and legend of the
    notebook's draw_study, and its animated parts: the runs' dots, the median and fit lines, the legend's fit label."""
    if len(xlim) != 2 or len(ylim) != 2 or min(*xlim, *ylim) <= 0:
        raise ValueError(f"xlim and ylim must be (low, high) pairs of positive numbers; got {xlim!r}, {ylim!r}")
    fig, ax = plt.subplots(figsize=FIGSIZE, gridspec_kw=dict(left=0.14, right=0.97, bottom=0.12, top=0.87))
    ax.scatter(xlim, ylim, s=12, color="C0", alpha=0.35, lw=0)    # points at the limits' corners: log_scale
    ax.plot(xlim, ylim, "o-", color="C0", ms=5, label="median")   # reads the data's span (its minor ticks)
    ax.plot(xlim, ylim, "--", color="k", lw=1.8, label="fit")
    plotting.log_scale(ax, "both").set(xlabel="training examples n", ylabel="test error rate (1 - accuracy)")
    legend = ax.legend(fontsize=10, loc="lower left")   # its fit label changes: a legend's text would mark the frame stale
    plt.setp([*ax.collections, *ax.lines, legend, *legend.get_texts(), ax.title], animated=True)
    ax.set(xlim=xlim, ylim=ylim)
    return fig, ax.collections[0], ax.lines[0], ax.lines[1], legend.get_texts()[1], ax.title


def message_figure(text):
    """A plain figure (not the frame: show_message clears its axes) that shows text; out of pyplot."""
    fig, ax = plt.subplots(figsize=FIGSIZE)
    plotting.show_message(ax, text)
    plt.close(fig)   # a callback returns it: left in pyplot, a static cell would show it twice
    return fig
