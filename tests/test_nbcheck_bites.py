"""nbcheck bites.

Issue 15 (slow): pytest --nbval runs on a copy of lesson 01 in a temporary folder. The copy is
first re-executed with the current package (so stale stored outputs in notebooks/ cannot decide
these tests), then: unchanged it passes; one stored figure swapped for a visibly different one
fails in both modes with a diff image; a float drifting by one unit of its last digit fails strict
and passes tolerant; an integer of a shape changed fails both.

Issue 24 (fast, on stored outputs through the plugin's own comparison): after a lesson first
trains, tolerant mode still catches gross changes (lesson 05's training curve replaced by a solid
magenta rectangle, a blank figure, another cell's figure of about the same size, an accuracy moved
by 10 points; slow: the curve re-drawn with an axis or its legend removed), while the drift
measured against the oldest supported versions and under another BLAS kernel
(tests/data/nbcheck_drift/, recorded with NNLESSONS_NBCHECK_LOG) passes. The newest releases of
numpy, matplotlib, ipywidgets and jupyterlab are the locked ones today (2026-12-06), so the newest
leg is the strict case.
"""
import base64
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "01_neurons_and_layers.ipynb"
sys.path.insert(0, str(ROOT))
from nbcheck import appearance  # noqa: E402
from nbcheck.plugin import TRAINS, _compare_figures, _forgive_numbers, judge_text  # noqa: E402

