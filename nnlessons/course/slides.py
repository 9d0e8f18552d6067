"""Lecture mode: turn a lesson notebook into a reveal.js slide deck that opens with no network.

    python -m nnlessons slides 05        # -> slides/05_first_network_mnist.slides.html

Every cell of a lesson carries slide metadata (slide / subslide / fragment / skip). nbconvert's
slides exporter reads it and writes a reveal.js deck with the stored outputs (figures embedded as
images). Its stock template loads reveal.js, require.js, jQuery, mermaid and MathJax from CDNs, so
the deck is blank in a lecture hall without internet. We keep nbconvert but render with our own
template (``nnlessons/course/_templates/nnlessons_slides``) that loads only files copied beside the deck:
reveal.js 6 (MIT) and KaTeX (MIT) for the equations, vendored in ``nnlessons/course/_vendor`` with their
licences (``scripts/vendor_slides_assets.sh`` refreshes them from the npm registry).

Why not jupyterlab-rise: its 0.43 release does support JupyterLab 4 and bundles reveal.js, but it
presents inside a running Jupyter server with a live kernel. That is fine for live coding, but it
adds a server extension (and jupyterlab-mathjax3) to every learner's JupyterLab, and a lecturer
still needs Jupyter on the lecture-room machine. A static deck is one folder that any browser
opens from disk, shows the same outputs nbval checks, and can be copied to a USB stick.

Widget outputs have no state in the stored notebooks, so they are dropped from the deck; each widget
cell is followed by its static figure, which is shown instead. ``# NBVAL_...`` comment lines are
removed from the code shown on slides.
"""
import re
import shutil
from pathlib import Path

from .editions import learner_notebook

VENDOR_DIR = Path(__file__).parent / "_vendor"
TEMPLATE_DIR = Path(__file__).parent / "_templates"
TEMPLATE_NAME = "nnlessons_slides"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"

# a tag that makes the browser fetch something: <script src>, <link href>, <img src>, <iframe src>
_FETCHING_TAG = re.compile(r"<(script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*[\"']?(https?:)?//",
                           re.I)


def external_resources(html):
    """Tags in ``html`` that would fetch from the network (a list of the offending tag starts)."""
    return [m.group(0) for m in _FETCHING_TAG.finditer(html)]


def prepare(nb):
    """Clean a notebook node for presenting (in place): drop widget views and ``# NBVAL_`` lines,
    and make every subslide a slide of its own, so the deck is one flat row that the right arrow
    (and space) walks from the first slide to the last."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        show = cell.get("metadata", {}).get("slideshow", {})
        if show.get("slide_type") == "subslide":
            show["slide_type"] = "slide"
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        cell.source = "\n".join(line for line in lines if not line.lstrip().startswith("# NBVAL_"))
        cell.outputs = [out for out in cell.get("outputs", [])
                        if WIDGET_MIME not in out.get("data", {})]
    return split_tall_slides(nb)


# Slide box and type sizes in CSS pixels: reveal.js lays a slide out at SLIDE_WIDTH x SLIDE_HEIGHT and
# scales it to the window; the bottom strip is kept for the slide number. The sizes per line are
# those of nbconvert's lab styles as the template sets them (text 20 px x 1.6, code 19 px x 1.31).
SLIDE_WIDTH, SLIDE_HEIGHT, SLIDE_NUMBER_STRIP = 1280, 720, 36
SLIDE_BUDGET = SLIDE_HEIGHT - SLIDE_NUMBER_STRIP - 40
TEXT_LINE, TEXT_CHARS, CODE_LINE, CODE_CHARS, CONTENT_WIDTH = 32, 105, 25, 100, 1150
HEADING = {1: 70, 2: 56, 3: 46}


def _lines(text, chars):
    """How many screen lines ``text`` takes when lines wrap after ``chars`` characters."""
    return sum(max(1, -(-len(line) // chars)) for line in text.splitlines())


def _png_size(data):
    """(width, height) in pixels of a base64 PNG, read from its header; None if it is not one."""
    import base64
    try:
        head = base64.b64decode("".join(data)[:64])
    except ValueError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _markdown_height(source):
    height, math = 0, False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("$$"):
            math = not math if stripped.count("$$") == 1 else math
            height += 60
        elif math:
            height += 30
        elif stripped.startswith("#"):
            height += HEADING.get(len(stripped) - len(stripped.lstrip("#")), 40)
        elif not stripped:
            height += 16
        else:
            height += TEXT_LINE * _lines(stripped, TEXT_CHARS)
    return height + 20


def _output_height(out):
    data = out.get("data", {})
    if "image/png" in data:
        size = _png_size(data["image/png"])
        meta = out.get("metadata", {}).get("image/png", {}) or {}
        width, height = (meta.get("width"), meta.get("height")) if meta.get("width") else (size or (0, 0))
        if width and height:
            return height * min(1, CONTENT_WIDTH / width) + 20
        return 400
    if "text/html" in data:
        html = "".join(data["text/html"])
        return 34 * max(1, html.count("<tr")) + 20
    text = out.get("text") or data.get("text/plain") or ""
    text = "".join(text) if isinstance(text, list) else text
    return CODE_LINE * _lines(text, CODE_CHARS) + 20


def cell_height(cell):
    """Roughly how tall ``cell`` is on a slide, in CSS pixels: (its code, [each output]). An
    estimate from its text lines and its images' sizes, good enough to decide where a slide is full."""
    if cell.cell_type == "markdown":
        return _markdown_height(cell.source), []
    if cell.cell_type != "code":
        return 0, []
    source = 0 if cell.get("metadata", {}).get("transient", {}).get("remove_source") else \
        CODE_LINE * _lines(cell.source, CODE_CHARS) + 30
    return source, [_output_height(out) for out in cell.get("outputs", [])]


