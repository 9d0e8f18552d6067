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
    """Clean a notebook node for presenting: drop widget views and ``# NBVAL_`` lines (in place)."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        cell.source = "\n".join(line for line in lines if not line.lstrip().startswith("# NBVAL_"))
        cell.outputs = [out for out in cell.get("outputs", [])
                        if WIDGET_MIME not in out.get("data", {})]
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
        reveal_scroll=True,
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
