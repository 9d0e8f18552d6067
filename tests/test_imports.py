"""``import nnlessons`` loads NumPy only: plots, widgets and progress bars load when first used."""
import subprocess
import sys

HEAVY = ("matplotlib", "ipywidgets", "tqdm", "IPython", "scipy", "pandas", "torch")


def test_import_loads_no_plotting_widget_or_progress_bar_library():
    code = ("import sys, nnlessons\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"import nnlessons also imported: {out.stdout.strip()}"


def test_fit_with_verbose_0_and_no_progress_loads_no_tqdm():
    code = ("import sys, numpy as np, nnlessons as nl\n"
            "m = nl.Sequential([nl.Dense(2, activation='softmax', input_dim=3)], rng=0)\n"
            "m.compile()\n"
            "m.fit(np.ones((4, 3)), np.array([0, 1, 0, 1]), verbose=0)\n"
            "print('tqdm' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_course_quiz_loads_its_widget_only_when_shown():
    code = ("import sys\n"
            "from nnlessons.course.quiz import lesson_quiz\n"
            "quiz = lesson_quiz('05')\n"
            "html = quiz.to_html()\n"
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"a quiz as HTML also imported: {out.stdout.strip()}"
