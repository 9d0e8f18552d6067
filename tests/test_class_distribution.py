"""A class kit's hidden tests and the class distribution of the package (issue 25).

The hidden cell `nnlessons editions` writes is run here as a kernel would run it: in a fresh Python
process, after the student's own code; what it shows (its payload, its fixed error) is then judged
as `nnlessons grade` judges it, outside the kernel (`grading.verdict.judge`, with the kit's record).
Routes the issue and its review found (a rebound `exercises.grade`, a replaced module, a rebound
`np.allclose`, a stored-answer lookup, answers that change their inputs, a replaced checker file,
an answer that walks the grader's stack frames or reads the running cell, a forged payload) must
score nothing, the honest answer must pass, and a failure names the exercise and the kind only.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nnlessons.course import editions
from nnlessons.course.exercises import _all_exercises, exercise, hidden, kit
from nnlessons.course.grading import verdict
from nnlessons.course.lessons import find_lesson

SECRET = "0123456789abcdef0123456789abcdef"
MESSAGE = re.compile(r"^AssertionError: a hidden case failed: (\w+) "
                     r"\(([^()/\\\d]*?)(?: on a variant of (?:visible case \d+|an extra case))?\)$")


def kit_cell(lesson, name, secret=SECRET):
    """(the hidden test region of exercise ``name`` as the kit writes it, the kit's records)."""
    records = {}
    nb = kit.kit_notebook(json.loads(find_lesson(lesson).read_text(encoding="utf-8")), secret, records)
    for cell in nb["cells"]:
        text = editions.cell_text(cell)
        if editions.nbgrader_meta(cell).get("grade_id") == f"{name}_test":
            return text[text.index(editions.BEGIN_HIDDEN):], records
    raise LookupError(name)


def hidden_region(lesson, name, secret=SECRET):
    return kit_cell(lesson, name, secret)[0]


def run_kernel(code, pythonpath=None, cwd=None):
    """Run ``code`` in a fresh interpreter (a kernel of its own); -> (exit status, last line,
    stdout)."""
    env = dict(os.environ, OMP_NUM_THREADS="1")
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=cwd or Path(__file__).parent, timeout=120)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode, lines[-1] if lines else "", done.stdout


def kernel_outputs(status, last, stdout):
    """The outputs a notebook would hold: each payload the cell showed (outside a kernel, a line
    of stdout) and the error it ended with."""
    outputs = [{"output_type": "display_data", "data": {hidden.MIME: json.loads(line.split(" ", 1)[1])}}
               for line in stdout.splitlines() if line.startswith(hidden.MIME + " ")]
    if status != 0:
        ename, _, evalue = last.partition(": ")
        outputs.append({"output_type": "error", "ename": ename, "evalue": evalue, "traceback": [last]})
    return outputs


def graded(code, lesson, name, pythonpath=None):
    """What the grader decides for ``code`` followed by exercise ``name``'s hidden cell: None
    (passed) or the error line the graded cell ends with."""
    region, records = kit_cell(lesson, name)
    judged = verdict.judge(kernel_outputs(*run_kernel(code + "\n" + region, pythonpath)), [name], records)
    errors = [f"{o['ename']}: {o['evalue']}" for o in judged if o["output_type"] == "error"]
    assert len(errors) <= 1 and not any(verdict.is_payload(o) for o in judged), judged
    return errors[0] if errors else None


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
    # the routes that beat an in-kernel verdict: the grader's frames, the running cell
    "frame walk": ("""
import sys
def momentum_step(w, v, grad, lr, momentum):
    for depth in range(1, 12):
        try:
            local = sys._getframe(depth).f_locals
        except ValueError:
            break
        if "expected" in local:
            return local["expected"]
        if callable(local.get("reference")):
            return local["reference"](w, v, grad, lr, momentum)
        for value in local.values():
            if isinstance(value, dict) and "reference" in value:
                namespace = {"np": np}
                exec(value["reference"], namespace)
                return namespace["momentum_step"](w, v, grad, lr, momentum)
    return w, v
""", "wrong values"),
    "reads the running cell": ("""
import json, re
def momentum_step(w, v, grad, lr, momentum):
    cell = In[-1]    # IPython's list of the cells run, the running one last
    data = json.loads(eval(re.search(r"^    data = (.*)$", cell, re.M).group(1)))
    if "reference" in data:
        namespace = {"np": np}
        exec(data["reference"], namespace)
        return namespace["momentum_step"](w, v, grad, lr, momentum)
    for case in data["cases"]:
        if "expected" in case:
            return case["expected"]
    return w, v
""", "wrong values"),
}


