"""``grade``: autograde a class kit's submissions, each in a sandbox, scores into the kit's gradebook."""
import sys
from pathlib import Path

from .args import CommandFailed, positive_int

ORDER = 25


def register(sub, common):
    p = sub.add_parser("grade", help="autograde a class kit's submissions in a sandbox",
                       description="Autograde every submission in KIT/course/submitted/STUDENT/"
                                   "lesson_NN/, each in a private copy of the course, its kernel as "
                                   "a uid of its own when run as root; outputs cut to a size and "
                                   "cleaned of grader paths and hidden tests; scores into the kit's "
                                   "gradebook, feedback into KIT/course/feedback/. Needs nbgrader.")
    p.add_argument("kit", type=Path, help="the kit folder that `nnlessons editions --out` wrote")
    p.add_argument("--assignment", metavar="lesson_NN", help="one assignment only (default: all)")
    p.add_argument("--student", metavar="S", help="one student only (default: all)")
    p.add_argument("--uid", type=positive_int,
                   help="as root: the uid kernels run as (default: the first free one from 60100)")
    p.add_argument("--output-cap", type=positive_int, default=10_000, metavar="CHARS",
                   help="characters of text output kept per cell (default: 10000)")
    p.add_argument("--memory-mb", type=positive_int, default=4096,
                   help="address space per kernel in MB (default: 4096)")
    p.set_defaults(func=run)


def run(args):
    from ..grading import grade_kit
    assignment = args.assignment
    if assignment and assignment.isdigit():
        assignment = f"lesson_{int(assignment):02d}"
    try:
        results = grade_kit(args.kit, assignment=assignment, student=args.student, uid=args.uid,
                            cap=args.output_cap, memory_mb=args.memory_mb,
                            log=lambda line: print(line, file=sys.stderr, flush=True))
    except (FileNotFoundError, RuntimeError, ValueError) as err:
        raise CommandFailed(str(err)) from err
    print("student,assignment,score,max_score")
    for r in results:
        print(f"{r['student']},{r['assignment']},{r['score']:g},{r['max_score']:g}")
    return 0
