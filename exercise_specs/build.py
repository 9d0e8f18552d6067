"""Build the exercise data the package's checkers read, from the specs and the notebooks.

    python exercise_specs/build.py            # write nnlessons/course/exercises/data/NN.json
                                              # and the notebooks' nbgrader cell metadata
    python exercise_specs/build.py --check    # exit 1 if anything written would change
    python exercise_specs/build.py 03 05      # only these lessons

For every exercise: the reference solution is the code between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` in its lesson notebook; it runs (strictly: overflow is an error) on every
case, and so does every typical mistake. The results are stored; the solution is not.
"""
import argparse
import importlib
import json
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nnlessons.course.editions import BEGIN_HIDDEN, BEGIN_SOLUTION, cell_text  # noqa: E402
from nnlessons.course.exercises import DATA  # noqa: E402
from nnlessons.course.exercises.checker import call_strictly, same_result  # noqa: E402
from nnlessons.course.exercises.encoding import dumps, encode  # noqa: E402
from nnlessons.course.lessons import lesson_files  # noqa: E402

SPEC_MODULE = "exercise_specs.lesson_{}"


def specs(lesson):
    """The Exercise specs of lesson "NN" (empty when it has no spec module)."""
    try:
        module = importlib.import_module(SPEC_MODULE.format(lesson))
    except ModuleNotFoundError:
        return []
    return module.EXERCISES


def solution_cell(nb, exercise):
    """The code cell holding the exercise's solution region: it defines ``name`` there."""
    found = [c for c in nb["cells"] if c["cell_type"] == "code" and BEGIN_SOLUTION in cell_text(c)
             and (f"def {exercise.name}(" in cell_text(c) or f"{exercise.name} =" in cell_text(c))]
    if len(found) != 1:
        raise ValueError(f"lesson {exercise.lesson}: expected one solution cell defining "
                         f"{exercise.name!r}, found {len(found)}")
    return found[0]


def test_cell(nb, exercise):
    """The code cell that checks the exercise, with its hidden grading test."""
    call = f'exercises.check("{exercise.name}"'
    found = [c for c in nb["cells"] if c["cell_type"] == "code" and call in cell_text(c)]
    if len(found) != 1:
        raise ValueError(f"lesson {exercise.lesson}: expected one cell with {call}...), "
                         f"found {len(found)}")
    text = cell_text(found[0])
    if BEGIN_HIDDEN not in text or f'exercises.grade("{exercise.name}"' not in text:
        raise ValueError(f"lesson {exercise.lesson}: the cell checking {exercise.name!r} needs a "
                         f'hidden test: {BEGIN_HIDDEN} / exercises.grade("{exercise.name}", ...)')
    return found[0]


def nbgrader_metadata(exercise, solution):
    meta = {"grade": not solution, "grade_id": exercise.name if solution else f"{exercise.name}_test",
            "locked": not solution, "schema_version": 3, "solution": solution, "task": False}
    if not solution:
        meta["points"] = exercise.points
    return meta


def reference(cell, exercise):
    """Run the solution cell alone; return what it defines under the exercise's name."""
    import nnlessons
    namespace = {"np": np, "nl": nnlessons}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(compile(cell_text(cell), f"<solution {exercise.name}>", "exec"), namespace)
    return namespace[exercise.name]


def outcome(fn, args, in_place, pure=False):
    """{"value": encoded result} or {"raises": exception type}: what fn does on one case (a pure
    exercise's answer that changes its arguments "raises" InputChanged)."""
    given = [_fresh(a) for a in args]
    args = [_fresh(a) for a in args]
    result, error = call_strictly(fn, args)
    if error is not None:
        return {"raises": type(error).__name__}
    if pure and not same_result(args, given):
        return {"raises": "InputChanged"}
    return {"value": encode(args[0] if in_place and result is None else result)}


def _fresh(value):
    if isinstance(value, dict):
        return {k: np.array(v, copy=True) for k, v in value.items()}
    return np.array(value, copy=True) if isinstance(value, np.ndarray) else value


