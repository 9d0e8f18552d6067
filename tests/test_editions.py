"""The editions: the learner's (what `lab` opens) and the student's (nbgrader's) hold no solution,
and `nnlessons grade` (nbgrader's autograder in a sandbox, the hidden verdict outside the kernel)
scores real submissions as expected, even a broken one."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lesson_list import LESSON_PATHS

import nnlessons
from nnlessons.course import editions

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(nnlessons.__file__).resolve().parent


def _cells(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def _solutions():
    """{(lesson, grade_id): solution cell text} from the instructor notebooks."""
    found = {}
    for path in LESSON_PATHS:
        for cell in _cells(path):
            meta = editions.nbgrader_meta(cell)
            if meta.get("solution"):
                found[path.name[:2], meta["grade_id"]] = editions.cell_text(cell)
    return found


def _public_lines():
    """Stripped lines of every code cell that is not a solution: the learner sees them anyway, so
    a solution line that also stands there (``rng = np.random.default_rng(seed)``) is no leak."""
    return {line.strip() for path in LESSON_PATHS for cell in _cells(path)
            if cell["cell_type"] == "code" and not editions.nbgrader_meta(cell).get("solution")
            for line in editions.cell_text(cell).splitlines()}


SOLUTIONS = _solutions()
DISTINCTIVE = sorted({line for text in SOLUTIONS.values() for line in editions.distinctive_lines(text)}
                     - _public_lines())


def _leaks(folder, suffixes):
    """Distinctive solution lines found in any file under ``folder`` with one of ``suffixes``."""
    found = []
    for path in Path(folder).rglob("*"):
        if path.is_file() and path.suffix in suffixes:
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.name}: {line}" for line in DISTINCTIVE if line in text]
    return found


def test_every_exercise_has_a_solution_region_with_distinctive_lines():
    assert len(SOLUTIONS) >= 2 * len(LESSON_PATHS)
    for key, text in SOLUTIONS.items():
        assert editions.BEGIN_SOLUTION in text and editions.solution_lines(text), key


def test_the_installed_package_holds_no_solution():
    assert DISTINCTIVE
    assert _leaks(PACKAGE, {".py", ".json", ".txt", ".md", ".html", ".js"}) == []


def test_the_learner_edition_holds_no_solution_and_keeps_the_lessons_figures(tmp_path):
    written = editions.write_learner_edition(tmp_path)
    assert [p.name for p in written] == [p.name for p in LESSON_PATHS]
    assert _leaks(tmp_path, {".ipynb"}) == []
    for source, learner in zip(LESSON_PATHS, written):
        text = learner.read_text(encoding="utf-8")
        assert editions.BEGIN_HIDDEN not in text and "exercises.grade(" not in text
        for before, after in zip(_cells(source), _cells(learner)):
            if editions.is_exercise_cell(before):
                assert after["outputs"] == [], f"{learner.name}: an exercise cell kept its output"
                if editions.nbgrader_meta(before).get("solution"):
                    stub = editions.cell_text(after)
                    assert "raise NotImplementedError()" in stub or (
                        editions.PREDICTION_STUB in stub and "= ..." in stub.replace(": ...", "= ..."))
            else:
                assert after == before, f"{learner.name}: a lesson cell changed"


def test_the_learner_edition_keeps_the_learners_work_unless_asked(tmp_path):
    first = editions.write_learner_edition(tmp_path, lessons=["03"])
    first[0].write_text("my work", encoding="utf-8")
    assert editions.write_learner_edition(tmp_path, lessons=["03"]) == []
    assert first[0].read_text(encoding="utf-8") == "my work"
    assert editions.write_learner_edition(tmp_path, lessons=["03"], overwrite=True) == first


def test_regions_are_replaced_with_their_indentation_and_unclosed_ones_refused():
    text = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\nprint(1)"
    assert editions.without_solutions(text) == ("def f(x):\n    # YOUR CODE HERE\n"
                                                "    raise NotImplementedError()\nprint(1)")
    assert editions.solution_lines(text) == ["    return 2 * x"]
    with pytest.raises(ValueError, match="never closed"):
        editions.without_solutions("### BEGIN SOLUTION\nx = 1")


def test_a_prediction_is_written_over_its_placeholder_and_its_cell_then_runs():
    text = 'ratio = ...   # your prediction\n### BEGIN SOLUTION\nratio = 0.8 ** 20\n### END SOLUTION'
    assert editions.without_solutions(text) == f"ratio = ...   # your prediction\n{editions.PREDICTION_STUB}"
    race = 'race = {"prediction": ..., "reason": ...}\n### BEGIN SOLUTION\nrace = {"prediction": "a"}\n### END SOLUTION'
    assert editions.PREDICTION_STUB in editions.without_solutions(race)
    computed = "x = ...\n### BEGIN SOLUTION\nx = 1\ny = x + 1\n### END SOLUTION"   # not only assignments of x
    assert "raise NotImplementedError()" in editions.without_solutions(computed)


def test_no_lesson_cell_outside_the_exercises_uses_an_exercise_function():
    """The learner edition stubs the solutions, so a later lesson cell calling one would fail."""
    import re
    for path in LESSON_PATHS:
        cells = _cells(path)
        names = [editions.nbgrader_meta(c)["grade_id"] for c in cells
                 if editions.nbgrader_meta(c).get("solution")]
        for cell in cells:
            if cell["cell_type"] != "code" or editions.is_exercise_cell(cell):
                continue
            for name in names:
                assert not re.search(rf"(?<![\w.]){name}\(", editions.cell_text(cell)), \
                    f"{path.name}: a lesson cell calls the exercise function {name}"


def test_reference_solution_is_read_from_the_instructor_notebook(tmp_path):
    text = editions.reference_solution("03", "relu")
    assert "def relu(z):" in text and editions.BEGIN_SOLUTION not in text
    assert "ask your lecturer" in editions.reference_solution("03", "relu", source_dir=tmp_path)


# --- a class: nbgrader's student edition and autograding ---------------------------------------------
GRADED = ["03", "04"]
WRONG = {"relu": "def relu(z):\n    return np.abs(z)\n",
         "dense_backward": "def dense_backward(dy, x, W):\n    return dy @ W, x.T @ dy, dy.sum(axis=0)\n",
         # the deeper kinds: a "fix" left with its planted bug, a "predict" with the wrong reason
         "two_paths_backward": "def two_paths_backward(dh, x, W):\n"
                               "    return buggy_two_paths_backward(dh, x, W)\n",
         "dead_weights": 'dead_weights = {"prediction": "live", "reason": "a"}\n'}
BROKEN = {"relu": 'raise ValueError("I give up")\n',
          "softmax": 'print("junk " * 2000)\ndef softmax(z):\n    while True:\n        pass\n',
          "dense_forward": "import sys\nprint('to stderr', file=sys.stderr)\n"
                           "def dense_forward(x, W, b):\n    return x @ W + b\n"}
BROKEN_SCORES_ZERO = {"relu", "softmax"}  # dense_forward is right: noise in a solution cell costs nothing


def _submission(student_nb, lesson, replace):
    """The student notebook with every stub answered: the instructor's solution, or
    ``replace[grade_id]`` where given."""
    nb = json.loads(Path(student_nb).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        meta = editions.nbgrader_meta(cell)
        if meta.get("solution"):
            reference = "\n".join(line for line in SOLUTIONS[lesson, meta["grade_id"]].splitlines()
                                  if line.strip() not in (editions.BEGIN_SOLUTION,
                                                          editions.END_SOLUTION))
            editions.set_text(cell, replace.get(meta["grade_id"], reference))
    return nb


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    pytest.importorskip("nbgrader", reason="nbgrader is part of the test extra")
    return editions.make_course(tmp_path_factory.mktemp("kit"), lessons=GRADED, timeout=20)


@pytest.mark.slow
def test_the_student_edition_holds_no_solution_and_no_output(kit):
    assert sorted(p.name[:2] for p in kit["student"].glob("*.ipynb")) == GRADED
    assert _leaks(kit["student"], {".ipynb"}) == []
    assert _leaks(kit["course"] / "release", {".ipynb"}) == []
    for path in kit["student"].glob("*.ipynb"):
        assert all(not c.get("outputs") for c in _cells(path))
        assert "exercises.grade(" not in path.read_text(encoding="utf-8")
    assert _leaks(kit["instructor"], {".ipynb"}) != []  # the instructor edition has them all


@pytest.mark.slow
def test_autograding_scores_right_partly_wrong_and_broken_submissions(kit):
    """Through `nnlessons grade` (the hidden tests' verdict is the grader's); plain nbgrader,
    which has no verdict step, gives no hidden test its points, even for right answers."""
    from nbgrader.api import Gradebook

    from nnlessons.course.grading import grade_kit
    students = {"alice": {}, "bob": WRONG, "carol": BROKEN}
    for path in sorted(kit["student"].glob("*.ipynb")):
        lesson = path.name[:2]
        for student, replace in students.items():
            folder = kit["course"] / "submitted" / student / f"lesson_{lesson}"
            folder.mkdir(parents=True)
            (folder / path.name).write_text(json.dumps(_submission(path, lesson, replace)),
                                            encoding="utf-8")
    editions.run_nbgrader(kit["course"], "autograde", "lesson_03", "--student", "alice")
    with Gradebook(f"sqlite:///{kit['course'] / 'gradebook.db'}") as gradebook:
        plain = [g.auto_score for nb in gradebook.find_submission("lesson_03", "alice").notebooks
                 for g in nb.grades if g.name.endswith("_test")]
    assert plain and set(plain) == {0.0}, plain
    grade_kit(kit["course"].parent, log=lambda line: None)
    scores = {}
    with Gradebook(f"sqlite:///{kit['course'] / 'gradebook.db'}") as gradebook:
        for lesson in GRADED:
            for student in students:
                submission = gradebook.find_submission(f"lesson_{lesson}", student)
                scores[student, lesson] = (submission.score, submission.max_score)
    exercises = {lesson: [g for (le, g) in SOLUTIONS if le == lesson] for lesson in GRADED}
    full = {lesson: float(len(names)) for lesson, names in exercises.items()}
    for lesson in GRADED:
        assert scores["alice", lesson] == (full[lesson], full[lesson])
        lost = sum(name in WRONG for name in exercises[lesson])
        assert scores["bob", lesson] == (full[lesson] - lost, full[lesson])
        lost = sum(name in BROKEN_SCORES_ZERO for name in exercises[lesson])
        assert scores["carol", lesson] == (full[lesson] - lost, full[lesson])


@pytest.mark.slow
def test_a_slide_deck_shows_the_learner_edition_unless_asked_for_solutions(tmp_path):
    from nnlessons.course.slides import build_deck
    lesson = next(p for p in LESSON_PATHS if p.name.startswith("03"))
    learner = build_deck(lesson, tmp_path / "learner").read_text(encoding="utf-8")
    instructor = build_deck(lesson, tmp_path / "instructor", solutions=True).read_text(encoding="utf-8")
    assert "NotImplementedError" in learner and "BEGIN SOLUTION" not in learner
    assert "BEGIN SOLUTION" in instructor


@pytest.mark.slow
@pytest.mark.parametrize("lesson", ["00", "01", "03", "04"])
def test_the_learner_edition_runs_top_to_bottom(tmp_path, lesson):
    """Unanswered exercises say so; nothing else fails: only a stub raises (a prediction's cell
    runs: the learner writes it over the ``...``)."""
    import nbformat
    from nbclient import NotebookClient
    path, = editions.write_learner_edition(tmp_path, lessons=[lesson])
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    checks = 0
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
        meta = editions.nbgrader_meta(cell)
        if errors:
            assert meta.get("solution") and errors[0]["ename"] == "NotImplementedError", \
                f"{path.name}: a cell failed in the learner edition:\n{cell.source[:300]}"
        if meta.get("grade"):
            text = "".join(o.get("text", "") for o in cell.outputs if o["output_type"] == "stream")
            assert "Not yet:" in text and "Hint" not in text, text
            checks += 1
    assert checks >= 2
