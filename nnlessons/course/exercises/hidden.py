"""The hidden test of a class kit: fresh cases drawn at grading time, expected values from the
reference solution the hidden cell carries.

A kit's hidden cell (written by ``nnlessons editions``, never shown to students) finds this file on
``sys.path`` by itself, checks its SHA-256 against the one written into the cell, executes the bytes
it hashed into a new module object (never ``sys.modules``) and calls ``grade(data, seed, answer,
measured)``. ``data`` is the exercise as the cell carries it: its stored cases (the bases of the
fresh ones), flags, and the reference solution's source; ``seed`` is the kit's secret for this
exercise. So nothing the student's kernel can rebind (``exercises.grade``, the ``exercises`` module
in ``sys.modules``, the stored data files) takes part, and stored expected values are useless: each
fresh case is a stored one with its inputs perturbed by the seeded generator (shapes, dtypes and
preconditions kept: whole numbers and 0/1 masks stay, probability rows still sum to 1, values in
(0, 1) stay inside), and its expected value is what the reference gives on it.

Comparisons use ndarray arithmetic, never ``np.allclose``/``np.isclose``/``np.array_equal``, and
``numpy_changed`` refuses to grade when NumPy's namespace holds functions that NumPy did not define
(a rebound ``np.allclose``, ``np.maximum = np.minimum``). Not defended: an answer that rewrites
NumPy's C internals or Python's builtins, forges code objects, walks the grader's stack frames or
reads the running cell; a sandbox and a human look are for those. A failure says only which
exercise and what kind of failure: no inputs, no expected values, no paths.

Standard library and NumPy only, no relative imports: the file must run on its own.
"""
import contextlib
import json
import os
import types
import warnings

import numpy as np

RTOL, ATOL = 1e-6, 1e-9
FRESH_PER_CASE = 2          # fresh variants drawn from each stored case
UFUNC_ALIASES = {"abs", "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_invert",
                 "bitwise_left_shift", "bitwise_not", "bitwise_right_shift", "conj", "mod", "pow",
                 "true_divide", "divide", "round_", "fabs", "absolute"}
FUNCTION_ALIASES = {"concat", "permute_dims", "max", "min", "amax", "amin", "round", "around",
                    "round_", "product", "cumproduct", "sometrue", "alltrue", "row_stack", "trapz",
                    "in1d", "asfarray", "msort"}


def fail(name, kind):
    """What a hidden test raises: the exercise and the kind of failure, nothing more."""
    raise AssertionError(f"a hidden case failed: {name} ({kind})")


# --- values ----------------------------------------------------------------------------------
def decode(data):
    """A value of the exercise data (see encoding.py), as fresh objects."""
    if not isinstance(data, dict):
        return data
    if "ndarray" in data:
        return np.array(data["ndarray"], dtype=data["dtype"])
    if "scalar" in data:
        return np.array(data["scalar"], dtype=data["dtype"])[()]
    if "tuple" in data:
        return tuple(decode(v) for v in data["tuple"])
    if "list" in data:
        return [decode(v) for v in data["list"]]
    if "dict" in data:
        return {k: decode(v) for k, v in data["dict"].items()}
    raise ValueError(f"unknown exercise data entry with keys {sorted(data)}")


