"""The hidden test of a class kit, in two halves: the student's kernel runs the answer on fresh
inputs, the grader (never the kernel) decides.

- In the kernel (``run``): a kit's hidden cell (written by ``nnlessons editions``, never shown to
  students) finds this file on ``sys.path``, checks its SHA-256 against the one written into the
  cell, executes it into a new module object (never ``sys.modules``) and calls ``run(inputs, seed,
  answer, measured)``. ``inputs`` holds only what draws the fresh inputs (the stored cases' inputs,
  the signature): no reference solution, no expected value. ``run`` calls the answer on each fresh
  input and shows what it gave (and the inputs after the call) as a payload output of type ``MIME``
  (arrays as base64 .npy); the cell then raises ``GRADED_OUTSIDE``, so plain ``nbgrader autograde``
  scores the cell 0.
- On the grader's side (``verdict``, called by ``course/grading/verdict.py`` after the kernel ran):
  the fresh inputs drawn again from the seed in the kit's private record, the reference solution run
  on them, the payload compared. So nothing in the kernel can give the verdict: walking the
  grader's stack frames or reading the running cell finds inputs, never an expected value; a forged
  payload needs the right outputs, that is, a solved exercise.

Each fresh case is a stored one with its inputs perturbed by the seeded generator (shapes, dtypes
and preconditions kept: whole numbers and 0/1 masks stay, probability rows still sum to 1, values
in (0, 1) stay inside). Comparisons use ndarray arithmetic, never ``np.allclose``; the payload says
whether NumPy's namespace held functions NumPy did not define (``numpy_changed``), and such a
notebook fails. A failure says only which exercise and what kind of failure: no inputs, no
expected values, no paths.

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
    """The reference solution of the kit's record (the grader's side only), in a namespace of
    its own."""
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


# --- in the student's kernel: run the answer on fresh inputs, report what it gave --------------
def inputs_of(data):
    """What the hidden cell carries: what draws the fresh inputs, nothing that gives an output
    (no reference, no expected value, no tolerance)."""
    keep = ("name", "kind", "in_place", "signature", "vary")
    out = {k: data[k] for k in keep if k in data}
    out["cases"] = [{"args": c["args"], "hidden": c["hidden"]} for c in data.get("cases", [])]
    return out


def pack(value, depth=0):
    """A JSON-able record of a value the answer gave (arrays as base64 .npy, no pickles);
    anything else becomes ``{"t": "other"}``, which never compares equal to a number."""
    import base64
    import io
    kind = type(value)
    if depth > 8:
        return {"t": "other"}
    if value is None or kind in (bool, str):
        return {"t": "py", "v": value if kind is not str else value[:200]}
    if kind in (int, float):
        return {"t": kind.__name__, "v": repr(value)[:400]}
    if kind in (tuple, list):
        return {"t": kind.__name__, "v": [pack(v, depth + 1) for v in value[:10_000]]}
    if kind is dict:
        if not all(type(k) is str for k in value):
            return {"t": "other"}
        return {"t": "dict", "v": {k: pack(v, depth + 1) for k, v in value.items()}}
    if isinstance(value, (np.ndarray, np.generic)) and np.asarray(value).dtype != object:
        buffer = io.BytesIO()
        np.save(buffer, np.array(value, subok=False), allow_pickle=False)
        return {"t": "scalar" if isinstance(value, np.generic) else "array",
                "npy": base64.b64encode(buffer.getvalue()).decode("ascii")}
    return {"t": "other"}


class Unreadable:
    """What an answer gave that is not numbers (or a record that could not be read)."""


def unpack(record):
    """The value ``pack`` recorded (on the grader's side: never unpickles, never runs code)."""
    import base64
    import io
    kind = record["t"]
    if kind == "py":
        return record["v"]
    if kind in ("int", "float"):
        return {"int": int, "float": float}[kind](record["v"])
    if kind in ("tuple", "list"):
        items = [unpack(v) for v in record["v"]]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {str(k): unpack(v) for k, v in record["v"].items()}
    if kind in ("array", "scalar"):
        arr = np.load(io.BytesIO(base64.b64decode(record["npy"])), allow_pickle=False)
        return arr[()] if kind == "scalar" else arr
    return Unreadable()


def error_code(error):
    """What a raised exception says in the payload: 'stub', 'fpe' or 'raised NAME'."""
    if isinstance(error, NotImplementedError):
        return "stub"
    if isinstance(error, FloatingPointError):
        return "fpe"
    return f"raised {type(error).__name__}"


def collect(inputs, seed, answer, measured=None):
    """The payload of one hidden test: what ``answer`` gave on each fresh input (and the inputs
    after each call), or the answer itself for a value or a prediction."""
    payload = {"name": inputs["name"], "numpy_changed": bool(numpy_changed())}
    if inputs["kind"] in ("value", "predict"):
        payload["answer"] = pack(answer)
        payload["measured"] = pack(measured)
        return payload
    if not callable(answer):
        payload["not_callable"] = True
        return payload
    payload["cases"] = []
    for args in fresh_cases(inputs, seed):
        given = copy(args)
        held = dict(given[0]) if inputs["in_place"] else None   # the arrays the caller holds
        result, error = call_strictly(answer, given)
        after = [held] + list(given[1:]) if inputs["in_place"] else list(given)
        payload["cases"].append({"error": None if error is None else error_code(error),
                                 "result": pack(result), "after": pack(after)})
    return payload


MIME = "application/vnd.nnlessons.hidden+json"
GRADED_OUTSIDE = ("graded by `nnlessons grade`: this hidden test's verdict is computed outside "
                  "the notebook")


def run(inputs, seed, answer, measured=None):
    """The hidden cell's work in the kernel: show the payload (a display_data of type ``MIME``,
    outside a kernel a line of stdout), never a verdict."""
    payload = collect(inputs, seed, answer, measured)
    try:
        from IPython import get_ipython
        from IPython.display import publish_display_data
        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None and getattr(shell, "kernel", None) is not None:
        publish_display_data({MIME: payload, "text/plain": "(a hidden test's result)"})
    else:
        print(MIME, json.dumps(payload))


# --- on the grader's side: the verdict -------------------------------------------------------
def verdict(data, seed, payload):
    """Silent when the payload of exercise ``data`` shows a solved exercise on the fresh cases
    (regenerated here from ``seed``, expected values from the reference ``data`` carries); raises
    AssertionError naming the exercise and the kind of failure otherwise. A payload that cannot be
    read or that does not match the fresh cases fails."""
    name = data["name"]
    try:
        if not isinstance(payload, dict) or payload.get("name") != name:
            raise ValueError("no payload")
        if payload.get("numpy_changed"):
            fail(name, "NumPy's functions were replaced in this notebook")
        if data["kind"] in ("value", "predict"):
            answer, measured = unpack(payload["answer"]), unpack(payload["measured"])
        elif payload.get("not_callable"):
            fail(name, "not a function")
        else:
            cases = [(c["error"], unpack(c["result"]), unpack(c["after"])) for c in payload["cases"]]
    except AssertionError:
        raise
    except Exception:  # noqa: BLE001 - a forged or broken payload is a failure, never an error
        fail(name, "no readable result")
    if data["kind"] == "value":
        if answer is Ellipsis or isinstance(answer, Unreadable) or not close(
                answer if not isinstance(answer, list) else tuple(answer),
                decode(data["expected"]), data["exact"], data["rtol"]):
            fail(name, "wrong prediction")
        return
    if data["kind"] == "predict":
        return grade_prediction(data, answer, measured)
    fresh = fresh_cases(data, seed)
    if len(cases) != len(fresh):
        fail(name, "no readable result")
    reference = reference_function(data)
    for number, (args, (error, result, after)) in enumerate(zip(fresh, cases)):
        where = variant_of(data, number // FRESH_PER_CASE)
        solved = copy(args)
        expected, ref_error = call_strictly(reference, solved)
        if ref_error is not None:
            continue   # a fresh case outside the reference's preconditions: not a test
        if error == "stub":
            fail(name, "still the stub")
        if error is not None:
            said = error[len("raised "):] if isinstance(error, str) and error.startswith("raised ") \
                else ""
            fail(name, ("a floating-point error" if error == "fpe" else
                        f"raised {said}" if said.isidentifier() and len(said) <= 60 and
                        not any(ch.isdigit() for ch in said) else "raised an exception")
                 + f" on {where}")
        first = 1 if data["in_place"] else 0
        if not isinstance(after, list) or len(after) != len(args):
            fail(name, "no readable result")
        if (data["pure"] or data["in_place"]) and not close(after[first:], args[first:],
                                                            exact=True):
            fail(name, f"changed its input arrays on {where}")
        if data["in_place"]:
            held = after[0] if isinstance(after[0], dict) else {}
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


def grade(data, seed, answer, measured=None):
    """Both sides in one process (tests, a lecturer's check of the references): the payload of
    ``answer``, through JSON, judged against ``data``."""
    payload = json.loads(json.dumps(collect(inputs_of(data), seed, answer, measured)))
    verdict(data, seed, payload)


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
    """The JSON the kit's private record holds for one exercise (never the cell): its stored
    entry without hints or mistakes, plus the reference solution's source."""
    keep = ("name", "lesson", "kind", "dtype", "exact", "rtol", "in_place", "pure", "outputs",
            "signature", "cases", "expected", "options", "better", "reason", "vary")
    data = {k: entry[k] for k in keep if k in entry}
    data["cases"] = [{"args": c["args"], "hidden": c["hidden"]} for c in entry.get("cases", [])]
    data["reference"] = reference_source
    return json.dumps(data, sort_keys=True, separators=(",", ":"))
