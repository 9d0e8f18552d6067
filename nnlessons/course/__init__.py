"""The course around the lessons: what a learner and a lecturer use besides the engine.

=================  ===============================================================================
module             what it holds
=================  ===============================================================================
``cli``            the door of ``python -m nnlessons``: the parser and the exit statuses
``commands``       one module per command (``lab``: list, lab; ``editions``; ``train``; ``doctor``:
                   check; ``publish``: slides, site), found by ``cli``: a new command is one file
``lessons``        the lesson map: where the instructor notebooks are (a wheel's own copy, else
                   the checkout's ``notebooks/``), and their titles
``site``           the course website: static lessons, pages from ``_templates/``, Sphinx build
``slides``         a lesson as an offline reveal.js deck (``_templates/``, vendored ``_vendor/``)
``quiz``           multiple-choice questions, their feedback and folded answers as HTML (the
                   buttons are ``widgets.quiz``); each lesson's questions are data in
                   ``quizzes/NN.json``
``exercises``      self-checking exercises: ``exercises.check("relu", relu)``; expected results,
                   cases and hints are data in ``exercises/data/NN.json`` (no solutions)
``editions``       the learner edition (solutions as stubs), nbgrader's student edition and a
                   course folder for autograding, all made from the instructor notebooks
=================  ===============================================================================

Importing this package loads NumPy only; the widgets and nbconvert load when used.
"""
from . import exercises
from .quiz import Question, Quiz, lesson_quiz

__all__ = ["Question", "Quiz", "exercises", "lesson_quiz"]
