"""Quizzes: multiple-choice questions with a Check button and an explanation.

    quiz = Quiz([Question("What does ReLU output for z = -2?", ["-2", "0", "2"], answer="0",
                          explanation="ReLU keeps positive inputs and turns the rest into 0.")])
    quiz  # in a notebook: answer buttons, Check, feedback; on GitHub: HTML with folded answers

This module holds the questions, their answers and their feedback (data and logic, headless);
the buttons are ``nnlessons.widgets.quiz.QuizWidget``, built the first time a notebook shows the
quiz. The same object also renders as plain HTML, answers folded in ``<details>``, where widgets
cannot run (GitHub, nbviewer, exported HTML).

Importing this module needs nothing beyond the standard library; ``nnlessons.widgets`` (matplotlib,
ipywidgets) loads when the widget is built.
"""
import html
import json
from pathlib import Path

QUIZ_DIR = Path(__file__).parent / "quizzes"  # one file per lesson: 05.json for lesson 05


class Question:
    """One multiple-choice question.

    Parameters
    ----------
    prompt : str. options : list of str (at least two). answer : the right option, as its text
    or its index. explanation : str, shown after Check (right or wrong) and in the static answer.
    why_not : optional list of str, one per option: why a learner who chose that option is wrong
        (the belief behind it and the lesson's number that refutes it); "" for the right one.
    shown : optional str, an output or a few lines of code the question is about, shown in a
        monospaced block under the prompt ("what went wrong here?").
    kind : optional str, what the question asks for: "predict" (a number or an outcome before
        running a cell), "figure" (read a figure of the lesson), "diagnose" (what went wrong in a
        shown output) or "concept".
    """

    KINDS = ("predict", "figure", "diagnose", "concept")

    def __init__(self, prompt, options, answer, explanation, why_not=None, shown=None, kind="concept"):
        self.prompt, self.options, self.explanation = str(prompt), [str(o) for o in options], str(explanation)
        self.shown = None if shown is None else str(shown)
        if kind not in self.KINDS:
            raise ValueError(f"Question kind must be one of {self.KINDS}, got {kind!r}.")
        self.kind = kind
        if len(self.options) < 2 or len(set(self.options)) != len(self.options):
            raise ValueError(f"Question needs at least two different options, got {self.options}.")
        if isinstance(answer, int) and not isinstance(answer, bool):
            if not 0 <= answer < len(self.options):
                raise ValueError(f"answer index {answer} is out of range for {len(self.options)} options.")
            self.answer = answer
        elif str(answer) in self.options:
            self.answer = self.options.index(str(answer))
        else:
            raise ValueError(f"answer {answer!r} is not one of the options {self.options}.")
        self.why_not = [""] * len(self.options) if why_not is None else [str(w) for w in why_not]
        if len(self.why_not) != len(self.options):
            raise ValueError(f"why_not needs one entry per option ({len(self.options)}), got "
                             f"{len(self.why_not)}; use \"\" for the right option.")

    @property
    def correct_option(self):
        return self.options[self.answer]

    def feedback(self, choice):
        """(is_correct, text) for a chosen option (its text or index; None: nothing chosen)."""
        if choice is None:
            return False, "Pick an answer first."
        index = choice if isinstance(choice, int) else self.options.index(choice)
        if index == self.answer:
            return True, f"Correct! {self.explanation}"
        why = f" {self.why_not[index]}" if self.why_not[index] else ""
        return False, f"Not quite: “{self.options[index]}” is not it.{why} {self.explanation}"

    def to_html(self, number=None):
        esc = html.escape
        head = f"{number}. " if number is not None else ""
        items = "".join(f"<li>{esc(o)}</li>" for o in self.options)
        why = "".join(f"<li>{esc(o)}: {esc(w)}</li>" for o, w in zip(self.options, self.why_not) if w)
        why = f"<p>Why not the others:</p><ul>{why}</ul>" if why else ""
        return (f"<div class='nnlessons-question'><p><b>{head}{esc(self.prompt)}</b></p>"
                f"{self.shown_html()}<ul>{items}</ul><details><summary>Show the answer</summary>"
                f"<p><b>{esc(self.correct_option)}</b>. {esc(self.explanation)}</p>{why}</details></div>")

    def shown_html(self):
        """The shown output or code as a <pre> block ("" when the question shows none)."""
        return f"<pre>{html.escape(self.shown)}</pre>" if self.shown else ""

    def __repr__(self):
        return f"Question({self.prompt!r}, {self.options!r}, answer={self.answer})"


class Quiz:
    """A list of Questions. Displays as a widget in a notebook (with an HTML fallback for static
    viewers); ``widget`` is that widget, ``to_html()`` the static version."""

    def __init__(self, questions, title=None):
        self.questions, self.title = list(questions), title
        if not self.questions or not all(isinstance(q, Question) for q in self.questions):
            raise TypeError("Quiz takes a non-empty list of Question objects.")
        self._widget = None

    @property
    def widget(self):
        """The QuizWidget (built on first use, then reused)."""
        if self._widget is None:
            from ..widgets.quiz import QuizWidget
            self._widget = QuizWidget(self)
        return self._widget

    def to_html(self):
        title = f"<h4>{html.escape(self.title)}</h4>" if self.title else ""
        body = "".join(q.to_html(i + 1) for i, q in enumerate(self.questions))
        return f"<div class='nnlessons-quiz'>{title}{body}</div>"

    _repr_html_ = to_html

    def _repr_mimebundle_(self, include=None, exclude=None):
        # The widget view for live notebooks, plus text/html for viewers without widgets.
        bundle = dict(self.widget._repr_mimebundle_() or {})
        bundle["text/html"] = self.to_html()
        bundle["text/plain"] = "\n".join(f"{i + 1}. {q.prompt}" for i, q in enumerate(self.questions))
        return bundle

    def __repr__(self):
        return f"Quiz({len(self.questions)} questions)"


def lesson_quiz(lesson, folder=None):
    """The quiz of a lesson, read from ``quizzes/NN.json``: a notebook shows it with one line,
    ``lesson_quiz("05")``, so the answers never sit in plain sight above the buttons.

    The file holds {"title": str or null, "questions": [{"prompt", "options", "answer" (the index
    of the right option), "explanation", and optionally "why_not" (one per option), "shown",
    "kind"}, ...]}."""
    number = f"{int(lesson):02d}" if str(lesson).isdigit() else str(lesson)
    path = Path(folder or QUIZ_DIR) / f"{number}.json"
    if not path.is_file():
        known = sorted(p.stem for p in Path(folder or QUIZ_DIR).glob("*.json"))
        raise ValueError(f"No quiz for lesson {lesson!r}: expected {path}. Lessons with a quiz: "
                         f"{', '.join(known) or 'none'}.")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Quiz([Question(q["prompt"], q["options"], q["answer"], q["explanation"],
                          why_not=q.get("why_not"), shown=q.get("shown"), kind=q.get("kind", "concept"))
                 for q in data["questions"]], title=data.get("title"))
