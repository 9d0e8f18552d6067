"""The course website in a real browser, offline: built from the stored outputs into a temporary
folder, served from 127.0.0.1, with every request that leaves 127.0.0.1 aborted (and counted).

Every page is visited once (``visits``); the tests then check what was seen: no failed or
outside request, figures and equations rendered, quizzes as text with folded answers, a
"Run this lesson" box on every lesson, search finding a lesson by a word typed with the keyboard,
and axe-core (npm, installed by scripts/install_browser.sh) reporting no critical or serious
accessibility violation on any page and on one slide deck.

Every figure must reach the page with its text alternative as <img alt> (its own test). No page
logs a console error or warning about something "invalid" (the theme's mode once did). On a phone
(390x844) the "Run this lesson" box wraps, the page does not scroll sideways, and every figure
links to its own full-size file. Printed text shows as one block per cell, not one box per print.

Lessons are found by the end of their file name, never by number: the lessons get renumbered.
"""
import contextlib
import functools
import json
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("NNLESSONS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]
NODE_DIR = Path(os.environ.get("NNLESSONS_NODE_DIR", Path.home() / ".cache" / "nnlessons" / "node"))
AXE_JS = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")
SEARCH_WORD, SEARCH_LESSON = "backpropagation", "backprop"  # a word, and part of the lesson's name
PHONE = {"width": 390, "height": 844}
PHONE_LESSONS = ["_optimizers", "_first_network_mnist"]  # file stem suffixes

# What a page shows, read in the browser after it has loaded.
INSPECT = r"""() => ({
  title: document.title,
  images: [...document.querySelectorAll('main img, article img')].map(i => ({
    src: i.getAttribute('src'), alt: i.getAttribute('alt'),
    ok: i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 0})),
  math: document.querySelectorAll('.nnl-tex').length,
  typeset: document.querySelectorAll('.nnl-tex .katex').length,
  mathErrors: [...document.querySelectorAll('.katex-error, .nnl-tex-error')].map(e => e.textContent.slice(0, 80)),
  quizzes: document.querySelectorAll('.nnlessons-quiz').length,
  details: document.querySelectorAll('.nnlessons-quiz details').length,
  openDetails: document.querySelectorAll('.nnlessons-quiz details[open]').length,
  runBox: [...document.querySelectorAll('.admonition-title')].some(t => t.textContent.includes('Run this lesson')),
  runBoxText: [...document.querySelectorAll('.admonition')].filter(a => a.textContent.includes('Run this lesson'))
    .map(a => a.textContent).join(' '),
  // a cell whose printed text is split into several boxes (one per print) instead of one block
  splitStreams: [...document.querySelectorAll('.cell_output')].filter(o => [...o.children].some(
    (c, i, all) => i > 0 && c.matches('.output.stream') && all[i - 1].matches('.output.stream'))).length,
})"""

# On a phone: does the page or the "Run this lesson" box overflow, and does each figure link to itself?
PHONE_INSPECT = r"""() => {
  const box = [...document.querySelectorAll('.admonition')].find(a => a.textContent.includes('Run this lesson'));
  const b = box.getBoundingClientRect();
  return {
    pageWidth: document.documentElement.scrollWidth, width: innerWidth,
    boxOverflow: box.scrollWidth - box.clientWidth,
    codeOutside: [...box.querySelectorAll('code')].filter(c => {
      const r = c.getBoundingClientRect();
      return r.left < b.left - 1 || r.right > b.right + 1; }).map(c => c.textContent.slice(0, 60)),
    figures: [...document.querySelectorAll('.cell_output img')].map(i => ({
      src: i.currentSrc, link: i.closest('a[href]') ? i.closest('a[href]').href : null,
      shown: i.getBoundingClientRect().width, natural: i.naturalWidth})),
  };
}"""


def _unavailable(reason):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI must run the site tests: pip install -e '.[docs]' and "
                    "bash scripts/install_browser.sh)")
    pytest.skip(reason)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """Serve ``folder`` on 127.0.0.1 (a free port) from a thread; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(base_url, out_dir): the site built into a temporary folder, served on 127.0.0.1."""
    try:
        import myst_nb  # noqa: F401

        from nnlessons.course.site import build_site
    except ImportError as err:
        _unavailable(f"the docs extra is not installed ({err}): pip install -e '.[docs]'")
    out = build_site(tmp_path_factory.mktemp("site") / "html").parent
    with serve(out) as base:
        yield base, out


@pytest.fixture(scope="module")
def browser(playwright_api, tmp_path_factory):
    """One Chromium for the module; every page it opens may reach 127.0.0.1 only."""
    context = playwright_api.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1300, "height": 900})
    context.set_default_timeout(30_000)
    context.outside = []
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(("http://127.0.0.1:", "file:", "data:", "blob:"))
                  else (context.outside.append(route.request.url), route.abort()))
    try:
        yield context
    finally:
        context.close()


