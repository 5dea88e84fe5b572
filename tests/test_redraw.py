"""What makes the slider panels redraw faster (issue 14): plain-text log labels, no second layout pass for
figures the callback laid out itself, and the last settings' outputs kept."""
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib import ticker

from nnlib import plotting, widgets


def labels(axis, which):
    """The tick labels matplotlib would draw on axis ("major" or "minor"), after a draw."""
    axis.figure.canvas.draw()
    return [t.get_text() for t in (axis.get_majorticklabels() if which == "major" else axis.get_minorticklabels())]


def test_log_scale_writes_matplotlibs_labels_without_mathtext():
    fig, (plain, ours) = plt.subplots(1, 2)
    for ax in (plain, ours):
        ax.plot([1, 2, 3], [0.002, 0.3, 40.0])
    plain.set_yscale("log")
    plotting.log_scale(ours)
    plain_text = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
    expected = [t.replace("$\\mathdefault{", "").replace("}$", "").replace("^{", "").replace("}", "").replace("\\times", "×")
                for t in labels(plain.yaxis, "major")]
    got = labels(ours.yaxis, "major")
    assert got and not any("$" in t for t in got)
    assert [t.translate(plain_text) for t in got] == expected
    assert "10⁻²" in got and "10¹" in got
    minor = ours.yaxis.get_minor_locator()                     # four decades: minor ticks at 2, 3 and 5 only
    assert isinstance(minor, ticker.LogLocator) and sorted({round(v / 10 ** np.floor(np.log10(v))) for v in
                                                            minor.tick_values(0.002, 40.0)}) == [2, 3, 5]
    plt.close(fig)


def test_log_scale_refuses_an_unknown_axis():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="which must be 'x', 'y' or 'both'; got 'z'"):
        plotting.log_scale(ax, "z")
    plt.close(fig)


@pytest.mark.parametrize("make, laid_out", [
    (lambda: plt.subplots(), False),
    (lambda: plt.subplots(layout="constrained"), True),
    (lambda: plt.subplots(gridspec_kw=dict(left=0.2)), True),
])
def test_only_figures_without_a_layout_are_cropped(make, laid_out):
    fig, _ = make()
    assert widgets._laid_out(fig) is laid_out
    if not laid_out:
        fig.subplots_adjust(bottom=0.3)                       # margins set by the callback: laid out too
        assert widgets._laid_out(fig)
    plt.close(fig)


def test_the_panel_keeps_the_last_settings_outputs():
    calls = []

    def draw(hidden=4):
        calls.append(hidden)
        fig, ax = plt.subplots()
        ax.plot(range(hidden))
        return fig

    hidden = widgets.int_slider((1, 16, 1), "hidden")
    output = widgets.panel(draw, hidden=hidden).children[1]
    first = output.outputs
    hidden.value = 5
    hidden.value = 4                                          # back to a setting seen before: no new call
    assert calls == [4, 5] and output.outputs == first
    plt.close("all")
