"""``list``: the lesson map; ``lab``: write the learner edition and start JupyterLab on it."""
import os
import shlex
import sys
from pathlib import Path

from .args import CommandFailed, port

ORDER = 10
LEARNER_DIR = "nnlessons-course"
INSTRUCTOR_DIR = "nnlessons-course-instructor"


def register(sub, common):
    p = sub.add_parser("list", parents=[common.notebooks], help="print the lesson map",
                       description="Print the lessons: number, title (first heading), file.")
    p.set_defaults(func=run_list)

    p = sub.add_parser("lab", parents=[common.notebooks], help="open JupyterLab on the lessons",
                       description="Write the learner edition of the lessons (exercises as stubs) into "
                                   "DIR and start JupyterLab there. A lesson already in DIR is yours: "
                                   "it is never overwritten (--reset NN starts it afresh).")
    p.add_argument("folder", nargs="?", type=Path, metavar="DIR",
                   help=f"where your copy of the lessons lives (default: ./{LEARNER_DIR}; with "
                        f"--instructor, the lessons themselves in a checkout, else ./{INSTRUCTOR_DIR})")
    p.add_argument("--reset", action="append", metavar="NN",
                   help="start lesson NN afresh (your copy is kept as .ipynb.bak); repeatable, or 'all'")
    p.add_argument("--instructor", action="store_true",
                   help="open the instructor edition (solutions included) instead")
    p.add_argument("--port", type=port, help="port to serve on (default: JupyterLab's, 8888 or next free)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--no-launch", action="store_true",
                   help="write the lessons into DIR and stop (no JupyterLab)")
    p.add_argument("--dry-run", action="store_true",
                   help="write the lessons, print the JupyterLab command, do not run it")
    p.set_defaults(func=run_lab)


def run_list(args):
    from ..lessons import lessons, notebooks_dir
    folder = args.notebooks or notebooks_dir()
    found = lessons(folder)
    if not found:
        raise CommandFailed(f"No lessons (files named NN_topic.ipynb) in {folder}.")
    print(f"nnlessons: {len(found)} lesson{'s' if len(found) != 1 else ''} in {folder}\n")
    width = max(len(title) for _, title, _ in found)
    for number, title, path in found:
        print(f"  {number}  {title.ljust(width)}  {path.name}")
    print("\nOpen them in JupyterLab with: python -m nnlessons lab")
    return 0


def lab_command(folder, port=None, no_browser=False):
    """The argv that starts JupyterLab on ``folder`` (opening the welcome lesson when it exists)."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={folder}"]
    if port is not None:
        cmd += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if no_browser:
        cmd.append("--no-browser")
    if getattr(os, "geteuid", lambda: 1)() == 0:  # e.g. a container; JupyterLab refuses root otherwise
        cmd.append("--ServerApp.allow_root=True")
    welcome = sorted(folder.glob("00_*.ipynb"))
    if welcome:
        cmd.append(str(welcome[0]))
    return cmd


def backup_name(path):
    """``NN_x.ipynb.bak``, or ``.bak2``, ``.bak3``... when an older backup is there: none is lost."""
    candidate, n = path.with_suffix(".ipynb.bak"), 1
    while candidate.exists():
        n += 1
        candidate = path.with_suffix(f".ipynb.bak{n}")
    return candidate


def reset_lessons(folder, keys, source_files):
    """Move the learner's copies of lessons ``keys`` (numbers, or 'all') aside; return the numbers
    of those moved."""
    numbers = sorted({p.name[:2] for p in source_files}) if "all" in keys else \
        sorted({f"{int(k):02d}" for k in keys if str(k).isdigit()})
    bad = [k for k in keys if k != "all" and not str(k).isdigit()]
    if bad:
        raise CommandFailed(f"--reset expects a lesson number like 05, or 'all'; got {', '.join(bad)}")
    moved = []
    for number in numbers:
        for old in folder.glob(f"{number}_*.ipynb"):
            old.replace(backup_name(old))  # the learner's work is kept aside
            moved.append(number)
    return moved


def write_instructor_copy(folder, source_files):
    """Copy the instructor notebooks into ``folder`` (an installed wheel's own copy stays read-only);
    a notebook already there is kept. Returns the paths written."""
    import shutil
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for path in source_files:
        if not (folder / path.name).exists():
            written.append(Path(shutil.copy2(path, folder / path.name)))
    return written


def run_lab(args):
    from ..editions import write_learner_edition
    from ..lessons import PACKAGED, lesson_files, notebooks_dir, require_dir
    source = require_dir(args.notebooks or notebooks_dir()).resolve()
    files = lesson_files(source)
    if args.folder is not None and args.folder.exists() and not args.folder.is_dir():
        raise CommandFailed(f"{args.folder} is a file; give a folder for the lessons")
    if args.instructor and args.folder is None and source != PACKAGED.resolve():
        folder = source  # a checkout (or --notebooks): the lessons themselves, to edit
        print(f"The instructor edition (with solutions): {folder}", flush=True)
    elif args.instructor:
        folder = (args.folder or Path(INSTRUCTOR_DIR)).resolve()
        written = write_instructor_copy(folder, files)
        print(f"The instructor edition (with solutions) in {folder}: {len(written)} lesson(s) "
              f"written, {len(files) - len(written)} kept as you left them.", flush=True)
    else:
        folder = (args.folder or Path(LEARNER_DIR)).resolve()
        if folder == source:
            raise CommandFailed(f"{folder} holds the instructor notebooks themselves; give another "
                                "folder for the learner edition, or use --instructor")
        reset = reset_lessons(folder, args.reset or (), files)
        kept = [p.name for p in files if (folder / p.name).exists()]
        written = write_learner_edition(folder, source)
        print(f"The learner edition (exercises as stubs) in {folder}: {len(written)} lesson(s) "
              f"written, {len(kept)} kept as you left them (--reset NN starts one afresh)"
              + (f"; old copies of {', '.join(reset)} saved as .ipynb.bak" if reset else "")
              + ". Solutions: exercises.solution(name) after trying, or --instructor.", flush=True)
    if args.no_launch:
        return 0
    cmd = lab_command(folder, args.port, args.no_browser)
    if args.dry_run:
        print(shlex.join(cmd))
        return 0
    print(f"Starting JupyterLab on {folder} (stop it with Ctrl+C twice)", flush=True)
    if os.name == "posix":
        os.execv(sys.executable, cmd)  # JupyterLab takes over this process: signals reach it directly
    import subprocess
    return subprocess.call(cmd)
