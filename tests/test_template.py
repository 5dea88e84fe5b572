"""The classroom template (shared/DESIGN.md, README "Notebook template"), checked on the notebooks written in it.

Title and 3-5 learning goals; one setup cell of at most 20 lines; the main story (everything before the
Appendix heading) within 150 code lines and 2,200 words; at least 2 exercises, each a collapsed cell
tagged "solution" with nbgrader's markers, followed by a check whose stored output is a pass; a "Your
turn" section; a summary that links the next notebook; an Appendix.
"""
import re

import pytest

from nbtools import ROOT, read

# The notebooks written in the template.
TEMPLATE_NOTEBOOKS = ["01_oldschool_backprop.ipynb", "02_vectorized_backprop.ipynb", "03_activations.ipynb",
                      "04_hidden_size_and_learning_rate.ipynb", "05_data_scaling.ipynb", "06_circle_classifier.ipynb",
                      "07_playground.ipynb", "08_real_data.ipynb"]
MAX_SETUP_LINES, MAX_CODE_LINES, MAX_WORDS = 20, 150, 2200


def main_story(nb):
    """The cells before the first markdown heading that contains "Appendix"."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and re.search(r"^#+ .*Appendix", cell.source, re.M):
            return nb.cells[:i]
    raise AssertionError("no Appendix heading (a markdown heading containing 'Appendix')")


def code_lines(cells):
    return sum(1 for c in cells if c.cell_type == "code" for line in c.source.splitlines()
               if line.strip() and not line.strip().startswith("#"))


def words(cells):
    return sum(len(c.source.split()) for c in cells if c.cell_type == "markdown")


@pytest.mark.parametrize("name", TEMPLATE_NOTEBOOKS)
class TestTemplate:
    def test_title_and_learning_goals(self, name):
        first = read(f"notebooks/{name}").cells[0]
        assert first.cell_type == "markdown" and first.source.startswith("# ")
        goals = first.source.split("earning goals", 1)
        assert len(goals) == 2, "the first cell states the learning goals"
        bullets = re.findall(r"^\s*(?:[-*]|\d+\.)\s", goals[1], re.M)
        assert 3 <= len(bullets) <= 5, f"{len(bullets)} learning goals, expected 3 to 5"

    def test_one_short_setup_cell(self, name):
        cells = [c for c in read(f"notebooks/{name}").cells if c.cell_type == "code"]
        setup = [c for c in cells if "setup" in c.metadata.get("tags", [])]
        assert len(setup) == 1 and setup[0] is cells[0], "the first code cell, and only it, is tagged setup"
        lines = [line for line in setup[0].source.splitlines() if line.strip()]
        assert len(lines) <= MAX_SETUP_LINES, f"setup cell has {len(lines)} lines, budget {MAX_SETUP_LINES}"
        assert "plotting.use_style()" in setup[0].source, "one figure style: call nnlib.plotting.use_style()"

    def test_main_story_within_budget(self, name):
        story = main_story(read(f"notebooks/{name}"))
        assert code_lines(story) <= MAX_CODE_LINES, f"{code_lines(story)} code lines before the Appendix"
        assert words(story) <= MAX_WORDS, f"{words(story)} words before the Appendix"

    def test_exercises_are_collapsed_solutions_followed_by_a_passing_check(self, name):
        nb = read(f"notebooks/{name}")
        story = main_story(nb)
        assert any(c.cell_type == "markdown" and re.search(r"^#+ .*Your turn", c.source, re.M) for c in story)
        solutions = [i for i, c in enumerate(nb.cells) if "solution" in c.metadata.get("tags", [])]
        assert len(solutions) >= 2, f"{len(solutions)} exercises, expected at least 2"
        for i in solutions:
            cell = nb.cells[i]
            assert cell.cell_type == "code" and cell.metadata.get("jupyter", {}).get("source_hidden") is True
            assert cell.source.count("# BEGIN SOLUTION") == cell.source.count("# END SOLUTION") >= 1
            check = next(c for c in nb.cells[i + 1:] if c.cell_type == "code")
            assert "exercises." in check.source, f"cell {i}: the next code cell calls an nnlib.exercises check"
            printed = "".join(o.get("text", "") for o in check.outputs if o.output_type == "stream")
            assert "[PASS]" in printed, f"cell {i}: the committed (instructor) edition passes its own check"

    def test_summary_links_the_next_notebook(self, name):
        number = int(name[:2])
        following = sorted((ROOT / "notebooks").glob(f"{number + 1:02d}_*.ipynb"))
        story = main_story(read(f"notebooks/{name}"))
        if following:
            assert any(following[0].name in c.source for c in story if c.cell_type == "markdown"), \
                f"the summary links {following[0].name}"