@pytest.mark.parametrize("route", list(ROUTES))
def test_the_graded_cell_passes_only_a_solved_exercise(route):
    code, kind = ROUTES[route]
    region = hidden_region("08", "momentum_step")
    prelude = PRELUDE + f"In = [{region!r}]\n"     # as IPython holds the running cell
    last = graded(prelude + code, "08", "momentum_step")
    if kind is None:
        assert last is None, last
        return
    assert last is not None, f"{route}: the hidden test passed"
    match = MESSAGE.match(last)
    assert match and match.groups() == ("momentum_step", kind), last


def test_the_cell_alone_never_passes_and_carries_no_output_of_the_reference():
    """Plain nbgrader (no verdict step) sees the cell's fixed error: 0 marks, even for the right
    answer; the cell holds no reference source and no expected value."""
    region, records = kit_cell("08", "momentum_step")
    status, last, stdout = run_kernel(PRELUDE + MOMENTUM_RIGHT + region)
    assert status != 0 and last == f"AssertionError: {hidden.GRADED_OUTSIDE}"
    assert stdout.startswith(hidden.MIME)
    data = json.loads(records["momentum_step"]["data"])
    line = "velocity = momentum * v - lr * grad"     # the reference's own line
    assert line in data["reference"] and line not in region and '"expected"' not in region
    assert "reference" not in region and f"seed = {records['momentum_step']['seed']}" in region


def test_a_forged_missing_or_late_payload_fails():
    region, records = kit_cell("08", "momentum_step")
    outputs = kernel_outputs(*run_kernel(PRELUDE + MOMENTUM_RIGHT + region))
    assert verdict.judge(outputs, ["momentum_step"], records) == []
    payload, error = outputs[0]["data"][hidden.MIME], outputs[1]

    def judged(outputs):
        errors = [o["evalue"] for o in verdict.judge(outputs, ["momentum_step"], records)]
        assert sum(e.startswith("a hidden case failed") for e in errors) == 1, errors
        return errors[-1]

    def shown(payload):
        return {"output_type": "display_data", "data": {hidden.MIME: payload}}

    forged = json.loads(json.dumps(payload))
    forged["cases"][0]["result"] = forged["cases"][1]["result"]   # another case's right values
    assert judged([shown(forged), error]).startswith("a hidden case failed: momentum_step (wrong values")
    for broken in ({"name": "momentum_step"}, {**payload, "cases": payload["cases"][:-1]},
                   {**payload, "cases": [{"error": None, "result": {"t": "array", "npy": "!!"},
                                          "after": c["after"]} for c in payload["cases"]]}):
        assert judged([shown(broken), error]) == "a hidden case failed: momentum_step (no readable result)"
    no_result = "a hidden case failed: momentum_step (no result from the hidden test)"
    assert judged([error]) == no_result                              # no payload
    assert judged([shown({}), error]) == no_result                   # not a payload of this test
    assert judged([shown(payload)]) == no_result                     # the cell did not finish
    assert judged([error, shown(payload)]) == no_result              # shown after the cell's end
    died = {"output_type": "error", "ename": "KernelDied", "evalue": "stopped", "traceback": []}
    assert judged([shown(payload), error, died]) == no_result
    assert verdict.judge([shown(payload), error], ["momentum_step"], {})[0]["evalue"] == no_result
    # the last payload counts: a forged one shown before the cell's own is overruled
    assert verdict.judge([shown(forged), shown(payload), error], ["momentum_step"], records) == []
    assert judged([shown(payload), shown(forged), error]).endswith(
        "wrong values on a variant of visible case 1)")


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
    assert graded(PRELUDE + right, "05", "sgd_step") is None
    last = graded(PRELUDE + new_arrays, "05", "sgd_step")
    assert MESSAGE.match(last).group(2) == "wrong values after the step", last
    measured = "measured = {'small': 0.2, 'large': 0.9}\n"
    right_reason = _all_exercises()["batch_race"]["reason"]
    good = f"batch_race = {{'prediction': 'small', 'reason': {right_reason!r}}}\n"
    assert graded(PRELUDE + measured + good, "05", "batch_race") is None
    bad = "batch_race = {'prediction': 'small', 'reason': 'zz'}\n"
    last = graded(PRELUDE + measured + bad, "05", "batch_race")
    assert MESSAGE.match(last).group(2) == "wrong reason", last
    assert '"reason"' not in hidden_region("05", "batch_race")    # the right reason stays with the grader


