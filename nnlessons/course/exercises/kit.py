"""What ``nnlessons editions`` writes for a class: hidden cells that carry what they need, and the
class distribution of the package.

- ``kit_notebook(nb, secret, records)``: each exercise's hidden test (``exercises.grade("relu",
  relu)`` in the instructor notebook) becomes a cell that finds ``hidden.py`` in the installed
  package, checks its SHA-256, runs the answer on fresh inputs drawn from a seed derived from the
  kit's secret and shows what it gave; the verdict is the grader's (``grading/verdict.py``), from
  the kit's private record (``write_records``: the seed and the reference solution), never in the
  student's kernel.
- ``write_class_package(out)``: a copy of the package as students get it in a class: stored
  hidden cases removed, no right answer of a "value" or "predict" exercise (its check says the
  answer is recorded), no ``solution()``, no lesson notebooks (the copy has none beside it), and
  hints capped at the lecturer's tier (``distribution.json``).

Standard library only (plus the exercise data); run on the lecturer's side, never in a student's
kernel.
"""
import hashlib
import json
import re
import secrets
import shutil
from pathlib import Path

from ..regions import (BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION, cell_text,
                       nbgrader_meta, replace_regions, set_text)
from ..distribution import is_class
from . import DATA, _all_exercises, class_entry
from .encoding import dumps

HIDDEN_PY = Path(__file__).resolve().parent / "hidden.py"
SECRET_FILE = ".nnlessons_secret"
DISTRIBUTION_FILE = "distribution.json"
GRADE_CALL = re.compile(r'^exercises\.grade\(\s*"(?P<name>\w+)"\s*,\s*(?P<args>.*)\)\s*$')


def kit_secret(course):
    """The kit's secret (hex), kept in ``course/.nnlessons_secret`` (readable by the lecturer
    only) so that building the kit again keeps the seeds."""
    path = Path(course) / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_hex(16)
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)
    return value


def exercise_seed(secret, name):
    """The seed of one exercise's fresh cases: 128 bits from the kit's secret and the name."""
    return int(hashlib.sha256(f"{secret}:{name}".encode()).hexdigest()[:32], 16)


def checker_sha():
    return hashlib.sha256(HIDDEN_PY.read_bytes()).hexdigest()


def reference_source(nb, name):
    """The source of exercise ``name``'s solution cell, markers removed."""
    for cell in nb["cells"]:
        meta = nbgrader_meta(cell)
        if meta.get("solution") and meta.get("grade_id") == name:
            return "\n".join(line for line in cell_text(cell).splitlines()
                             if line.strip() not in (BEGIN_SOLUTION, END_SOLUTION))
    raise ValueError(f"no solution cell for exercise {name!r}")


def hidden_region(name, args, data, seed, sha):
    """The lines of a hidden test; ``args`` is the grade call's text after the exercise's name
    (``relu`` or ``batch_race, measured=measured``), ``data`` the JSON of the inputs only."""
    return [
        "def _nnlessons_hidden_test(name, answer, measured=None):",
        "    import hashlib, json, os, sys, types",
        f"    seed = 0x{seed:032x}",
        f'    sha = "{sha}"',
        f"    data = {data!r}",
        "    found = (f.find_spec(\"nnlessons\", None) for f in sys.meta_path if hasattr(f, \"find_spec\"))",
        "    spec = next((s for s in found if s and s.submodule_search_locations), None)",
        "    folders = list(spec.submodule_search_locations) if spec else []",
        "    try:",
        '        with open(os.path.join(folders[0], "course", "exercises", "hidden.py"), "rb") as f:',
        "            source = f.read()",
        "    except (IndexError, OSError):",
        '        source = b""',
        "    if hashlib.sha256(source).hexdigest() != sha:",
        "        raise AssertionError(\"the grader's checker was replaced: \" + name)",
        '    grader = types.ModuleType("nnlessons_hidden_grader")',
        '    exec(compile(source, "<nnlessons hidden grader>", "exec"), grader.__dict__)',
        "    grader.run(json.loads(data), seed, answer, measured)",
        f'_nnlessons_hidden_test("{name}", {args})',
        "del _nnlessons_hidden_test",
    ]


HIDDEN_CALL = re.compile(r'^\s*_nnlessons_hidden_test\(\s*"(\w+)"', re.M)


def hidden_names(text):
    """The exercises whose hidden tests a cell's text runs."""
    return HIDDEN_CALL.findall(text)


