"""A quiz must need the lesson: its right answer is not given away by length or by wording, each
wrong option is a belief a learner plausibly holds and gets its own reply, and the questions mix
kinds (predict a number, read a figure, diagnose an output).

The limits are measured per lesson: the right option is the longest in at most 35% of a quiz's
questions, and its length over the mean length of the other options averages at most 1.15.
"""
import json
import re

import pytest

from lesson_list import LESSONS
from nnlessons.course.quiz import QUIZ_DIR, Question

MAX_LONGEST_SHARE = 0.35
MAX_LENGTH_RATIO = 1.15
MIN_WORDS = 3
GIVEAWAY_RUN = 4         # words in a row shared with the prompt
STRAWMEN = re.compile(r"\b(always|never)\b", re.IGNORECASE)
DEEPER_KINDS = {"predict", "figure", "diagnose"}

NUMBERS = [name[:2] for name in LESSONS]


def quiz(number):
    return json.loads((QUIZ_DIR / f"{number}.json").read_text(encoding="utf-8"))["questions"]


def words(text):
    return re.findall(r"[a-z0-9]+(?:[.'][a-z0-9]+)*", text.lower())


def runs(text, n):
    w = words(text)
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def length_stats(questions):
    """(share of questions whose right option is the longest, mean length ratio)."""
    longest, ratios = 0, []
    for q in questions:
        right = len(q["options"][q["answer"]])
        others = [len(o) for i, o in enumerate(q["options"]) if i != q["answer"]]
        longest += right >= max(others)
        ratios.append(right / (sum(others) / len(others)))
    return longest / len(questions), sum(ratios) / len(ratios)


@pytest.mark.parametrize("number", NUMBERS)
def test_length_gives_nothing_away(number):
    share, ratio = length_stats(quiz(number))
    assert share <= MAX_LONGEST_SHARE, \
        f"quiz {number}: the right option is the longest in {share:.0%} of questions (max 35%)"
    assert ratio <= MAX_LENGTH_RATIO, \
        f"quiz {number}: the right option is {ratio:.2f}x the others' mean length (max 1.15)"


def giveaway(q):
    """Runs of words the right option shares with the prompt and no wrong option shares."""
    stem = runs(q["prompt"] + " " + q.get("shown", ""), GIVEAWAY_RUN)
    wrong = set().union(*(runs(o, GIVEAWAY_RUN) for i, o in enumerate(q["options"]) if i != q["answer"]))
    return (runs(q["options"][q["answer"]], GIVEAWAY_RUN) & stem) - wrong


@pytest.mark.parametrize("number", NUMBERS)
def test_options_are_real_beliefs_not_strawmen_or_echoes(number):
    for q in quiz(number):
        for option in q["options"]:
            assert len(words(option)) >= MIN_WORDS, f"quiz {number}: option too short: {option!r}"
            assert not STRAWMEN.search(option), f"quiz {number}: strawman wording: {option!r}"
        assert not giveaway(q), f"quiz {number}: the right option repeats the prompt: {giveaway(q)}"


@pytest.mark.parametrize("number", NUMBERS)
def test_every_wrong_option_gets_its_own_reply_with_the_lessons_numbers(number):
    for q in quiz(number):
        why_not = q.get("why_not")
        assert why_not and len(why_not) == len(q["options"]), \
            f"quiz {number}: {q['prompt'][:60]!r} needs why_not, one entry per option"
        for i, reply in enumerate(why_not):
            assert bool(reply.strip()) == (i != q["answer"]), \
                f"quiz {number}: {q['prompt'][:60]!r}: a reply for each wrong option only"
        replies = q["explanation"] + " ".join(why_not)
        assert re.search(r"\d", replies), \
            f"quiz {number}: {q['prompt'][:60]!r}: the replies quote none of the lesson's numbers"


@pytest.mark.parametrize("number", NUMBERS)
def test_questions_mix_kinds(number):
    questions = quiz(number)
    kinds = [q.get("kind", "concept") for q in questions]
    assert len(questions) >= 4, f"quiz {number}: {len(questions)} questions (4 or more)"
    assert all(k in Question.KINDS for k in kinds), f"quiz {number}: kinds {kinds}"
    assert len(set(kinds)) >= 2 and DEEPER_KINDS & set(kinds), \
        f"quiz {number}: kinds {kinds}: mix them, with a predict, figure or diagnose question"
    for q in questions:
        if q.get("kind") == "diagnose":
            assert q.get("shown"), f"quiz {number}: a diagnose question shows the output it is about"


def test_the_limits_catch_a_quiz_that_gives_itself_away():
    giveaway_quiz = [{"prompt": "Why does a deep sigmoid network train slowly?", "answer": 1,
                 "options": ["Too few epochs", "Its gradients shrink through every saturated sigmoid "
                             "layer on the way back", "The data are wrong"]}] * 4
    share, ratio = length_stats(giveaway_quiz)
    assert share > MAX_LONGEST_SHARE and ratio > MAX_LENGTH_RATIO
    echo = dict(giveaway_quiz[0], options=["Too few epochs", "because a deep sigmoid network is deep",
                                            "The data are wrong"])
    assert giveaway(echo) and not giveaway(giveaway_quiz[0])
