"""Run a learner's answer against an exercise's stored cases and say what is wrong.

Everything an exercise needs is data (``data/NN.json``, written by ``exercise_specs/build.py``):
the inputs of each case, the reference result, and what each typical mistake gives. No solution is
called, so the installed package holds none.

Every call runs with NumPy's floating-point errors and Python warnings turned into exceptions:
an answer that overflows (``exp(1000)``) fails even where its result happens to look right.
"""
import textwrap
import warnings

import numpy as np

from .encoding import decode

WIDTH = 100  # printed lines stay within a notebook's width, so none wraps inside a number
RTOL, ATOL = 1e-6, 1e-9


class Verdict:
    """The result of a check: ``passed`` (bool), ``message`` (what was printed) and ``hints``
    (the two tiers of help for this failure, empty when it passed)."""

    def __init__(self, passed, message, hints=()):
        self.passed, self.message, self.hints = passed, message, tuple(hints)

    def __bool__(self):
        return self.passed

    def __str__(self):
        return self.message

    def __repr__(self):
        return f"Verdict(passed={self.passed})"

    def _ipython_display_(self):
        pass  # already printed by the checker; don't show it twice


def wrap(message):
    """The message with every line wrapped at WIDTH (continuations indented)."""
    return "\n".join(textwrap.fill(line, WIDTH, break_long_words=False, break_on_hyphens=False,
                                   subsequent_indent="    ") for line in message.splitlines())