def kit_notebook(nb, secret, records=None):
    """A copy of instructor notebook ``nb`` (a dict) whose hidden tests run the answers on fresh
    inputs and leave the verdict to the grader. ``records`` (a dict), when given, receives for each
    exercise what the grader needs and the kernel must not see: {name: {"seed", "sha", "data"}}
    (``data``: the exercise with its reference solution, ``hidden.carried``)."""
    from .hidden import GRADED_OUTSIDE, carried, inputs_of
    if is_class():
        raise RuntimeError("a kit is built from the self-study install (its records need the hidden "
                           "cases and right answers); got the class distribution "
                           "(NNLESSONS_DISTRIBUTION=class or a class copy): unset it and run again")
    nb = json.loads(json.dumps(nb))
    exercises, sha = _all_exercises(), checker_sha()
    for cell in nb["cells"]:
        text = cell_text(cell)
        if cell["cell_type"] != "code" or BEGIN_HIDDEN not in text:
            continue

        def rewrite(indent, body):
            out, tests = [], 0
            for line in body:
                match = GRADE_CALL.match(line.strip())
                if not match:
                    out.append(line)
                    continue
                name = match["name"]
                entry = exercises[name]
                source = reference_source(nb, name) if entry["kind"] not in ("value", "predict") \
                    else ""
                data = carried(entry, source)
                inputs = json.dumps(inputs_of(json.loads(data)), sort_keys=True,
                                    separators=(",", ":"))
                seed = exercise_seed(secret, name)
                if records is not None:
                    records[name] = {"seed": f"0x{seed:032x}", "sha": sha, "data": data}
                out += [indent + x for x in hidden_region(name, match["args"], inputs, seed, sha)]
                tests += 1
            if tests:
                out.append(indent + f"raise AssertionError({GRADED_OUTSIDE!r})")
            return [indent + BEGIN_HIDDEN, *out, indent + END_HIDDEN]
        set_text(cell, replace_regions(text, BEGIN_HIDDEN, END_HIDDEN, rewrite))
    return nb


RECORDS = ".nnlessons_hidden"


def write_records(course, assignment, records):
    """The kit's private record of an assignment's hidden tests:
    ``course/.nnlessons_hidden/ASSIGNMENT.json`` (folder 0700, file 0600), read by the grader
    (``grading/verdict.py``), never by a kernel."""
    folder = Path(course) / RECORDS
    folder.mkdir(exist_ok=True)
    folder.chmod(0o700)
    path = folder / f"{assignment}.json"
    path.write_text(json.dumps({"exercises": records}, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    path.chmod(0o600)
    return path


def read_records(folder):
    """{exercise: record} from every record file in ``folder``."""
    found = {}
    for path in sorted(Path(folder).glob("*.json")):
        found.update(json.loads(path.read_text(encoding="utf-8"))["exercises"])
    return found


# --- the class distribution -------------------------------------------------------------------
def write_class_package(out, hints=2):
    """Write the class distribution of the package to ``out/nnlessons/`` (put ``out`` first on
    the students' PYTHONPATH, or install it): no stored hidden case, no right answer of a "value"
    or "predict" exercise (``class_entry``), no solution(), no notebooks, no kit tools; hints up to
    tier ``hints`` (1: the nudge only). Returns the path."""
    if hints not in (1, 2):
        raise ValueError(f"hints is 1 (the nudge only) or 2 (both tiers), got {hints!r}")
    package = Path(__file__).resolve().parents[2]
    target = Path(out) / "nnlessons"
    if target.exists():
        shutil.rmtree(target)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.ipynb", "notebooks", DISTRIBUTION_FILE)
    shutil.copytree(package, target, ignore=skip)
    data = target / DATA.relative_to(package)
    for path in sorted(data.glob("[0-9][0-9].json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        document["exercises"] = [class_entry(e, hints) for e in document["exercises"]]
        path.write_text(dumps(document), encoding="utf-8")
    (target / "course" / "exercises" / "kit.py").unlink()
    (target / "course" / DISTRIBUTION_FILE).write_text(
        json.dumps({"distribution": "class", "hints": hints}, indent=1) + "\n", encoding="utf-8")
    (Path(out) / "pyproject.toml").write_text(class_pyproject(), encoding="utf-8")
    return target


def class_pyproject():
    """A pyproject.toml that makes the class copy installable (``pip install KIT/class``, as the
    hub recipe does): the same name, version and dependencies as this install, no extras."""
    from importlib import metadata
    try:
        version = metadata.version("nnlessons")
        needs = [r for r in metadata.requires("nnlessons") or [] if "extra ==" not in r]
    except metadata.PackageNotFoundError:
        version, needs = "0.0.0", ["numpy>=1.24"]
    return CLASS_PYPROJECT.format(version=version, needs=json.dumps(needs))


CLASS_PYPROJECT = """\
# The class distribution of nnlessons, written by `nnlessons editions`: no stored hidden case,
# no solution, no instructor notebook. Install it for students: pip install .
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "nnlessons"
version = "{version}"
description = "nnlessons, the class distribution (no hidden cases, no solutions)"
requires-python = ">=3.10"
dependencies = {needs}

[project.scripts]
nnlessons = "nnlessons.course.cli:main"

[tool.setuptools.packages.find]
include = ["nnlessons*"]

[tool.setuptools.package-data]
nnlessons = ["**/*.json", "**/*.gz", "course/_vendor/**/*", "course/_templates/**/*"]
"""
