"""Slider panels: a plain callback, its controls, and a live output that redraws on release.

The callback stays a plain function that draws and returns a matplotlib Figure, so a notebook can
call it once with the defaults (a static figure, checked by nbval) and tests can call it with any
slider values.
"""
import base64
import contextlib
import functools
import inspect
import io
import math
import struct
import traceback
import zlib

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import SubplotParams
from matplotlib.image import AxesImage


def log_slider(value_range, description="lr"):
    """A slider on a log scale (for learning rates). value_range = (low, high, step), step in powers of 10."""
    low, high, step = _range(value_range, positive=True)
    return widgets.FloatLogSlider(value=low, base=10, min=math.log10(low), max=math.log10(high), step=step,
                                  description=description, continuous_update=False, readout_format=".3g")


def float_slider(value_range, description):
    """A slider over value_range = (low, high, step)."""
    low, high, step = _range(value_range)
    return widgets.FloatSlider(value=low, min=low, max=high, step=step, description=description, continuous_update=False)


def int_slider(value_range, description):
    """A slider over the integers value_range = (low, high, step)."""
    low, high, step = _range(value_range)
    return widgets.IntSlider(value=low, min=low, max=high, step=step, description=description, continuous_update=False)


def dropdown(options, description):
    return widgets.Dropdown(value=list(options)[0], options=list(options), description=description)


def _range(value_range, positive=False):
    """Check a knob's range: the course writes every one as NAME_RANGE = (low, high, step)."""
    ok = isinstance(value_range, tuple) and len(value_range) == 3 and all(isinstance(v, (int, float)) for v in value_range)
    if not (ok and value_range[0] < value_range[1] and value_range[2] > 0 and (value_range[0] > 0 or not positive)):
        raise ValueError(f"value_range must be a tuple (low, high, step) with low < high, step > 0"
                         f"{' and low > 0' if positive else ''}; got {value_range!r}")
    return value_range


def defaults(callback):
    """{argument: default} of a callback: where its sliders start, and its "default run"."""
    return {name: p.default for name, p in inspect.signature(callback).parameters.items()
            if p.default is not inspect.Parameter.empty}


def start_at_defaults(callback, controls):
    """Start every control at the callback's default (one place for it); ValueError if none or out of range."""
    start = defaults(callback)
    for name, control in controls.items():
        if name not in start:
            raise ValueError(f"{callback.__name__}() needs a default for {name!r}: its control starts there")
        default = start[name]
        position = math.log(default, control.base) if hasattr(control, "base") and default > 0 else default
        if not (default in control.options if hasattr(control, "options") else
                control.min - 1e-9 <= position <= control.max + 1e-9):
            raise ValueError(f"{callback.__name__}()'s default {name}={default!r} is outside its control's range")
        control.value = default
    return controls


def _render(callback, values):
    """Run callback(**values); return its printed text and figure (or error) as notebook outputs."""
    printed, figures_before = io.StringIO(), set(plt.get_fignums())
    try:
        with contextlib.redirect_stdout(printed):
            fig = callback(**values)
        fig = fig if isinstance(fig, plt.Figure) else plt.figure(max(set(plt.get_fignums()) - figures_before))
        png = io.BytesIO()   # zlib level 1: a third of level 6's time, a tenth larger
        if getattr(fig, "_nnlib_frame", False):
            png.write(_png(_blit(fig)))
        else:
            fig.savefig(png, format="png", bbox_inches=None if _laid_out(fig) else "tight", pil_kwargs={"compress_level": 1})
        result = {"output_type": "display_data", "metadata": {},
                  "data": {"image/png": base64.b64encode(png.getvalue()).decode(), "text/plain": repr(fig)}}
    except Exception as err:   # shown in the panel as a traceback; tests call the callback directly
        result = {"output_type": "error", "ename": type(err).__name__, "evalue": str(err),
                  "traceback": traceback.format_exception(type(err), err, err.__traceback__)}
    finally:
        for number in set(plt.get_fignums()) - figures_before:
            plt.close(number)
    text = [{"output_type": "stream", "name": "stdout", "text": printed.getvalue()}] if printed.getvalue() else []
    return tuple(text + [result])


def _laid_out(fig):
    """Did the callback lay fig out (a layout engine, or margins from subplots_adjust or gridspec_kw)? Then it
    is shown as it is; otherwise cropped to its contents, which costs a second layout pass of every text."""
    return (fig.get_layout_engine() is not None or vars(fig.subplotpars) != vars(SubplotParams())
            or any(getattr(ax.get_gridspec(), "left", None) is not None for ax in fig.axes))


