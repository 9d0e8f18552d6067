"""Exercises that make a learner think: every lesson has one of the deeper kinds (find the bug,
derive then verify, predict-run-explain); prompts state the task and the contract, never the
formula; a pure exercise rejects an answer that changes its inputs; and the three kinds' checkers
behave as their docstrings say."""
import importlib
import re
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from lesson_list import LESSON_PATHS
from nnlessons.course import exercises as ex
from nnlessons.course.editions import cell_text, solution_lines
from nnlessons.course.exercises.checker import check_prediction, planted_bug_result

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from exercise_specs.build import solution_cell, specs  # noqa: E402
from exercise_specs.spec import Exercise  # noqa: E402

CATALOGUE = ex.catalogue()
FORMULA = re.compile(r"[$=√±^]|\d\s*/|/\s*\(|\w\s*\*\s*\w|\bsqrt\b|\bnp\.")
NEW_ARRAYS = re.compile(r"new arrays?|fresh arrays?|as a copy|unchanged|without changing|"
                        r"(never|not|must not|does not) change", re.IGNORECASE)


def lesson_exercises():
    for path in LESSON_PATHS:
        if path.exists():
            nb = nbformat.read(path, as_version=4)
            for spec in specs(path.name[:2]):
                yield path, nb, spec


def prompt_of(nb, spec):
    """The markdown from the exercise's "### Exercise" heading down to its solution cell."""
    index = nb.cells.index(solution_cell(nb, spec))
    start = max(i for i in range(index) if nb.cells[i].cell_type == "markdown"
                and "### Exercise" in nb.cells[i].source)
    text = "\n".join(c.source for c in nb.cells[start:index] if c.cell_type == "markdown")
    return text[text.rindex("### Exercise", 0, len(nb.cells[start].source)):]


EXERCISES = list(lesson_exercises())
IDS = [spec.name for _, _, spec in EXERCISES]


def test_every_lesson_has_a_deeper_exercise():
    deeper = {}
    for path, _, spec in EXERCISES:
        deeper.setdefault(path.name[:2], []).append(spec.kind in Exercise.DEEPER)
    lacking = [lesson for lesson, kinds in deeper.items() if not any(kinds)]
    assert not lacking, f"lessons without a fix, derive or predict exercise: {lacking}"
    assert len(deeper) == sum(p.exists() for p in LESSON_PATHS)


@pytest.mark.parametrize("path, nb, spec", EXERCISES, ids=IDS)
def test_the_practises_line_names_the_concept_not_the_formula(path, nb, spec):
    prompt = prompt_of(nb, spec)
    line = re.search(r"\*Practises:(.*?)\*", prompt, re.DOTALL)
    assert line, f"{spec.name}: the prompt needs an italic 'Practises:' line"
    assert not FORMULA.search(line.group(1)), \
        f"{spec.name}: the Practises line gives a formula: {line.group(1).strip()!r}"
    assert not FORMULA.search(spec.concept), f"{spec.name}: the concept gives a formula"


def squeeze(text):
    return re.sub(r"[\s`]", "", text)


@pytest.mark.parametrize("path, nb, spec", EXERCISES, ids=IDS)
def test_the_prompt_does_not_contain_the_solution(path, nb, spec):
    prompt = squeeze(prompt_of(nb, spec))
    for line in solution_lines(cell_text(solution_cell(nb, spec))):
        code = squeeze(line.split("#")[0])
        if len(code) >= 12 and re.search(r"[-+*/@]", code) and not code.startswith(("def", "return")):
            assert code not in prompt, f"{spec.name}: the prompt shows the solution line {line.strip()!r}"


@pytest.mark.parametrize("path, nb, spec", EXERCISES, ids=IDS)
def test_a_prompt_asking_for_new_arrays_is_checked_for_it(path, nb, spec):
    if NEW_ARRAYS.search(prompt_of(nb, spec)) and spec.kind != "value" and not spec.in_place:
        assert spec.pure, f"{spec.name}: the prompt asks for new arrays, so the spec needs pure=True"


def _spoils_its_input(answer):
    def spoiled(*args):
        result = answer(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
        first = next(a for a in args if isinstance(a, np.ndarray) or isinstance(a, dict))
        for arr in (first.values() if isinstance(first, dict) else [first]):
            arr[...] = 0
        return result
    return spoiled


@pytest.mark.parametrize("lesson, name", [(l, n) for l, n, k, _ in CATALOGUE
                                          if ex.exercise(n).get("pure")])
def test_every_pure_checker_rejects_an_answer_that_changes_its_inputs(capsys, lesson, name):
    right = importlib.import_module(f"exercise_answers.lesson_{lesson}").RIGHT[name][0]
    assert ex.check(name, right)
    assert not ex.check(name, _spoils_its_input(right))
    assert "changed its input" in capsys.readouterr().out


PREDICT = {"name": "race", "options": {"small": "batch 8", "large": "batch 256"}, "better": "lower",
           "reasons": {"a": "more steps per epoch", "b": "less noise"}, "reason": "a",
           "reason_hints": {"b": ["noise is not it", "count the steps"]},
           "nudges": ["look again", "more"]}


@pytest.mark.parametrize("answer, measured, problem", [
    ({"prediction": "small", "reason": "a"}, {"small": 0.3, "large": 0.5}, None),
    ({"prediction": "large", "reason": "a"}, {"small": 0.6, "large": 0.5}, None),
    ({"prediction": "large", "reason": "a"}, {"small": 0.3, "large": 0.5}, "your own run measured"),
    ({"prediction": "small", "reason": "b"}, {"small": 0.3, "large": 0.5}, "is not what it shows"),
    ({"prediction": "small", "reason": "a"}, None, "run the experiment cell first"),
    ({"prediction": "small", "reason": "a"}, {"small": float("nan"), "large": 0.5}, "not finite"),
    ({"prediction": "tiny", "reason": "a"}, {"small": 0.3, "large": 0.5}, "not one of the options"),
    (Ellipsis, {"small": 0.3, "large": 0.5}, "write your prediction first"),
    ({"prediction": " Small", "reason": "A"}, {"small": 0.3, "large": 0.5}, None),
    ({"prediction": "small", "reason": ["a"]}, {"small": 0.3, "large": 0.5}, "choose the reason"),
    ({"prediction": "small", "reason": "a"}, {"small": 0.5, "large": 0.5}, "measured a tie"),
])
def test_a_prediction_is_judged_against_the_learners_own_measurement(answer, measured, problem):
    outcome = check_prediction(PREDICT, answer, measured)
    assert (outcome is None) == (problem is None)
    if problem:
        assert problem in outcome[0]


def test_a_fixed_bug_is_shown_beside_what_the_bug_gave():
    entry = {"cases": [{"hidden": False, "expected": 2.0}],
             "mistakes": [{"planted": True, "results": [{"value": 1.0}], "hints": ["", ""]}]}
    assert planted_bug_result(entry) == "the buggy version got case 1 wrong: expected 2, got 1"
