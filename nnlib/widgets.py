"""Slider panels: a plain callback, its controls, and a live output that redraws on release.

The callback stays a plain function that draws and returns a matplotlib Figure, so a notebook can
call it once with the defaults (a static figure, checked by nbval) and tests can call it with any
slider values.
"""
import base64
import contextlib
import io
import traceback

import ipywidgets as widgets
import matplotlib.pyplot as plt


def log_slider(value, min_exp, max_exp, description="lr", step=0.25):
    """A slider over 10**min_exp .. 10**max_exp on a log scale (for learning rates)."""
    return widgets.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=step,
                                  description=description, continuous_update=False, readout_format=".3g")


def float_slider(value, min, max, description, step=0.05):
    return widgets.FloatSlider(value=value, min=min, max=max, step=step, description=description,
                               continuous_update=False)


def int_slider(value, min, max, description, step=1):
    return widgets.IntSlider(value=value, min=min, max=max, step=step, description=description,
                             continuous_update=False)


def dropdown(value, options, description):
    return widgets.Dropdown(value=value, options=list(options), description=description)


def _render(callback, values):
    """Run callback(**values); return its printed text and figure (or error) as notebook outputs."""
    printed, figures_before = io.StringIO(), set(plt.get_fignums())
    try:
        with contextlib.redirect_stdout(printed):
            fig = callback(**values)
        fig = fig if isinstance(fig, plt.Figure) else plt.figure(max(set(plt.get_fignums()) - figures_before))
        png = io.BytesIO()
        fig.savefig(png, format="png", bbox_inches="tight")
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


def panel(callback, columns=3, **controls):
    """Controls in a grid above an output showing callback(**values), redrawn after each change.

    The printed text and the figure (rendered to PNG) replace the output in ONE update. Drawing with
    `with output: plt.show()` (as interactive_output does) lost the figure in about 1 of 5 redraws
    in JupyterLab with ipykernel 7: a browser message arriving mid-callback took over its parent.
    """
    output = widgets.Output()

    def redraw(change=None):
        output.outputs = _render(callback, {name: control.value for name, control in controls.items()})

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    grid = widgets.GridBox(list(controls.values()),
                           layout=widgets.Layout(grid_template_columns=f"repeat({columns}, 1fr)"))
    return widgets.VBox([grid, output])