def entry(exercise, solved):
    """The stored data of one exercise."""
    data = {"name": exercise.name, "lesson": exercise.lesson, "concept": exercise.concept,
            "kind": exercise.kind, "dtype": exercise.dtype, "exact": exercise.exact,
            "rtol": exercise.rtol, "in_place": exercise.in_place, "pure": exercise.pure, "outputs": list(exercise.outputs),
            "points": exercise.points, "nudges": list(exercise.nudges)}
    if exercise.kind == "value":
        data["expected"] = encode(solved)
        data["mistakes"] = [{"value": encode(m.wrong), "hints": [m.nudge, m.more]}
                            for m in exercise.mistakes]
        return data
    if exercise.kind == "predict":
        return {**data, **predict_entry(exercise, solved)}
    data["signature"] = list(exercise.cases[0].args)
    if exercise.vary:
        data["vary"] = list(exercise.vary)
    data["cases"] = []
    for case in exercise.cases:
        args = list(case.args.values())
        result = outcome(solved, args, exercise.in_place, exercise.pure)
        if "raises" in result:
            raise ValueError(f"{exercise.name}: the reference solution raises "
                             f"{result['raises']} on a case")
        if exercise.kind == "derive":
            result = {"value": encode(verified(exercise, case, decode_value(result["value"])))}
        data["cases"].append({"args": encode(args), "hidden": case.hidden,
                              "expected": result["value"]})
    mistakes = ([exercise.bug] if exercise.kind == "fix" else []) + list(exercise.mistakes)
    data["mistakes"] = [{"results": [outcome(m.wrong, list(c.args.values()), exercise.in_place,
                                             exercise.pure)
                                     for c in exercise.cases], "hints": [m.nudge, m.more]}
                        for m in mistakes]
    if exercise.kind == "fix":
        data["mistakes"][0]["planted"] = True
        if all(same_result(decode_value(r["value"]), decode_value(c["expected"]))
               for r, c in zip(data["mistakes"][0]["results"], data["cases"]) if "value" in r):
            raise ValueError(f"{exercise.name}: the planted bug passes every case; add a case it fails")
    if exercise.kind == "derive":
        data["verify_note"] = exercise.verify_note
    return data


def decode_value(value):
    from nnlessons.course.exercises.encoding import decode
    return decode(value)


def verified(exercise, case, solved):
    """The expected result of a "derive" case: what ``verify`` gives (a finite difference or a
    measurement), after checking that the reference solution agrees with it."""
    expected = exercise.verify(**{k: _fresh(v) for k, v in case.args.items()})
    if not np.allclose(np.asarray(solved, dtype=float), np.asarray(expected, dtype=float),
                       rtol=max(exercise.rtol, 1e-5), atol=1e-7):
        raise ValueError(f"{exercise.name}: the reference solution {solved} disagrees with "
                         f"{exercise.verify_note} {expected}")
    return np.asarray(expected, dtype=float)


def predict_entry(exercise, solved):
    """A "predict" exercise stores its options, rule and reasons; the reference answer must pick
    an option and the right reason."""
    if not isinstance(solved, dict) or solved.get("reason") != exercise.reason or \
            solved.get("prediction") not in exercise.options:
        raise ValueError(f"{exercise.name}: the reference answer must be {{'prediction': one of "
                         f"{list(exercise.options)}, 'reason': {exercise.reason!r}}}, got {solved!r}")
    return {"options": dict(exercise.options), "better": exercise.better,
            "reasons": dict(exercise.reasons), "reason": exercise.reason,
            "reason_hints": {k: list(v) for k, v in exercise.reason_hints.items()}}


def build(source_dir=None, lessons=None):
    """{data path: document} and {notebook path: notebook with nbgrader metadata}, for every
    lesson with a spec module (or those of ``lessons``, e.g. ["03"])."""
    import nbformat
    documents, notebooks = {}, {}
    for path in lesson_files(source_dir):
        lesson = path.name[:2]
        if lessons and lesson not in lessons:
            continue
        exercises = specs(lesson)
        if not exercises:
            continue
        nb = nbformat.read(path, as_version=4)
        entries = []
        for exercise in exercises:
            cell = solution_cell(nb, exercise)
            cell.metadata["nbgrader"] = nbgrader_metadata(exercise, solution=True)
            test_cell(nb, exercise).metadata["nbgrader"] = nbgrader_metadata(exercise, False)
            entries.append(entry(exercise, reference(cell, exercise)))
        documents[DATA / f"{lesson}.json"] = {"lesson": lesson, "exercises": entries}
        notebooks[path] = nb
    return documents, notebooks


def main(argv=None):
    import nbformat
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers, e.g. 03 05 (default: all)")
    parser.add_argument("--check", action="store_true", help="only report what would change")
    args = parser.parse_args(argv)
    documents, notebooks = build(lessons=args.lessons)
    stale = []
    for path, document in documents.items():
        text = dumps(document)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path, nb in notebooks.items():
        text = nbformat.writes(nb) + "\n"
        if path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(("stale: " if args.check else "wrote ") + str(path.relative_to(ROOT)))
    print(f"{sum(len(d['exercises']) for d in documents.values())} exercises in "
          f"{len(documents)} lessons" + (f"; {len(stale)} files out of date" if args.check else ""))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
