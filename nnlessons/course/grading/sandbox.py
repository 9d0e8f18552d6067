"""The sandbox one submission is graded in: a private course folder, a kernel spec that starts
the kernel through ``launch_kernel.py``, the user it runs as, and the clean-up afterwards.

Two modes, chosen by who runs the grader:

- **as root** (CI, a grading server): the kernel runs as a uid of its own (no account, no
  groups; ``--uid`` or the first free one from 60100), in a mount namespace where the kit, the
  instructor notebooks, the grader's home and the temp folder are covered by empty folders, and a
  network namespace with no interface up (it talks to the grader over Unix sockets); the
  private course folder is root's alone (0700); every process left by that uid is killed after
  each submission.
- **as any other user**: the kernel runs as the grader's own user, in a throwaway folder, with
  the same limits; the private copy keeps ``../`` paths away from the kit, but the kernel could
  still open any file the grader's user can (see README, "Grading").
"""
import fcntl
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ..editions import BEGIN_HIDDEN, END_HIDDEN, cell_text, replace_regions
from .feedback import hidden_secrets

LAUNCHER = Path(__file__).resolve().parent / "launch_kernel.py"
KERNEL = "nnlessons-sandbox"
FIRST_UID = 60100


def running_uids():
    uids = set()
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            uids.add(os.stat(f"/proc/{entry}").st_uid)
        except OSError:
            pass
    return uids


def claim_ids(uid=None):
    """((uid, gid), lock) the kernels run as when the grader is root, else (None, None): the
    grader's own user. Without ``uid``: the first uid from 60100 with no account that no other
    grading holds. ``lock`` (an open file with an exclusive ``flock``) keeps other gradings off
    that uid until it is closed; processes the uid still runs are leftovers and are killed."""
    if os.geteuid() != 0:
        return None, None
    if uid is not None:
        try:
            owner = pwd.getpwuid(int(uid)).pw_name
        except KeyError:
            owner = None
        if owner or int(uid) == 0:
            raise ValueError(f"expected a uid no account uses for the grading kernels (their leftover "
                             f"processes are killed by uid); received {uid}, user {owner or 'root'}'s: "
                             "leave --uid out to take the first free one from 60100")
    accounts = {entry.pw_uid for entry in pwd.getpwall()}
    for candidate in [int(uid)] if uid is not None else range(FIRST_UID, FIRST_UID + 1000):
        if candidate in accounts:
            continue
        path = Path(tempfile.gettempdir()) / f"nnlessons-grading-uid-{candidate}.lock"
        lock = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600), "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            if uid is not None:
                raise RuntimeError(f"another nnlessons grade is using uid {uid}: wait for it, or "
                                   "leave --uid out") from None
            continue
        kill_leftovers(candidate)
        return (candidate, candidate), lock
    raise RuntimeError(f"no free uid from {FIRST_UID} to {FIRST_UID + 999} for the grading kernels")


def kill_leftovers(uid):
    """SIGKILL every process of the sandbox's own uid (a kernel's forked children included).
    Only for a uid no account uses and this grading holds: ``claim_ids`` picks one."""
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.stat(f"/proc/{entry}").st_uid == uid:
                os.kill(int(entry), signal.SIGKILL)
        except OSError:
            pass


