"""Keyboard only, in JupyterLab: move a widget's slider and answer a quiz, seeing its explanation.

A small notebook with one of the lessons' widgets (``neuron_explorer``) and lesson 00's quiz is
written into the served folder and run through JupyterLab's command registry (setup, not the
learner's part). From then on the test presses keys only, as a learner without a mouse does:
Escape (command mode), Tab to reach a control, arrow keys to move a slider or choose an answer,
Enter to press Check. Every focus stop must be visible to the eye (a focus outline or ring).
"""
import json

import pytest

from nnlessons.course.quiz import QUIZ_DIR

QUIZ_LESSON = "00"
MAX_TABS = 60  # Tab presses allowed to reach a control
NOTEBOOK = "keyboard_check.ipynb"
CELLS = ["from nnlessons import widgets\nwidgets.neuron_explorer()",
         f'from nnlessons.course import lesson_quiz\nlesson_quiz("{QUIZ_LESSON}")']

READY = r"""(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return false;
  const p = [...app.shell.widgets('main')].find(w => w.context && w.context.path === path);
  const k = p && p.sessionContext.session && p.sessionContext.session.kernel;
  return !!(p && p.context.isReady && k && k.connectionStatus === 'connected' && k.status === 'idle');
}"""

FOCUSED = r"""() => {
  // what has the focus, and whether it looks different from when it has not (a visible focus)
  const a = document.activeElement;
  const look = () => { const s = getComputedStyle(a);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.borderColor, s.color, s.textDecorationLine].join('|'); };
  const focused = look();
  a.blur();
  const unfocused = look();
  a.focus();
  return {tag: a.tagName, cls: String(a.className).slice(0, 60), role: a.getAttribute('role'),
          type: a.getAttribute('type'), text: (a.innerText || a.value || '').slice(0, 40),
          visible: focused !== unfocused && document.activeElement === a,
          output: !!a.closest('.jp-OutputArea-output')};
}"""


def write_notebook(folder):
    cells = [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None,
              "outputs": [], "source": source} for i, source in enumerate(CELLS)]
    nb = {"nbformat": 4, "nbformat_minor": 5, "cells": cells,
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}}}
    (folder / NOTEBOOK).write_text(json.dumps(nb))


def tab_to(page, wanted, what):
    """Press Tab until the focused element matches ``wanted(info)``; return the focus stops."""
    stops = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUSED)
        stops.append(info)
        if wanted(info):
            return stops
    raise AssertionError(f"{what} was not reached with {MAX_TABS} Tab presses; focus went to "
                         f"{[(s['tag'], s['cls'] or s['text']) for s in stops[:25]]}")


def figure_src(page):
    return page.locator(".jp-OutputArea-output img").first.get_attribute("src")


def test_slider_and_quiz_work_with_the_keyboard_alone(jupyterlab, browser_page, screenshots):
    page = browser_page
    write_notebook(jupyterlab.root)
    quiz = json.loads((QUIZ_DIR / f"{QUIZ_LESSON}.json").read_text(encoding="utf-8"))
    question = quiz["questions"][0]
    page.goto(f"{jupyterlab.url}/lab/tree/{NOTEBOOK}")
    page.wait_for_function(READY, arg=NOTEBOOK, timeout=120_000, polling=500)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.locator(".widget-slider .noUi-handle").first.wait_for(timeout=120_000)
    page.locator(".widget-toggle-buttons button").first.wait_for(timeout=120_000)
    page.locator(".jp-OutputArea-output img").first.wait_for(timeout=60_000)
    try:
        # the slider: Tab reaches it, an arrow key moves it, the figure is redrawn
        page.keyboard.press("Escape")  # command mode: Tab now walks through the outputs
        stops = tab_to(page, lambda f: f["role"] == "slider", "a slider")
        readout = page.locator(".widget-slider .widget-readout").first
        before_value, before_src = readout.inner_text(), figure_src(page)
        page.keyboard.press("ArrowRight")
        page.wait_for_function("([el, v]) => el.innerText !== v", arg=[readout.element_handle(),
                               before_value], timeout=10_000)
        assert page.evaluate(FOCUSED)["role"] == "slider", "the slider lost the focus after a move"
        page.wait_for_function("(s) => { const i = document.querySelector('.jp-OutputArea-output img');"
                               " return i && i.getAttribute('src') !== s; }", arg=before_src,
                               timeout=60_000)
        page.screenshot(path=str(screenshots / "keyboard_1_slider_moved.png"))

        # the quiz: Tab to the first question's right answer, Space chooses it, Enter on Check
        right = question["options"][question["answer"]]
        stops += tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].strip() == right[:40].strip(),
                        "the quiz's right answer")
        page.keyboard.press("Space")
        chosen = page.locator(".widget-toggle-buttons").first.locator("button.mod-active")
        assert chosen.count() == 1 and chosen.inner_text().strip() == right, \
            "Space on an answer did not choose it"
        stops += tab_to(page, lambda f: f["tag"] == "BUTTON" and "Check" in f["text"], "Check")
        page.keyboard.press("Enter")
        page.wait_for_function("(t) => document.body.innerText.includes(t)",
                               arg=question["explanation"][:60], timeout=30_000)
        page.screenshot(path=str(screenshots / "keyboard_2_quiz_checked.png"))
        assert f"Correct! {question['explanation']}" in page.locator("body").inner_text()
    except BaseException:
        page.screenshot(path=str(screenshots / "keyboard_FAILED.png"))
        raise
    unseen = [(s["tag"], s["cls"] or s["text"]) for s in stops if s["output"] and not s["visible"]]
    assert not unseen, f"focus stops with no visible focus indicator: {unseen}"
    assert not page.console_errors, page.console_errors
