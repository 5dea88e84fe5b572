"""What makes the slider panels redraw faster (issue 14): plain-text log labels, no second layout pass for
figures the callback laid out itself, and the last settings' outputs kept."""
import base64
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib import ticker
from PIL import Image

import nnlib
from nnlib import plotting, widgets
from notebook_functions import blit_difference


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


X_XOR, Y_XOR = np.array([[0, 0], [0, 1], [1, 0], [1, 1.0]]), np.array([[0], [1], [1], [0.0]])


@widgets.frame
def xor_frame():
    fig, (ax_loss, ax_map) = plt.subplots(1, 2, figsize=(8, 3.5), gridspec_kw=dict(left=0.1, right=0.97, bottom=0.15))
    curve, = ax_loss.plot([], [], animated=True)
    ax_loss.set(xlim=(1, 300), ylim=(1e-3, 1), xlabel="epoch", ylabel="loss")
    plotting.log_scale(ax_loss)
    ax_loss.title.set_animated(True)
    live = plotting.live_map(ax_map, (-0.5, 1.5))
    ax_map.scatter(*X_XOR.T, c=Y_XOR[:, 0], cmap="RdBu_r", s=60, edgecolors="k", zorder=3)    # above the map: redrawn too
    return fig, curve, live


def xor_redraw(seed, lr=3.0):
    fig, curve, live = xor_frame()
    net = nnlib.MLP([2, 3, 1], seed=seed)
    history = nnlib.train(net, X_XOR, Y_XOR, lr=lr, epochs=300)
    curve.set_data(np.arange(1, 301), history["loss"])
    fig.axes[0].title.set_text(f"seed {seed}")
    return fig, net, plotting.update_map(live, net, resolution=60)


def test_a_frame_is_made_once_outside_pyplot_and_blits_what_a_full_draw_shows():
    first, _, _ = xor_redraw(0)
    assert xor_frame()[0] is first and first not in [plt.figure(n) for n in plt.get_fignums()]
    for seed in (1, 2):
        fig, _, _ = xor_redraw(seed)
        assert blit_difference(fig) == 0
    fig.axes[0].set_xlim(1, 200)                              # a change to the frame itself: drawn again
    assert fig.stale and blit_difference(fig) == 0
    fig.axes[0].set_xlim(1, 300)                              # as the other tests expect it


def test_a_stale_frame_is_drawn_again_and_an_animated_change_is_not_lost():
    fig, _, _ = xor_redraw(3)
    widgets._blit(fig)
    kept = fig._nnlib_background
    fig, _, _ = xor_redraw(4)
    before = widgets._blit(fig).copy()
    assert fig._nnlib_background is kept                      # only animated artists changed: the frame kept
    fig.axes[0].set_title("a new title")                      # set_title moves the title: the frame is stale
    after = widgets._blit(fig)
    assert fig._nnlib_background is not kept and (before != after).any()


def test_the_live_map_shows_the_nets_output_and_its_half_contour():
    fig, net, out = xor_redraw(5)
    image, line = fig.axes[1].images[0], fig.axes[1].collections[0]
    grid = np.linspace(-0.5, 1.5, 60)
    G0, G1 = np.meshgrid(grid, grid)
    np.testing.assert_allclose(image.get_array(), net.forward(np.column_stack([G0.ravel(), G1.ravel()])).reshape(60, 60), atol=1e-9)
    points = np.concatenate(line.get_segments())
    assert len(points) > 10
    np.testing.assert_allclose(net.forward(points)[:, 0], 0.5, atol=0.05)   # linear interpolation between grid points


def test_a_panel_renders_a_frame_by_blitting():
    outputs = widgets._render(lambda seed=6: xor_redraw(seed)[0], {})
    png = base64.b64decode(outputs[-1]["data"]["image/png"])
    fig = xor_frame()[0]
    shown = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
    assert shown.shape == widgets._blit(fig).shape and (shown == widgets._blit(fig)).all()


def test_a_see_through_animated_image_is_not_kept_in_the_frame():
    @widgets.frame
    def faded():                                              # matplotlib 3.8 drew it into the kept pixels
        fig, ax = plt.subplots(figsize=(3, 3))
        return fig, ax.imshow(np.zeros((4, 4)), alpha=0.5, vmin=0, vmax=1, animated=True)

    fig, image = faded()
    for value in (0.2, 0.9):
        image.set_data(np.full((4, 4), value))
        assert blit_difference(fig) == 0


def test_a_frame_used_again_is_kept_and_bad_builders_are_told_why():
    built = []

    @widgets.frame
    def numbered(k):
        built.append(k)
        return (plt.figure(),)

    for k in range(1, 9):                                     # 0 is used between every two others
        numbered(0), numbered(k)
    numbered(0)
    assert built == [0, *range(1, 9)]
    with pytest.raises(ValueError, match=r"numbered\(\) takes hashable arguments .*got \(\[1, 2\],\)"):
        numbered([1, 2])
    with pytest.raises(ValueError, match=r"must return \(fig, \*artists\); got Figure"):
        widgets.frame(lambda: plt.figure())()


def test_a_frame_is_kept_per_arguments_the_last_eight():
    built = []

    @widgets.frame
    def sized(epochs):
        fig, ax = plt.subplots()
        ax.set_xlim(0, epochs)
        built.append(epochs)
        return fig, ax

    first = sized(100)
    assert sized(100) is first and sized(200) is not first and built == [100, 200]
    assert first[0]._nnlib_frame and first[1].get_xlim() == (0, 100)
    for epochs in range(300, 1100, 100):                     # 8 more: 100 is the oldest, dropped
        sized(epochs)
    assert sized(100) is not first and built[-1] == 100


@pytest.mark.parametrize("shape", [(1, 1), (3, 7), (390, 1050)])
def test_our_png_writer_decodes_back_to_the_pixels(shape):
    rgba = np.random.default_rng(0).integers(0, 256, size=(*shape, 4), dtype=np.uint8)
    back = Image.open(io.BytesIO(widgets._png(rgba)))           # Pillow's decoder checks every chunk's CRC
    assert back.mode == "RGBA" and back.size == shape[::-1] and (np.asarray(back) == rgba).all()
