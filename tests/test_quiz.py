"""Quizzes: right and wrong feedback with the explanation, the score, and the static HTML."""
import ipywidgets
import pytest

from nnlessons.course.quiz import Question, Quiz


@pytest.fixture(autouse=True)
def close_widgets():
    yield
    ipywidgets.Widget.close_all()


@pytest.fixture
def quiz():
    return Quiz([Question("What does ReLU output for z = -2?", ["-2", "0", "2"], answer="0",
                          explanation="ReLU keeps positive inputs and turns the rest into 0."),
                 Question("Each row of a softmax output sums to", ["0", "1", "the number of classes"],
                          answer=1, explanation="The row is a probability distribution.")],
                title="Check yourself")


def test_right_answer_gets_correct_and_the_explanation(quiz):
    w = quiz.widget
    w.choices[0].value = "0"
    w.check_buttons[0].click()
    assert "Correct!" in w.feedbacks[0].value
    assert "turns the rest into 0" in w.feedbacks[0].value
    assert w.score.value == "1 of 2 correct"


def test_wrong_answer_gets_not_quite_and_can_be_retried(quiz):
    w = quiz.widget
    w.answer(1, "0")
    assert w.check(1) is False
    assert "Not quite" in w.feedbacks[1].value and "probability distribution" in w.feedbacks[1].value
    assert w.score.value == "0 of 2 correct"
    w.answer(1, 1)  # by index
    assert w.check(1) is True and w.score.value == "1 of 2 correct"


def test_checking_without_an_answer_asks_for_one(quiz):
    w = quiz.widget
    w.check_buttons[0].click()
    assert "Pick an answer first" in w.feedbacks[0].value
    assert quiz.widget is w  # built once


def test_static_html_folds_every_answer_in_details(quiz):
    html = quiz.to_html()
    assert html == quiz._repr_html_()
    assert html.count("<details>") == 2 and "<h4>Check yourself</h4>" in html
    before_answers = html.split("<details>")[0]
    assert "turns the rest into 0" not in before_answers
    assert "<b>0</b>. ReLU keeps" in html and "<b>1</b>. The row is" in html


def test_mimebundle_offers_the_widget_and_the_html_fallback(quiz):
    bundle = quiz._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == quiz.to_html()
    assert bundle["text/plain"].startswith("1. What does ReLU")


def test_prompts_are_escaped():
    q = Question("Is 1 < 2 & 3 > 2?", ["yes", "no"], "yes", "<script>")
    assert "1 &lt; 2 &amp; 3 &gt; 2" in q.to_html() and "<script>" not in q.to_html()


@pytest.mark.parametrize("options, answer, match", [
    (["a"], "a", "at least two"), (["a", "a"], "a", "at least two"),
    (["a", "b"], "c", "not one of"), (["a", "b"], 2, "out of range")])
def test_bad_questions_are_refused(options, answer, match):
    with pytest.raises(ValueError, match=match):
        Question("?", options, answer, "")


def test_quiz_needs_questions():
    with pytest.raises(TypeError):
        Quiz(["not a question"])


def test_every_lesson_has_its_quiz_as_data_and_shows_it_with_one_line():
    import json

    from lesson_list import LESSON_PATHS

    from nnlessons.course.quiz import QUIZ_DIR, lesson_quiz
    for path in LESSON_PATHS:
        number = path.name[:2]
        quiz = lesson_quiz(number)
        assert len(quiz.questions) >= 3, number
        cells = ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]
                 if c["cell_type"] == "code"]
        quiz_cells = [c for c in cells if "lesson_quiz(" in c]
        assert quiz_cells, f"{path.name} shows no quiz"
        assert not any("Question(" in c or "answer=" in c for c in cells), \
            f"{path.name} spells out a quiz answer in a code cell"
        data = json.loads((QUIZ_DIR / f"{number}.json").read_text())
        for q in data["questions"]:
            assert 0 <= q["answer"] < len(q["options"]) and q["explanation"]


def test_lesson_quiz_names_what_exists_when_a_lesson_has_none(tmp_path):
    from nnlessons.course.quiz import lesson_quiz
    (tmp_path / "01.json").write_text('{"title": null, "questions": [{"prompt": "p", '
                                      '"options": ["a", "b"], "answer": 1, "explanation": "e"}]}')
    assert lesson_quiz(1, folder=tmp_path).questions[0].correct_option == "b"
    with pytest.raises(ValueError, match="Lessons with a quiz: 01"):
        lesson_quiz("07", folder=tmp_path)


def test_long_answers_wrap_inside_their_buttons_instead_of_being_cut_off():
    from nnlessons.course.quiz import QUIZ_DIR, lesson_quiz
    from nnlessons.widgets.quiz import CHOICES_CLASS, QUIZ_CSS
    long = "ReLU sets about half of its inputs to 0 and so keeps only half of the second moment"
    w = Quiz([Question("Why?", [long, "no reason"], answer=0, explanation=".")]).widget
    choice = w.choices[0]
    assert CHOICES_CLASS in choice._dom_classes and choice.layout.width == "100%"
    assert w.css in w.children and "<style>" in w.css.value
    rule = QUIZ_CSS.split(f".{CHOICES_CLASS} .widget-toggle-button")[1]
    assert "white-space: normal" in rule and "height: auto" in rule and "max-width: 100%" in rule
    assert "break-all" not in QUIZ_CSS and "anywhere" not in QUIZ_CSS  # breaks between words
    for path in sorted(QUIZ_DIR.glob("*.json")):  # every lesson's quiz
        quiz = lesson_quiz(path.stem)
        assert all(CHOICES_CLASS in c._dom_classes for c in quiz.widget.choices)