def frame(build):
    """Decorator for a panel's frame: build(*args) returns (fig, *artists), made once per positional args (hashable:
    numbers, strings, tuples); the 8 used last are kept.

    A panel redraws a frame figure by blitting: the axes, ticks, labels and everything else not animated are
    drawn once and kept as pixels; a redraw draws only the artists made with animated=True and those above
    them in z-order in the same axes (spines, points on a map). Change only animated artists in a callback (a
    title: through ax.title.set_text, made animated): limits, set_title or a new artist make the figure stale,
    and the frame is drawn again. Not handled (they stay under the live artists, or keep an old look): grid
    lines or inward ticks over a live artist, other axes (twinx, insets) or figure artists over it, set_array
    on a scatter that is not animated (it does not mark the figure stale), animated figure artists (a full draw
    leaves them out: a figure title is a text in an axes with transform=fig.transFigure). Tests catch all of
    these: tests/notebook_functions.py's blit_difference compares a redraw with a full draw.
    A frame is not in pyplot (plt.show() does not show it): a cell shows it by returning it."""
    made = {}

    @functools.wraps(build)
    def the_frame(*args):
        try:
            hash(args)
        except TypeError:
            raise ValueError(f"{build.__name__}() takes hashable arguments (numbers, strings, tuples); got {args!r}") from None
        if args not in made:
            result = build(*args)
            if not (isinstance(result, tuple) and result and isinstance(result[0], plt.Figure)):
                raise ValueError(f"{build.__name__}() must return (fig, *artists); got {type(result).__name__}")
            plt.close(result[0])                        # out of pyplot, with a canvas of its own
            FigureCanvasAgg(result[0])
            result[0]._nnlib_frame = True
            made[args] = result
        made[args] = made.pop(args)                     # the most recently used last
        if len(made) > 8:
            made.pop(next(iter(made)))
        return made[args]
    return the_frame


def _blit(fig):
    """The RGBA pixels of a frame figure (see frame): the kept frame, then its live layers drawn on top."""
    canvas, kept, layers = fig.canvas, getattr(fig, "_nnlib_background", None), _live_layers(fig)
    if fig.stale or kept is None or kept.get_extents()[2:] != canvas.get_width_height():
        # the frame without the layers: the still ones are made animated for the draw (a hidden title would
        # not be placed), the images hidden (matplotlib 3.8 draws an animated image in a plain draw)
        still = [a for a in layers if not a.get_animated()]
        images = [a for a in layers if isinstance(a, AxesImage) and a.get_visible()]
        try:
            for artist in still:
                artist.set_animated(True)
            for image in images:
                image.set_visible(False)
            canvas.draw()
        finally:
            for artist in still:
                artist.set_animated(False)
            for image in images:
                image.set_visible(True)
        fig._nnlib_background = canvas.copy_from_bbox(fig.bbox)
    else:
        canvas.restore_region(kept)
    renderer = canvas.get_renderer()
    for artist in layers:
        if artist.get_visible():
            artist.draw(renderer)
    fig.stale = False                                   # showing them again and drawing a collection mark it stale
    return np.asarray(canvas.buffer_rgba())


def _png(rgba):
    """PNG bytes of an (h, w, 4) uint8 array: rows unfiltered, zlib level 1. 4 ms for a 1050x390 panel where
    Pillow's encoder takes 12 (it tries a filter per row), for the same size: a third of a redraw's cost."""
    h, w, _ = rgba.shape
    rows = np.zeros((h, 4 * w + 1), np.uint8)                 # each row: filter type 0, then its pixels
    rows[:, 1:] = rgba.reshape(h, -1)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))   # 8-bit RGBA
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + chunk(b"IEND", b""))


def _live_layers(fig):
    """What a redraw draws, in a full draw's order: in the figure and in each axes, every artist from the lowest
    animated one's z-order up (the background patch and an Axis stay in the frame: the patch is drawn first,
    ticks and labels lie outside the box)."""
    layers = []
    for parent in [fig, *fig.axes]:
        children = sorted((a for a in parent.get_children() if not isinstance(a, (Axes, Axis)) and a is not parent.patch),
                          key=lambda a: a.get_zorder())
        lowest = min((a.get_zorder() for a in children if a.get_animated()), default=None)
        layers += [a for a in children if lowest is not None and a.get_zorder() >= lowest]
    return layers


def panel(callback, columns=3, **controls):
    """Controls in a grid above an output showing callback(**values), redrawn after each change.

    Each control starts at the callback's default for its argument (start_at_defaults).

    The printed text and the figure (rendered to PNG) replace the output in ONE update. Drawing with
    `with output: plt.show()` (as interactive_output does) lost the figure in about 1 of 5 redraws
    in JupyterLab with ipykernel 7: a browser message arriving mid-callback took over its parent.
    The last 32 settings' outputs are kept: a setting seen again shows at once (callbacks are seeded).
    """
    start_at_defaults(callback, controls)
    output = widgets.Output()
    render = functools.lru_cache(maxsize=32)(lambda values: _render(callback, dict(values)))

    def redraw(change=None):
        output.outputs = render(tuple((name, control.value) for name, control in controls.items()))

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    grid = widgets.GridBox(list(controls.values()),
                           layout=widgets.Layout(grid_template_columns=f"repeat({columns}, 1fr)"))
    return widgets.VBox([grid, output])
