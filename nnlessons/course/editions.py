"""The editions of the series, all made from the instructor notebooks in ``notebooks/``.

- **instructor**: the notebooks as they are, solutions and outputs included.
- **learner**: what ``python -m nnlessons lab`` opens: every solution region replaced by a stub,
  hidden tests removed, the exercise cells' outputs cleared; every other output (figures, tables)
  kept, so a lesson reads before it is run.
- **student** (for a class): nbgrader's ``generate_assignment`` on each lesson, which also clears
  every output and records the tests for ``nbgrader autograde``.

Regions are marked the nbgrader way, inside code cells:

    def relu(z):
        ### BEGIN SOLUTION
        return np.maximum(z, 0)
        ### END SOLUTION

    ### BEGIN HIDDEN TESTS
    exercises.grade("relu", relu)
    ### END HIDDEN TESTS

The regions and cell helpers live in ``regions`` (re-exported here); a class kit's hidden cells
and the class copy of the package in ``exercises.kit``. Standard library only; nbgrader is
imported by nothing, only run as a command.
"""
import json
import shutil
import subprocess
import sys
from pathlib import Path

from .lessons import lesson_files
from .regions import (BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION,  # noqa: F401
                      cell_text, nbgrader_meta, reference_solution, replace_regions, set_text,
                      solution_lines)

STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")  # nbgrader's default stub, line by line
PREDICTION_STUB = "# write your prediction above, in place of ..."


def is_prediction(text, body):
    """Is this region a prediction's answer: only assignments to names the cell first sets to a
    placeholder with ``...`` (``gradient_ratio = ...`` above the region)?"""
    code = [line.strip() for line in body if line.strip() and not line.strip().startswith("#")]
    names = [line.split("=")[0].strip() for line in code if "=" in line]
    head = text.split(BEGIN_SOLUTION)[0]
    return bool(code) and len(names) == len(code) and all(
        name.isidentifier() and any(line.startswith(f"{name} =") and "..." in line
                                    for line in head.splitlines()) for name in names)


def without_solutions(text):
    """The learner's version of a cell: each solution region becomes nbgrader's stub, except a
    prediction's (the learner writes it over the ``...`` placeholder above), which becomes a
    comment, so the cell runs once the prediction is written."""
    return replace_regions(text, BEGIN_SOLUTION, END_SOLUTION,
                           lambda indent, body: [indent + PREDICTION_STUB] if is_prediction(text, body)
                           else [indent + line for line in STUB])


def without_hidden_tests(text):
    return replace_regions(text, BEGIN_HIDDEN, END_HIDDEN, lambda indent, body: []).rstrip("\n")


