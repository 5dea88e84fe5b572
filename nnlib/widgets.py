"""Slider panels: a plain callback, its controls, and a live output that redraws on release.

The callback stays a plain function, so a notebook can call it once with the defaults (a static
figure, checked by nbval) and tests can call it with any slider values.
"""
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


def panel(callback, columns=3, **controls):
    """Controls in a grid above an output that shows callback(**values), redrawn after each change."""
    def draw(**values):
        callback(**values)
        plt.show()

    output = widgets.interactive_output(draw, controls)
    grid = widgets.GridBox(list(controls.values()),
                           layout=widgets.Layout(grid_template_columns=f"repeat({columns}, 1fr)"))
    return widgets.VBox([grid, output])
