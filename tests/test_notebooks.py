"""Every lesson notebook follows the series' rules (issue: lessons 00-06 and 07-20).

nbval checks that the stored outputs are reproduced; these tests check the notebooks' shape:
slide metadata, honest ignore markers, executed in order, and the parts every lesson has."""
import json
import re
from pathlib import Path

import pytest
from lesson_list import LESSON_PATHS, LESSONS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = LESSON_PATHS
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "-", "notes"}
IGNORE_REASONS = ("widget", "timing")


def _load(path):
    return json.loads(path.read_text())


def _source(cell):
    return "".join(cell["source"])


def test_the_notebooks_folder_holds_exactly_the_lessons_of_the_series():
    found = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert found == list(LESSONS), "update tests/lesson_list.py (and the README lesson map, the " \
                                   "concept map) together with the notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_carries_slide_metadata(path):
    for i, cell in enumerate(_load(path)["cells"]):
        slide = cell["metadata"].get("slideshow", {}).get("slide_type")
        assert slide in SLIDE_TYPES, f"{path.name} cell {i} has slide_type {slide!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_notebook_has_no_widget_state_and_ran_top_to_bottom(path):
    nb = _load(path)
    assert "widgets" not in nb["metadata"], "strip widget state: run scripts/run_notebooks.py"
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: stale or out-of-order outputs"
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name}: a cell stored an error"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_ignored_outputs_are_only_widgets_or_timings_with_a_reason(path):
    for cell in _load(path)["cells"]:
        lines = _source(cell).splitlines()
        for i, line in enumerate(lines):
            if "NBVAL_IGNORE_OUTPUT" in line:
                assert line.strip() == "# NBVAL_IGNORE_OUTPUT", \
                    f"{path.name}: nbval only honours the marker alone on its line: {line!r}"
                reason = lines[i + 1] if i + 1 < len(lines) else ""
                assert reason.startswith("# why:") and any(r in reason for r in IGNORE_REASONS), \
                    f"{path.name}: an ignored cell needs a '# why: ...' line naming a widget or a timing"
            assert "NBVAL_SKIP" not in line, f"{path.name}: cells are never skipped"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_lesson_has_its_parts(path):
    nb = _load(path)
    first = _source(nb["cells"][0])
    number = path.name[:2]
    assert re.match(rf"# {number} · ", first), f"{path.name}: title must start '# {number} · '"
    assert "What you will learn" in first and "Builds on" in first
    text = "\n".join(_source(c) for c in nb["cells"])
    assert "Key insight" in text
    assert f'lesson_quiz("{number}")' in text, f"{path.name}: the lesson's quiz is shown with lesson_quiz"
    widget_cells = [i for i, c in enumerate(nb["cells"])
                    if c["cell_type"] == "code" and "a live widget" in _source(c)
                    and "lesson_quiz(" not in _source(c)]
    assert widget_cells, f"{path.name}: no widget"
    for i in widget_cells:  # the next code cell draws the static twin
        following = next(c for c in nb["cells"][i + 1:] if c["cell_type"] == "code")
        assert "plt.show()" in _source(following), f"{path.name}: widget in cell {i} has no static figure after it"
    graded = [c["metadata"]["nbgrader"] for c in nb["cells"] if "nbgrader" in c["metadata"]]
    solutions = [m["grade_id"] for m in graded if m.get("solution")]
    tests = [m["grade_id"] for m in graded if m.get("grade")]
    assert len(solutions) >= 2, f"{path.name}: every lesson has two or more exercises"
    assert tests == [f"{name}_test" for name in solutions], \
        f"{path.name}: each exercise has its solution cell, then its test cell (python exercise_specs/build.py)"
    assert text.count("exercises.check(") >= len(solutions)


def test_readme_lesson_map_lists_every_notebook():
    readme = (ROOT / "README.md").read_text()
    for path in NOTEBOOKS:
        assert path.name in readme, f"README.md's lesson map does not list {path.name}"


PRINT_WIDTH = 100


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_printed_lines_fit_the_notebook_width(path):
    """JupyterLab wraps a longer printed line wherever the window ends, often inside a number."""
    for i, cell in enumerate(_load(path)["cells"]):
        for out in cell.get("outputs", []):
            if out.get("output_type") != "stream":
                continue
            for line in "".join(out["text"]).splitlines():
                assert len(line) <= PRINT_WIDTH, (f"{path.name} cell {i} prints a line of {len(line)} "
                                                  f"characters (at most {PRINT_WIDTH}): {line[:70]}…")


def _headings(path):
    """Every markdown heading of a lesson, without its leading #'s."""
    out = []
    for cell in _load(path)["cells"]:
        if cell["cell_type"] == "markdown":
            out += [line.lstrip("#").strip() for line in _source(cell).splitlines()
                    if line.startswith("#")]
    return out


def test_the_concept_map_says_code_or_prose_and_points_at_sections_that_exist():
    """notebooks/README.md: every card concept has a row `concept | code or prose | where`, and
    every `NN · heading` in its last column names a heading a reader finds in lesson NN."""
    text = (ROOT / "notebooks" / "README.md").read_text()
    headings = {p.name[:2]: _headings(p) for p in NOTEBOOKS}
    rows = [line for line in text.splitlines() if line.startswith("|") and not line.startswith("|--")
            and not line.startswith("| concept")]
    assert len(rows) >= 40, "the concept map lost its rows"
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 3, f"expected | concept | code or prose | where |, got: {row}"
        concept, kind, where = cells
        assert kind in ("code", "prose"), f"{concept}: say 'code' or 'prose', not {kind!r}"
        places = [p.strip() for p in where.split(";") if p.strip()]
        assert places, f"{concept}: no place given"
        for place in places:
            found = re.search(r"(\d\d) · ([^\]\[(]+)", place)
            assert found, f"{concept}: '{place}' is not 'NN · heading'"
            number, title = found.group(1), found.group(2).strip().rstrip(".")
            assert number in headings, f"{concept}: no lesson {number}"
            assert any(h.startswith(title) or title in h for h in headings[number]), \
                f"{concept}: lesson {number} has no heading '{title}'"