def _split_cell(cell, source, outputs, budget):
    """[(cell, height)]: ``cell`` itself, or, when it is taller than a slide, its code and then its
    outputs in groups that each fit a slide (each group a copy of the cell with the code hidden)."""
    import copy
    if sum(outputs) + source <= budget or not outputs:
        return [(cell, source + sum(outputs))]
    groups, group, height = [], [], 0
    for out, h in zip(cell.outputs, outputs):
        if group and height + h > budget:
            groups.append((group, height))
            group, height = [], 0
        group.append(out)
        height += h
    groups.append((group, height))
    parts = [(cell, source)] if source else []
    for i, (group, height) in enumerate(groups):
        part = copy.deepcopy(cell)
        part.outputs = group
        part.metadata.setdefault("transient", {})["remove_source"] = True
        part.metadata["slideshow"] = {"slide_type": "slide"}
        if "id" in cell:
            part.id = f"{cell.id[:56]}-out{i}"
        parts.append((part, height))
    if source:
        cell.outputs = []
    else:
        parts[0][0].metadata["slideshow"] = cell.metadata["slideshow"]
    return parts


def split_tall_slides(nb, budget=SLIDE_BUDGET):
    """Start a new slide wherever the next cell would overflow the slide it joins (in place).

    A code cell taller than a slide on its own becomes several slides: its code, then its outputs,
    as many to a slide as fit. What is still too tall after this (one huge figure) is scaled down
    by the deck to fit the screen."""
    cells, used = [], 0
    for cell in nb.cells:
        show = cell.setdefault("metadata", {}).setdefault("slideshow", {})
        if show.get("slide_type", "-") in ("skip", "notes"):
            cells.append(cell)
            continue
        for part, height in _split_cell(cell, *cell_height(cell), budget):
            kind = part.metadata["slideshow"].get("slide_type", "-")
            if kind == "slide" or not cells:
                used = height
            elif used + height > budget:
                part.metadata["slideshow"]["slide_type"] = "slide"
                used = height
            else:
                used += height
            cells.append(part)
    nb.cells = cells
    return nb


def copy_assets(out_dir):
    """Copy reveal.js (as reveal.js/dist/..., the layout nbconvert's template expects) and KaTeX
    into ``out_dir``, beside the decks. Each keeps its LICENSE."""
    out_dir = Path(out_dir)
    shutil.copytree(VENDOR_DIR / "reveal.js", out_dir / "reveal.js" / "dist", dirs_exist_ok=True)
    shutil.copy2(VENDOR_DIR / "reveal.js" / "LICENSE", out_dir / "reveal.js" / "LICENSE")
    shutil.copytree(VENDOR_DIR / "katex", out_dir / "katex", dirs_exist_ok=True)


def build_deck(notebook, out_dir="slides", execute=False, theme="white", timeout=600,
               solutions=False):
    """Write ``out_dir/<notebook stem>.slides.html`` and the assets it loads; return its path.

    Parameters
    ----------
    notebook : path of a .ipynb file.
    out_dir : folder for the deck; reveal.js/ and katex/ are copied into it.
    execute : run the notebook first (in its own folder) instead of using its stored outputs.
    theme : a reveal.js theme shipped in nnlessons/course/_vendor/reveal.js/theme ('white').
    solutions : show the exercises' solutions (the instructor edition); by default the deck shows
        the learner edition, so a deck handed to a class gives nothing away.
    """
    import nbformat
    from nbconvert import SlidesExporter

    notebook = Path(notebook)
    themes = sorted(p.stem for p in (VENDOR_DIR / "reveal.js" / "theme").glob("*.css"))
    if theme not in themes:
        raise ValueError(f"Unknown slide theme '{theme}': the vendored reveal.js has {themes}.")
    nb = nbformat.read(notebook, as_version=4)
    if not solutions:
        nb = nbformat.from_dict(learner_notebook(nb))
    if execute:
        from nbclient import NotebookClient
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(notebook.parent)}}).execute()
    prepare(nb)

    exporter = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        template_name=TEMPLATE_NAME,
        reveal_url_prefix="reveal.js",
        reveal_theme=theme,
        reveal_number="c/t",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
    remote = external_resources(html)
    if remote:  # a template change must never make a deck depend on the network again
        raise RuntimeError(f"The slide deck for {notebook.name} would load from the network: "
                           f"{remote[:3]}")

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_assets(out_dir)
    path = out_dir / f"{notebook.stem}.slides.html"
    path.write_text(html, encoding="utf-8")
    return path