def test_a_replaced_checker_file_is_refused(tmp_path):
    """A copy of the package whose hidden.py shows a payload of its own, first on the path: the
    SHA-256 the cell carries no longer matches."""
    package = kit.write_class_package(tmp_path)
    (package / "course" / "exercises" / "hidden.py").write_text(
        "def run(*args, **kwargs):\n    pass\n", encoding="utf-8")
    last = graded(PRELUDE + STUB, "08", "momentum_step", pythonpath=tmp_path)
    assert last == "AssertionError: the grader's checker was replaced: momentum_step", last


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
            assert entry.get("nudges", ["", ""])[1] == "", entry["name"]
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


def test_the_class_copy_holds_no_right_answer_of_a_value_or_predict_exercise(class_copy):
    """Student code that reads the class copy's data finds neither the expected value of a
    "predict, then run" exercise nor the right reason (or which way is better, or the replies to
    the wrong reasons, which name the right one by leaving it out) of a "predict, run, explain"."""
    from nnlessons.course.exercises import ANSWERS
    full = _all_exercises()
    data = class_copy / "nnlessons" / "course" / "exercises" / "data"
    shipped = {e["name"]: e for path in sorted(data.glob("*.json"))
               for e in json.loads(path.read_text(encoding="utf-8"))["exercises"]}
    assert set(shipped) == set(full)
    kinds = {e["kind"] for e in full.values()}
    assert {"value", "predict"} <= kinds and not kinds - {"value", "predict", "function", "fix", "derive"}
    answers = [name for name, e in full.items() if e["kind"] in ANSWERS]
    assert len(answers) >= 10
    for name in answers:
        entry, original = shipped[name], full[name]
        assert set(entry) == set(original) - set(ANSWERS[original["kind"]]), name
        text = json.dumps(entry)
        if original["kind"] == "value":
            assert json.dumps(original["expected"]) not in text, name
        else:
            assert sorted(entry["reasons"]) == sorted(original["reasons"]), name   # all choices kept
            replies = [r for pair in original["reason_hints"].values() for r in pair]
            for secret in replies + original["nudges"]:
                assert json.dumps(secret)[1:-1] not in text, name


CLASS_CHECKS = """
import json
from nnlessons.course import exercises
measured = {"small": 0.2, "large": 0.9}
for answer, given in [(100480, None), (1, None), ((784, 128), None), ("100480", None), (..., None),
                      (None, None), (float("nan"), None), (10 ** 400, None), (object(), None)]:
    print("layer_params", json.dumps(exercises.check("layer_params", answer).message))
for answer, given in [({"prediction": "small", "reason": "RIGHT"}, measured),
                      ({"prediction": "small", "reason": "a"}, measured),
                      ({"prediction": "large", "reason": "d"}, measured),
                      ({"prediction": "medium", "reason": "a"}, measured),
                      ({"prediction": "small", "reason": "z"}, measured),
                      ({"prediction": "small"}, measured),
                      ({"prediction": "small", "reason": "a"}, None),
                      ({"prediction": "small", "reason": "a"}, {"small": "fast", "large": 0.9}),
                      ("small", measured)]:
    print("batch_race", json.dumps(exercises.check("batch_race", answer, measured=given).message))
try:
    exercises.grade("layer_params", 100480)
except AssertionError as error:
    print("grade", json.dumps(str(error)))
"""


