"""Autograde a class kit's submissions, each in a sandbox: ``nnlessons grade KIT``.

    from nnlessons.course.grading import grade_kit
    results = grade_kit("kit", assignment="lesson_05")   # every student's lesson 05

For each submission in ``KIT/course/submitted/STUDENT/lesson_NN/``: a private course folder gets
the kit's gradebook, the assignment's source and that submission only; nbgrader autogrades it
there with the ``nnlessons-sandbox`` kernel (``sandbox.py``: another uid and hidden folders when
run as root); ``feedback.SafeOutput`` caps and scrubs every output before the scores are saved;
the scores of that submission alone go into the kit's gradebook (``gradebook.py``) and the
feedback page and the graded notebook into ``KIT/course/feedback/`` and ``autograded/``.
Needs nbgrader (the test extra).

Modules: ``sandbox`` (folders, kernel spec, users), ``launch_kernel`` (the kernel's start, standard
library only), ``feedback`` (the output filter), ``gradebook`` (scores into the kit).
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["grade_kit", "grade_submission", "submissions", "FEEDBACK_CAP"]

FEEDBACK_CAP = 4_000_000   # characters of one feedback page (figures included)
CELL_CAP = 10_000          # characters of text output per cell


def submissions(kit, assignment=None, student=None):
    """[(student, assignment)] found in ``KIT/course/submitted/``, sorted."""
    folder = Path(kit) / "course" / "submitted"
    found = sorted((s.name, a.name) for s in folder.glob("*") if s.is_dir() and not s.is_symlink()
                   for a in s.glob("*") if a.is_dir() and not a.is_symlink())
    return [(s, a) for s, a in found if (student in (None, s)) and (assignment in (None, a))]


def protect(kit):
    """The kit's private folders readable by their owner only: course/ (sources with the hidden
    tests, the gradebook, every submission) and instructor/ (solutions)."""
    for name in ("course", "instructor"):
        if (Path(kit) / name).is_dir():
            os.chmod(Path(kit) / name, 0o700)


def _run(command, cwd, env, timeout):
    """(exit status, output) of ``command``, run in a session of its own; past ``timeout``
    seconds the whole session (nbgrader, its kernel and their children) is killed."""
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        output, _ = proc.communicate()
        return -1, output + f"\n(stopped after {timeout} s)"
    return proc.returncode, output


def grade_submission(kit, student, assignment, uid=None, cap=CELL_CAP, memory_mb=4096,
                     timeout=1800, log=print, ids=None):
    """Autograde one submission in its sandbox; returns a dict with ``student``,
    ``assignment``, ``score``, ``max_score``, ``feedback`` (paths in the kit) and ``mode``.
    ``ids``: the (uid, gid) ``sandbox.claim_ids`` gave ``grade_kit``; without them the
    submission claims its own (``uid`` as root, else the grader's user)."""
    from . import sandbox
    if ids is None:
        ids, lock = sandbox.claim_ids(uid)
        try:
            return grade_submission(kit, student, assignment, cap=cap, memory_mb=memory_mb,
                                    timeout=timeout, log=log, ids=ids or ())
        finally:
            if lock:
                lock.close()
    from . import gradebook
    ids = ids or None
    kit = Path(kit).resolve()
    kit_course = kit / "course"
    old_umask = os.umask(0o077)
    work = Path(tempfile.mkdtemp(prefix="nnlessons-grade-"))
    box = Path(tempfile.mkdtemp(prefix="nnlessons-kernel-"))
    try:
        scrub = sandbox.grader_paths(kit, work, box)
        course = sandbox.private_course(kit_course, work, assignment, student, cap, scrub,
                                        ipc=box / "kernel")
        pythonpath = _class_copy(kit)
        hide = sandbox.folders_to_hide(kit) + [str(work)] if ids else []
        sandbox.write_kernel_spec(work / "jupyter", box, ids, pythonpath, hide,
                                  sandbox.folders_to_expose(pythonpath), memory_mb)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        env["JUPYTER_PATH"] = str(work / "jupyter")
        started = time.perf_counter()
        code, output = _run([sys.executable, "-m", "nbgrader", "autograde", assignment,
                             "--student", student, "--force"], course, env, timeout)
        if ids:
            sandbox.kill_leftovers(ids[0])
        if code != 0:
            raise RuntimeError(f"nbgrader autograde failed for {student}/{assignment} "
                               f"(exit {code}):\n{output[-3000:]}")
        code, output = _run([sys.executable, "-m", "nbgrader", "generate_feedback", assignment,
                             "--student", student, "--force"], course, env, 600)
        if code != 0:
            raise RuntimeError(f"nbgrader generate_feedback failed for {student}/{assignment}:\n"
                               f"{output[-3000:]}")
        scores, stamp = gradebook.read_scores(course / "gradebook.db", assignment, student)
        score, max_score = gradebook.write_scores(kit_course / "gradebook.db", assignment,
                                                  student, scores, stamp)
        feedback = _publish(course, kit_course, student, assignment)
        log(f"{student} {assignment}: {score:g} / {max_score:g} "
            f"({time.perf_counter() - started:.1f} s, {'uid ' + str(ids[0]) if ids else 'same user'})")
        return {"student": student, "assignment": assignment, "score": score,
                "max_score": max_score, "feedback": feedback,
                "mode": f"uid {ids[0]}" if ids else "same user"}
    finally:
        os.umask(old_umask)
        if ids:
            sandbox.kill_leftovers(ids[0])
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(box, ignore_errors=True)


def _class_copy(kit):
    """The kit's class copy of the package (``KIT/class``), first on the kernel's path; "" if
    the kit has none (the kernel then imports the installed package)."""
    return str(kit / "class") if (kit / "class" / "nnlessons").is_dir() else ""


def _publish(course, kit_course, student, assignment):
    """Copy the feedback pages (each cut to FEEDBACK_CAP) and the graded notebooks into the kit."""
    written = []
    for kind in ("autograded", "feedback"):
        source = course / kind / student / assignment
        target = kit_course / kind / student / assignment
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for path in source.glob("*"):
            if path.is_file() and not path.is_symlink() and path.suffix in (".ipynb", ".html"):
                text = path.read_text(encoding="utf-8", errors="replace")
                if kind == "feedback" and len(text) > FEEDBACK_CAP:
                    text = (text[:FEEDBACK_CAP] + "\n<p>(feedback cut at its size limit)</p>")
                (target / path.name).write_text(text, encoding="utf-8")
                if kind == "feedback":
                    written.append(target / path.name)
    return written


def grade_kit(kit, assignment=None, student=None, uid=None, cap=CELL_CAP, memory_mb=4096, log=print):
    """Grade every submission of the kit (or of one ``assignment`` / ``student``), one at a
    time; returns the list of ``grade_submission`` results."""
    kit = Path(kit).resolve()
    if not (kit / "course" / "nbgrader_config.py").exists():
        raise FileNotFoundError(f"expected a class kit (made by `nnlessons editions`) at {kit}, "
                                "with course/nbgrader_config.py; received a folder without it")
    protect(kit)
    found = submissions(kit, assignment, student)
    if not found:
        raise FileNotFoundError(f"no submission in {kit / 'course' / 'submitted'} matches "
                                f"student={student!r}, assignment={assignment!r}: put each in "
                                "submitted/STUDENT/lesson_NN/")
    from . import sandbox
    ids, lock = sandbox.claim_ids(uid)
    try:
        return _grade_all(kit, found, ids, cap, memory_mb, log)
    finally:
        if lock:
            lock.close()


def _grade_all(kit, found, ids, cap, memory_mb, log):
    from . import sandbox
    pythonpath = _class_copy(kit)
    seen = sandbox.probe(ids, pythonpath, sandbox.folders_to_hide(kit) if ids else [],
                         sandbox.folders_to_expose(pythonpath), memory_mb)
    log(f"sandbox: kernels run as uid {seen['uid']}" + (f", {len(seen['hidden'])} folders hidden "
        "(the kit, the instructor notebooks, the home and temp folders)" if seen["hidden"] else
        ", no folder hidden: the kernel can read what the grader's user can")
        + (", no network" if seen.get("offline") else ", network as the grader's"))
    return [grade_submission(kit, s, a, cap=cap, memory_mb=memory_mb, log=log, ids=ids or ())
            for s, a in found]