def open_page(context, url):
    """Open ``url`` in a new tab; return (page, problems) where problems lists failed requests,
    HTTP errors, requests outside 127.0.0.1 and JavaScript errors seen while it loaded."""
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and "invalid" in m.text.lower()
            and problems.append(f"console {m.type}: {m.text}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.on("pageerror", lambda err: problems.append(f"JavaScript error: {err}"))
    before = len(context.outside)
    response = page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    if response is None or response.status != 200:
        problems.append(f"{url} answered {response and response.status}")
    problems += [f"outside 127.0.0.1: {u}" for u in context.outside[before:]]
    return page, problems


def axe_violations(page):
    """[(impact, rule id, help, first offending HTML)] of axe-core's violations on ``page``."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE_JS))
    found = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")["violations"]
    return [(v["impact"], v["id"], v["help"], v["nodes"][0]["html"][:160] if v["nodes"] else "")
            for v in found]


@pytest.fixture(scope="module")
def visits(site, browser, screenshots):
    """{page path: what the browser saw there}, every HTML page of the site visited once."""
    if not AXE_JS.is_file():
        _unavailable(f"no axe-core at {AXE_JS}: run `bash scripts/install_browser.sh`")
    base, out = site
    seen = {}
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        if rel.startswith("_"):  # _static/ holds the theme's template fragments, not pages
            continue
        page, problems = open_page(browser, base + rel)
        try:
            seen[rel] = dict(page.evaluate(INSPECT), problems=problems, axe=axe_violations(page))
            if rel.startswith("lessons/05_") or rel == "index.html":
                page.screenshot(path=str(screenshots / f"site_{path.stem}.png"))
        finally:
            page.close()
    return seen


def lesson_pages(visits):
    return {rel: v for rel, v in visits.items() if rel.startswith("lessons/")}


def image_outputs():
    """How many image outputs the learner edition keeps (each must become a figure on the site;
    an exercise's check cell loses its outputs in that edition, figures included)."""
    from nnlessons.course.editions import learner_notebook
    count = 0
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        nb = learner_notebook(json.loads(path.read_text(encoding="utf-8")))
        for cell in nb["cells"]:
            count += sum(1 for out in cell.get("outputs", [])
                         if any(m.startswith("image/") for m in out.get("data", {})))
    return count


def find_lesson(suffix):
    from nnlessons.course.lessons import lesson_files
    matches = [p for p in lesson_files() if p.stem.endswith(suffix)]
    if not matches:
        pytest.skip(f"no lesson *{suffix}.ipynb")
    return matches[0]


def test_every_page_loads_with_no_failed_or_outside_request(visits):
    lessons = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(lesson_pages(visits)) == len(lessons), sorted(visits)
    assert {"index.html", "run.html", "search.html"} <= set(visits)
    bad = {rel: v["problems"] for rel, v in visits.items() if v["problems"]}
    assert not bad, f"pages with failed requests or errors: {bad}"


def test_every_figure_renders(visits):
    broken = {rel: [i["src"] for i in v["images"] if not i["ok"]] for rel, v in visits.items()}
    broken = {rel: srcs for rel, srcs in broken.items() if srcs}
    assert not broken, f"figures that did not render: {broken}"
    shown = sum(len(v["images"]) for v in lesson_pages(visits).values())
    assert shown >= image_outputs(), f"{shown} figures on the lesson pages, {image_outputs()} stored"


def test_every_equation_is_typeset_by_katex(visits):
    pending = {rel: (v["math"], v["typeset"]) for rel, v in visits.items() if v["math"] != v["typeset"]}
    assert not pending, f"pages with equations left as TeX (found, typeset): {pending}"
    errors = {rel: v["mathErrors"] for rel, v in visits.items() if v["mathErrors"]}
    assert not errors, f"KaTeX could not typeset: {errors}"
    assert sum(v["math"] for v in visits.values()) > 0, "no equation found on any page"


def test_every_lesson_has_its_quiz_with_folded_answers_and_a_run_box(visits):
    for rel, v in lesson_pages(visits).items():
        assert v["runBox"], f"{rel}: no 'Run this lesson' box"
        quizzes = len(list((ROOT / "nnlessons" / "course" / "quizzes").glob(f"{rel[8:10]}.json")))
        assert v["quizzes"] == quizzes, f"{rel}: {v['quizzes']} quizzes shown, {quizzes} expected"
        if quizzes:
            assert v["details"] > 0 and v["openDetails"] == 0, f"{rel}: answers not folded: {v}"


def test_the_run_box_sends_learners_to_the_learner_edition(visits):
    for rel, v in lesson_pages(visits).items():
        name = rel.split("/")[-1].replace(".html", ".ipynb")
        assert f"nnlessons-course/{name}" in v["runBoxText"], f"{rel}: {v['runBoxText'][:300]}"
        assert "notebooks/" not in v["runBoxText"], f"{rel} sends learners to the instructor edition"


def test_printed_text_is_one_block_per_cell(visits):
    split = {rel: v["splitStreams"] for rel, v in visits.items() if v["splitStreams"]}
    assert not split, f"cells whose printed text is split into several boxes: {split}"
    # the lessons do print in several calls per cell, so the check above has something to check
    runs = 0
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            outs = cell.get("outputs", [])
            runs += any(a.get("output_type") == b.get("output_type") == "stream" and
                        a.get("name") == b.get("name") for a, b in zip(outs, outs[1:]))
    assert runs > 0


@pytest.mark.parametrize("suffix", PHONE_LESSONS)
def test_on_a_phone_the_run_box_wraps_and_figures_open_at_full_size(suffix, site, browser, screenshots):
    base, _ = site
    rel = f"lessons/{find_lesson(suffix).stem}.html"
    page = browser.new_page()
    page.set_viewport_size(PHONE)
    try:
        page.goto(base + rel, wait_until="load")
        page.wait_for_load_state("networkidle")
        seen = page.evaluate(PHONE_INSPECT)
        page.screenshot(path=str(screenshots / f"site_phone_{find_lesson(suffix).stem}.png"))
        figures = seen["figures"]
        for figure in figures[:3]:  # the link opens the picture itself, bigger than on the page
            response = page.request.get(figure["link"])
            assert response.ok and response.headers["content-type"].startswith("image/"), figure
    finally:
        page.close()
    assert seen["pageWidth"] <= seen["width"], f"{rel} scrolls sideways on a phone: {seen['pageWidth']}px"
    assert seen["boxOverflow"] <= 1 and not seen["codeOutside"], f"{rel}: the run box overflows: {seen}"
    assert figures, f"{rel}: no figures"
    unlinked = [f["src"][-20:] for f in figures if f["link"] != f["src"]]
    assert not unlinked, f"{rel}: figures that do not link to their full-size file: {unlinked}"
    assert any(f["natural"] > f["shown"] + 1 for f in figures), \
        f"{rel}: no figure is shrunk on a phone, so this test checks nothing"


def test_search_finds_a_lesson_by_a_word_typed_with_the_keyboard(site, browser):
    base, _ = site
    page, problems = open_page(browser, base + "index.html")
    try:
        page.keyboard.press("Control+k")  # the theme's search shortcut opens its search box
        box = page.locator("input[name=q]:visible").first
        box.wait_for()
        page.keyboard.type(SEARCH_WORD)
        page.keyboard.press("Enter")
        page.wait_for_url("**/search.html?q=*")
        hits = page.locator("#search-results ul.search li a")
        hits.first.wait_for(timeout=30_000)
        found = [hits.nth(i).get_attribute("href") for i in range(hits.count())]
    finally:
        page.close()
    assert any(SEARCH_LESSON in (href or "") for href in found), \
        f"searching '{SEARCH_WORD}' found {found}, expected lesson {SEARCH_LESSON}"
    assert not problems, problems


def test_axe_finds_no_critical_or_serious_violation_on_any_page(visits):
    bad = {rel: [v for v in found if v[0] in BLOCKING]
           for rel, found in ((rel, v["axe"]) for rel, v in visits.items())}
    bad = {rel: found for rel, found in bad.items() if found}
    assert not bad, f"axe-core violations (impact, rule, help, element): {bad}"


def test_axe_finds_no_critical_or_serious_violation_in_a_slide_deck(browser, tmp_path):
    from nnlessons.course.slides import build_deck
    if not AXE_JS.is_file():
        _unavailable(f"no axe-core at {AXE_JS}: run `bash scripts/install_browser.sh`")
    notebook = find_lesson("_first_network_mnist")
    deck = build_deck(notebook, tmp_path / "slides")
    with serve(deck.parent) as base:
        page, problems = open_page(browser, base + deck.name)
        try:
            page.wait_for_function("() => window.Reveal && Reveal.isReady()")
            page.evaluate("() => Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
            # no fades: axe measures colours as they end up, not halfway through a transition
            page.add_style_tag(content="* { transition: none !important; animation: none !important; }")
            slides = page.evaluate("() => Reveal.getSlides().map(s => Reveal.getIndices(s))")
            found = set()
            for index in slides:  # axe sees only what is shown: every slide, all fragments shown
                page.evaluate("(i) => Reveal.slide(i.h, i.v || 0, 1000)", index)
                page.wait_for_timeout(100)
                found.update(axe_violations(page))
        finally:
            page.close()
    assert not problems, problems
    assert len(slides) > 10, f"{deck.name}: only {len(slides)} slides"
    blocking = sorted(v for v in found if v[0] in BLOCKING)
    assert not blocking, f"{deck.name}: axe-core violations (impact, rule, help, element): {blocking}"


def test_every_figure_has_a_text_alternative(visits):
    """A figure's alt must say what it shows: not missing, empty, or a file name."""
    missing = {}
    for rel, v in lesson_pages(visits).items():
        for image in v["images"]:
            alt = (image["alt"] or "").strip()
            if not alt or alt == image["src"] or alt.lower().endswith((".png", ".jpg", ".svg")):
                missing.setdefault(rel, []).append(image["src"].rsplit("/", 1)[-1][:12])
    total = sum(len(srcs) for srcs in missing.values())
    report = f"{total} figures without a text alternative: " + ", ".join(
        f"{rel} ({len(srcs)})" for rel, srcs in missing.items())
    assert not missing, report
