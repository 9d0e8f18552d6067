"""Renumber lessons, and every reference to them, in one step.

    python scripts/renumber.py 12:08 13:09 14:10 07:11     # old:new, applied all at once
    python scripts/renumber.py --dry-run 12:08 ...          # say what would change, write nothing

For each pair it renames the lesson's files (``notebooks/NN_*.ipynb``, ``course/quizzes/NN.json``,
``exercise_specs/lesson_NN.py``, ``tests/exercise_answers/lesson_NN.py``) and rewrites the
references in notebooks (sources only: re-execute them afterwards), specs, tests, docs and README:
"lesson 12", "lessons 12-14", "Exercise 12.1", "**Builds on:** 12 Optimizers", "12 · section", ``lesson_quiz("12")``, ``lesson="12"``, file names
such as ``12_optimizers.ipynb``, the title "# 12 · ...". Every rewritten line is printed, so a
reference that a split lesson made ambiguous can be checked by eye. Afterwards: rebuild the exercise
data (``python exercise_specs/build.py``), re-execute the notebooks, and update
``tests/lesson_list.py`` (the test names the lessons on purpose).
"""
import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT_GLOBS = ("README.md", "notebooks/README.md", "docs/**/*.md", "exercise_specs/*.py", "tests/**/*.py",
              "nnlessons/course/**/*.py", "nnlessons/course/quizzes/*.json", "benchmarks/*.py",
              "scripts/*.py", "nbcheck/*.py", "binder/*")
NUMBER_LIST = r"(\d\d)((?:\s*(?:,|and|or|-|–|to)\s*\d\d\b)*)"
PATTERNS = [  # every two-digit number inside a match is a lesson number
    re.compile(rf"(?i:\blessons?[\s_]+){NUMBER_LIST}\b(?![%\d])"),
    re.compile(r"(\bExercise\s+)(\d\d)(\.\d)"),
    re.compile(r"(lesson_quiz\(\s*[\"'])(\d\d)([\"'])"),
    re.compile(r"(lesson=[\"'])(\d\d)([\"'])"),
    re.compile(r"(\b(?:quizzes|exercises/data)/)(\d\d)(\.json)"),    # quizzes/12.json
    re.compile(r"(\blesson_)(\d\d)(\.py)"),                           # exercise_specs/lesson_12.py
    re.compile(r"(\b(?:slides|--reset|editions|run_notebooks\.py)\s+)(\d\d)\b"),
    re.compile(r"(^#\s+)(\d\d)(\s+·)", re.M),
    re.compile(r"(\b)(\d\d)(_[a-z][a-z_]*(?:\.ipynb|\.slides\.html)?\b)"),
    re.compile(r"\*\*Builds on:\*\*[^\n]*"),                  # **Builds on:** 04 Backpropagation, ...
    re.compile(r"(?<![\d,.])\d\d(?= · )"),                      # the concept map's "NN · section"
]
ANY_REFERENCE = re.compile("|".join(f"(?:{p.pattern})" for p in PATTERNS), re.M)


def rewrite(text, mapping):
    """Rewrite every lesson number in ``text`` by ``mapping`` ({'12': '08'}), in one pass (so a
    number already rewritten is never rewritten again)."""
    def sub(match):
        return re.sub(r"(?<!\d)\d\d(?!\d)", lambda m: mapping.get(m.group(0), m.group(0)), match.group(0))

    return ANY_REFERENCE.sub(sub, text)


def notebook_rewrite(path, mapping, dry):
    nb = json.loads(path.read_text(encoding="utf-8"))
    changed = []
    for i, cell in enumerate(nb["cells"]):
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        new = rewrite(source, mapping)
        if new != source:
            changed += [f"{path.name} cell {i}: {line.strip()[:110]}" for old_line, line in
                        zip(source.splitlines(), new.splitlines()) if old_line != line]
            cell["source"] = new.splitlines(keepends=True)
    if changed and not dry:
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return changed


def file_rewrite(path, mapping, dry):
    text = path.read_text(encoding="utf-8")
    new = rewrite(text, mapping)
    if new == text:
        return []
    if not dry:
        path.write_text(new, encoding="utf-8")
    return [f"{path.relative_to(ROOT)}: {line.strip()[:110]}" for old, line in
            zip(text.splitlines(), new.splitlines()) if old != line]


def renames(mapping):
    """[(old path, new path)] for every file named after a lesson in ``mapping``."""
    moves = []
    for old, new in mapping.items():
        for nb in (ROOT / "notebooks").glob(f"{old}_*.ipynb"):
            moves.append((nb, nb.with_name(new + nb.name[2:])))
        for pattern in ("nnlessons/course/quizzes/{}.json", "exercise_specs/lesson_{}.py",
                        "tests/exercise_answers/lesson_{}.py", "nnlessons/course/exercises/data/{}.json"):
            src = ROOT / pattern.format(old)
            if src.exists():
                moves.append((src, ROOT / pattern.format(new)))
    return moves


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pairs", nargs="+", help="old:new lesson numbers, e.g. 12:08")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--skip", action="append", default=[], metavar="GLOB",
                        help="leave files matching GLOB (relative to the repository) untouched")
    args = parser.parse_args(argv)
    mapping = {}
    for pair in args.pairs:
        old, _, new = pair.partition(":")
        if not (re.fullmatch(r"\d\d", old) and re.fullmatch(r"\d\d", new)):
            parser.error(f"expected old:new with two digits each, e.g. 12:08; got {pair!r}")
        mapping[old] = new
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for line in notebook_rewrite(path, mapping, args.dry_run):
            print(line)
    seen = set()
    for glob in TEXT_GLOBS:
        for path in sorted(ROOT.glob(glob)):
            skipped = any(path.relative_to(ROOT).match(g) for g in args.skip)
            if path.is_file() and path not in seen and path.name != "renumber.py" and not skipped:
                seen.add(path)
                for line in file_rewrite(path, mapping, args.dry_run):
                    print(line)
    moves = renames(mapping)
    for src, dst in moves:
        print(f"rename {src.relative_to(ROOT)} -> {dst.relative_to(ROOT)}")
    if not args.dry_run:  # two steps, so 07->11 and 11->17 never collide
        temps = []
        for src, dst in moves:
            tmp = src.with_name(src.name + ".renumbering")
            subprocess.run(["git", "mv", str(src), str(tmp)], cwd=ROOT, check=True)
            temps.append((tmp, dst))
        for tmp, dst in temps:
            subprocess.run(["git", "mv", str(tmp), str(dst)], cwd=ROOT, check=True)


if __name__ == "__main__":
    sys.exit(main())
