"""One build step beyond pyproject.toml: the wheel carries the lessons (issue 24).

The instructor notebooks stay in ``notebooks/`` at the top of the repository (nbval, the scripts
and an editable install read them there); building a wheel copies the numbered ones into the
package as ``nnlessons/course/notebooks/``, where ``course.lessons.notebooks_dir()`` finds them
(the learner edition, ``exercises.solution`` and the slides are all made from them).
``NNLESSONS_WHEEL_LESSONS=0`` builds a wheel without them.
"""
import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
LESSON_GLOB = "[0-9][0-9]_*.ipynb"  # as course/lessons.py: numbered lessons only


class BuildWithLessons(build_py):
    """build_py, then the numbered notebooks copied into the package (not for an editable install)."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False) or os.environ.get("NNLESSONS_WHEEL_LESSONS") == "0":
            return
        lessons = sorted(NOTEBOOKS.glob(LESSON_GLOB))
        if not lessons:
            raise SystemExit(f"nnlessons build: no lessons ({LESSON_GLOB}) in {NOTEBOOKS}; a wheel "
                             "without them cannot run `nnlessons lab` (NNLESSONS_WHEEL_LESSONS=0 "
                             "builds one on purpose)")
        target = Path(self.build_lib) / "nnlessons" / "course" / "notebooks"
        shutil.rmtree(target, ignore_errors=True)  # a lesson renamed since the last build goes
        target.mkdir(parents=True)
        for path in lessons:
            shutil.copy2(path, target / path.name)


setup(cmdclass={"build_py": BuildWithLessons})
