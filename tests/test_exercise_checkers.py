"""Every exercise's checker rejects typical wrong answers and accepts correct ones written in
other ways (tests/exercise_answers/lesson_NN.py), answers each spec'd mistake with its own hint,
never raises, and prints lines that fit a notebook."""
import importlib
import sys
from pathlib import Path

import pytest

from nnlessons.course import exercises as ex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from exercise_specs.build import specs  # noqa: E402

CATALOGUE = ex.catalogue()
NAMES = [name for _, name, _, _ in CATALOGUE]


def answers(lesson, which):
    module = importlib.import_module(f"exercise_answers.lesson_{lesson}")
    return getattr(module, which)


KINDS = {name: kind for _, name, kind, _ in CATALOGUE}


def _call(how, name, answer):
    """check or grade an answer; a "predict" exercise's answers are (answer, measured) pairs."""
    if KINDS[name] == "predict":
        answer, measured = answer
        return how(name, answer, measured=measured)
    return how(name, answer)


def _check(capsys, name, answer):
    verdict = _call(ex.check, name, answer)
    printed = capsys.readouterr().out
    assert all(len(line) <= ex.WIDTH for line in printed.splitlines()), printed
    return verdict, printed


def _grades(name, answer):
    try:
        _call(ex.grade, name, answer)
    except AssertionError:
        return False
    return True


def test_every_lesson_has_two_or_more_exercises():
    from lesson_list import LESSONS
    per_lesson = {lesson[:2]: 0 for lesson in LESSONS}
    for lesson, *_ in CATALOGUE:
        per_lesson[lesson] += 1
    assert all(n >= 2 for n in per_lesson.values()), per_lesson


@pytest.mark.parametrize("lesson, name", [(lesson, name) for lesson, name, _, _ in CATALOGUE])
def test_six_typical_mistakes_are_rejected_and_two_right_answers_pass(capsys, lesson, name):
    wrong, right = answers(lesson, "WRONG")[name], answers(lesson, "RIGHT")[name]
    assert len(wrong) >= 6 and len(right) >= 2, f"{name}: 6 wrong and 2 right answers needed"
    for i, answer in enumerate(wrong):
        verdict, printed = _check(capsys, name, answer)
        assert not verdict and printed.startswith("Not yet"), f"{name}: wrong answer {i} passed"
        assert not _grades(name, answer), f"{name}: the grader accepted wrong answer {i}"
    for i, answer in enumerate(right):
        verdict, printed = _check(capsys, name, answer)
        assert verdict, f"{name}: right answer {i} was rejected:\n{printed}"
        assert _grades(name, answer), f"{name}: the grader rejected right answer {i}"


@pytest.mark.parametrize("lesson, name", [(lesson, name) for lesson, name, _, _ in CATALOGUE])
def test_each_specified_mistake_earns_its_own_hint(capsys, lesson, name):
    spec = {s.name: s for s in specs(lesson)}[name]
    if spec.kind == "predict":
        answer, measured = answers(lesson, "RIGHT")[name][0]
        for letter, hints in spec.reason_hints.items():
            verdict, printed = _check(capsys, name, ({**answer, "reason": letter}, measured))
            assert not verdict and verdict.hints == tuple(hints), \
                f"{name}: reason {letter!r} should earn {hints[0]!r}, got {printed}"
        return
    for mistake in ([spec.bug] if spec.kind == "fix" else []) + spec.mistakes:
        verdict, printed = _check(capsys, name, mistake.wrong)
        assert not verdict, f"{name}: the spec'd mistake passes ({mistake.nudge})"
        assert verdict.hints == (mistake.nudge, mistake.more), \
            f"{name}: expected the hint {mistake.nudge!r}, got {printed}"


# --- a class kit's hidden test: fresh cases from a seed, expected values from the reference -------
def _carried(lesson, name):
    """The data the kit's private record holds for exercise ``name`` (the reference included);
    ``hidden.grade`` runs the kernel's half and the grader's verdict on it, through JSON."""
    import json

    from nnlessons.course.exercises import _all_exercises, hidden, kit
    from nnlessons.course.lessons import find_lesson
    nb = json.loads(find_lesson(lesson).read_text(encoding="utf-8"))
    entry = _all_exercises()[name]
    source = "" if entry["kind"] in ("value", "predict") else kit.reference_source(nb, name)
    return json.loads(hidden.carried(entry, source))


def _fresh_grades(data, seed, answer):
    from nnlessons.course.exercises import hidden
    measured = None
    if data["kind"] == "predict":
        answer, measured = answer
    try:
        hidden.grade(data, seed, answer, measured)
    except AssertionError as exc:
        assert str(exc).startswith(f"a hidden case failed: {data['name']} ("), exc
        return False
    return True


@pytest.mark.parametrize("lesson, name", [(lesson, name) for lesson, name, _, _ in CATALOGUE])
def test_fresh_cases_reject_every_wrong_answer_and_pass_the_right_ones(lesson, name):
    data = _carried(lesson, name)
    wrong, right = answers(lesson, "WRONG")[name], answers(lesson, "RIGHT")[name]
    spec = {s.name: s for s in specs(lesson)}[name]
    mistakes = [m.wrong for m in ([spec.bug] if spec.kind == "fix" else []) + spec.mistakes] \
        if spec.kind not in ("predict", "value") else []
    for seed in (0, 1, 2**100 + 7):
        for i, answer in enumerate(right):
            assert _fresh_grades(data, seed, answer), f"{name}: right answer {i} rejected, seed {seed}"
    for i, answer in enumerate(list(wrong) + mistakes):
        assert not _fresh_grades(data, 0, answer), f"{name}: wrong answer {i} passed fresh cases"


@pytest.mark.parametrize("lesson, name", [(lesson, name) for lesson, name, kind, _ in CATALOGUE
                                          if kind not in ("value", "predict")])
def test_fresh_cases_keep_the_preconditions_and_differ_from_the_stored_ones(lesson, name):
    """The reference runs on every fresh case (none is skipped for leaving its preconditions), and
    the fresh inputs are not the stored ones, so a table of stored answers is of no use."""
    from nnlessons.course.exercises import hidden
    data = _carried(lesson, name)
    reference = hidden.reference_function(data)
    stored = [list(hidden.decode(c["args"])) for c in data["cases"]]
    for seed in range(4):
        fresh = hidden.fresh_cases(data, seed)
        assert len(fresh) == hidden.FRESH_PER_CASE * len(stored)
        for args in fresh:
            _, error = hidden.call_strictly(reference, hidden.copy(args))
            assert error is None, f"{name}: the reference fails a fresh case ({error!r}), seed {seed}"
        new = [args for args in fresh if not any(hidden.close(args, s, exact=True) for s in stored)]
        assert len(new) >= len(fresh) // 2, f"{name}: only {len(new)} of {len(fresh)} cases are new"
