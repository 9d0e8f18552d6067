"""Open a lesson in JupyterLab, run every cell, check no cell shows an error, then move a slider
(or press Train in the playground) and check that the figure's image really changes.

The steps go through JupyterLab's own command registry (``--expose-app-in-browser`` publishes it
as ``window.jupyterapp``): 'notebook:clear-all-cell-outputs' then 'notebook:run-all-cells', the
same commands the Run menu calls. Sliders are moved with the keyboard (a mouse drag if that does
nothing), buttons are clicked. A lesson with no slider next to a figure falls back to a button of a
figure widget, or, for a widget with no control left (lesson 06's live training dashboard once it
has finished), runs that cell again and waits for the figure to redraw itself three times.
"Changed" means both: the <img> source differs, and a screenshot of the cell differs.
"""
import hashlib
import re
import time

import pytest

LESSONS = [("00", "slider"), ("06", "slider"), ("20", "train")]   # welcome, first MNIST network, playground
RUN_TIMEOUT = 300      # seconds for a whole lesson to run in the browser
REACT_TIMEOUT = 120    # seconds for a figure to change after a slider move or a Train click

# Helpers installed in the page before JupyterLab loads; they read JupyterLab's own objects.
HELPERS = r"""
window.__nnl = {
  panel(path) {
    const app = window.jupyterapp;
    if (!app || !app.shell) return null;
    for (const w of app.shell.widgets('main')) {
      if (w.context && w.context.path === path && w.content && w.content.widgets) return w;
    }
    return null;
  },
  kernel(p) { return p && p.sessionContext.session && p.sessionContext.session.kernel; },
  ready(path) {
    const p = this.panel(path), k = this.kernel(p);
    return !!(p && p.context.isReady && k && k.connectionStatus === 'connected' && k.status === 'idle');
  },
  runAll(path) {
    const app = window.jupyterapp, p = this.panel(path);
    app.shell.activateById(p.id);
    return app.commands.execute('notebook:clear-all-cell-outputs').then(() => {
      app.commands.execute('notebook:run-all-cells');  // resolves only when every cell has run
      return true;
    });
  },
  progress(path) {
    const p = this.panel(path), k = this.kernel(p);
    const cells = p.content.widgets.filter(c => c.model.type === 'code');
    const prompt = c => (c.node.querySelector('.jp-InputArea-prompt') || {}).textContent || '';
    return {
      status: k ? k.status : 'no kernel',
      total: cells.length,
      executed: cells.filter(c => c.model.executionCount !== null).length,
      pending: cells.filter(c => prompt(c).includes('*')).length,
      errors: this.errors(path).length,
    };
  },
  errors(path) {
    const p = this.panel(path), found = [];
    p.content.widgets.forEach((c, i) => {
      if (c.model.type !== 'code') return;
      const tags = c.model.getMetadata ? (c.model.getMetadata('tags') || []) : [];
      if (tags.includes('raises-exception')) return;  // an error shown on purpose (nbval's tag)
      for (const o of c.model.outputs.toJSON()) {
        const text = Array.isArray(o.text) ? o.text.join('') : (o.text || '');
        if (o.output_type === 'error') {
          found.push({cell: i, text: o.ename + ': ' + o.evalue});
        } else if (o.output_type === 'stream' && o.name === 'stderr' && text.includes('Traceback')) {
          found.push({cell: i, text: text.slice(-800)});
        }
      }
      // what the learner sees, including errors printed inside widgets' output areas
      c.node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        .forEach(el => { if (el.textContent.includes('Traceback') || el.textContent.includes('Error'))
          found.push({cell: i, text: el.textContent.slice(-800)}); });
      // nnlessons widgets catch callback errors and show them as <pre>Type: message</pre>
      c.node.querySelectorAll('.widget-html pre').forEach(el => {
        if (/^\s*\w+(Error|Exception|Diverged): /.test(el.textContent))
          found.push({cell: i, text: 'widget: ' + el.textContent.slice(0, 800)});
      });
      if (c.node.textContent.includes('Error displaying widget'))
        found.push({cell: i, text: 'Error displaying widget'});
    });
    return found;
  },
  runCell(path, index) {  // select one cell and run it, as Shift+Enter would
    const app = window.jupyterapp, p = this.panel(path);
    app.shell.activateById(p.id);
    p.content.activeCellIndex = index;
    p.content.deselectAll();
    app.commands.execute('notebook:run-cell');
  },
  label() {  // mark every cell with its index, so the test can find it in the page
    const p = window.jupyterapp.shell.currentWidget;
    p.content.widgets.forEach((c, i) => c.node.setAttribute('data-nnl-cell', String(i)));
  },
  interactive(path) {
    // code cells whose output holds a figure image, with what can be moved or pressed in them
    const p = this.panel(path), out = [];
    p.content.widgets.forEach((c, i) => {
      if (c.model.type !== 'code') return;
      const area = c.node.querySelector('.jp-Cell-outputArea, .jp-OutputArea');
      if (!area) return;
      const imgs = area.querySelectorAll('img').length;
      const sliders = area.querySelectorAll('.widget-slider .noUi-handle, input[type=range]').length;
      const buttons = Array.from(area.querySelectorAll('button:not([disabled])'))
        .map(b => b.textContent.trim());
      if (imgs && area.querySelector('.jupyter-widgets')) out.push({cell: i, imgs, sliders, buttons});
    });
    return out;
  },
};
"""