def is_exercise_cell(cell):
    """A solution cell or a test cell: the learner edition clears their outputs."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("solution") or meta.get("grade"))


def learner_notebook(nb):
    """A copy of notebook ``nb`` (a dict) as the learner edition shows it."""
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        text = cell_text(cell)
        if BEGIN_SOLUTION in text or BEGIN_HIDDEN in text or is_exercise_cell(cell):
            set_text(cell, without_hidden_tests(without_solutions(text)))
            cell["outputs"], cell["execution_count"] = [], None
    return nb


def write_learner_edition(out_dir, source_dir=None, lessons=None, overwrite=False):
    """Write the learner edition of every lesson (or of ``lessons``, e.g. ["03"]) into ``out_dir``.

    A lesson already there is kept as it is (it may hold the learner's work) unless ``overwrite``.
    Returns the paths written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in lesson_files(source_dir):
        if lessons and path.name[:2] not in lessons:
            continue
        target = out_dir / path.name
        if target.exists() and not overwrite:
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        target.write_text(json.dumps(learner_notebook(nb), indent=1, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        written.append(target)
    return written


# --- for a class: nbgrader -------------------------------------------------------------------
NBGRADER_CONFIG = '''\
# nbgrader's settings for an nnlessons class; see README, "Teaching with nnlessons".
# Every path is found from this file's own place, so the kit can be moved or zipped and graded
# elsewhere: `nnlessons grade KIT` (or `cd KIT/course && python -m nbgrader ...`).
import os
c = get_config()  # noqa: F821 - provided by nbgrader
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "nnlessons"
# nbgrader's exchange (release_assignment, fetch, submit, collect) in KIT/exchange: for students
# who are accounts on this machine; otherwise copy submissions into course/submitted/STUDENT/lesson_NN/.
c.Exchange.root = os.path.join(os.path.dirname(c.CourseDirectory.root), "exchange")
c.ClearSolutions.code_stub = {{"python": {stub!r}}}
c.Execute.timeout = {timeout}            # seconds per cell when autograding (a loop forever scores 0)
c.Execute.interrupt_on_timeout = True
'''


def assignment_name(lesson_path):
    """'lesson_03' for 03_activation_functions.ipynb: one nbgrader assignment per lesson."""
    return f"lesson_{Path(lesson_path).name[:2]}"


def make_course(out_dir, lessons=None, source_dir=None, timeout=60, hints=2):
    """Build a class kit in ``out_dir``: ``course/`` (an nbgrader course folder with the
    instructor notebooks as sources), ``student/`` (the student edition, by nbgrader's
    generate_assignment: stubs, no outputs, no hidden tests), ``instructor/`` (solutions and
    outputs) and ``class/nnlessons/``, the package as students get it (``exercises.kit``: no stored
    hidden case, no solution, hints up to tier ``hints``). Each hidden test runs the answer on fresh
    inputs from a seed of the kit's secret (``course/.nnlessons_secret``); the seeds and references
    stay in ``course/.nnlessons_hidden/`` for the grader (``nnlessons grade``).
    Returns {"course": ..., "student": ..., "instructor": ..., "class": ...} paths."""
    from .exercises.kit import kit_notebook, kit_secret, write_class_package, write_records
    out_dir = Path(out_dir).resolve()
    course, student, instructor = out_dir / "course", out_dir / "student", out_dir / "instructor"
    for folder in (course, student, instructor):
        folder.mkdir(parents=True, exist_ok=True)
    course.chmod(0o700)      # the sources with their hidden tests, the gradebook, submissions
    instructor.chmod(0o700)  # the solutions
    (course / "nbgrader_config.py").write_text(NBGRADER_CONFIG.format(
        stub="\n".join(STUB), timeout=int(timeout)), encoding="utf-8")
    for path in lesson_files(source_dir):
        if lessons and path.name[:2] not in lessons:
            continue
        name = assignment_name(path)
        (course / "source" / name).mkdir(parents=True, exist_ok=True)
        records = {}   # the hidden tests' seeds and references: the grader's, never the kernel's
        kit_text = json.dumps(kit_notebook(json.loads(path.read_text(encoding="utf-8")),
                                           kit_secret(course), records), indent=1, ensure_ascii=False) + "\n"
        write_records(course, name, records)
        (course / "source" / name / path.name).write_text(kit_text, encoding="utf-8")
        (instructor / path.name).write_text(kit_text, encoding="utf-8")
        run_nbgrader(course, "generate_assignment", name, "--force")
        shutil.copy2(course / "release" / name / path.name, student / path.name)
    package = write_class_package(out_dir / "class", hints=hints)
    return {"course": course, "student": student, "instructor": instructor, "class": package.parent}


def run_nbgrader(course, *args):
    """``python -m nbgrader ARGS`` in the course folder; raises with nbgrader's output on failure."""
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                          capture_output=True, text=True)
    if done.returncode != 0:
        if "No module named nbgrader" in done.stderr:
            raise RuntimeError("nbgrader is not installed: pip install nbgrader (or the test "
                               "extra, pip install -e '.[test]')")
        raise RuntimeError(f"nbgrader {' '.join(args)} failed (exit {done.returncode}):\n"
                           f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout + done.stderr


def distinctive_lines(text):
    """The solution lines a leak check looks for: stripped, not comments, long enough to be
    distinctive (``return out`` is not)."""
    return [line.strip() for line in solution_lines(text)
            if len(line.strip()) >= 16 and not line.strip().startswith("#")]