def test_in_the_class_copy_a_value_or_predict_check_records_without_a_verdict(class_copy):
    """The same neutral message for a right and a wrong well-formed answer; malformed ones (the
    wrong type, a key missing, a choice not among the options or reasons) still get told."""
    right = _all_exercises()["batch_race"]["reason"]
    done = subprocess.run([sys.executable, "-c", CLASS_CHECKS.replace("RIGHT", right)],
                          capture_output=True, text=True, cwd=class_copy,
                          env=dict(os.environ, PYTHONPATH=str(class_copy)))
    assert done.returncode == 0, done.stderr
    said = [line.split(" ", 1) for line in done.stdout.splitlines() if line.split(" ")[0] in
            ("layer_params", "batch_race", "grade")]
    said = [(name, json.loads(text)) for name, text in said]
    value = [m for name, m in said if name == "layer_params"]
    predict = [m for name, m in said if name == "batch_race"]
    recorded = ("Recorded: your answer is well formed. Whether it is right is marked when your "
                "lecturer grades this notebook.")
    assert value[:3] == [recorded] * 3 and predict[:3] == [recorded] * 3
    assert all(m.startswith("Not yet: write your prediction as a number") for m in value[3:4] + value[5:])
    assert value[4].startswith("Not yet: write your prediction in place of ...")
    assert "not one of the options" in predict[3] and "choose the reason" in predict[4]
    assert "choose the reason" in predict[5] and "write your prediction first" in predict[8]
    assert "run the experiment cell first" in predict[6] and "not a number" in predict[7]
    assert not any("Correct" in m or "Hint" in m for m in value + predict)
    assert said[-1][0] == "grade" and "marked when your lecturer grades" in said[-1][1]


@pytest.mark.parametrize("copy", ["class copy", "self-study"])
def test_a_value_or_predict_answer_is_still_marked_by_the_grader(copy, class_copy):
    """The kernel may run the class copy (no right answers): the verdict comes from the kit's
    record, so a right prediction scores and a wrong one does not."""
    path = class_copy if copy == "class copy" else None
    assert graded(PRELUDE + "layer_params = 100480\n", "01", "layer_params", path) is None
    last = graded(PRELUDE + "layer_params = 100352\n", "01", "layer_params", path)
    assert MESSAGE.match(last).groups() == ("layer_params", "wrong prediction"), last
    measured = "measured = {'small': 0.2, 'large': 0.9}\n"
    right = _all_exercises()["batch_race"]["reason"]
    for reason, wrong in [(right, None), ("a" if right != "a" else "b", "wrong reason")]:
        answer = f"batch_race = {{'prediction': 'small', 'reason': {reason!r}}}\n"
        last = graded(PRELUDE + measured + answer, "05", "batch_race", path)
        assert (last is None) if wrong is None else MESSAGE.match(last).group(2) == wrong, last
    answer = f"batch_race = {{'prediction': 'large', 'reason': {right!r}}}\n"
    last = graded(PRELUDE + measured + answer, "05", "batch_race", path)
    assert MESSAGE.match(last).group(2) == "wrong prediction", last


def test_the_self_study_check_of_a_value_or_predict_exercise_is_unchanged(capsys):
    from nnlessons.course import exercises
    assert exercises.check("layer_params", 100480)
    assert not exercises.check("layer_params", 100352)
    assert "Hint 1: those are the weights only" in capsys.readouterr().out
    measured = {"small": 0.2, "large": 0.9}
    right = _all_exercises()["batch_race"]["reason"]
    assert exercises.check("batch_race", {"prediction": "small", "reason": right}, measured=measured)
    assert not exercises.check("batch_race", {"prediction": "large", "reason": right}, measured=measured)
    exercises.grade("layer_params", 100480)
    with pytest.raises(AssertionError):
        exercises.grade("layer_params", 1)
    with pytest.raises(RuntimeError, match="self-study install"):
        os.environ["NNLESSONS_DISTRIBUTION"] = "class"
        try:
            kit.kit_notebook({"cells": []}, SECRET)
        finally:
            del os.environ["NNLESSONS_DISTRIBUTION"]


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
