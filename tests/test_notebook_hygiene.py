"""What nbval cannot compare, or compares badly, stays out of the stored outputs (issue 15).

tests/test_notebooks.py checks the ignore marker's form and its '# why:' line; these tests check
the stored outputs themselves: no progress bars, warnings or memory addresses; every figure at an
explicit size, in PNG (what nbcheck compares), ended by plt.show(); and each ignored cell is what
its reason says (a widget, a timing) and hides no figure from the comparison.
"""
import ast
import json
import re

import pytest
from lesson_list import LESSON_PATHS

# tqdm's "40%|████      | 2/5 [00:01<00:02, 1.9it/s]" or its widget (text bars in tables are fine)
PROGRESS = re.compile(r"\d+%\||\[\d+:\d\d<|(?:it/s|s/it)\]|FloatProgress|IntProgress")
WARNING = re.compile(r"\b\w*Warning\b:|^Warning\b", re.MULTILINE)
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
DEFAULT_SIZE = re.compile(r"<Figure size 640x480 ")   # matplotlib's rcParams default, 6.4 x 4.8 in
DURATION = re.compile(r"\d\s*(?:ms|s|µs|seconds)\b")
FIGURE_MAKERS = {"figure", "subplots", "subplot_mosaic"}
IGNORE = "# NBVAL_IGNORE_OUTPUT"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _code_cells(path):
    """(index among code cells, source, outputs) for each code cell: nbval's 'Cell N' numbering."""
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    return [(i, "".join(c["source"]), c.get("outputs", [])) for i, c in enumerate(cells)]


def _texts(outputs):
    """Every text a cell stored (streams and text/* data), never image data."""
    for out in outputs:
        if out["output_type"] == "stream":
            yield "".join(out["text"])
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                yield "".join(value)


def _figures(outputs):
    return [out["data"] for out in outputs if any(k.startswith("image/") for k in out.get("data", {}))]


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.name)
def test_no_progress_bars_warnings_or_memory_addresses_are_stored(path):
    for i, _, outputs in _code_cells(path):
        for out in outputs:
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), \
                f"{path.name} cell {i} stored text on stderr (a warning?): fix its cause and re-execute"
        for text in _texts(outputs):
            for pattern, what in ((PROGRESS, "a progress bar"), (WARNING, "a warning"),
                                  (ADDRESS, "a memory address")):
                found = pattern.search(text)
                assert not found, (f"{path.name} cell {i} stored {what} ({found.group()!r}), which "
                                   f"changes from run to run: remove it at its source and re-execute")


def _figure_calls_without_size(source):
    """Lines of plt.figure / plt.subplots / plt.subplot_mosaic calls that pass no figsize."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: nothing to check in this cell
        return []
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in FIGURE_MAKERS and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "plt" and not any(k.arg == "figsize" for k in node.keywords)]


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.name)
def test_every_figure_has_an_explicit_size_is_a_png_and_ends_with_show(path):
    for i, source, outputs in _code_cells(path):
        lines = _figure_calls_without_size(source)
        assert not lines, f"{path.name} cell {i} line {lines[0]}: give the figure a figsize="
        for data in _figures(outputs):
            assert "image/png" in data, f"{path.name} cell {i} stored a figure that is not a PNG " \
                                        f"({', '.join(data)}): nbcheck compares PNGs only"
            size = "".join(data.get("text/plain", ""))
            assert not DEFAULT_SIZE.match(size), (f"{path.name} cell {i} drew a figure at matplotlib's "
                                                  f"default size ({size}): pass figsize= where it is made")
            assert "plt.show()" in source, f"{path.name} cell {i} draws a figure: end the cell with plt.show()"


@pytest.mark.parametrize("path", LESSON_PATHS, ids=lambda p: p.name)
def test_ignored_cells_are_what_their_reason_says_and_hide_no_figure(path):
    for i, source, outputs in _code_cells(path):
        lines = source.splitlines()
        if IGNORE not in lines:
            continue
        reason = lines[lines.index(IGNORE) + 1] if lines.index(IGNORE) + 1 < len(lines) else ""
        assert not _figures(outputs), (f"{path.name} cell {i} is ignored by nbval but draws a figure, "
                                       f"which would then never be compared: draw it in the next cell")
        if "widget" in reason:
            assert any(WIDGET_VIEW in out.get("data", {}) for out in outputs), \
                f"{path.name} cell {i} says '{reason}' but stores no widget"
        elif "timing" in reason:
            assert any(DURATION.search(text) for text in _texts(outputs)), \
                f"{path.name} cell {i} says '{reason}' but prints no duration (ms, s)"
