"""``slides``: a lesson as an offline reveal.js deck; ``site``: the course website, built offline."""
import argparse
import sys
from pathlib import Path

from .args import CommandFailed, UsageError

ORDER = 50


def register(sub, common):
    p = sub.add_parser("slides", parents=[common.notebooks], help="make an offline slide deck of a lesson",
                       description="Write slides/NN_topic.slides.html (reveal.js, no network needed).")
    p.add_argument("lessons", nargs="*", metavar="NN", help="lesson number(s), e.g. 05, or a .ipynb path")
    p.add_argument("--all", action="store_true", help="every lesson")
    p.add_argument("--out", type=Path, default=Path("slides"), metavar="DIR",
                   help="output folder (default: ./slides)")
    p.add_argument("--execute", action="store_true", help="run the notebook first instead of "
                                                          "using its stored outputs")
    p.add_argument("--solutions", action="store_true",
                   help="show the exercises' solutions (default: the learner edition's stubs)")
    p.add_argument("--theme", default="white", help=argparse.SUPPRESS)
    p.set_defaults(func=run_slides)

    p = sub.add_parser("site", parents=[common.notebooks], help="build the course website (offline)",
                       description="Build a static website of every lesson from the stored outputs "
                                   "(Sphinx + MyST-NB; needs `pip install -e .[docs]`).")
    p.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                   help="output folder (default: ./site)")
    p.add_argument("--binder-repo", metavar="OWNER/REPO",
                   help="GitHub repository for the Binder links (default: the link pattern as text)")
    p.set_defaults(func=run_site)


def run_slides(args):
    from ..lessons import find_lesson, lesson_files, notebooks_dir
    from ..slides import build_deck
    if args.all and args.lessons:
        raise UsageError("slides: give lesson numbers or --all, not both")
    folder = args.notebooks or notebooks_dir()
    if args.all:
        notebooks = lesson_files(folder)
        if not notebooks:
            raise CommandFailed(f"No lessons (files named NN_topic.ipynb) in {folder}.")
    elif args.lessons:
        notebooks = [find_lesson(key, folder) for key in args.lessons]
    else:
        raise CommandFailed("Say which lesson: e.g. `python -m nnlessons slides 05`, or --all.")
    for notebook in notebooks:
        path = build_deck(notebook, args.out, execute=args.execute, theme=args.theme,
                          solutions=args.solutions)
        print(Path(path).resolve())
    print("Open the .slides.html file in a browser (no network needed; keep the reveal.js/ and "
          "katex/ folders beside it). Keys: arrows move, S speaker notes, F full screen.",
          file=sys.stderr)
    return 0


def run_site(args):
    from ..site import SiteBuildFailed, build_site
    print(f"Building the course website in {args.out} (offline, from the stored outputs)...",
          file=sys.stderr, flush=True)
    try:
        index = build_site(args.out, notebooks=args.notebooks, binder_repo=args.binder_repo)
    except SiteBuildFailed as err:
        raise CommandFailed(str(err)) from err
    print(index)
    print(f"Open {index} in a browser, or serve the folder: python -m http.server -d {args.out} "
          "8000 (then http://127.0.0.1:8000; search works best served).", file=sys.stderr)
    return 0
