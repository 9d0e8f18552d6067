"""The course ships in one wheel (issue 24): the wheel carries every lesson, and an install of it
far from the repository lists them, writes the learner edition and finds the solutions.

The wheel is built from a copy of the sources (nothing is written into the checkout) without build
isolation, and installed with ``--no-deps`` into a venv that sees this environment's packages (the
venv's own nnlessons comes first). ``.ci/wheel`` does the same with a fresh venv and a lesson
under nbval."""
import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from lesson_list import LESSON_PATHS

ROOT = Path(__file__).resolve().parents[1]
IN_WHEEL = "nnlessons/course/notebooks/"
pytestmark = pytest.mark.slow


def build_wheel(out, env=None):
    """Build nnlessons' wheel into ``out`` from a copy of the sources; return its path."""
    src = out / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "nnlessons", src / "nnlessons",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(ROOT / "notebooks", src / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "-q", "-w", str(out / "dist"), str(src)], capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})), timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    (wheel,) = (out / "dist").glob("nnlessons-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """(python, cwd): the wheel installed into a venv, and an empty folder outside the checkout."""
    home = tmp_path_factory.mktemp("learner")
    venv.create(home / "venv", system_site_packages=True, with_pip=False)
    python = home / "venv" / "bin" / "python"
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                           "--no-deps", str(wheel)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    (home / "work").mkdir()
    return python, home / "work"


def test_the_wheel_carries_every_lesson_as_it_is_in_the_repository(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        for path in LESSON_PATHS:
            assert IN_WHEEL + path.name in names, f"{path.name} is not in the wheel"
            assert z.read(IN_WHEEL + path.name) == path.read_bytes(), f"{path.name} differs"
        shipped = {n for n in names if n.startswith(IN_WHEEL)}
    assert shipped == {IN_WHEEL + p.name for p in LESSON_PATHS}, "only the numbered lessons ship"
    for needed in ("nnlessons/course/quizzes/05.json", "nnlessons/course/exercises/data/05.json",
                   "nnlessons/course/_templates/nnlessons_site/pages/index.md",
                   "nnlessons/course/commands/lab.py", "nnlessons/course/_vendor/katex/LICENSE",
                   "nnlessons/datasets/data/mnist/train-images-idx3-ubyte.gz"):
        assert needed in names, needed


def test_a_wheel_can_be_built_without_the_lessons(tmp_path):
    with zipfile.ZipFile(build_wheel(tmp_path, env={"NNLESSONS_WHEEL_LESSONS": "0"})) as z:
        assert not [n for n in z.namelist() if n.startswith(IN_WHEEL)]


def nnlessons(installed, *args):
    python, cwd = installed
    return subprocess.run([str(python), "-m", "nnlessons", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def test_installed_outside_the_checkout_it_lists_its_own_lessons(installed):
    python, cwd = installed
    result = nnlessons(installed, "list")
    assert result.returncode == 0, result.stderr
    packaged = python.parents[1] / "lib"
    assert f"{len(LESSON_PATHS)} lessons in {packaged}" in result.stdout, result.stdout[:300]
    assert str(ROOT) not in result.stdout


def test_installed_outside_the_checkout_lab_writes_the_learner_edition_where_asked(installed):
    python, cwd = installed
    result = nnlessons(installed, "lab", "--dry-run", "--no-browser")
    assert result.returncode == 0, result.stderr
    course = cwd / "nnlessons-course"
    assert f"--ServerApp.root_dir={course}" in result.stdout.splitlines()[-1]
    assert sorted(p.name for p in course.glob("*.ipynb")) == sorted(p.name for p in LESSON_PATHS)
    learner = json.loads((course / "05_gradient_descent.ipynb").read_text(encoding="utf-8"))
    assert "### BEGIN SOLUTION" not in json.dumps(learner), "the learner edition holds a solution"
    again = nnlessons(installed, "lab", course, "--no-launch")
    assert f"0 lesson(s) written, {len(LESSON_PATHS)} kept" in again.stdout, again.stdout


def test_installed_outside_the_checkout_the_solutions_come_from_the_wheel(installed):
    python, cwd = installed
    code = ("from nnlessons.course import editions, exercises\n"
            "lesson, name = exercises.catalogue()[0][:2]\n"
            "print(editions.reference_solution(lesson, name))")
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert "not on this machine" not in result.stdout and result.stdout.strip()
