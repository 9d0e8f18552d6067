"""Lecture mode, in a real browser with the network switched off: a lesson's deck opens from disk,
reveal.js starts, the slides step forward, equations are typeset, and nothing asks the network.
At a lecture hall's 1280x720 the right arrow walks every slide, and everything on each slide is on
screen, with no code line cut.

Lessons are found by the end of their file name (``*_optimizers.ipynb``), never by number: the
lessons get renumbered."""
import json
from html.parser import HTMLParser

import pytest

from nnlessons.course.lessons import lesson_files
from nnlessons.course.slides import build_deck

LESSONS = ["_welcome", "_first_network_mnist"]  # file stem suffixes
WALKED = ["_optimizers", "_first_network_mnist"]  # decks walked with the arrow key at 1280x720
SCREEN = {"width": 1280, "height": 720}


def find_lesson(suffix):
    """The lesson notebook whose stem ends with ``suffix`` (skip if none is written yet)."""
    matches = [p for p in lesson_files() if p.stem.endswith(suffix)]
    if not matches:
        pytest.skip(f"no lesson *{suffix}.ipynb")
    return matches[0]


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
    notebook = synthetic_lesson(tmp_path) if lesson == "synthetic" else find_lesson(lesson)
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


class _Slides(HTMLParser):
    """Counts the slides in a deck's HTML: <section>s with no <section> inside."""

    def __init__(self):
        super().__init__()
        self.stack, self.count = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            if self.stack:
                self.stack[-1] = True  # the enclosing section is a stack, not a slide
            self.stack.append(False)

    def handle_endtag(self, tag):
        if tag == "section":
            self.count += not self.stack.pop()


def slides_in_html(path):
    parser = _Slides()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.count


# On the current slide: what lies outside the window, which code is cut, what sits under reveal's
# controls or slide number, and the slide's own id (its index among all slides).
CHECK = r"""() => {
  const slide = Reveal.getCurrentSlide(), W = innerWidth, H = innerHeight;
  const name = e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined
      ? '.' + String(e.className).trim().split(/\s+/).slice(0, 2).join('.') : '')
      + ' "' + (e.textContent || '').trim().slice(0, 40) + '"';
  const shown = r => r.width > 1 && r.height > 1;
  // laid out (hidden fragments count: they appear later), not inside a folded <details>, and not a
  // piece of an SVG drawing (KaTeX's wide glyphs are clipped by their <svg> on purpose)
  const laidOut = e => e.checkVisibility() && !(e.parentElement && e.parentElement.closest('svg'));
  const outside = [], clipped = [], covered = [];
  for (const e of slide.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (!shown(r) || !laidOut(e) || e.closest('aside.notes')) continue;
    if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1)
      outside.push(name(e) + ` at ${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)}`);
  }
  for (const e of slide.querySelectorAll('pre, code')) {
    if (e.scrollWidth > e.clientWidth + 1) clipped.push(name(e) + ` ${e.scrollWidth} > ${e.clientWidth}`);
  }
  const chrome = [...document.querySelectorAll('.reveal .controls button, .reveal .slide-number')]
    .filter(e => getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden')
    .map(e => e.getBoundingClientRect()).filter(shown);
  for (const e of slide.querySelectorAll('p, li, h1, h2, h3, h4, pre, img, td, th, .katex, summary')) {
    const r = e.getBoundingClientRect();
    if (!shown(r) || !laidOut(e)) continue;
    if (chrome.some(c => r.left < c.right && c.left < r.right && r.top < c.bottom && c.top < r.bottom))
      covered.push(name(e));
  }
  return {index: Reveal.getSlides().indexOf(slide), outside: outside.slice(0, 5),
          clipped: clipped.slice(0, 5), covered: covered.slice(0, 5),
          scale: parseFloat(slide.dataset.fit || '1')};
}"""


@pytest.mark.parametrize("suffix", WALKED)
def test_the_right_arrow_walks_every_slide_and_everything_is_on_screen(suffix, browser_page, tmp_path,
                                                                       screenshots):
    deck = build_deck(find_lesson(suffix), tmp_path / "slides")
    expected = slides_in_html(deck)
    page = browser_page
    page.set_viewport_size(SCREEN)
    page.goto(deck.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
    page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
    assert page.evaluate("() => Reveal.getTotalSlides()") == expected
    page.locator(".reveal").click(position={"x": 5, "y": 5})  # focus, as a lecturer's first click
    visited, problems = set(), []
    for step in range(2000):
        page.wait_for_timeout(60)  # reveal lays out and fits the slide after it changes
        seen = page.evaluate(CHECK)
        visited.add(seen["index"])
        for kind in ("outside", "clipped", "covered"):
            if seen[kind]:
                problems.append(f"slide {seen['index'] + 1}, {kind}: {seen[kind]}")
        if seen["scale"] < 0.5:
            problems.append(f"slide {seen['index'] + 1} scaled to {seen['scale']:.2f}: unreadable")
        if page.evaluate("() => Reveal.isLastSlide() && !Reveal.availableFragments().next"):
            break
        page.keyboard.press("ArrowRight")
    page.screenshot(path=str(screenshots / f"slides_{deck.stem}_last_1280x720.png"))
    assert not problems, f"{deck.name} at 1280x720: " + "; ".join(problems[:8])
    assert visited == set(range(expected)), \
        f"{deck.name}: the right arrow showed {len(visited)} of {expected} slides " \
        f"(missed {sorted(set(range(expected)) - visited)[:10]})"
    assert not page.console_errors, page.console_errors