def lesson_path(folder, number):
    matches = sorted(folder.glob(f"{number}_*.ipynb"))
    if not matches:
        pytest.skip(f"lesson {number} (notebooks/{number}_*.ipynb) is not written yet")
    return matches[0]


def open_notebook(page, lab, name):
    page.add_init_script(HELPERS)
    page.goto(f"{lab.url}/lab/tree/{name}")
    page.wait_for_function("(p) => window.__nnl.ready(p)", arg=name, timeout=120_000, polling=500)


def run_all_cells(page, name):
    page.evaluate("(p) => window.__nnl.runAll(p)", name)
    deadline = time.monotonic() + RUN_TIMEOUT
    steady = 0
    while time.monotonic() < deadline:
        state = page.evaluate("(p) => window.__nnl.progress(p)", name)
        finished = state["executed"] == state["total"] or state["errors"]
        steady = steady + 1 if (state["status"] == "idle" and not state["pending"] and finished) else 0
        if steady >= 3:  # idle three polls in a row: the run is over, not between two cells
            return state
        time.sleep(0.5)
    raise AssertionError(f"{name}: cells still running after {RUN_TIMEOUT} s: {state}")


def image_fingerprint(cell):
    """Short hashes of the src of every image in the cell (data: URIs or widgets' blob: URLs)."""
    prints = []
    for img in cell.locator("img").all():
        src = img.get_attribute("src") or ""
        prints.append(hashlib.sha256(src.encode()).hexdigest()[:16])
    return prints


def watch_live_updates(page, cell, before, updates=3):
    """Wait until the cell's figure has shown ``updates`` different new images (a live widget
    redrawing itself while it works); return the last one."""
    seen = []
    deadline = time.monotonic() + REACT_TIMEOUT
    while time.monotonic() < deadline:
        now = image_fingerprint(cell)
        if now and now != before and (not seen or now != seen[-1]):
            seen.append(now)
            if len(seen) >= updates:
                return now
        page.wait_for_timeout(100)
    raise AssertionError(f"the live figure showed {len(seen)} new image(s) in {REACT_TIMEOUT} s, "
                         f"expected {updates}")


def wait_for_change(page, cell, before, what):
    deadline = time.monotonic() + REACT_TIMEOUT
    while time.monotonic() < deadline:
        now = image_fingerprint(cell)
        if now and now != before:
            return now
        page.wait_for_timeout(300)
    raise AssertionError(f"the figure did not change within {REACT_TIMEOUT} s after {what}")


def move_slider(page, cell):
    """Move the first slider in the cell one step with the keyboard (back if at its end),
    falling back to a mouse drag; return a description of the move."""
    handle = cell.locator(".widget-slider .noUi-handle").first
    if handle.count():
        handle.scroll_into_view_if_needed()
        start = handle.get_attribute("aria-valuenow")
        handle.focus()
        for key in ("ArrowRight", "ArrowLeft"):
            page.keyboard.press(key)
            page.keyboard.press(key)
            page.wait_for_timeout(200)
            if handle.get_attribute("aria-valuenow") != start:
                return f"moving the slider from {start} to {handle.get_attribute('aria-valuenow')}"
        box = handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + 60, box["y"] + box["height"] / 2, steps=5)
        page.mouse.up()
        return f"dragging the slider from {start} to {handle.get_attribute('aria-valuenow')}"
    slider = cell.locator("input[type=range]").first
    slider.focus()
    page.keyboard.press("ArrowRight")
    return "moving a range input"