DRIFT = ROOT / "tests" / "data" / "nbcheck_drift"
CURVE_LESSON = ROOT / "notebooks" / "05_gradient_descent.ipynb"
CURVE_CELL = "ax_epoch, ax_update"  # lesson 05's training curve: loss by epoch and by update


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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- issue 24: tolerant mode after training ----------------------------------------------------
def _code(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def _item(path, cell_num):
    """What nbcheck reads of an nbval cell item: its notebook, number, source and sanitiser."""
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    return SimpleNamespace(parent=SimpleNamespace(fspath=path, nb=nb), cell_num=cell_num,
                           cell=code[cell_num], sanitize=lambda text: text)


def _pngs(cell):
    return [o["data"]["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})]


def _as_output(png):
    data = png if isinstance(png, str) else base64.b64encode(png).decode()
    return [{"output_type": "display_data", "data": {"image/png": data}, "metadata": {}}]


@pytest.fixture(scope="module")
def curve():
    """Lesson 05's stored training curve: (item, base64 PNG); the cell comes after training."""
    code = _code(CURVE_LESSON)
    index = next(i for i, c in enumerate(code) if CURVE_CELL in c.source)
    item = _item(CURVE_LESSON, index)
    first = next(i for i, c in enumerate(code) if TRAINS.search(c.source))
    assert index > first, "the training curve is drawn after lesson 05 first trains"
    return item, _pngs(code[index])[0]


def _figure_failures(item, stored, new, drawing, tmp_path):
    return _compare_figures(item, _as_output(new), _as_output(stored), "tolerant", tmp_path, drawing)


def _painted(png, colour):
    from PIL import Image
    size = appearance.png_size(base64.b64decode(png))
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("drawing", ["locked", "other"])
@pytest.mark.parametrize("colour", [(255, 0, 255), (255, 255, 255)], ids=["solid-magenta", "blank"])
def test_after_training_a_solid_or_blank_figure_fails_in_tolerant_mode(curve, colour, drawing, tmp_path):
    item, stored = curve
    assert _figure_failures(item, stored, stored, drawing, tmp_path) == []
    failures = _figure_failures(item, stored, _painted(stored, colour), drawing, tmp_path)
    assert len(failures) == 1 and "coarse appearance differs" in failures[0], failures
    assert f"05_gradient_descent cell {item.cell_num}, figure 1" in failures[0]
    assert (tmp_path / "05_gradient_descent" / f"cell{item.cell_num:02d}-fig1-actual.png").exists()


def _nearest_in_size(stored, count):
    """The ``count`` figures of other cells of the series closest in size to ``stored``."""
    size = appearance.png_size(base64.b64decode(stored))
    found = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for i, cell in enumerate(_code(path)):
            for png in _pngs(cell):
                if png != stored:
                    other = appearance.png_size(base64.b64decode(png))
                    gap = sum(abs(a - b) / a for a, b in zip(size, other))
                    found.append((gap, f"{path.stem} cell {i}", png))
    return sorted(found)[:count]


@pytest.mark.parametrize("drawing", ["locked", "other"])
def test_after_training_another_cells_figure_of_about_the_same_size_fails(curve, drawing, tmp_path):
    item, stored = curve
    for _, where, other in _nearest_in_size(stored, 3):
        failures = _figure_failures(item, stored, other, drawing, tmp_path)
        assert failures and "coarse appearance differs" in failures[0], f"{where} passed for the curve"


def _stdout(cell):
    return next(o for o in cell.outputs if o.get("output_type") == "stream" and o.get("name") == "stdout")


def test_after_training_an_accuracy_moved_by_10_points_fails_and_the_measured_drift_passes():
    lesson = ROOT / "notebooks" / "06_first_network_mnist.ipynb"
    code = _code(lesson)
    index = next(i for i, c in enumerate(code) if any(o.get("output_type") == "stream" and re.search(
        r"test accuracy 0\.\d{3}", o.get("text", "")) for o in c.outputs))
    item = _item(lesson, index)
    first = next(i for i, c in enumerate(code) if TRAINS.search(c.source))
    assert index > first
    ref = [dict(_stdout(code[index]))]
    accuracy = float(re.search(r"test accuracy (0\.\d{3})", ref[0]["text"]).group(1))

    def moved(by):
        return [dict(ref[0], text=ref[0]["text"].replace(f"test accuracy {accuracy:.3f}",
                                                           f"test accuracy {accuracy + by:.3f}", 1))]
    _, reasons = _forgive_numbers(item, moved(-0.10), ref)
    assert reasons and "outside the band 0.08 of an accuracy after training" in reasons[0], reasons
    _, reasons = _forgive_numbers(item, moved(+0.02), ref)  # measured: 0.973 became 0.974
    assert reasons == []


def _drift_texts():
    return json.loads((DRIFT / "trained_texts.json").read_text())


@pytest.mark.parametrize("record", _drift_texts(),
                         ids=lambda r: f"{r['leg']}-{r['lesson'][:2]}-cell{r['cell']}")
def test_the_measured_drift_of_trained_outputs_passes(record):
    """Every trained text that differed on the oldest versions or under OpenBLAS's Haswell kernel."""
    assert judge_text(record["lesson"], record["source"], record["stored"], record["new"], True) is None


@pytest.mark.parametrize("stem", sorted(p.name[:-len("-stored.png")] for p in DRIFT.glob("*-stored.png")))
def test_the_worst_measured_figure_drift_passes(stem):
    """The figures that moved most: matplotlib 3.9 re-lays lesson 14's panels out and crops lesson
    07's figure 9 % shorter (drawing "other"); another BLAS kernel recolours lesson 06's confusion
    matrix and moves lesson 13's damage curves (the locked matplotlib)."""
    drawing = "other" if stem.startswith("oldest") else "locked"
    stored, new = ((DRIFT / f"{stem}-{which}.png").read_bytes() for which in ("stored", "new"))
    assert appearance.disagreement(stored, new, drawing) is None


def _redraw(monkeypatch):
    """Lesson 05 run in this process up to its training curve: the Figure, drawn again."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    monkeypatch.chdir(CURVE_LESSON.parent)
    monkeypatch.setattr(plt, "show", lambda *args, **kwargs: None)
    code, namespace = _code(CURVE_LESSON), {}
    index = next(i for i, c in enumerate(code) if CURVE_CELL in c.source)
    for cell in code[:index + 1]:
        exec(compile(cell.source, f"lesson 05 cell {code.index(cell)}", "exec"), namespace)
    return plt.gcf()


def _png_of(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")  # as IPython's inline backend does
    return buffer.getvalue()


@pytest.mark.slow
def test_after_training_a_redrawn_curve_without_an_axis_or_legend_fails(curve, monkeypatch, tmp_path):
    """Re-drawn unchanged it passes; without its second axis it fails whichever matplotlib; without
    its legend it fails with the locked matplotlib (ink measured 0.25 > 0.14), not with another
    (whose limit, 0.4, must absorb matplotlib 3.9's re-layout)."""
    item, stored = curve
    fig = _redraw(monkeypatch)
    assert _figure_failures(item, stored, _png_of(fig), "locked", tmp_path) == []
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    assert legends, "lesson 05's training curve has a legend"
    for legend in legends:
        legend.set_visible(False)
    assert _figure_failures(item, stored, _png_of(fig), "locked", tmp_path)
    for legend in legends:
        legend.set_visible(True)
    fig.axes[1].set_visible(False)
    for drawing in ("locked", "other"):
        assert _figure_failures(item, stored, _png_of(fig), drawing, tmp_path), drawing
