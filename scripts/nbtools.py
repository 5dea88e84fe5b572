"""One home for using the course's notebooks from Python: tests, scripts and benchmarks all import it.

- one_blas_thread(): BLAS on one thread, set before NumPy loads it (kernels started later inherit it);
- course_notebooks(), read(path), code_cells(nb): the notebooks and their code;
- strip_magics(source): a code cell's text without IPython magics (%...) and shell lines (!...);
- load_functions(path): a notebook's setup cell and every function it defines, without running the rest;
- panel_callbacks(path), panels(path, namespace): its `widgets.panel(callback, ...)` calls;
- control_edges(control), start_values(controls): a control's reachable ends, the controls' starts;
- execute(nb, directory): run a notebook top to bottom in a fresh kernel, as Jupyter would.

Importable as `nbtools`: scripts in scripts/ find it beside them, the repository's conftest.py puts
scripts/ on sys.path for pytest, and benchmarks/run.py does the same. It imports neither NumPy nor a
kernel client at import time, so one_blas_thread() still comes before NumPy loads its BLAS.
"""
import ast
import os
import pathlib
import subprocess
import time
import types

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
# OpenBLAS reads the first; NumPy builds on MKL or an OpenMP BLAS read the others.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread(force=False):
    """Ask BLAS for one thread: tiny matrices run faster, and the printed numbers do not depend on threading.

    Call it before NumPy is imported. Without force, a value already set wins (scripts/test_matrix.py
    runs the notebooks with 2 threads); benchmarks force it, because their 1-thread comparisons need it.
    """
    for name in BLAS_THREAD_VARIABLES:
        if force:
            os.environ[name] = "1"
        else:
            os.environ.setdefault(name, "1")


def course_notebooks():
    """The course's notebooks, notebooks/NN_*.ipynb, in order."""
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))


def read(path):
    """The notebook at path (absolute, or relative to the repository's root)."""
    return nbformat.read(ROOT / path, as_version=4)


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def strip_magics(source):
    """The cell's source without IPython magics and shell lines: they are not Python, and outside a
    kernel (tests, benchmarks) the code runs without them."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def load_functions(path):
    """Return a namespace holding the setup cell's names and every function the notebook defines.

    Executes the notebook's setup cell (the code cell tagged "setup", else the first code cell) in
    full, then only the top-level imports, `def`s and `class`es of every other code cell. So a
    callback may use what the setup cell defines and other functions, but nothing an experiment cell
    computes. Tests then call the same code the notebook's sliders call.
    """
    cells = code_cells(read(path))
    setup = next((c for c in cells if "setup" in c.get("metadata", {}).get("tags", [])), cells[0])
    namespace = {"__name__": f"notebook_{pathlib.Path(path).stem}"}
    exec(compile(strip_magics(setup.source), f"{path}:setup", "exec"), namespace)
    keep = (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
    for i, cell in enumerate(cells):
        if cell is setup:
            continue
        tree = ast.parse(strip_magics(cell.source))
        tree.body = [node for node in tree.body if isinstance(node, keep)]
        exec(compile(tree, f"{path}:cell{i}", "exec"), namespace)
    return types.SimpleNamespace(**{k: v for k, v in namespace.items() if not k.startswith("__")})


def _panel_calls(source):
    """The callback names in a cell's `panel(NAME, ...)` or `widgets.panel(NAME, ...)` calls, in order."""
    try:
        tree = ast.parse(strip_magics(source))
    except SyntaxError:
        return []
    return [node.args[0].id for node in ast.walk(tree)
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "panel"]


def panel_callbacks(path):
    """Names of the functions the notebook passes to `widgets.panel(...)`, each once, in order."""
    names = []
    for cell in code_cells(read(path)):
        names += [name for name in _panel_calls(cell.source) if name not in names]
    return names


def panels(path, namespace):
    """Run the notebook's `widgets.panel(callback, ...)` cells with a recording panel, in the namespace
    load_functions returned; return [(callback, {name: control}), ...] exactly as students get them
    (each control started at its callback's default, as widgets.panel does)."""
    import ipywidgets  # noqa: F401  (the real controls are built; only the panel is recorded)
    from nnlib import widgets

    recorded = []
    recording = types.SimpleNamespace(**{k: getattr(widgets, k) for k in dir(widgets) if not k.startswith("_")})
    recording.panel = lambda callback, columns=3, **controls: recorded.append(
        (callback, widgets.start_at_defaults(callback, controls)))
    for i, cell in enumerate(code_cells(read(path))):
        if _panel_calls(cell.source):
            exec(compile(strip_magics(cell.source), f"{path}:cell{i}", "exec"), dict(vars(namespace), widgets=recording))
    return recorded


def panel_controls(path, namespace):
    """The notebook's one panel as (callback, {name: control}); see panels()."""
    found = panels(path, namespace)
    assert len(found) == 1, f"expected one widget panel in {path}, found {len(found)}"
    return found[0]


def control_edges(control):
    """The values at both ends of a slider (log sliders: base**min, base**max), or every option of a dropdown."""
    if hasattr(control, "options"):
        return list(control.options)
    if hasattr(control, "base"):
        return [control.base ** control.min, control.base ** control.max]
    return [control.min, control.max]


def start_values(controls):
    """{name: value} where every control starts, as the panel first calls its callback."""
    return {name: control.value for name, control in controls.items()}


def execute(nb, directory, quiet=False, timeout=600):
    """Run every cell of nb (in place, outputs stored) top to bottom in a fresh python3 kernel whose
    working directory is `directory`; return the wall seconds. A cell's error raises nbclient's
    CellExecutionError. quiet: the kernel's stderr (start-up chatter) goes to /dev/null."""
    from nbclient import NotebookClient          # only the runners need it

    start = time.perf_counter()
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(directory)}})
    client.execute(**({"stderr": subprocess.DEVNULL} if quiet else {}))
    return time.perf_counter() - start