def train_button(cell):
    return cell.locator("button", has_text=re.compile(r"train", re.I)).first


def press_train(cell):
    button = train_button(cell)
    button.scroll_into_view_if_needed()
    button.click()
    return "pressing Train"


def shoot(page, cell, path):
    """Screenshot of the cell (or of the page when the cell cannot be captured); returns the bytes."""
    try:
        data = cell.screenshot(path=str(path))
    except Exception:  # e.g. a cell taller than the browser allows: fall back to the viewport
        data = page.screenshot(path=str(path))
    return data


@pytest.mark.parametrize("number,action", LESSONS, ids=[f"{n}-{a}" for n, a in LESSONS])
def test_lesson_runs_in_jupyterlab_and_its_figure_reacts(number, action, jupyterlab, browser_page,
                                                          screenshots):
    page = browser_page
    notebook = lesson_path(jupyterlab.root, number)
    name = notebook.name
    stem = notebook.stem
    try:
        open_notebook(page, jupyterlab, name)
        state = run_all_cells(page, name)
        page.evaluate("() => window.__nnl.label()")
        page.screenshot(path=str(screenshots / f"{stem}_1_after_run_all.png"))
        errors = page.evaluate("(p) => window.__nnl.errors(p)", name)
        assert not errors, f"{name}: cells show errors after Run All: {errors}"
        assert state["executed"] == state["total"], f"{name}: not every cell ran: {state}"

        widgets = page.evaluate("(p) => window.__nnl.interactive(p)", name)
        if action == "slider":
            # A lesson without a slider next to a figure: press a button of a figure widget, or,
            # for a widget with no control left (the live training dashboard once it is done),
            # run its cell again and watch the figure redraw itself.
            for kind, fits in (("slider", lambda c: c["sliders"]), ("button", lambda c: c["buttons"]),
                               ("live", lambda c: True)):
                candidates = [c for c in widgets if fits(c)]
                if candidates:
                    action = kind
                    break
        else:
            candidates = [c for c in widgets if any(re.search("train", b, re.I) for b in c["buttons"])]
        assert candidates, (f"{name}: no cell shows a figure next to a "
                            f"{'slider' if action == 'slider' else 'Train button'}; "
                            f"figure widgets found: {widgets}")
        cell = page.locator(f'[data-nnl-cell="{candidates[0]["cell"]}"]')
        cell.scroll_into_view_if_needed()
        page.wait_for_timeout(500)  # let the figure finish drawing
        before = image_fingerprint(cell)
        shot_before = shoot(page, cell, screenshots / f"{stem}_2_before_{action}.png")

        if action == "live":
            what = "running the live widget's cell again"
            page.evaluate("([p, i]) => window.__nnl.runCell(p, i)", [name, candidates[0]["cell"]])
            after = watch_live_updates(page, cell, before)
        else:
            if action == "slider":
                what = move_slider(page, cell)
            elif action == "train":
                what = press_train(cell)
            else:
                button = cell.locator("button:not([disabled])").first
                what = f"pressing '{button.inner_text().strip()}'"
                button.click()
            after = wait_for_change(page, cell, before, what)
        page.wait_for_timeout(500)
        shot_after = shoot(page, cell, screenshots / f"{stem}_3_after_{action}.png")
        assert after != before
        assert hashlib.sha256(shot_after).digest() != hashlib.sha256(shot_before).digest(), \
            f"{name}: the image source changed after {what}, but the screenshot did not"

        active = cell.locator("button.mod-active")  # Train is a toggle: stop the loop again
        if action == "train" and active.count():
            active.first.click()
        errors = page.evaluate("(p) => window.__nnl.errors(p)", name)
        assert not errors, f"{name}: errors after {what}: {errors}"
        assert not page.console_errors, f"{name}: JavaScript errors: {page.console_errors}"
    except BaseException:
        page.screenshot(path=str(screenshots / f"{stem}_FAILED.png"))
        raise
    finally:
        jupyterlab.shutdown_kernels()
