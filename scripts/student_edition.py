"""Write the student edition of the course: every notebook with its solutions replaced by stubs.

    python scripts/student_edition.py OUT            # OUT must be new or hold no notebooks
    python scripts/student_edition.py OUT --force    # overwrite the notebooks already in OUT

The committed notebooks are the instructor edition. In each code cell tagged "solution", the lines from
`# BEGIN SOLUTION` to `# END SOLUTION` (nbgrader's markers) become `# YOUR CODE HERE` and either
`pass` or the region's `# STUB: ...` lines (without that prefix), at the markers' indentation. Every
output is cleared, and the solution cells are shown expanded, for the student to write in. The checks
after them then say "not done yet"; no later cell uses the student's code, so every notebook still runs
top to bottom. Cells tagged "answer" (an appendix that shows an exercise's answer) are left out. The script
never writes into notebooks/ and, unless --force, never over notebooks.
"""
import argparse
import copy
import pathlib
import re
import sys

import nbformat

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import nbtools  # noqa: E402

MARKERS = re.compile(r"^([ \t]*)# BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*# END SOLUTION[ \t]*$\n?", re.S | re.M)
STUB = re.compile(r"^[ \t]*# STUB: ?(.*)$", re.M)


def is_solution(cell):
    return cell.cell_type == "code" and "solution" in cell.get("metadata", {}).get("tags", [])


def stub_source(source, where="a solution cell"):
    """The cell's source with every solution region replaced by its stub; ValueError if there is none."""
    def stub(match):
        indent, region = match.group(1), match.group(2)
        lines = STUB.findall(region) or ["pass"]
        return "".join(f"{indent}{line}\n" for line in ["# YOUR CODE HERE", *lines])

    stubbed, count = MARKERS.subn(stub, source)
    if count == 0 or "SOLUTION" in stubbed:
        raise ValueError(f"{where} needs matching '# BEGIN SOLUTION' and '# END SOLUTION' lines")
    return stubbed


def student_notebook(nb, name="notebook"):
    """A copy of nb: solutions stubbed, solution cells expanded, "answer" cells left out, outputs and counts cleared."""
    nb = copy.deepcopy(nb)
    nb.cells = [cell for cell in nb.cells if "answer" not in cell.get("metadata", {}).get("tags", [])]
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        if is_solution(cell):
            cell.source = stub_source(cell.source, f"{name}, cell {i}")
            cell.metadata.get("jupyter", {}).pop("source_hidden", None)
            cell.metadata.tags = [t for t in cell.metadata.tags if t != "solution"] + ["exercise"]
    return nb


def write_edition(out, force=False):
    """Write every course notebook's student edition into out; return the paths written."""
    out = pathlib.Path(out).resolve()
    if out == nbtools.NOTEBOOKS.resolve() or nbtools.NOTEBOOKS.resolve() in out.parents:
        raise ValueError(f"OUT must not be notebooks/ or inside it (got {out}): that is the instructor's source")
    existing = sorted(out.glob("*.ipynb")) if out.exists() else []
    if existing and not force:
        raise ValueError(f"OUT ({out}) already holds {len(existing)} notebooks; pass --force to overwrite them")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in nbtools.course_notebooks():
        target = out / path.name
        nbformat.write(student_notebook(nbtools.read(path), path.name), target)
        written.append(target)
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="folder to write the student notebooks into")
    parser.add_argument("--force", action="store_true", help="overwrite notebooks already in OUT")
    args = parser.parse_args()
    try:
        written = write_edition(args.out, args.force)
    except ValueError as err:
        parser.exit(2, f"student_edition.py: error: {err}\n")
    print(f"wrote {len(written)} student notebooks to {pathlib.Path(args.out).resolve()}")


if __name__ == "__main__":
    main()