def copy(value):
    """A deep copy of arrays, dicts, tuples and lists (other values are immutable here)."""
    if isinstance(value, np.ndarray):
        return np.array(value, copy=True)
    if isinstance(value, dict):
        return {k: copy(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(copy(v) for v in value)
    if isinstance(value, list):
        return [copy(v) for v in value]
    return value


# --- fresh cases -----------------------------------------------------------------------------
def _jitter_unit(x, rng):
    """Values strictly inside (0, 1) moved in logit space: 0.999 stays near 0.999, 1e-8 near 1e-8."""
    x = np.asarray(x, dtype=np.float64)
    logit = np.log(x) - np.log1p(-x)
    return 1.0 / (1.0 + np.exp(-(logit + rng.normal(0.0, 0.3, np.shape(x)))))


def _move(x, rng):
    """Numbers moved: inside (0, 1) in logit space, |x| <= 1 by a factor in [0.75, 1.33] (signs
    and zeros kept), larger ones by up to 0.25 (so 745 and 746 stay a step apart, not 200)."""
    x = np.asarray(x, dtype=np.float64)
    unit = (x > 0) & (x < 1)
    small = abs(x) <= 1
    moved = np.where(small, x * np.exp(rng.uniform(-0.29, 0.29, x.shape)),
                     x + rng.uniform(-0.25, 0.25, x.shape))
    return np.where(unit, _jitter_unit(np.clip(x, 1e-300, 1 - 1e-16), rng), moved)


def perturb(value, rng):
    """``value`` with its numbers moved by the seeded rng, shape, dtype and preconditions kept.

    Integers, booleans and strings stay (labels, counts, sizes, indices); float arrays of only 0s
    and 1s stay (masks, one-hot targets); equal numbers stay equal (ties); values in (0, 1) stay
    inside; rows that are probabilities (non-negative, summing to 1) still sum to 1; signs and
    zeros are kept."""
    if isinstance(value, dict):
        return {k: perturb(v, rng) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(perturb(v, rng) for v in value)
    if isinstance(value, list):
        return [perturb(v, rng) for v in value]
    if isinstance(value, (bool, np.bool_, int, np.integer, str)) or value is None:
        return value
    if isinstance(value, (float, np.floating)):
        new = float(_move(float(value), rng))
        return type(value)(new) if isinstance(value, np.floating) else new
    if not isinstance(value, np.ndarray) or not np.issubdtype(value.dtype, np.floating) \
            or value.size == 0:
        return copy(value)
    x = value.astype(np.float64)
    if not np.isfinite(x).all() or ((x == 0) | (x == 1)).all():
        return copy(value)
    distinct, where = np.unique(x, return_inverse=True)
    new = _move(distinct, rng)[where.reshape(x.shape)]
    if (x >= 0).all() and x.ndim and (abs(x.sum(axis=-1) - 1.0) < 1e-6).all():
        new = new / new.sum(axis=-1, keepdims=True)
    return new.astype(value.dtype)


def variant_of(data, index):
    """What a fresh case of stored case ``index`` is, in words a failure may show: 'a variant of
    visible case 2' (counted as the check shows them) or 'a variant of an extra case'."""
    cases = data["cases"]
    if cases[index].get("hidden"):
        return "a variant of an extra case"
    return f"a variant of visible case {sum(not c.get('hidden') for c in cases[:index + 1])}"


def fresh_cases(data, seed):
    """[args list] of the fresh cases: FRESH_PER_CASE perturbed copies of every stored case
    (``fresh_cases(...)[i]`` comes from stored case ``i // FRESH_PER_CASE``).
    The integer arguments the exercise names in ``vary`` (counts, sizes) are multiplied by one
    whole factor from 2 to 5 per case, so divisibility and order among them are kept."""
    rng = np.random.default_rng(seed)
    vary = [data["signature"].index(name) for name in data.get("vary", ())]
    out = []
    for case in data["cases"]:
        base = decode(case["args"])
        for _ in range(FRESH_PER_CASE):
            args = list(perturb(base, rng))
            factor = int(rng.integers(2, 6))
            for i in vary:
                args[i] = type(args[i])(args[i] * factor)
            out.append(args)
    return out


# --- comparing --------------------------------------------------------------------------------
def as_floats(value):
    """A plain float64 ndarray of ``value`` (subclasses and look-alikes become plain arrays)."""
    arr = np.array(value, dtype=np.float64, subok=False)
    return arr


def close(got, want, exact=False, rtol=RTOL):
    """Do two results agree (arrays, numbers, or tuples/lists/dicts of them)? NaN equals NaN."""
    if isinstance(want, dict):
        return isinstance(got, dict) and sorted(got) == sorted(want) and all(
            close(got[k], want[k], exact, rtol) for k in want)
    if isinstance(want, (tuple, list)):
        return isinstance(got, (tuple, list)) and len(got) == len(want) and all(
            close(g, w, exact, rtol) for g, w in zip(got, want))
    try:
        a, b = as_floats(got), as_floats(want)
    except (TypeError, ValueError):
        return False
    if a.shape != b.shape:
        return False
    nan_a, nan_b = a != a, b != b
    if (nan_a != nan_b).any():
        return False
    a, b = np.where(nan_a, 0.0, a), np.where(nan_b, 0.0, b)
    if exact:
        return not (a != b).any()
    same_inf = (a == b)
    diff = abs(a - b)
    return bool(((diff <= ATOL + rtol * abs(b)) | same_inf).all())


def what_differs(got, want, dtype, exact, rtol):
    """None when ``got`` is right, else the kind of failure (no numbers)."""
    if got is None:
        return "returned None"
    try:
        arr = np.asarray(got)
        values = as_floats(got)
    except (TypeError, ValueError):
        return "not numbers"
    if values.shape != np.shape(want):
        return "wrong shape"
    if dtype == "float" and not np.issubdtype(arr.dtype, np.floating):
        return "not floating-point numbers"
    if dtype == "int" and not (np.issubdtype(arr.dtype, np.integer) or not (
            values != np.round(values)).any()):
        return "not whole numbers"
    return None if close(values, want, exact, rtol) else "wrong values"


# --- running ----------------------------------------------------------------------------------
def call_strictly(fn, args):
    """fn(*args) -> (result, None), or (None, the exception) if it raised, overflowed or warned."""
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"), \
                warnings.catch_warnings():
            warnings.simplefilter("error")
            return fn(*args), None
    except Exception as exc:  # noqa: BLE001 - any error in the answer is a verdict
        return None, exc


def reference_function(data):
    """The reference solution the hidden cell carries, defined in a namespace of its own."""
    import nnlessons
    namespace = {"np": np, "nl": nnlessons, "__name__": "reference"}
    exec(compile(data["reference"], "<reference>", "exec"), namespace)
    return namespace[data["name"]]


def _numpy_made(fn, home):
    """Was this Python function written in NumPy's files? NumPy 1.x generates its array functions
    in "<__array_function__ internals>"; a context manager (np.printoptions) is contextlib's
    wrapper around one of NumPy's."""
    file = fn.__code__.co_filename
    if file == "<__array_function__ internals>" or os.path.abspath(file).startswith(home):
        return True
    wrapped = getattr(fn, "__wrapped__", None)
    return os.path.abspath(file) == os.path.abspath(contextlib.__file__) and \
        isinstance(wrapped, types.FunctionType) and _numpy_made(wrapped, home)


def numpy_changed():
    """The names in NumPy's namespace (numpy, numpy.linalg, numpy.random) that hold something NumPy
    did not define: a function written elsewhere, a callable of a foreign type, or a NumPy function
    under another function's name (np.maximum = np.minimum)."""
    home = os.path.dirname(os.path.abspath(np.__file__))
    allowed = (types.BuiltinFunctionType, types.ModuleType, type, np.ufunc, type(np.concatenate),
               types.MethodType, type(np.random.default_rng))
    changed = []
    for module in (np, np.linalg, np.random):
        for name, obj in list(vars(module).items()):
            if name.startswith("__") or not callable(obj):
                continue
            if isinstance(obj, types.FunctionType):
                if not _numpy_made(obj, home):
                    changed.append(f"{module.__name__}.{name}")
                continue
            if not isinstance(obj, allowed):
                if type(obj).__module__.split(".")[0] != "numpy":
                    changed.append(f"{module.__name__}.{name}")
                continue
            if isinstance(obj, types.MethodType) and not isinstance(obj.__self__, np.random.RandomState):
                changed.append(f"{module.__name__}.{name}")
                continue
            real = getattr(obj, "__name__", name)
            aliases = UFUNC_ALIASES if isinstance(obj, np.ufunc) else FUNCTION_ALIASES
            if isinstance(obj, (np.ufunc, type(np.concatenate))) and real != name and \
                    name not in aliases:
                changed.append(f"{module.__name__}.{name}")
    return changed


def grade(data, seed, answer, measured=None):
    """Silent when ``answer`` passes every fresh case of the exercise ``data`` describes; raises
    AssertionError naming the exercise and the kind of failure otherwise."""
    name = data["name"]
    if numpy_changed():
        fail(name, "NumPy's functions were replaced in this notebook")
    if data["kind"] == "value":
        if answer is Ellipsis or not close(answer if not isinstance(answer, list) else tuple(answer),
                                           decode(data["expected"]), data["exact"], data["rtol"]):
            fail(name, "wrong prediction")
        return
    if data["kind"] == "predict":
        return grade_prediction(data, answer, measured)
    if not callable(answer):
        fail(name, "not a function")
    reference = reference_function(data)
    for number, args in enumerate(fresh_cases(data, seed)):
        where = variant_of(data, number // FRESH_PER_CASE)
        solved = copy(args)
        expected, error = call_strictly(reference, solved)
        if error is not None:
            continue   # a fresh case outside the reference's preconditions: not a test
        given, pristine = copy(args), copy(args)
        held = dict(given[0]) if data["in_place"] else None   # the arrays the caller holds
        result, error = call_strictly(answer, given)
        if isinstance(error, NotImplementedError):
            fail(name, "still the stub")
        if error is not None:
            fail(name, ("a floating-point error" if isinstance(error, FloatingPointError) else
                        f"raised {type(error).__name__}") + f" on {where}")
        first = 1 if data["in_place"] else 0
        if (data["pure"] or data["in_place"]) and not close(given[first:], pristine[first:],
                                                            exact=True):
            fail(name, f"changed its input arrays on {where}")
        if data["in_place"]:
            for key in sorted(solved[0]):
                if what_differs(held.get(key), solved[0][key], None, data["exact"], data["rtol"]):
                    fail(name, f"wrong values after the step on {where}")
            continue
        outputs = data["outputs"]
        if outputs:
            if not isinstance(result, (tuple, list)) or len(result) != len(outputs):
                fail(name, f"expected {len(outputs)} results on {where}")
            pairs = list(zip(result, expected))
        else:
            pairs = [(result, expected)]
        for got, want in pairs:
            kind = what_differs(got, want, data["dtype"], data["exact"], data["rtol"])
            if kind:
                fail(name, f"{kind} on {where}")


def grade_prediction(data, answer, measured):
    """A "predict, run, explain" answer: the prediction matches the learner's own run, the reason
    is the right one."""
    name = data["name"]
    if not isinstance(answer, dict) or not isinstance(measured, dict):
        fail(name, "no prediction or no measurement")
    prediction = answer.get("prediction")
    reason = answer.get("reason")
    prediction = prediction.strip().lower() if isinstance(prediction, str) else prediction
    reason = reason.strip().lower() if isinstance(reason, str) else reason
    try:
        numbers = {k: float(v) for k, v in measured.items()}
    except (TypeError, ValueError):
        fail(name, "the measurement is not numbers")
    if sorted(numbers) != sorted(data["options"]) or any(v != v for v in numbers.values()):
        fail(name, "the measurement is incomplete")
    pick = min if data["better"] == "lower" else max
    winner = pick(numbers, key=numbers.get)
    if prediction != winner:
        fail(name, "wrong prediction")
    if reason != data["reason"]:
        fail(name, "wrong reason")


def carried(entry, reference_source):
    """The JSON the hidden cell carries for one exercise: its stored entry without hints or
    mistakes, plus the reference solution's source."""
    keep = ("name", "lesson", "kind", "dtype", "exact", "rtol", "in_place", "pure", "outputs",
            "signature", "cases", "expected", "options", "better", "reason", "vary")
    data = {k: entry[k] for k in keep if k in entry}
    data["cases"] = [{"args": c["args"], "hidden": c["hidden"]} for c in entry.get("cases", [])]
    data["reference"] = reference_source
    return json.dumps(data, sort_keys=True, separators=(",", ":"))
