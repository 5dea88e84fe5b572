"""The student edition: scripts/student_edition.py stubs every solution, and every student notebook
still runs top to bottom with no error, each check saying "not done yet"."""
import subprocess
import sys

import nbformat
import pytest

from nbtools import ROOT, read
from nbtools import course_notebooks, execute
from student_edition import stub_source, student_notebook, write_edition


def test_stub_replaces_each_region_at_its_indentation():
    source = ("def f(A):\n    # BEGIN SOLUTION\n    return A * (1 - A)\n    # END SOLUTION\n\n"
              "dZ = None\n# BEGIN SOLUTION\n# STUB: dZ = ...  # shape (n, m)\ndZ = f(2)\n# END SOLUTION\nprint(dZ)\n")
    assert stub_source(source) == ("def f(A):\n    # YOUR CODE HERE\n    pass\n\n"
                                   "dZ = None\n# YOUR CODE HERE\ndZ = ...  # shape (n, m)\nprint(dZ)\n")


@pytest.mark.parametrize("source", ["x = 1\n", "# BEGIN SOLUTION\nx = 1\n", "x = 1\n# END SOLUTION\n"])
def test_a_solution_cell_without_matching_markers_is_refused(source):
    with pytest.raises(ValueError, match="BEGIN SOLUTION"):
        stub_source(source)


def test_the_edition_clears_outputs_and_expands_the_exercises():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1\n# BEGIN SOLUTION\nx = 2\n# END SOLUTION\n",
                                  metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}},
                                  outputs=[nbformat.v4.new_output("stream", text="2\n")], execution_count=3)])
    cell = student_notebook(nb).cells[0]
    assert cell.outputs == [] and cell.execution_count is None and "x = 2" not in cell.source
    assert cell.metadata.tags == ["exercise"] and "source_hidden" not in cell.metadata.jupyter


def test_cells_that_show_an_answer_are_left_out():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("### One answer, drawn", metadata={"tags": ["answer"]}),
                                         nbformat.v4.new_code_cell("draw(best_net)", metadata={"tags": ["answer"]}),
                                         nbformat.v4.new_code_cell("print(1)")])
    assert [c.source for c in student_notebook(nb).cells] == ["print(1)"]
    for path in course_notebooks():                       # and the course's answers stay out of the edition
        assert not any("answer" in c.metadata.get("tags", []) for c in student_notebook(read(path), path.name).cells)


def test_it_never_writes_over_the_instructors_notebooks(tmp_path):
    with pytest.raises(ValueError, match="notebooks/"):
        write_edition(ROOT / "notebooks")
    write_edition(tmp_path)
    with pytest.raises(ValueError, match="--force"):
        write_edition(tmp_path)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "student_edition.py"), str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "--force" in result.stderr and "Traceback" not in result.stderr
    assert len(write_edition(tmp_path, force=True)) == len(course_notebooks())


def has_exercises(path):
    return any("solution" in c.metadata.get("tags", []) for c in read(path).cells)


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda p: p.name)
def test_every_student_notebook_runs_and_its_checks_say_not_done(path, tmp_path):
    student = student_notebook(read(path), path.name)
    if not has_exercises(path):
        # Without exercises the student's code cells are the instructor's, which nbval runs.
        assert [c.source for c in student.cells] == [c.source for c in read(path).cells if "answer" not in c.metadata.get("tags", [])]
        return
    execute(student, tmp_path, quiet=True)
    errors = [o for c in student.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    exercises = [i for i, c in enumerate(student.cells) if "exercise" in c.metadata.get("tags", [])]
    for i in exercises:
        check = next(c for c in student.cells[i + 1:] if c.cell_type == "code")
        printed = "".join(o.get("text", "") for o in check.outputs if o.output_type == "stream")
        assert "[NOT DONE YET]" in printed, f"cell {i}'s check printed {printed!r}"
