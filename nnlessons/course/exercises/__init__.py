"""Self-checking exercises: write the function, then check it.

    def relu(z):
        return np.maximum(z, 0)

    exercises.check("relu", relu)     # prints "Correct: ..." or "Not yet: for z = ... expected ..."

A check runs your function on stored cases (non-square shapes, asymmetric labels, values of ±1000
with overflow counted as a failure), prints one verdict and never raises. A wrong answer earns a
hint in two tiers: the first failing run gives a nudge, the next ones (or ``hint(2)``) say more.
``solution(name)`` shows the reference answer from the lesson's instructor notebook, once you
have tried. ``grade(name, fn)`` is a silent version for self-study: it raises AssertionError when
the answer is wrong, on the visible and the stored extra cases. A class kit grades differently: its
hidden cells load ``hidden.py`` afresh and grade on fresh cases (see ``hidden.py``), and the class
distribution of the package has no extra cases, no ``solution()``, no right answer of a "predict"
exercise (its check only says whether the answer is well formed) and may show the nudge only.

"Predict, then run" exercises take a value instead of a function: ``check("layer_params", 100480)``.
"Predict, run, explain" exercises take the prediction and the learner's own measurement:
``check("batch_race", {"prediction": "small", "reason": "b"}, measured=measured)``.
"Find the bug" exercises take the repaired function; "derive" ones the closed form, compared with
finite differences (or a measurement) rather than with a reference solution.
Every exercise of the course: ``catalogue()``.
"""
import json
from functools import lru_cache
from pathlib import Path

from ..distribution import hint_tiers, is_class
from .checker import (WIDTH, Verdict, check_prediction, check_value, planted_bug_result,
                      recorded_problem, run_case, wrap)

__all__ = ["check", "grade", "hint", "solution", "catalogue", "Verdict", "WIDTH"]

DATA = Path(__file__).resolve().parent / "data"
_failures = {}   # exercise name -> failed checks so far in this kernel
_hints = {}      # exercise name -> the two hint tiers of its last failure
_last = []       # the name of the exercise checked last
_tried = set()   # exercises with a real attempt (not the stub) checked in this kernel


@lru_cache(maxsize=None)
def _all_exercises():
    """Every exercise's stored data; in the class distribution (or with
    NNLESSONS_DISTRIBUTION=class) as a class holds it, see ``class_entry``."""
    found = {}
    for path in sorted(DATA.glob("[0-9][0-9].json")):
        for entry in json.loads(path.read_text(encoding="utf-8"))["exercises"]:
            found[entry["name"]] = class_entry(entry, hint_tiers()) if is_class() else entry
    return found


# What gives away the right answer of a "predict, then run" or a "predict, run, explain" exercise
# (the expected value, the right reason, which way is better, the replies to each wrong one): the
# class distribution leaves it out; a kit's grader has it in its private record.
ANSWERS = {"value": ("expected", "mistakes", "nudges"),
           "predict": ("reason", "better", "reason_hints", "nudges")}


def class_entry(entry, hints=2):
    """An exercise's data as the class distribution holds it: the visible cases only (and each
    mistake's results on them), no right answer of a "value" or "predict" exercise (``ANSWERS``);
    with ``hints=1`` every second hint tier is gone."""
    entry = json.loads(json.dumps(entry))
    for key in ANSWERS.get(entry["kind"], ()):
        entry.pop(key, None)
    if hints == 1 and "nudges" in entry:
        entry["nudges"][1] = ""
        for mistake in entry.get("mistakes", []):
            mistake["hints"][1] = ""
        for pair in entry.get("reason_hints", {}).values():
            pair[1] = ""
    if "cases" in entry:
        keep = [i for i, case in enumerate(entry["cases"]) if not case["hidden"]]
        entry["cases"] = [entry["cases"][i] for i in keep]
        for mistake in entry.get("mistakes", []):
            mistake["results"] = [mistake["results"][i] for i in keep]
    return entry


def _entry(name):
    """The stored data of exercise ``name``, extra (hidden) cases included: for the checkers."""
    exercises = _all_exercises()
    if name not in exercises:
        known = ", ".join(sorted(exercises))
        raise KeyError(f"no exercise called {name!r}; the exercises are: {known}")
    return exercises[name]


def exercise(name):
    """What exercise ``name`` shows a learner: a copy of its data with the visible cases only
    (their inputs and expected results), its kind, flags and concept; no hints or mistakes."""
    entry = _entry(name)
    shown = {k: json.loads(json.dumps(v)) for k, v in entry.items()
             if k not in ("cases", "mistakes", "nudges", "reason_hints", "reason")}
    if "cases" in entry:
        shown["cases"] = [json.loads(json.dumps(c)) for c in entry["cases"] if not c["hidden"]]
    return shown


def catalogue():
    """[(lesson, name, kind, concept)] of every exercise, in lesson order."""
    return [(e["lesson"], e["name"], e["kind"], e["concept"]) for e in _all_exercises().values()]


