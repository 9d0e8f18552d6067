"""How an exercise is specified: its cases, the typical mistakes it must recognise, its hints.

A spec holds everything a checker needs except the reference solution, which lives in the lesson
notebook between ``### BEGIN SOLUTION`` and ``### END SOLUTION``. ``build.py`` runs that solution
(and every mistake) on the cases once and stores the results as data with the package, so the
installed package checks answers without containing a single solution.
"""
from dataclasses import dataclass, field


@dataclass
class Case:
    """One call of the learner's function: keyword arguments in signature order.

    ``hidden`` cases are used only by ``grade`` (the autograder), never shown by ``check``.
    """
    args: dict
    hidden: bool = False


def case(hidden=False, **args):
    """case(z=np.array(...)) -> Case; arguments are passed positionally in the order given."""
    return Case(args, hidden)


@dataclass
class Mistake:
    """A typical wrong answer and the two hint tiers it earns.

    For a function exercise ``wrong`` is a function with the exercise's signature (what the mistake
    computes; for an in-place exercise it returns the dict the mistake leaves behind). For a value
    exercise it is the wrong value itself.
    """
    wrong: object
    nudge: str
    more: str


def finite_difference(loss, wrt, eps=1e-6):
    """A ``verify`` function for a "derive" exercise: the central finite differences of
    ``loss(**args)`` (a number) with respect to the argument ``wrt``, in float64, one element at a
    time. The learner's closed form is compared with these, not with the reference solution."""
    import numpy as np

    def gradient(**args):
        x = np.array(args[wrt], dtype=np.float64)
        grad = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            step = np.zeros_like(x)
            step[i] = eps
            up = loss(**{**args, wrt: x + step})
            down = loss(**{**args, wrt: x - step})
            grad[i] = (up - down) / (2 * eps)
        return grad
    return gradient


@dataclass
class Exercise:
    """One exercise of a lesson.

    Parameters
    ----------
    name : the function (or variable) the learner writes, also the nbgrader ``grade_id``.
    lesson : "NN", the lesson notebook it belongs to.
    concept : the idea it practises, shown in the lesson map of exercises.
    kind : "function" (write it: a stub that raises until written), "value" (predict, then run),
        "fix" (find the bug: the lesson shows a function with one planted mistake, ``bug``; the
        learner writes the repaired function), "derive" (derive on paper, enter the closed form:
        the expected results come from ``verify``, a finite difference or a measurement, never from
        the reference solution) or "predict" (predict an experiment's outcome, run it, explain:
        ``check(name, {"prediction": key, "reason": letter}, measured={key: number, ...})`` accepts
        the prediction only against the learner's own measurement).
    cases : the calls tried, for a function exercise.
    outputs : names of the results when the function returns a tuple, e.g. ("dx", "dW", "db").
    in_place : the function must update its first argument (a dict of arrays) in place.
    pure : the function must leave its arguments unchanged (return a changed copy).
    dtype : "float" or "int" when the result's kind matters (e.g. scaling uint8 pixels), else None.
    exact : compare without tolerance (counts, shapes, indices).
    rtol : relative tolerance otherwise (a prediction may allow a few percent).
    vary : names of integer arguments (counts, sizes) a class kit's fresh cases may scale (by one
        whole factor per case); other integers (labels, indices, seeds) stay as stored.
    nudges : the two hint tiers for a wrong answer that matches no known mistake.
    mistakes : typical wrong answers, each recognised and answered with its own hints.
    bug : "fix" only: the planted mistake (a Mistake whose hints name the misconception behind it).
    verify : "derive" only: a function of the case's arguments giving the expected result
        independently (e.g. ``finite_difference(loss, "z")``); ``verify_note`` says what it is.
    options : "predict" only: {key: what the learner may predict}; ``better`` ("lower" or
        "higher") says which measured number wins; ``reasons`` {letter: explanation}, ``reason``
        the right letter, ``reason_hints`` {wrong letter: (nudge, more)} the misconception each
        wrong one reveals.
    """
    name: str
    lesson: str
    concept: str
    kind: str = "function"
    cases: list = field(default_factory=list)
    outputs: tuple = ()
    in_place: bool = False
    pure: bool = False
    dtype: object = None
    exact: bool = False
    rtol: float = 1e-6
    vary: tuple = ()
    nudges: tuple = ("", "")
    mistakes: list = field(default_factory=list)
    points: int = 1
    bug: object = None
    verify: object = None
    verify_note: str = ""
    options: dict = field(default_factory=dict)
    better: str = "lower"
    reasons: dict = field(default_factory=dict)
    reason: str = ""
    reason_hints: dict = field(default_factory=dict)

    KINDS = ("function", "value", "fix", "derive", "predict")
    DEEPER = ("fix", "derive", "predict")   # the kinds that ask for more than writing a formula

    def __post_init__(self):
        if self.kind not in self.KINDS:
            raise ValueError(f"{self.name}: kind must be one of {self.KINDS}, got {self.kind!r}")
        if self.kind == "fix" and not isinstance(self.bug, Mistake):
            raise ValueError(f"{self.name}: a 'fix' exercise needs bug=Mistake(the planted bug, ...)")
        if self.kind == "derive" and (self.verify is None or not self.verify_note):
            raise ValueError(f"{self.name}: a 'derive' exercise needs verify= and verify_note=")
        if self.kind == "predict":
            if len(self.options) < 2 or self.better not in ("lower", "higher"):
                raise ValueError(f"{self.name}: a 'predict' exercise needs 2+ options and better="
                                 "'lower' or 'higher'")
            if any(k != k.strip().lower() for k in [*self.options, *self.reasons]):
                raise ValueError(f"{self.name}: option and reason keys are lower-case words (the "
                                 "checker lower-cases what the learner writes)")
            if self.reason not in self.reasons or set(self.reason_hints) != set(self.reasons) - {self.reason}:
                raise ValueError(f"{self.name}: reason must be one of reasons, and every other "
                                 "reason needs its reason_hints")
        if any(not self.cases or name not in self.cases[0].args for name in self.vary):
            raise ValueError(f"{self.name}: vary names arguments of the cases, got {self.vary}")
        if len(self.nudges) != 2:
            raise ValueError(f"{self.name}: nudges are two tiers (a nudge, then more), got "
                             f"{len(self.nudges)}")
        if self.kind not in ("value", "predict") and not any(not c.hidden for c in self.cases):
            raise ValueError(f"{self.name}: a function exercise needs at least one visible case")


