"""One path through the series (issue 20): every reference to a lesson names one that exists, with
its own title, and a lesson builds only on earlier ones.

Conventions the lessons follow (and that `scripts/renumber.py` keeps when lessons move):
- the first heading is ``# NN · Title`` with NN the file's number; exercises are ``Exercise NN.k``
  and the quiz is ``lesson_quiz("NN")`` (its file ``quizzes/NN.json``), with the lesson's own NN;
  ``exercise NN.k`` of another lesson names an exercise of an earlier lesson that exists;
- another lesson is ``lesson NN (Title)``, the title as in that lesson's first heading (a shorter
  start of it is fine); a bare ``lesson NN`` must still name a lesson that exists;
- ``**Builds on:** NN Title, NN Title``: earlier lessons only, titles as in their headings.
"""
import json
import re

import pytest

from lesson_list import LESSON_PATHS, NOTEBOOKS_DIR
from nnlessons.course import lessons

TITLES = {number: title for number, title, _ in lessons.lessons(NOTEBOOKS_DIR)}
LESSON_REF = re.compile(r"(?i)\blessons?\s+((?:\d\d)(?:\s*(?:,|and|or|-|–|to)\s*\d\d\b)*)(?![%\d])")
TITLED_REF = re.compile(r"(?i)\blesson\s+(\d\d)\s*\(([^)]+)\)")
BUILDS_ON = re.compile(r"\*\*Builds on:\*\*\s*(.+)")


def words(text):
    return re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split()


def same_title(given, number):
    """True when ``given`` is the lesson's title or a start of it (case and punctuation aside)."""
    given = re.sub(r"\([^)]*\)", " ", given)        # '02 Data flow (the athletes table)'
    given, title = words(given), words(TITLES[number])
    return bool(given) and title[:len(given)] == given


def sources(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(nb["cells"]):
        text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        yield index, cell["cell_type"], text


def exercise_headings():
    """Every exercise number that a lesson's '### Exercise NN.k' heading defines, e.g. '18.1'."""
    found = set()
    for lesson in LESSON_PATHS:
        for _, kind, text in sources(lesson):
            if kind == "markdown":
                found.update(re.findall(r"###\s+Exercise\s+(\d\d\.\d+)", text))
    return found


EXERCISE_HEADINGS = exercise_headings()


def reference_problems(path):
    own = path.name[:2]
    problems = []
    for index, kind, text in sources(path):
        where = f"{path.name} cell {index}"
        for match in LESSON_REF.finditer(text):
            for number in re.findall(r"\d\d", match.group(1)):
                if number not in TITLES:
                    problems.append(f"{where}: '{match.group(0)}' names no lesson ({number})")
        for number, given in TITLED_REF.findall(text):
            if number in TITLES and not same_title(given, number):
                problems.append(f"{where}: 'lesson {number} ({given})' but lesson {number} is "
                                f"'{TITLES[number]}'")
        for number in re.findall(r"\bExercise\s+(\d\d)\.\d", text):
            if number != own:
                problems.append(f"{where}: Exercise {number}.k in lesson {own}")
        for number in re.findall(r"(?i)\bexercises?\s+(\d\d\.\d+)", text):
            if number[:2] != own and number not in EXERCISE_HEADINGS:
                problems.append(f"{where}: exercise {number} is no lesson's exercise")
            elif number[:2] > own:
                problems.append(f"{where}: exercise {number} belongs to a later lesson")
        for number in re.findall(r"lesson_quiz\(\s*[\"'](\d\d)[\"']", text):
            if number != own:
                problems.append(f"{where}: lesson_quiz('{number}') in lesson {own}")
        for number in re.findall(r"quizzes/(\d\d)\.json", text):
            if number != own:
                problems.append(f"{where}: points to quizzes/{number}.json in lesson {own}")
        for line in BUILDS_ON.findall(text):
            for number, given in re.findall(r"(\d\d)\s+([^,;.]+)", line):
                if number not in TITLES or number >= own:
                    problems.append(f"{where}: builds on {number}, which is not an earlier lesson")
                elif not same_title(given.strip(), number):
                    problems.append(f"{where}: builds on '{number} {given.strip()}' but lesson "
                                    f"{number} is '{TITLES[number]}'")
    return problems


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.stem)
def test_references_name_existing_lessons_with_their_titles(path):
    assert reference_problems(path) == []


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.stem)
def test_first_heading_carries_the_files_number(path):
    _, _, first = next(sources(path))
    assert re.match(rf"#\s+{path.name[:2]}\s+·\s+\S", first), first.splitlines()[0]


def test_quizzes_and_exercise_specs_name_existing_lessons():
    root = NOTEBOOKS_DIR.parent
    files = sorted((root / "nnlessons" / "course" / "quizzes").glob("*.json"))
    files += sorted((root / "exercise_specs").glob("lesson_*.py"))
    bad = [f"{f.name}: {m.group(0)}" for f in files for m in LESSON_REF.finditer(f.read_text("utf-8"))
           if any(n not in TITLES for n in re.findall(r"\d\d", m.group(1)))]
    assert bad == []


def test_the_check_catches_a_wrong_number_and_a_wrong_title(tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source":
                     "# 05 · X\n\n**Builds on:** 04 Optimizers.\n\nSee lesson 99 and "
                     f"lesson 08 ({TITLES['09']}). Exercise 04.1, exercise 04.9, exercise 06.1, "
                     "nnlessons/course/quizzes/04.json"}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "05_x.ipynb"
    path.write_text(json.dumps(nb))
    problems = "\n".join(reference_problems(path))
    assert "names no lesson (99)" in problems
    assert "lesson 08 (" in problems and "Exercise 04.k in lesson 05" in problems
    assert "builds on '04 Optimizers'" in problems
    assert "exercise 04.9 is no lesson's exercise" in problems
    assert "points to quizzes/04.json in lesson 05" in problems
    assert "exercise 06.1 belongs to a later lesson" in problems


def test_every_lesson_belongs_to_one_of_the_four_parts_in_order():
    names = [lessons.part_of(number) for number in TITLES]
    assert names[0] == "Foundations" and names[-1] == "Practice"
    assert [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n] == [
        "Foundations", "How training works", "Architectures", "Practice"]