def _outcome(entry, answer, hidden, measured=None):
    """None if ``answer`` passes every case (the hidden ones too when ``hidden``), else
    (problem, hints)."""
    if entry["kind"] == "predict":
        return check_prediction(entry, answer, measured)
    if entry["kind"] == "value":
        if answer is Ellipsis:
            return "write your prediction in place of ... (then run this check again)", None
        return check_value(entry, answer)
    if not callable(answer):
        return (f"pass your function itself, e.g. exercises.check({entry['name']!r}, "
                f"{entry['name']}); got {type(answer).__name__}", None)
    for index, case in enumerate(entry["cases"]):
        if hidden or not case["hidden"]:
            problem = run_case(entry, answer, index)
            if problem:
                return problem
    return None


def check(name, answer, measured=None):
    """Check your answer to exercise ``name``: prints the verdict (with a hint when it is wrong)
    and returns a Verdict, truthy when correct. Never raises. ``measured``: for a "predict, run,
    explain" exercise, the numbers your run of the experiment gave."""
    entry = _entry(name)
    _last[:] = [name]
    if is_class() and entry["kind"] in ANSWERS:
        return _recorded(entry, answer, measured)
    outcome = _outcome(entry, answer, hidden=False, measured=measured)
    if outcome is None or outcome[1] is not None:
        _tried.add(name)
    if outcome is None:
        if entry["kind"] == "value":
            detail = "that is what the code gives"
        elif entry["kind"] == "predict":
            detail = (f"your prediction matches your own measurement, and the reason is the one it "
                      f"shows: {entry['reasons'][entry['reason']]}")
        else:
            cases = sum(not c["hidden"] for c in entry["cases"])
            detail = f"{cases} case{'s' * (cases != 1)} pass"
            if entry["kind"] == "derive":
                detail += f": your closed form agrees with {entry['verify_note']}"
            elif entry["kind"] == "fix" and planted_bug_result(entry):
                detail += f" (and {planted_bug_result(entry)})"
        print(wrap(f"Correct: {detail}."))
        return Verdict(True, f"Correct: {detail}.")
    problem, hints = outcome
    if hints is None:
        print(wrap(f"Not yet: {problem}."))
        return Verdict(False, f"Not yet: {problem}.")
    failures = _failures[name] = _failures.get(name, 0) + 1
    _hints[name] = tuple(hints)[:hint_tiers()] + ("",) * (2 - hint_tiers())
    tiers = hint_tiers()
    tier = min(failures, tiers)
    message = f"Not yet: {problem}"
    if hints[tier - 1]:
        message += f"\nHint {tier}: {hints[tier - 1]}"
    if tier == 1 and tiers == 2:
        message += ("\n(A bigger hint: run the check again after your next try, or call "
                    "exercises.hint(2).)")
    elif not is_class():
        message += f"\n(Still stuck after trying? exercises.solution({name!r}) shows the reference.)"
    print(wrap(message))
    return Verdict(False, message, hints)


def _recorded(entry, answer, measured):
    """The class distribution's check of a "value" or "predict" answer: its right answer stays with
    the lecturer, so no verdict and no hint, only whether the answer is well formed."""
    problem = recorded_problem(entry, answer, measured)
    if problem:
        message = f"Not yet: {problem}."
    else:
        message = ("Recorded: your answer is well formed. Whether it is right is marked when your "
                   "lecturer grades this notebook.")
    print(wrap(message))
    return Verdict(False, message)


def hint(level=2, name=None):
    """Print hint tier ``level`` (1 or 2) for the last failed check of ``name`` (default: the
    exercise checked last)."""
    name = name or (_last[0] if _last else None)
    if name is None or not _hints.get(name):
        print(wrap("Run a check first: the hint depends on what your answer got wrong."))
        return
    if level not in (1, 2):
        raise ValueError(f"hint level is 1 (a nudge) or 2 (more), got {level!r}")
    if level > hint_tiers():
        print(wrap("Your lecturer has set this course to the first hint only: exercises.hint(1)."))
        return
    print(wrap(f"Hint {level} for {name}: {_hints[name][level - 1]}"))


def grade(name, answer, measured=None):
    """The autograder's check: silent when ``answer`` passes every case, visible and hidden;
    raises AssertionError naming what is wrong otherwise."""
    entry = _entry(name)
    if is_class() and entry["kind"] in ANSWERS:
        raise AssertionError(f"{name}: marked when your lecturer grades this notebook (the right "
                             "answer is not in the class copy)")
    outcome = _outcome(entry, answer, hidden=True, measured=measured)
    if outcome is not None:
        raise AssertionError(f"{name}: {outcome[0]}")


def solution(name):
    """Print the reference solution of exercise ``name`` from the lesson's instructor notebook,
    after you have tried it at least once (run its check first). Not in a class: ask your
    lecturer."""
    if is_class():
        print(wrap("In this course the reference solutions stay with your lecturer: the hints of "
                   f"exercises.check({name!r}, ...) are what there is. Ask in class."))
        return
    if name not in _tried:
        print(wrap(f"Try {name} first: write your answer and run its check. If it still fails "
                   f"after that, exercises.solution({name!r}) shows the reference."))
        return
    from ..regions import reference_solution
    print(reference_solution(_entry(name)["lesson"], name))
