"""``list``: the lesson map; ``lab``: write the learner edition and start JupyterLab on it."""
import os
import shlex
import sys
from pathlib import Path

from .args import CommandFailed, port

ORDER = 10


def register(sub, common):
    p = sub.add_parser("list", parents=[common.notebooks], help="print the lesson map",
                       description="Print the lessons: number, title (first heading), file.")
    p.set_defaults(func=run_list)

    p = sub.add_parser("lab", parents=[common.notebooks], help="open JupyterLab on the lessons",
                       description="Write the learner edition of the lessons (exercises as stubs; "
                                   "lessons already there are kept) and start JupyterLab on it.")
    p.add_argument("--learner-dir", type=Path, metavar="DIR",
                   help="where the learner edition lives (default: learner/ beside the notebooks)")
    p.add_argument("--reset", action="append", metavar="NN",
                   help="start lesson NN afresh (your copy is kept as .ipynb.bak); repeatable")
    p.add_argument("--instructor", action="store_true",
                   help="open the instructor edition (solutions included) instead")
    p.add_argument("--port", type=port, help="port to serve on (default: JupyterLab's, 8888 or next free)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.add_argument("--dry-run", action="store_true", help="print the JupyterLab command, do not run it")
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


def run_lab(args):
    from ..editions import write_learner_edition
    from ..lessons import lesson_files, notebooks_dir, require_dir
    source = require_dir(args.notebooks or notebooks_dir()).resolve()
    if args.instructor:
        folder = source
        print(f"The instructor edition (with solutions): {folder}", flush=True)
    else:
        folder = (args.learner_dir or source.parent / "learner").resolve()
        reset = {f"{int(k):02d}" for k in args.reset or ()}
        kept = [p.name for p in lesson_files(source) if (folder / p.name).exists()
                and p.name[:2] not in reset]
        for name in reset:
            for old in folder.glob(f"{name}_*.ipynb"):
                old.replace(old.with_suffix(".ipynb.bak"))  # the learner's work is kept aside
        written = write_learner_edition(folder, source)
        print(f"The learner edition (exercises as stubs) in {folder}: {len(written)} lesson(s) "
              f"written, {len(kept)} kept as you left them"
              + (f"; old copies of {', '.join(sorted(reset))} saved as .ipynb.bak" if reset else "")
              + ". Solutions: exercises.solution(name) after trying, or --instructor.", flush=True)
    cmd = lab_command(folder, args.port, args.no_browser)
    if args.dry_run:
        print(shlex.join(cmd))
        return 0
    print(f"Starting JupyterLab on {folder} (stop it with Ctrl+C twice)", flush=True)
    if os.name == "posix":
        os.execv(sys.executable, cmd)  # JupyterLab takes over this process: signals reach it directly
    import subprocess
    return subprocess.call(cmd)
