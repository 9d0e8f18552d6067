"""The quiz as a widget: per question one button per answer, a Check button and the feedback.

The questions, their right answers and their feedback are the course's
(``nnlessons.course.quiz.Quiz``); this module only draws them. ``QuizWidget(quiz)`` reads
``quiz.title`` and ``quiz.questions``, and of each question ``prompt``, ``options``,
``shown_html()`` and ``feedback(choice)``.

Why a small ipywidgets component rather than a JavaScript quiz library (such as jupyterquiz):
its logic is Python, so plain pytest drives it headless like every other widget here (choose an
option, click Check, read the feedback); it needs no JavaScript bundle or CDN, so it works offline
in a lecture hall; and it looks like the other widgets.
"""
import html

import ipywidgets as widgets
from matplotlib.colors import to_hex

from ..plots.style import GOOD_COLOR, text_color

# ipywidgets draws every button on one line (white-space: nowrap, a fixed height, overflow
# hidden), so a long answer was cut off. The quiz's answer buttons wrap their text between words
# instead, grow as tall as it needs, and never grow wider than the notebook's column.
CHOICES_CLASS = "nnlessons-choices"
QUIZ_CSS = f"""<style>
.{CHOICES_CLASS} {{ max-width: 100%; }}
.{CHOICES_CLASS} > div {{ display: flex; flex-wrap: wrap; align-items: stretch; max-width: 100%; }}
.{CHOICES_CLASS} .widget-toggle-button, .{CHOICES_CLASS} .jupyter-button {{
  white-space: normal; overflow-wrap: normal; word-break: normal; overflow: visible;
  text-overflow: clip; height: auto; min-height: var(--jp-widgets-inline-height, 28px);
  line-height: 1.35; padding-top: 4px; padding-bottom: 4px; max-width: 100%;
  margin-bottom: 4px; text-align: left; }}
</style>"""
# Feedback text: the palette's green darkened for text (contrast 4.5:1), the widgets' error red, grey.
FEEDBACK_COLORS = {"right": to_hex(text_color(GOOD_COLOR)), "wrong": "#b00020", "no answer": "#555"}


class QuizWidget(widgets.VBox):
    """A quiz, answered by clicking. Per question: ``choices[i]`` (ToggleButtons, one button per
    answer, long ones wrapped), ``check_buttons[i]``, ``feedbacks[i]`` (HTML). ``score`` (HTML)
    counts right answers; ``answer(i, option)`` and ``check(i)`` do what a learner does."""

    def __init__(self, quiz):
        self.quiz, self.choices, self.check_buttons, self.feedbacks = quiz, [], [], []
        self.correct = [False] * len(quiz.questions)
        self.score = widgets.HTML()
        self.css = widgets.HTML(QUIZ_CSS, layout=widgets.Layout(height="0px", margin="0px"))
        rows = [self.css]
        rows += [widgets.HTML(f"<h4>{html.escape(quiz.title)}</h4>")] if quiz.title else []
        for i, q in enumerate(quiz.questions):
            # One button per answer (Tab to it, Space or Enter chooses): JupyterLab's command
            # mode takes the arrow keys that move between radio buttons.
            # Long answers wrap inside their button (QUIZ_CSS, through the class below).
            choice = widgets.ToggleButtons(options=q.options, value=None,
                                           style={"button_width": "auto"},
                                           layout=widgets.Layout(display="flex", flex_flow="row wrap",
                                                                 width="100%"))
            choice.add_class(CHOICES_CLASS)
            button = widgets.Button(description="Check", button_style="info")
            feedback = widgets.HTML()
            button.on_click(lambda _, i=i: self.check(i))
            self.choices.append(choice)
            self.check_buttons.append(button)
            self.feedbacks.append(feedback)
            rows += [widgets.HTML(f"<b>{i + 1}. {html.escape(q.prompt)}</b>{q.shown_html()}"), choice,
                     widgets.HBox([button, feedback])]
        super().__init__(children=rows + [self.score])

    def answer(self, i, option):
        """Choose an option of question i (its text or its index), as a click would."""
        self.choices[i].value = option if isinstance(option, str) else self.quiz.questions[i].options[option]

    def check(self, i):
        """Click question i's Check button: show its feedback and the score; True when right."""
        ok, text = self.quiz.questions[i].feedback(self.choices[i].value)
        self.correct[i] = ok
        verdict = "right" if ok else ("wrong" if self.choices[i].value is not None else "no answer")
        color = FEEDBACK_COLORS[verdict]
        self.feedbacks[i].value = f"<span style='color:{color}'>{html.escape(text)}</span>"
        self.score.value = f"{sum(self.correct)} of {len(self.correct)} correct"
        return ok
