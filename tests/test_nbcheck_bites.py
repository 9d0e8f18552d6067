"""nbcheck bites (issue 15): pytest --nbval runs on a copy of lesson 01 in a temporary folder.

The copy is first re-executed with the current package (so stale stored outputs in notebooks/
cannot decide these tests), then: unchanged it passes; one stored figure swapped for a visibly
different one fails in both modes with a diff image; a float drifting by one unit of its last
digit fails strict and passes tolerant; an integer of a shape changed fails both.
"""
import base64
import io
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "01_neurons_and_layers.ipynb"
sys.path.insert(0, str(ROOT))
from nbcheck.plugin import TRAINS  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """Lesson 01 re-executed into a temporary folder, and its code cells before any training."""
    from nbclient import NotebookClient
    folder = tmp_path_factory.mktemp("nbcheck")
    nb = nbformat.read(LESSON, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    before = code[:next((i for i, c in enumerate(code) if TRAINS.search(c.source)), len(code))]
    return folder, nb, before


def _pytest(folder, nb, mode):
    """Run pytest --nbval with nbcheck on nb saved in folder; (exit code, output)."""
    path = folder / LESSON.name
    nbformat.write(nb, path)
    cmd = [sys.executable, "-m", "pytest", "--nbval", "-p", "nbcheck.plugin", "-p", "no:cacheprovider",
           f"--nbcheck-mode={mode}", f"--rootdir={folder}", "-rA", str(path)]
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True, timeout=900)
    return done.returncode, done.stdout + done.stderr


def _cell_result(output, cell):
    return re.search(rf"^(PASSED|FAILED) \S*::Cell {cell}\b", output, re.MULTILINE).group(1)


def test_an_unchanged_lesson_passes(fresh):
    folder, nb, _ = fresh
    code, output = _pytest(folder, nb, "auto")
    assert code == 0, output[-3000:]
    assert re.search(r"nbcheck: (strict|tolerant) mode", output), "the header says the mode"


def _visibly_different_png():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(9, 3.6))
    ax.plot([0, 1], [1, 0], color="magenta", linewidth=8)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


@pytest.mark.parametrize("mode", ["strict", "tolerant"])
def test_a_swapped_figure_fails_naming_lesson_cell_and_figure_and_writes_a_diff(fresh, mode):
    folder, nb, before = fresh
    nb = nbformat.from_dict(nb)  # a copy
    cells = [c for c in nb.cells if c.cell_type == "code"]
    index = next(i for i, c in enumerate(cells[:len(before)])
                 if any("image/png" in o.get("data", {}) for o in c.outputs))
    out = next(o for o in cells[index].outputs if "image/png" in o.get("data", {}))
    out.data["image/png"] = _visibly_different_png()
    code, output = _pytest(folder, nb, mode)
    assert code != 0 and _cell_result(output, index) == "FAILED"
    assert f"01_neurons_and_layers cell {index}, figure 1: the figure differs" in output
    assert (folder / "artifacts" / "figures" / "01_neurons_and_layers" / f"cell{index:02d}-fig1-diff.png").exists()


def _stdout(cell):
    return next(o for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def test_a_float_drift_fails_strict_passes_tolerant_and_an_integer_change_fails_both(fresh):
    folder, nb, before = fresh
    nb = nbformat.from_dict(nb)
    cells = [c for c in nb.cells if c.cell_type == "code"][:len(before)]
    printed = [(i, c) for i, c in enumerate(cells) if any(o.output_type == "stream" for o in c.outputs)]
    f_index, f_cell = next((i, c) for i, c in printed if re.search(r"\d\.\d\d\b", _stdout(c).text))
    s_index, s_cell = next((i, c) for i, c in printed if i != f_index
                           and re.search(r"\(\d+, \d+\)", _stdout(c).text))
    # 0.70 -> 0.71: one unit of the last printed digit; (4, 2) -> (4, 3): a shape
    _stdout(f_cell).text = re.sub(r"(\d\.\d)(\d)\b", lambda m: m.group(1) + str((int(m.group(2)) + 1) % 10),
                                  _stdout(f_cell).text, count=1)
    _stdout(s_cell).text = re.sub(r"\((\d+), (\d+)\)", lambda m: f"({m.group(1)}, {int(m.group(2)) + 1})",
                                  _stdout(s_cell).text, count=1)
    _, strict = _pytest(folder, nb, "strict")
    _, tolerant = _pytest(folder, nb, "tolerant")
    assert (_cell_result(strict, f_index), _cell_result(tolerant, f_index)) == ("FAILED", "PASSED")
    assert (_cell_result(strict, s_index), _cell_result(tolerant, s_index)) == ("FAILED", "FAILED")
    assert "(integers are compared exactly)" in tolerant
