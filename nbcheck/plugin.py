"""The pytest hooks: choose the mode, say it in the header, wrap nbval's cell comparison.

nbval runs each cell and calls ``IPyNbCell.compare_outputs(test, ref)``; this plugin replaces that
method on every collected cell by one that (tolerant mode) first forgives number drift within
tolerance, then lets nbval compare the text as usual, then compares the figures nbval skips.
Cells marked ``# NBVAL_IGNORE_OUTPUT`` are not compared at all, figures included.

Tolerant mode compares values closely only up to a lesson's first cell that trains or
back-propagates (a call of ``.fit(``, ``.step(``, ``.train_step(`` or ``.backward(``, found in the
cell sources): from there on float32 results depend on the BLAS kernel and numpy's SIMD code, so
numbers are compared within bands (tolerance.py) and figures by coarse appearance (appearance.py);
the few chaotic outputs chaotic.py names only by their presence. Strict mode compares everything,
everywhere.
"""
import re
import copy
import functools
from pathlib import Path

import pytest

from nbcheck import chaotic, drift, figures, tolerance
from nnlessons.plots.alt_text import SUMMARY
from nbcheck.mode import ENV_VAR, LOCK, choose, drawing

SETTINGS = pytest.StashKey()
# The first cell whose numbers depend on the BLAS kernel's float32 rounding: it trains or
# back-propagates, or pushes a batch through many float32 layers (lesson 10's activation spreads).
TRAINS = re.compile(r"\.(?:fit|step|train_step|backward)\(|\b(?:activation_spread|plot_init)\(")
FIGURE_SUFFIXES = ("-expected.png", "-actual.png", "-diff.png")


def pytest_addoption(parser):
    group = parser.getgroup("nbcheck", "nbcheck: comparison mode and figures on top of nbval")
    group.addoption("--nbcheck-mode", choices=("auto", "strict", "tolerant"), default=None,
                    help=f"strict: text exact; tolerant: numbers within tolerance; auto (default, "
                         f"or ${ENV_VAR}): strict iff installed versions match the lock")
    group.addoption("--nbcheck-lock", default=str(LOCK), help="lock file (default: %(default)s)")
    group.addoption("--nbcheck-artifacts", default=None,
                    help="folder for the images of failed figures (default: <rootdir>/artifacts/figures)")


def _active(config):
    return bool(getattr(config.option, "nbval", False) or getattr(config.option, "nbval_lax", False))


def pytest_configure(config):
    if not _active(config):
        return
    try:
        decision = choose(config.getoption("nbcheck_mode"), config.getoption("nbcheck_lock"))
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None
    artifacts = Path(config.getoption("nbcheck_artifacts") or Path(config.rootpath, "artifacts", "figures"))
    for old in artifacts.glob("*/*.png") if artifacts.is_dir() else ():
        if old.name.endswith(FIGURE_SUFFIXES):  # last run's failures, so none is mistaken for this run's
            old.unlink()
    config.stash[SETTINGS] = (decision, artifacts.resolve(), drawing(config.getoption("nbcheck_lock")))


