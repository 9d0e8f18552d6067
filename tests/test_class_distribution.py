"""A class kit's hidden tests and the class distribution of the package (issue 25, part 1).

The hidden cell `nnlessons editions` writes is run here as a kernel would run it: in a fresh Python
process, after the student's own code, with the routes the issue found (a rebound
`exercises.grade`, a replaced module, a rebound `np.allclose`, a stored-answer lookup, answers that
change their inputs, a replaced checker file). Each must score nothing, the honest answer must
pass, and what a failure says must name the exercise and the kind of failure only.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nnlessons.course import editions
from nnlessons.course.exercises import _all_exercises, exercise, kit
from nnlessons.course.lessons import find_lesson

SECRET = "0123456789abcdef0123456789abcdef"
MESSAGE = re.compile(r"^AssertionError: a hidden case failed: (\w+) "
                     r"\(([^()/\\\d]*?)(?: on a variant of (?:visible case \d+|an extra case))?\)$")


def hidden_region(lesson, name, secret=SECRET):
    """The hidden test of exercise ``name`` as the kit writes it (the region's lines)."""
    nb = kit.kit_notebook(json.loads(find_lesson(lesson).read_text(encoding="utf-8")), secret)
    for cell in nb["cells"]:
        text = editions.cell_text(cell)
        if editions.nbgrader_meta(cell).get("grade_id") == f"{name}_test":
            return text[text.index(editions.BEGIN_HIDDEN):]
    raise LookupError(name)


def run_kernel(code, pythonpath=None, cwd=None):
    """Run ``code`` in a fresh interpreter (a kernel of its own); -> (exit status, last line)."""
    env = dict(os.environ, OMP_NUM_THREADS="1")
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=cwd or Path(__file__).parent, timeout=120)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode, lines[-1] if lines else ""


PRELUDE = "import numpy as np\nfrom nnlessons.course import exercises\n"
MOMENTUM_RIGHT = """
def momentum_step(w, v, grad, lr, momentum):
    v_new = momentum * v - lr * grad
    return w + v_new, v_new
"""
STUB = """
def momentum_step(w, v, grad, lr, momentum):
    raise NotImplementedError()
"""
ROUTES = {
    "honest": (MOMENTUM_RIGHT, None),
    "stub": (STUB, "still the stub"),
    "grade rebound": ("exercises.grade = lambda *a, **k: None\n"
                      "exercises.check = lambda *a, **k: True\n" + STUB, "still the stub"),
    "module replaced": ("import sys, types\nfake = types.ModuleType('nnlessons.course.exercises')\n"
                        "fake.grade = fake.check = lambda *a, **k: None\n"
                        "sys.modules['nnlessons.course.exercises'] = fake\n"
                        "sys.modules['nnlessons'] = types.ModuleType('nnlessons')\n" + STUB,
                        "still the stub"),
    "allclose rebound": ("np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n"
                         "np.array_equal = lambda *a, **k: True\n"
                         "def momentum_step(w, v, grad, lr, momentum):\n    return w, v\n",
                         "NumPy's functions were replaced in this notebook"),
    "maximum swapped": ("np.multiply = np.add\n" + MOMENTUM_RIGHT,
                        "NumPy's functions were replaced in this notebook"),
    "stored lookup": ("""
from nnlessons.course.exercises.encoding import decode
STORED = [(decode(c["args"]), decode(c["expected"])) for c in exercises.exercise("momentum_step")["cases"]]
def momentum_step(w, v, grad, lr, momentum):
    for args, expected in STORED:
        if np.array_equal(args[0], w) and np.array_equal(args[2], grad):
            return expected
    return w, v
""", "wrong values"),
    "in place": ("""
def momentum_step(w, v, grad, lr, momentum):
    v *= momentum
    v -= lr * grad
    w += v
    return w, v
""", "changed its input arrays"),
    "flipped convention": ("""
def momentum_step(w, v, grad, lr, momentum):
    v_new = momentum * v + lr * grad
    return w - v_new, v_new
""", "wrong values"),
}


@pytest.mark.parametrize("route", list(ROUTES))
def test_the_hidden_cell_grades_only_a_solved_exercise(route):
    code, kind = ROUTES[route]
    status, last = run_kernel(PRELUDE + code + "\n" + hidden_region("08", "momentum_step"))
    if kind is None:
        assert status == 0, last
        return
    assert status != 0, f"{route}: the hidden test passed"
    match = MESSAGE.match(last)
    assert match and match.groups() == ("momentum_step", kind), last


def test_the_in_place_and_predict_exercises_of_lesson_05():
    right = """
def sgd_step(params, grads, lr):
    for key in params:
        params[key] -= lr * grads[key]
"""
    new_arrays = """
def sgd_step(params, grads, lr):
    return {key: params[key] - lr * grads[key] for key in params}
"""
    region = hidden_region("05", "sgd_step")
    assert run_kernel(PRELUDE + right + region)[0] == 0
    status, last = run_kernel(PRELUDE + new_arrays + region)
    assert status != 0 and MESSAGE.match(last).group(2) == "wrong values after the step", last
    race = hidden_region("05", "batch_race")
    measured = "measured = {'small': 0.2, 'large': 0.9}\n"
    right_reason = _all_exercises()["batch_race"]["reason"]
    good = f"batch_race = {{'prediction': 'small', 'reason': {right_reason!r}}}\n"
    assert run_kernel(PRELUDE + measured + good + race)[0] == 0
    bad = "batch_race = {'prediction': 'small', 'reason': 'zz'}\n"
    status, last = run_kernel(PRELUDE + measured + bad + race)
    assert status != 0 and MESSAGE.match(last).group(2) == "wrong reason", last