def fmt(value):
    """Numbers on one line, at most 4 decimals: [[1, -2, 0.5], [0, 3, -1]]."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {fmt(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(fmt(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return repr(value)[:200]
    if arr.ndim:
        return "[" + ", ".join(fmt(row) for row in arr) + "]"
    if not np.isfinite(arr):
        return str(float(arr))  # nan, inf, -inf
    if 0 < abs(float(arr)) < 1e-4:
        return f"{float(arr):.3g}"  # eps = 1e-08, not 0
    return np.format_float_positional(round(float(arr), 4) + 0.0, trim="-")  # + 0.0: no "-0"


def call_strictly(fn, args):
    """fn(*args) -> (result, None), or (None, the exception) if it raised, overflowed or warned."""
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"), \
                warnings.catch_warnings():
            warnings.simplefilter("error")
            return fn(*args), None
    except Exception as exc:  # noqa: BLE001 - any error in the learner's code is a verdict
        return None, exc


class InputChanged(Exception):
    """What a mistake that changes its input "raises", so the checker can recognise it."""


def describe_error(exc, name):
    if isinstance(exc, FloatingPointError):
        return f"your function hit a floating-point error ({exc}): it overflowed or divided by 0"
    text = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"your function raised {type(exc).__name__}" + (f": {text}" if text else "")


def mismatch(got, expected, dtype=None, exact=False, rtol=RTOL):
    """None when got matches expected, otherwise what differs (shape, kind, values)."""
    if got is None:
        return "got None (did you forget to return the result?)"
    try:
        arr = np.asarray(got)
        values = arr.astype(float)
    except (TypeError, ValueError):
        return f"got {type(got).__name__} {fmt(got)}, not numbers"
    want = np.asarray(expected)
    if values.shape != want.shape:
        return f"expected shape {want.shape}, got shape {values.shape}: {fmt(values)}"
    if dtype == "float" and not np.issubdtype(arr.dtype, np.floating):
        return f"expected floating-point numbers, got {arr.dtype}: {fmt(arr)}"
    if dtype == "int" and not (np.issubdtype(arr.dtype, np.integer) or np.all(values == np.round(values))):
        return f"expected whole numbers, got {fmt(arr)}"
    close = np.array_equal(values, want) if exact else \
        np.allclose(values, want.astype(float), rtol=rtol, atol=ATOL)
    return None if close else f"expected {fmt(want)}, got {fmt(values)}"


def same(got, value):
    """Does got equal a stored value (a mistake's result)? NaNs equal NaNs here."""
    try:
        arr, want = np.asarray(got, dtype=float), np.asarray(value, dtype=float)
        return arr.shape == want.shape and np.allclose(arr, want, rtol=RTOL, atol=ATOL, equal_nan=True)
    except (TypeError, ValueError):
        return False


def split_outputs(result, outputs):
    """[(label, value)] of a result: one unnamed value, or the named parts of a tuple."""
    if not outputs:
        return [("", result)]
    return list(zip(outputs, result))


def same_result(a, b):
    """Equal results: arrays, or tuples/dicts of them, compared as ``same`` does."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_result(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(same_result(x, y) for x, y in zip(a, b))
    return same(a, b)


def passes_before(exercise, mistake, index):
    """Does the mistake pass every visible case before ``index``, as the learner's answer did?"""
    for j, case in enumerate(exercise["cases"][:index]):
        outcome = mistake["results"][j]
        if not case["hidden"] and ("value" not in outcome or not same_result(
                decode(outcome["value"]), decode(case["expected"]))):
            return False
    return True


def recognise(exercise, index, got=None, error=None, part=None):
    """The hints of the first typical mistake that passes the cases before ``index`` and gives
    ``got`` (or raises like ``error``) on case ``index``, else the exercise's own nudges."""
    for mistake in exercise["mistakes"]:
        if not passes_before(exercise, mistake, index):
            continue
        outcome = mistake["results"][index]
        if error is not None:
            if outcome.get("raises") == type(error).__name__:
                return mistake["hints"]
            continue
        if "value" not in outcome:
            continue
        value = decode(outcome["value"])
        if part is not None and exercise["outputs"]:
            value = dict(zip(exercise["outputs"], value)).get(part)
        if isinstance(value, dict) and isinstance(got, dict):
            if all(same(v, value.get(k)) for k, v in got.items()):
                return mistake["hints"]
        elif same(got, value):
            return mistake["hints"]
    return exercise["nudges"]


def run_case(exercise, fn, index):
    """None if fn passes case ``index``, else (problem text, hints); hints are None when the
    answer is not an attempt yet (the stub)."""
    case = exercise["cases"][index]
    args = decode(case["args"])
    shown = ", ".join(f"{n} = {fmt(a)}" for n, a in zip(exercise["signature"], args))
    before = dict(args[0]) if exercise["in_place"] else None
    result, error = call_strictly(fn, args)
    if isinstance(error, NotImplementedError):  # the stub: not an attempt yet, so no hint
        return (f"{exercise['name']} still raises NotImplementedError: write your code in place "
                "of the stub, then run this check again", None)
    if error is not None:
        return (f"for {shown}: {describe_error(error, exercise['name'])}",
                recognise(exercise, index, error=error))
    originals = decode(case["args"])
    changed = [name for name, now, was in zip(exercise["signature"][1:], args[1:], originals[1:])
               if not same_result(now, was)]
    if exercise["in_place"] and changed:
        return (f"for {shown}: your function changed {' and '.join(changed)} too; only "
                f"{exercise['signature'][0]} may change, the other arguments stay as they were",
                recognise(exercise, index, error=InputChanged()))
    if exercise.get("pure") and not same_result(args, decode(case["args"])):
        return (f"for {shown}: your function changed its input; leave the caller's arrays as they "
                "are and return a changed copy (e.g. start from W.copy())",
                recognise(exercise, index, error=InputChanged()))
    expected = decode(case["expected"])
    if exercise["in_place"]:
        return check_in_place(exercise, index, shown, before, args[0], expected)
    if exercise["outputs"] and (not isinstance(result, (tuple, list))
                                or len(result) != len(exercise["outputs"])):
        return (f"for {shown}: expected {len(exercise['outputs'])} results "
                f"({', '.join(exercise['outputs'])}), got {fmt(result)}", exercise["nudges"])
    for (label, got), (_, want) in zip(split_outputs(result, exercise["outputs"]),
                                       split_outputs(expected, exercise["outputs"])):
        problem = mismatch(got, want, exercise["dtype"], exercise["exact"])
        if problem:
            where = f" for {label}" if label else ""
            return (f"for {shown}{where}: {problem}",
                    recognise(exercise, index, got=got, part=label or None))
    return None


def check_in_place(exercise, index, shown, before, after, expected):
    """The arrays the caller handed in must now hold the expected values."""
    for key in sorted(expected):
        original = before.get(key)
        problem = mismatch(original, expected[key], exact=exercise["exact"])
        if problem:
            if after.get(key) is not original and mismatch(after.get(key), expected[key]) is None:
                problem += (f" (params[{key!r}] now holds a new array, but the model still holds the "
                            "old one: change it in place, e.g. with -=)")
            return (f"for {shown}, params[{key!r}] after the step: {problem}",
                    recognise(exercise, index, got={key: original}))
    return None


def check_value(exercise, value):
    """None if the predicted value is right, else (problem text, hints)."""
    expected = decode(exercise["expected"])
    if isinstance(expected, tuple) and isinstance(value, list):
        value = tuple(value)
    problem = mismatch(value, expected, exercise["dtype"], exercise["exact"], exercise["rtol"])
    if problem is None:
        return None
    for mistake in exercise["mistakes"]:
        if same(value, decode(mistake["value"])):
            return f"your prediction {fmt(value)} is not what the code gives", mistake["hints"]
    return f"your prediction {fmt(value)} is not what the code gives", exercise["nudges"]


def check_prediction(exercise, answer, measured):
    """None if the prediction agrees with the learner's own measurement and the reason is the right
    one, else (problem text, hints). ``answer`` is {"prediction": key, "reason": letter};
    ``measured`` is {key: number} from the learner's run of the experiment."""
    problem, read = read_prediction(exercise, answer, measured)
    if problem:
        return problem, None
    prediction, reason, numbers = read
    options, reasons = exercise["options"], exercise["reasons"]
    pick = min if exercise["better"] == "lower" else max
    winner = pick(numbers, key=numbers.get)
    shown = ", ".join(f"{options[k]}: {fmt(v)}" for k, v in numbers.items())
    best = numbers[winner]
    if sum(np.isclose(v, best, rtol=1e-9, atol=0) for v in numbers.values()) > 1:
        return (f"your run measured a tie ({shown}), so it cannot tell which is "
                f"{exercise['better']}; run the experiment cell as given", None)
    if prediction != winner:
        return (f"you predicted {options[prediction]!r}, but your own run measured {shown}: "
                f"{options[winner]!r} came out {exercise['better']}. Before changing your "
                "prediction, work out why", exercise["nudges"])
    if reason not in reasons:
        return (f"your prediction matches your run ({shown}); now choose the reason: one of "
                f"{', '.join(map(repr, reasons))}", None)
    if reason != exercise["reason"]:
        return (f"your prediction matches your run ({shown}), but reason {reason!r} is not what it "
                "shows", exercise["reason_hints"][reason])
    return None


def read_prediction(exercise, answer, measured):
    """(problem text, None) if a "predict" answer or its measurement is malformed (not a dict, an
    option or a measurement that is not among the choices, numbers missing or not finite), else
    (None, (prediction, reason, {option: number})). Needs no right answer."""
    options = exercise["options"]
    if answer is Ellipsis or not isinstance(answer, dict) or answer.get("prediction", ...) is Ellipsis:
        return ("write your prediction first: {'prediction': one of "
                f"{', '.join(map(repr, options))}, 'reason': a letter}}", None)
    prediction, reason = (_choice(answer.get(k)) for k in ("prediction", "reason"))
    if prediction not in options:
        return (f"your prediction {prediction!r} is not one of the options "
                f"({', '.join(map(repr, options))})", None)
    if not isinstance(measured, dict) or set(measured) != set(options):
        return ("run the experiment cell first: it makes measured, a dict with one number for each "
                f"of {', '.join(map(repr, options))}", None)
    try:
        numbers = {k: float(v) for k, v in measured.items()}
    except (TypeError, ValueError):
        return "measured holds something that is not a number: run the experiment cell as given", None
    if not all(np.isfinite(v) for v in numbers.values()):
        return f"measured holds a value that is not finite ({fmt(numbers)}): rerun the experiment", None
    return None, (prediction, reason, numbers)


def recorded_problem(exercise, answer, measured=None):
    """The class distribution's check of a "value" or "predict" answer, whose right answer stays
    with the lecturer: the problem text if the answer is malformed (the wrong type, a key missing,
    a choice that is not among the options or reasons), else None (the answer is recorded)."""
    if exercise["kind"] == "predict":
        problem, read = read_prediction(exercise, answer, measured)
        if problem is None and read[1] not in exercise["reasons"]:
            problem = f"choose the reason: one of {', '.join(map(repr, exercise['reasons']))}"
        return problem
    if answer is Ellipsis:
        return "write your prediction in place of ... (then run this check again)"
    numbers = list(answer) if isinstance(answer, (tuple, list)) and answer else [answer]
    if not all(_finite_number(x) for x in numbers):
        got = repr(answer)[:60] if isinstance(answer, (str, tuple, list)) else type(answer).__name__
        return f"write your prediction as a number (or a tuple of numbers, e.g. a shape); got {got}"
    return None


def _finite_number(x):
    """True for a finite int or float (NumPy's too), False for anything else (bools, text, NaN)."""
    if isinstance(x, (bool, np.bool_)) or not isinstance(x, (int, float, np.integer, np.floating)):
        return False
    try:
        return bool(np.isfinite(float(x)))
    except OverflowError:
        return False


def _choice(value):
    """An option or reason as the learner wrote it, tidied: ' B ' -> 'b'; anything that is not
    text (a list, a number) is kept as it is, so it is reported as not one of the choices."""
    return value.strip().lower() if isinstance(value, str) else value if isinstance(
        value, (int, float, type(None), type(Ellipsis))) else repr(value)


def planted_bug_result(exercise):
    """"the buggy version fails case k: ..." for a "fix" exercise (its first visible case the
    planted bug gets wrong), or "" when there is none to show."""
    bug = next((m for m in exercise["mistakes"] if m.get("planted")), None)
    if bug is None:
        return ""
    for index, case in enumerate(exercise["cases"]):
        outcome = bug["results"][index]
        if case["hidden"]:
            continue
        if "raises" in outcome:
            return f"the buggy version raised {outcome['raises']} on case {index + 1}"
        expected = decode(case["expected"])
        if not same_result(decode(outcome["value"]), expected):
            return (f"the buggy version got case {index + 1} wrong: expected {fmt(expected)}, got "
                    f"{fmt(decode(outcome['value']))}")
    return ""
