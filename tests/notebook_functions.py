"""Load a notebook's functions (slider callbacks and their helpers) into tests, without running it.

load_functions(path) executes the notebook's setup cell (the code cell tagged "setup", else the
first code cell) in full, then only the top-level imports, `def`s and `class`es of every other
code cell. So a callback may use what the setup cell defines and other functions, but nothing an
experiment cell computes. Tests then call the same code the notebook's sliders call.
"""
import ast
import pathlib
import types

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _code(cell):
    # IPython magics and shell lines are not Python; the tests run without them.
    return "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))


def load_functions(path):
    """Return a namespace holding the setup cell's names and every function the notebook defines."""
    nb = nbformat.read(ROOT / path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    setup = next((c for c in cells if "setup" in c.get("metadata", {}).get("tags", [])), cells[0])
    namespace = {"__name__": f"notebook_{pathlib.Path(path).stem}"}
    exec(compile(_code(setup), f"{path}:setup", "exec"), namespace)
    keep = (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    for i, cell in enumerate(cells):
        if cell is setup:
            continue
        tree = ast.parse(_code(cell))
        tree.body = [node for node in tree.body if isinstance(node, keep)]
        exec(compile(tree, f"{path}:cell{i}", "exec"), namespace)
    return types.SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("__")})


def panel_controls(path, namespace):
    """Run the notebook's one `widgets.panel(callback, ...)` cell with a recording panel, in the
    namespace load_functions returned; return (callback, {name: control}) exactly as students get them."""
    import ipywidgets  # noqa: F401  (the real controls are built; only the panel is recorded)
    from nnlib import widgets

    nb = nbformat.read(ROOT / path, as_version=4)
    sources = [c.source for c in nb.cells if c.cell_type == "code" and "widgets.panel(" in c.source]
    assert len(sources) == 1, f"expected one widget cell in {path}, found {len(sources)}"
    recorded = {}

    def record(callback, columns=3, **controls):
        recorded.update(callback=callback, controls=controls)

    recording = types.SimpleNamespace(**{k: getattr(widgets, k) for k in dir(widgets) if not k.startswith("_")})
    recording.panel = record
    exec(compile(ast.parse(sources[0]), f"{path}:widget cell", "exec"), dict(vars(namespace), widgets=recording))
    return recorded["callback"], recorded["controls"]


def control_edges(control):
    """The values at both ends of a slider, or every option of a dropdown."""
    if hasattr(control, "options"):
        return list(control.options)
    if hasattr(control, "base"):                         # FloatLogSlider: min and max are exponents
        return [control.base ** control.min, control.base ** control.max]
    return [control.min, control.max]
