"""``editions``: a class kit (student edition, instructor edition, nbgrader course folder)."""
import sys
from pathlib import Path

from .args import CommandFailed, positive_int

ORDER = 20


def register(sub, common):
    p = sub.add_parser("editions", parents=[common.notebooks], help="a class kit: student and instructor "
                                                                    "editions, nbgrader course folder",
                       description="Build the student edition (nbgrader generate_assignment: no "
                                   "solutions, no outputs), the instructor edition and an nbgrader "
                                   "course folder for autograding. Needs nbgrader.")
    p.add_argument("lessons", nargs="*", metavar="NN", help="lessons (default: all)")
    p.add_argument("--out", type=Path, default=Path("class-kit"), metavar="DIR",
                   help="output folder (default: ./class-kit)")
    p.add_argument("--timeout", type=positive_int, default=60,
                   help="seconds a cell may run when autograding (default: 60)")
    p.add_argument("--hints", type=int, choices=(1, 2), default=2,
                   help="hint tiers the class copy of the package shows students: 1 (the nudge "
                        "only) or 2 (default)")
    p.set_defaults(func=run)


def run(args):
    from ..editions import make_course
    from ..lessons import find_lesson, notebooks_dir
    folder = args.notebooks or notebooks_dir()
    lessons = [find_lesson(key, folder).name[:2] for key in args.lessons] or None
    print(f"Building the class kit in {args.out} with nbgrader (one assignment per lesson)...",
          file=sys.stderr, flush=True)
    try:
        paths = make_course(args.out, lessons=lessons, source_dir=folder, timeout=args.timeout,
                            hints=args.hints)
    except RuntimeError as err:
        raise CommandFailed(str(err)) from err
    for label, path in paths.items():
        print(f"{label:>10}: {path}")
    print("Hand out student/ and class/ (the package as students get it: put class/ first on "
          "their PYTHONPATH; no hidden case, no solution). "
          "Keep instructor/ and course/ (nbgrader's folder: collect submissions "
          f"into course/submitted/STUDENT/lesson_NN/, then `python -m nnlessons grade {args.out}`: "
          "each submission graded in a sandbox).", file=sys.stderr)
    return 0