def pytest_report_header(config):
    if SETTINGS not in config.stash:
        return None
    decision, _, drawn = config.stash[SETTINGS]
    tol = figures.TOLERANCE[decision.mode]
    if decision.mode == "strict":
        rule = f"text compared exactly, figures RMS <= {tol}"
    else:
        rule = (f"until a lesson first trains: integers exact, floats within max({tolerance.RTOL:.0%}, "
                f"{tolerance.UNITS} units of the last digit), figures RMS <= {tol}; after: accuracies "
                f"within {tolerance.ACCURACY_BAND:g}, other numbers within max({tolerance.TRAINED_RTOL:.0%}, "
                f"{tolerance.TRAINED_ATOL:g}), figures by coarse appearance ({drawn} matplotlib)")
    return [f"nbcheck: {decision.mode} mode ({decision.reason})", f"nbcheck: {rule}"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    if SETTINGS not in config.stash:
        return
    from nbval.plugin import IPyNbCell
    for item in items:
        if isinstance(item, IPyNbCell):
            item.compare_outputs = functools.partial(_compare, item, item.compare_outputs,
                                                     *config.stash[SETTINGS])


def _texts(outputs):
    """Every text output as ((kind, index), output node, data key) in order, kind being
    "stream:stdout" or a text MIME type: nbval pairs stored and new outputs the same way."""
    seen = {}
    for out in outputs:
        if out.get("output_type") == "stream":
            pairs = [(f"stream:{out.get('name')}", out, "text")]
        else:
            pairs = [(mime, out["data"], mime) for mime in out.get("data", {}) if mime.startswith("text/")]
        for kind, node, key in pairs:
            index = seen[kind] = seen.get(kind, -1) + 1
            yield (kind, index), node, key


def _joined(value):
    return "".join(value) if isinstance(value, list) else value


def _trains_from(item):
    """nbval's number of the first code cell of the notebook that trains (None: none does)."""
    notebook = item.parent
    if not hasattr(notebook, "_nbcheck_trains_from"):
        code = [cell.source for cell in notebook.nb.cells if cell.cell_type == "code"]
        notebook._nbcheck_trains_from = next((i for i, src in enumerate(code) if TRAINS.search(src)), None)
    return notebook._nbcheck_trains_from


def _values_compared(item):
    first = _trains_from(item)
    return first is None or item.cell_num < first


def _lesson(item):
    return Path(str(item.parent.fspath)).stem


def _is_figure_description(text):
    """A figure's text alternative (nnlessons.plots.alt_text): it words trained results, so in a
    chaotic cell (chaotic.FIGURES) it is held to what the figure is held to, its presence."""
    return text.startswith((f"{SUMMARY}:", f"<details><summary>{SUMMARY}</summary>"))


def judge_text(lesson, source, stored, got, trained):
    """Why a stored text and its re-executed twin disagree in tolerant mode, or None.

    ``trained``: the cell comes after the lesson first trains (bands, chaotic lines); ``source``
    is the cell's code (a chaotic figure's description is held to its presence).
    """
    if trained and chaotic.figure_is_chaotic(lesson, source) \
            and _is_figure_description(stored) and _is_figure_description(got):
        return None
    return tolerance.disagreement(stored, got, "trained" if trained else True,
                                  lambda line: chaotic.line_pattern(lesson, line))


def _forgive_numbers(item, test, ref):
    """A copy of the new outputs in which each text that agrees with its stored twin within
    tolerance is replaced by the stored text, and the reasons of those that do not."""
    trained, lesson = not _values_compared(item), _lesson(item)
    test = copy.deepcopy(test)
    stored = {slot: _joined(node[key]) for slot, node, key in _texts(ref)}
    reasons = []
    for slot, node, key in _texts(test):
        if slot not in stored:
            continue
        why = judge_text(lesson, item.cell.source, item.sanitize(stored[slot]),
                         item.sanitize(_joined(node[key])), trained)
        if why is None:
            node[key] = stored[slot]
        else:
            reasons.append(f"tolerant mode, {slot[0]}: {why}")
    return test, reasons


def _images(outputs):
    return [out["data"]["image/png"] for out in outputs if "image/png" in out.get("data", {})]


def _compare_figures(item, test, ref, mode, artifacts, drawn):
    """Failure messages for the figures of one cell (none when all agree)."""
    lesson = _lesson(item)
    where = f"{lesson} cell {item.cell_num}"
    stored, new = _images(ref), _images(test)
    if len(stored) != len(new):
        return [f"{where}: {len(stored)} figure(s) stored, {len(new)} drawn now"]
    trained = mode == "tolerant" and not _values_compared(item)
    if trained and chaotic.figure_is_chaotic(lesson, item.cell.source):
        return []
    failures = []
    for k, (old, now) in enumerate(zip(stored, new), 1):
        stem = f"cell{item.cell_num:02d}-fig{k}"
        if trained:
            why = figures.compare_appearance(old, now, drawn, artifacts / lesson, stem)
        else:
            why = figures.compare(old, now, figures.TOLERANCE[mode], artifacts / lesson, stem,
                                  figures.BLUR[mode])
        if why:
            failures.append(f"{where}, figure {k}: the figure differs from the stored one: {why}")
    return failures


def _compare(item, nbval_compare, decision, artifacts, drawn, test, ref, skip_compare=None):
    """nbval's comparison with numbers forgiven (tolerant mode), then the figures."""
    drift.record(item, test, ref, _values_compared(item))
    reasons = []
    if decision.mode == "tolerant":
        test, reasons = _forgive_numbers(item, test, ref)
    text_ok = nbval_compare(test, ref, skip_compare)
    if not text_ok:
        item.comparison_traceback += reasons
    failures = _compare_figures(item, test, ref, decision.mode, artifacts, drawn)
    item.comparison_traceback += failures
    if failures:
        item.comparison_traceback.append("If the change is intended, re-execute the notebook "
                                         "(python scripts/run_notebooks.py NN) and commit it.")
    return text_ok and not failures
