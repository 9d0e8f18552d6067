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


@dataclass
class Exercise:
    """One exercise of a lesson.

    Parameters
    ----------
    name : the function (or variable) the learner writes, also the nbgrader ``grade_id``.
    lesson : "NN", the lesson notebook it belongs to.
    concept : the idea it practises, shown in the lesson map of exercises.
    kind : "function" (write it: a stub that raises until written) or "value" (predict, then run).
    cases : the calls tried, for a function exercise.
    outputs : names of the results when the function returns a tuple, e.g. ("dx", "dW", "db").
    in_place : the function must update its first argument (a dict of arrays) in place.
    pure : the function must leave its arguments unchanged (return a changed copy).
    dtype : "float" or "int" when the result's kind matters (e.g. scaling uint8 pixels), else None.
    exact : compare without tolerance (counts, shapes, indices).
    rtol : relative tolerance otherwise (a prediction may allow a few percent).
    nudges : the two hint tiers for a wrong answer that matches no known mistake.
    mistakes : typical wrong answers, each recognised and answered with its own hints.
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
    nudges: tuple = ("", "")
    mistakes: list = field(default_factory=list)
    points: int = 1

    def __post_init__(self):
        if self.kind not in ("function", "value"):
            raise ValueError(f"{self.name}: kind must be 'function' or 'value', got {self.kind!r}")
        if len(self.nudges) != 2:
            raise ValueError(f"{self.name}: nudges are two tiers (a nudge, then more), got "
                             f"{len(self.nudges)}")
        if self.kind == "function" and not any(not c.hidden for c in self.cases):
            raise ValueError(f"{self.name}: a function exercise needs at least one visible case")


