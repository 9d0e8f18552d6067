"""Lecture mode, in a real browser with the network switched off: a lesson's deck opens from disk,
reveal.js starts, the slides step forward, equations are typeset, and nothing asks the network."""
import json
from pathlib import Path

import pytest

from nnlessons.course.slides import build_deck

LESSONS = ["00", "05"]


def synthetic_lesson(folder):
    """A small executed-looking lesson: headings, an equation, code with a stored PNG output."""
    png = ("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP4z8DwHwyBNBgwMDAwAABkKQP9"
           "P8hHbgAAAABJRU5ErkJggg==")

    def cell(kind, source, slide, **extra):
        return {"cell_type": kind, "id": f"cell{len(source)}", "source": source,
                "metadata": {"slideshow": {"slide_type": slide}}, **extra}

    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        cell("markdown", "# 99 A synthetic lesson\nWhat you will learn.", "slide"),
        cell("markdown", "## The chain rule\n$$\\frac{\\partial L}{\\partial w} = x\\,\\delta$$", "slide"),
        cell("code", "plot()", "fragment", execution_count=1, outputs=[
            {"output_type": "display_data", "metadata": {},
             "data": {"image/png": png, "text/plain": "<Figure>"}}]),
        cell("markdown", "## Key insight\nInline math $y = \\sigma(z)$ too.", "slide"),
    ]}
    path = folder / "99_synthetic.ipynb"
    path.write_text(json.dumps(nb))
    return path


@pytest.mark.parametrize("lesson", ["synthetic"] + LESSONS)
def test_a_deck_opens_offline_and_steps_through(lesson, browser_page, tmp_path, screenshots):
    root = Path(__file__).resolve().parents[2] / "notebooks"
    if lesson == "synthetic":
        notebook = synthetic_lesson(tmp_path)
    else:
        matches = sorted(root.glob(f"{lesson}_*.ipynb"))
        if not matches:
            pytest.skip(f"lesson {lesson} is not written yet")
        notebook = matches[0]
    deck = build_deck(notebook, tmp_path / "slides")

    page = browser_page
    asked = []
    page.context.set_offline(True)
    page.context.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith(("file:", "data:", "blob:"))
                       else (asked.append(route.request.url), route.abort()))
    page.goto(deck.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    total = page.evaluate("() => Reveal.getTotalSlides()")
    assert total >= 2, f"{deck.name}: only {total} slide(s)"
    assert page.locator(".katex").count() > 0 or "$" not in notebook.read_text(), \
        "the equations were not typeset"
    page.screenshot(path=str(screenshots / f"slides_{notebook.stem}_1.png"))
    steps = page.evaluate("""() => {  // step through every slide and fragment, as the arrow key does
        let n = 0;
        while (!(Reveal.isLastSlide() && !Reveal.availableFragments().next) && n < 1000) {
            Reveal.next(); n++;
        }
        return n;
    }""")
    assert page.evaluate("() => Reveal.isLastSlide()"), f"stuck after {steps} steps"
    assert steps >= total - 1
    page.evaluate("() => Reveal.slide(1)")
    page.wait_for_timeout(800)
    page.screenshot(path=str(screenshots / f"slides_{notebook.stem}_2.png"))
    assert not asked, f"{deck.name} asked the network for {asked}"
    assert not page.console_errors, page.console_errors