def hidden_strings(source_folder):
    """Every secret string of the hidden tests in the kit's source notebooks of an assignment."""
    lines = []
    for path in Path(source_folder).glob("*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = cell_text(cell)
            if BEGIN_HIDDEN in text:
                replace_regions(text, BEGIN_HIDDEN, END_HIDDEN, lambda indent, body: lines.extend(body) or [])
    return hidden_secrets(lines)


def grader_paths(kit, work, sandbox):
    """{path: short name} of the folders a feedback must not show."""
    import nnlessons
    package = Path(nnlessons.__file__).resolve().parent
    paths = {str(Path(kit).resolve()): "<kit>", str(work): "<grader>", str(sandbox): "<sandbox>",
             str(package): "<nnlessons>", str(package.parent): "<nnlessons-root>",
             sys.prefix: "<python>", sys.base_prefix: "<python>", tempfile.gettempdir(): "<tmp>",
             str(Path.home()): "<home>"}
    return {path: name for path, name in paths.items() if len(path) > 1}


def folders_to_hide(kit):
    """Folders the kernel must not see (covered in its mount namespace as root)."""
    from ..lessons import notebooks_dir
    return [str(Path(kit).resolve()), str(notebooks_dir()), str(Path.home()), tempfile.gettempdir()]


def folders_to_expose(pythonpath):
    """Folders the kernel needs even when they lie in a hidden one: Python and the package."""
    import nnlessons
    import site
    return [sys.prefix, sys.base_prefix, *site.getsitepackages(),
            str(Path(nnlessons.__file__).resolve().parent), *filter(None, pythonpath.split(os.pathsep))]


def launcher_argv(sandbox, ids, pythonpath, hide, expose, memory_mb):
    argv = [sys.executable, "-I", str(LAUNCHER), "--sandbox", str(sandbox), "--memory-mb", str(memory_mb)]
    if ids:
        argv += ["--uid", str(ids[0]), "--gid", str(ids[1])]
    if pythonpath:
        argv += ["--pythonpath", pythonpath]
    return argv + [f"--hide={h}" for h in hide] + [f"--expose={e}" for e in expose]


def probe(ids, pythonpath, hide, expose, memory_mb):
    """Start the sandbox's Python once, without a kernel: {"uid", "hidden", "offline",
    "nnlessons"} as it sees them; raises RuntimeError saying why when it cannot start."""
    box = Path(tempfile.mkdtemp(prefix="nnlessons-kernel-"))
    try:
        connection = box.with_suffix(".json")
        connection.write_text('{"transport": "ipc"}', encoding="utf-8")
        done = subprocess.run(launcher_argv(box, ids, pythonpath, hide, expose, memory_mb)
                              + ["--probe", "-f", str(connection)], capture_output=True, text=True,
                              timeout=120, cwd=box)
        if done.returncode != 0:
            who = f"uid {ids[0]}" if ids else "the grader's user"
            raise RuntimeError(f"the grading sandbox could not start Python as {who}:\n"
                               f"{done.stderr[-1500:]}\nAs root it needs to mount (a mount namespace: "
                               "CAP_SYS_ADMIN) or a Python every user can read; grade as an ordinary "
                               "user otherwise (README, 'The grading sandbox').")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        connection.unlink(missing_ok=True)
        kill_leftovers(ids[0]) if ids else None
        shutil.rmtree(box, ignore_errors=True)


def write_kernel_spec(jupyter_dir, sandbox, ids, pythonpath, hide, expose, memory_mb):
    """The ``nnlessons-sandbox`` kernel spec, in ``jupyter_dir/kernels`` (put on JUPYTER_PATH)."""
    argv = launcher_argv(sandbox, ids, pythonpath, hide, expose, memory_mb)
    spec = Path(jupyter_dir) / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": argv + ["-f", "{connection_file}"], "display_name": "nnlessons grading sandbox",
        "language": "python", "interrupt_mode": "signal"}, indent=1), encoding="utf-8")
    return spec


PRIVATE_CONFIG = '''\
# Written by nnlessons grade for one submission; the kit's own settings first.
import os
c = get_config()  # noqa: F821
load_subconfig({kit_config!r})  # noqa: F821
from nbgrader.preprocessors import (AssignLatePenalties, CheckCellMetadata, IgnorePattern,
                                    SaveAutoGrades)
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nnlessons.course.grading.execute import SafeExecute
from nnlessons.course.grading.feedback import SafeOutput
from nnlessons.course.grading.verdict import HiddenVerdict
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.Execute.kernel_name = {kernel!r}
# the kernel speaks to the grader over Unix sockets in its sandbox folder, so that as root it can
# run with no network at all (launch_kernel.py)
c.KernelManager.transport = "ipc"
c.KernelManager.ip = {ipc!r}
c.Autograde.autograde_preprocessors = [SafeExecute, HiddenVerdict, IgnorePattern,
                                       ClearMetadataPreprocessor, SafeOutput, SaveAutoGrades,
                                       AssignLatePenalties, CheckCellMetadata]
# the hidden tests' verdict, from the kit's private record (seeds, references), in this process
c.HiddenVerdict.records = {records!r}
c.SafeOutput.cap = {cap}
c.SafeOutput.scrub = {scrub!r}
c.SafeOutput.hidden_file = {hidden_file!r}
# nbgrader's feedback page shows each cell's source: without this, the hidden tests too.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, ClearHiddenTests]
'''


def private_course(kit_course, work, assignment, student, cap, scrub, ipc):
    """A course folder in ``work`` with the kit's gradebook and source of ``assignment`` and
    ``student``'s submission only; the kernel's sockets are files named ``ipc``-N. Returns its
    path."""
    course = Path(work) / "course"
    submitted = Path(kit_course) / "submitted" / student / assignment
    shutil.copytree(Path(kit_course) / "source" / assignment, course / "source" / assignment)
    shutil.copytree(submitted, course / "submitted" / student / assignment, symlinks=True,
                    ignore=lambda folder, names: [n for n in names
                                                  if os.path.islink(os.path.join(folder, n))])
    shutil.copy(Path(kit_course) / "gradebook.db", course / "gradebook.db")
    hidden_file = Path(work) / "hidden.json"
    hidden_file.write_text(json.dumps(hidden_strings(course / "source" / assignment)), encoding="utf-8")
    (course / "nbgrader_config.py").write_text(PRIVATE_CONFIG.format(
        kit_config=str(Path(kit_course) / "nbgrader_config.py"), kernel=KERNEL, cap=int(cap),
        ipc=str(ipc),
        scrub=scrub, hidden_file=str(hidden_file),
        records=str(Path(kit_course) / ".nnlessons_hidden")), encoding="utf-8")
    return course