def test_a_replaced_checker_file_is_refused(tmp_path):
    """A copy of the package whose hidden.py passes everything, first on the path: the SHA-256
    the cell carries no longer matches."""
    package = kit.write_class_package(tmp_path)
    (package / "course" / "exercises" / "hidden.py").write_text(
        "def grade(*args, **kwargs):\n    pass\n", encoding="utf-8")
    status, last = run_kernel(PRELUDE + STUB + hidden_region("08", "momentum_step"),
                              pythonpath=tmp_path)
    assert status != 0 and last == ("AssertionError: the grader's checker was replaced: "
                                    "momentum_step"), last


def test_each_kit_draws_its_own_cases_and_the_cell_keeps_its_secrets_inside_the_region():
    one, other = hidden_region("08", "adam_step"), hidden_region("08", "adam_step", "f" * 32)
    seeds = [re.search(r"^    seed = 0x([0-9a-f]{32})$", r, re.M).group(1) for r in (one, other)]
    assert seeds[0] != seeds[1]
    assert re.search(r'^    sha = "[0-9a-f]{64}"$', one, re.M)
    assert one.rstrip().endswith(editions.END_HIDDEN)
    assert SECRET not in one      # the cell carries seeds derived from the secret, not the secret
    student = editions.without_hidden_tests(one)
    assert "seed" not in student and "reference" not in student


def test_the_public_exercise_data_shows_the_visible_cases_only():
    for name, entry in _all_exercises().items():
        shown = exercise(name)
        assert not {"mistakes", "nudges", "reason_hints", "reason"} & set(shown), name
        if "cases" in entry:
            assert shown["cases"] == [c for c in entry["cases"] if not c["hidden"]], name


@pytest.fixture(scope="module")
def class_copy(tmp_path_factory):
    out = tmp_path_factory.mktemp("class")
    kit.write_class_package(out, hints=1)
    return out


def test_the_class_copy_holds_no_hidden_case_no_second_hint_no_notebook(class_copy):
    package = class_copy / "nnlessons"
    assert not list(package.rglob("*.ipynb"))
    assert not (package / "course" / "exercises" / "kit.py").exists()
    assert json.loads((package / "course" / "distribution.json").read_text()) == {
        "distribution": "class", "hints": 1}
    for path in sorted((package / "course" / "exercises" / "data").glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8"))["exercises"]:
            cases = entry.get("cases", [])
            assert not any(c["hidden"] for c in cases), entry["name"]
            assert entry["nudges"][1] == "", entry["name"]
            for mistake in entry.get("mistakes", []):
                assert mistake["hints"][1] == "" and len(mistake.get("results", cases)) == len(cases)
            assert all(pair[1] == "" for pair in entry.get("reason_hints", {}).values())
    assert (package / "course" / "exercises" / "hidden.py").read_bytes() == \
        kit.HIDDEN_PY.read_bytes()


def test_in_the_class_copy_there_is_no_solution_and_only_the_nudge(class_copy):
    code = """
import nnlessons
from nnlessons.course import exercises, editions, lessons
print(nnlessons.__file__)
wrong = lambda z: z
exercises.check("relu", wrong); exercises.check("relu", wrong); exercises.hint(2)
exercises.solution("relu")
print(editions.reference_solution("03", "relu"))
print("notebooks:", lessons.notebooks_dir().exists())
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(class_copy)), cwd=class_copy)
    out = done.stdout
    assert done.returncode == 0, done.stderr
    assert out.startswith(str(class_copy)), out
    assert "Hint 1" in out and "Hint 2" not in out and "first hint only" in out
    assert "stay with your lecturer" in out and "not on this machine" in out
    assert "notebooks: False" in out and "def relu" not in out


def test_the_environment_setting_only_tightens_a_self_study_install():
    code = """
from nnlessons.course import exercises, lessons
entries = exercises._all_exercises().values()
print("hidden:", sum(c["hidden"] for e in entries for c in e.get("cases", [])))
exercises.check("relu", lambda z: z); exercises.check("relu", lambda z: z)
exercises.solution("relu")
print("notebooks:", lessons.notebooks_dir().exists())
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=dict(os.environ, NNLESSONS_DISTRIBUTION="class"))
    out = done.stdout
    assert done.returncode == 0, done.stderr
    assert "hidden: 0" in out and "stay with your lecturer" in out and "notebooks: False" in out
    assert "Hint 2" in out    # the hint tiers are the class copy's setting, two by default


@pytest.mark.slow
def test_the_class_copy_builds_a_wheel_without_hidden_cases_or_notebooks(tmp_path):
    """`pip install KIT/class` is how a hub gives students the class distribution."""
    import zipfile
    kit.write_class_package(tmp_path / "class")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "-q", "-w", str(tmp_path / "wheel"), str(tmp_path / "class")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    wheel, = (tmp_path / "wheel").glob("nnlessons-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "nnlessons/course/distribution.json" in names
        assert "nnlessons/course/exercises/hidden.py" in names
        assert not [n for n in names if n.endswith(".ipynb") or n.endswith("exercises/kit.py")]
        data = [n for n in names if "/exercises/data/" in n and n.endswith(".json")]
        assert len(data) == len(list(kit.DATA.glob("[0-9][0-9].json")))
        for name in data:
            document = json.loads(archive.read(name))
            assert not any(c["hidden"] for e in document["exercises"] for c in e.get("cases", []))
