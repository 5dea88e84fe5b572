"""Every slider panel of every notebook, driven through its real controls.

The callbacks and the controls come from the notebooks themselves: nbtools.load_functions loads each
notebook's functions, and nbtools.panels runs its widget cells with a panel that records the
controls instead of showing them. So the values tested are the ones a student can reach: the
defaults, every control at both ends of its range (every option of a dropdown), the first two
dropdowns in every combination, and all sliders at their low or high end together, once with each
option of each dropdown. A callback must return a Figure with something drawn in it and never
raise: a run that diverges shows its message instead. What a notebook's callback must show for
particular settings is tested in tests/test_notebookNN.py.

One test class per panel (TestPanel_03_explore, ...): pytest-xdist's loadscope runs each class on
one worker, so the panels spread over the cores.
"""
import inspect
import itertools

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

import nbtools
from nbtools import control_edges, start_values


def check_figure(fig):
    """A Figure with something drawn, and no empty axes left showing: every visible axes holds a plot,
    an image or a message (a diverged run's message replaces its plot)."""
    assert isinstance(fig, Figure), f"a callback must return a matplotlib Figure, got {type(fig).__name__}"
    has_content = lambda ax: bool(ax.lines or ax.collections or ax.images or ax.patches or ax.texts)  # noqa: E731
    assert any(has_content(ax) for ax in fig.axes), "the figure is empty"
    empty = [ax.get_title() or f"axes {i}" for i, ax in enumerate(fig.axes) if ax.axison and not has_content(ax)]
    assert not empty, f"empty axes shown: {empty}"


def settings(controls):
    """(id, values) pairs: each control at each end, then the combinations described above."""
    label = lambda v: f"{v:.4g}" if isinstance(v, float) else str(v)   # noqa: E731
    for name, control in controls.items():
        for value in control_edges(control):
            yield f"{name}={label(value)}", dict(start_values(controls), **{name: value})
    options = {name: c.options for name, c in controls.items() if hasattr(c, "options")}
    sliders = {name: control_edges(c) for name, c in controls.items() if not hasattr(c, "options")}
    if len(options) >= 2:
        first, second = list(options)[:2]
        for a, b in itertools.product(options[first], options[second]):
            yield f"{first}={a},{second}={b}", dict(start_values(controls), **{first: a, second: b})
    choices = [(name, option) for name, values in options.items() for option in values] or [(None, None)]
    for (name, option), (end, side) in itertools.product(choices, ((0, "low"), (-1, "high"))):
        values = dict(start_values(controls), **{n: v[end] for n, v in sliders.items()})
        if name is not None:
            values[name] = option
        yield f"all-{side}" + (f",{name}={option}" if name else ""), values


class PanelChecks:
    """The checks every panel gets; a subclass per panel sets CALLBACK and CONTROLS."""
    CALLBACK = CONTROLS = None

    @pytest.fixture(autouse=True)
    def close_figures(self):
        yield
        plt.close("all")

    def test_each_control_is_an_argument_whose_default_is_the_sliders_start(self):
        parameters = inspect.signature(self.CALLBACK).parameters
        missing = set(self.CONTROLS) - set(parameters)
        assert not missing, f"controls without an argument of {self.CALLBACK.__name__}: {missing}"
        for name, control in self.CONTROLS.items():
            default = parameters[name].default
            assert default == (pytest.approx(control.value) if isinstance(control.value, float) else control.value), \
                f"{name}: the argument's default {default!r} is not the slider's start {control.value!r}"
            if not hasattr(control, "options"):
                low, high = control_edges(control)
                assert low <= control.value <= high, f"{name} starts at {control.value}, outside [{low}, {high}]"

    def test_defaults_draw(self):
        check_figure(self.CALLBACK(**start_values(self.CONTROLS)))

    def test_setting(self, setting):
        check_figure(self.CALLBACK(**setting))


def pytest_generate_tests(metafunc):
    if "setting" in metafunc.fixturenames:
        ids, values = zip(*settings(metafunc.cls.CONTROLS))
        metafunc.parametrize("setting", values, ids=ids)


PANEL_CLASSES = []
for _path in nbtools.course_notebooks():
    _relative = _path.relative_to(nbtools.ROOT)
    for _callback, _controls in nbtools.panels(_relative, nbtools.load_functions(_relative)):
        _name = f"TestPanel_{_path.stem[:2]}_{_callback.__name__}"
        globals()[_name] = type(_name, (PanelChecks,), {"CALLBACK": staticmethod(_callback), "CONTROLS": _controls})
        PANEL_CLASSES.append(globals()[_name])
plt.close("all")                      # widget cells may draw while they are recorded


def test_every_notebook_with_sliders_is_found():
    found = {cls.__name__.split("_")[1] for cls in PANEL_CLASSES}
    assert found >= {"01", "02", "03", "04", "05", "06", "08"}, found   # 07's live playground: tests/test_live.py
