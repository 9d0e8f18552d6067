"""The course website: every lesson as a static web page, built offline from the stored outputs.

    python -m nnlessons site                 # -> site/index.html (open it, or serve the folder)
    python -m nnlessons site --out public --binder-repo OWNER/REPO

Sphinx + MyST-NB + sphinx-book-theme read the learner edition of the notebooks with execution off,
so the pages show exactly the outputs nbval checks. Before Sphinx sees a notebook it is made static:
widget views (which need a live kernel) become a note pointing at the static figure after them,
quizzes are rendered from ``quizzes/NN.json`` as text with folded answers, ``# NBVAL_`` lines go,
and a "Run this lesson" box (local command, Binder link) follows the title. Equations are typeset
by the KaTeX vendored in ``_vendor/katex`` and copied into the site: nothing loads from a CDN.
Search is Sphinx's own (a JavaScript index in the site). Templates and styles that fix the theme's
accessibility faults sit in ``_templates/nnlessons_site``.

This module is also the small Sphinx extension the build loads (``setup``): the KaTeX math renderer,
figure alt text from output metadata, and figures that link to their own file (full size on a phone). Sphinx is imported only when a site is built.
"""
import hashlib
import json
import re
import shutil
import tempfile
from base64 import b64decode
from pathlib import Path

from .lessons import lesson_files, lessons, notebooks_dir, require_dir
from .quiz import lesson_quiz
from .slides import VENDOR_DIR

SITE_TEMPLATES = Path(__file__).parent / "_templates" / "nnlessons_site"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
LOCAL_COMMAND = "pip install -e . && python -m nnlessons lab"
BINDER_PATTERN = "https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/learner/{name}"
ALT_FILE = "_nnlessons_alt.json"  # {sha256 of an image output: its alt text from output metadata}
_QUIZ_CALL = re.compile(r"""lesson_quiz\(\s*["']?(\d+)""")
WIDGET_NOTE = ("<p class='nnlessons-widget-note'>An interactive figure runs here in JupyterLab "
               "(see <em>Run this lesson</em> above); the figure after it shows the same thing.</p>")


class SiteBuildFailed(RuntimeError):
    """Sphinx could not build the site: the message holds its warnings and errors."""


# --- the notebooks, made static -------------------------------------------------------------------
def write_lessons(dest, source_dir=None):
    """Write the learner edition of every lesson into ``dest``; return the notebook paths.

    Uses ``nnlessons.course.editions.write_learner_edition`` (exercise solutions replaced by stubs)
    when the package has it, else copies the lessons as they are."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    try:
        from .editions import write_learner_edition
    except ModuleNotFoundError as err:
        if err.name != f"{__package__}.editions":
            raise
        write_learner_edition = None
    if write_learner_edition is not None:
        write_learner_edition(dest, source_dir=source_dir)
    else:
        for path in lesson_files(source_dir):
            shutil.copy2(path, dest / path.name)
    return lesson_files(dest)


def image_alt(output, mime):
    """The alt text an image output carries in its metadata (``{mime: {"alt": ...}}`` or
    ``{"alt": ...}``), or None."""
    meta = output.get("metadata", {}) or {}
    alt = (meta.get(mime) or {}).get("alt") if isinstance(meta.get(mime), dict) else None
    return alt or meta.get("alt") or None


def _image_bytes(data, mime):
    value = data[mime]
    value = "".join(value) if isinstance(value, list) else value
    return value.encode("utf-8") if mime == "image/svg+xml" else b64decode(value)


def _run_box(name, binder_repo):
    local = (f"On your computer, in a copy of the repository: `{LOCAL_COMMAND}`, then open "
             f"`learner/{name}` (the learner edition the command writes, exercises to fill in).")
    if binder_repo:
        url = BINDER_PATTERN.format(repo=binder_repo, name=name)
        online = f"In your browser, with nothing to install: [open this lesson on Binder]({url})."
    else:
        url = BINDER_PATTERN.format(repo="OWNER/REPO", name=name)
        online = (f"In your browser, with nothing to install: Binder, at `{url}` with OWNER/REPO "
                  "your GitHub copy of the course.")
    return (f"```{{admonition}} Run this lesson\n:class: tip\n\n{local}\n\n{online}\n\n"
            f"More in [Run the lessons](../run.md).\n```")


def merge_streams(outputs):
    """The outputs with each run of consecutive stream outputs to the same stream (stdout, stderr)
    joined into one, so a table printed line by line shows as one block, not one box per print."""
    merged = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and last is not None
                and last.get("output_type") == "stream" and last.get("name") == out.get("name")):
            text = out.get("text", "")
            last["text"] = "".join(last["text"]) + ("".join(text) if isinstance(text, list) else text)
        else:
            if out.get("output_type") == "stream":
                out = dict(out, text="".join(out.get("text", "")))
            merged.append(out)
    return merged


def make_static(nb, name, binder_repo=None, alts=None):
    """Prepare one notebook (a dict, in place) for the website; return it.

    Widget views become a note, a ``lesson_quiz("NN")`` cell shows its quiz from the JSON as HTML
    (answers folded, code hidden), ``# NBVAL_`` lines go, the "Run this lesson" box follows the
    first cell, consecutive stream outputs are merged into one, and alt texts found in image output metadata are added to ``alts``
    ({sha256: alt})."""
    alts = {} if alts is None else alts
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["source"] = "\n".join(line for line in source.splitlines()
                                   if not line.lstrip().startswith("# NBVAL_"))
        quiz = _QUIZ_CALL.search(source)
        if quiz:
            html = lesson_quiz(quiz.group(1)).to_html()
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": {"text/html": html}}]
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            tags.append("remove-input")
            continue
        cell["outputs"] = merge_streams(cell.get("outputs", []))
        for out in cell["outputs"]:
            data = out.get("data", {})
            if WIDGET_MIME in data:
                out["data"] = {k: v for k, v in data.items() if k not in (WIDGET_MIME, "text/plain")}
                out["data"] = out["data"] or {"text/html": WIDGET_NOTE}
            for mime in IMAGE_MIMES:
                alt = image_alt(out, mime) if mime in data else None
                if alt:
                    alts[hashlib.sha256(_image_bytes(data, mime)).hexdigest()] = str(alt)
    box = {"cell_type": "markdown", "id": "nnlessons-run-this-lesson", "metadata": {},
           "source": _run_box(name, binder_repo)}
    nb["cells"].insert(1 if nb["cells"] else 0, box)
    return nb


# --- the pages around the lessons ------------------------------------------------------------------
def index_page(found):
    """index.md: what the course is, the lesson map as a table, and the navigation tree."""
    rows = "\n".join(f"| {n} | [{title}](lessons/{p.name}) |" for n, title, p in found)
    tree = "\n".join(f"lessons/{p.stem}" for _, _, p in found)
    return f"""# nnlessons: how neural networks work

A hands-on course in {len(found)} lessons. Each lesson is a Jupyter notebook: short explanations,
code you run, figures and a quiz. Everything is built on a small neural-network engine written in
NumPy, so you can read every line that trains a network. These pages show the lessons with their
stored outputs; [run them yourself](run.md) to change the code and use the interactive figures.

## The lessons

| Lesson | Title |
| --- | --- |
{rows}

Use the search box (or the search page) to find a word in any lesson.

```{{toctree}}
:hidden:
:caption: Lessons

{tree}
```

```{{toctree}}
:hidden:
:caption: Running the lessons

run
```
"""


def run_page(binder_repo=None):
    """run.md: how to run the lessons on your computer, on Binder, and as slides."""
    repo = binder_repo or "OWNER/REPO"
    binder = BINDER_PATTERN.format(repo=repo, name="00_welcome.ipynb")
    hint = "" if binder_repo else " Replace OWNER/REPO with the GitHub copy of the course you use."
    return f"""# Run the lessons

The pages on this site show each lesson with the outputs it had when it was last run. To change the
code, answer the quizzes with buttons and use the interactive figures, run the notebooks.

## On your computer

You need Python 3.10 or newer. In a copy of the course repository:

```bash
{LOCAL_COMMAND}
```

JupyterLab opens on the lessons; run a lesson's cells from the top (Shift+Enter). Check that the
machine is ready with `python -m nnlessons check`.

## In your browser, with Binder

Binder starts the course in a temporary JupyterLab in the cloud, with nothing to install (the first
start takes a few minutes). The link for a lesson has this pattern:

`{BINDER_PATTERN.format(repo=repo, name="NN_topic.ipynb")}`

For example, the first lesson: `{binder}`.{hint}

## As slides

`python -m nnlessons slides 05` writes an offline slide deck of lesson 05 (open the
`.slides.html` file in a browser).

## This website

`python -m nnlessons site` builds these pages again from the stored notebook outputs, offline.
"""


def write_source(src, notebooks=None, binder_repo=None):
    """Write the Sphinx source folder: index.md, run.md, lessons/*.ipynb, _static/ (KaTeX, CSS)."""
    src = Path(src)
    paths = write_lessons(src / "lessons", require_dir(notebooks or notebooks_dir()))
    alts = {}
    for path in paths:
        nb = json.loads(path.read_text(encoding="utf-8"))
        make_static(nb, path.name, binder_repo, alts)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    found = lessons(src / "lessons")
    (src / "index.md").write_text(index_page(found), encoding="utf-8")
    (src / "run.md").write_text(run_page(binder_repo), encoding="utf-8")
    (src / ALT_FILE).write_text(json.dumps(alts, indent=1), encoding="utf-8")
    shutil.copytree(SITE_TEMPLATES / "static", src / "_static", dirs_exist_ok=True)
    shutil.copytree(VENDOR_DIR / "katex", src / "_static" / "katex", dirs_exist_ok=True)
    return found


def sphinx_config(src):
    """The Sphinx settings (there is no conf.py: they are passed as overrides)."""
    return {
        "project": "nnlessons", "author": "the nnlessons authors", "copyright": "the nnlessons authors",
        "language": "en",
        "extensions": ["myst_nb", __name__],
        "nb_execution_mode": "off",  # the stored outputs, never a kernel
        "nb_merge_streams": True,  # also done in make_static: one block per run of prints
        "myst_enable_extensions": ["dollarmath", "amsmath"],
        "html_theme": "sphinx_book_theme",
        "html_title": "nnlessons",
        "html_math_renderer": "nnlessons_katex",
        "html_static_path": [str(Path(src) / "_static")],
        "templates_path": [str(SITE_TEMPLATES / "templates")],
        "html_css_files": ["nnlessons-site.css", "katex/katex.min.css"],
        "html_js_files": ["katex/katex.min.js", "nnlessons-math.js"],
        "html_theme_options": {"show_toc_level": 2, "use_download_button": False,
                               "use_fullscreen_button": False},
        # pydata-sphinx-theme starts each page in localStorage's mode or else in default_mode; left
        # unset, that is "", and every page logged "Got invalid theme mode" (light, as the figures)
        "html_context": {"default_mode": "light"},
        "html_show_sourcelink": False,
        "html_copy_source": False,
        "html_last_updated_fmt": None,
        "exclude_patterns": ["_build", "**.ipynb_checkpoints", ALT_FILE],
        "suppress_warnings": ["mystnb.unknown_mime_type", "myst.header"],
    }


def build_site(out_dir="site", notebooks=None, binder_repo=None, source_dir=None, quiet=True):
    """Build the website into ``out_dir``; return the path of its index.html.

    Parameters
    ----------
    out_dir : folder for the site (created; its old pages are replaced). Nothing is written
        outside it: Sphinx and MyST-NB work in a temporary folder.
    notebooks : lesson folder (default: notebooks/ of this checkout).
    binder_repo : 'OWNER/REPO' on GitHub for the Binder links (default: the pattern as text).
    source_dir : keep the generated Sphinx source here (default: a temporary folder).
    quiet : hide Sphinx's progress output (its warnings are still collected).
    """
    if binder_repo is not None and not re.fullmatch(r"[\w.-]+/[\w.-]+", binder_repo):
        raise ValueError(f"binder_repo should be OWNER/REPO on GitHub, like ada/nnlessons; "
                         f"got '{binder_repo}'.")
    import io
    try:
        import myst_nb  # noqa: F401
        import sphinx_book_theme  # noqa: F401
        from sphinx.application import Sphinx
    except ModuleNotFoundError as err:
        raise SiteBuildFailed(f"Building the website needs {err.name}, which is not installed: "
                              "run `pip install -e '.[docs]'` in the repository.") from None
    out_dir = Path(out_dir).resolve()
    with tempfile.TemporaryDirectory(prefix="nnlessons-site-") as tmp:
        src = Path(source_dir).resolve() if source_dir else Path(tmp) / "src"
        if src.exists():
            shutil.rmtree(src)
        write_source(src, notebooks, binder_repo)
        status, warnings = io.StringIO(), io.StringIO()
        # Sphinx builds into the temporary folder: MyST-NB writes the outputs' files (9.7 MB of
        # images) into jupyter_execute/ beside its output folder, which must not be beside --out
        html = Path(tmp) / "html"
        try:
            app = Sphinx(str(src), None, str(html), str(Path(tmp) / "doctrees"), "html",
                         confoverrides=sphinx_config(src), status=status if quiet else None,
                         warning=warnings, freshenv=True)
            app.build(force_all=True)
        except Exception as err:
            raise SiteBuildFailed(f"Sphinx could not build the site ({type(err).__name__}: {err}).\n"
                                  f"{warnings.getvalue()[-3000:]}") from err
        if app.statuscode:
            raise SiteBuildFailed(f"Sphinx reported errors:\n{warnings.getvalue()[-3000:]}")
        shutil.copytree(html, out_dir, dirs_exist_ok=True)
    return out_dir / "index.html"


# --- the Sphinx extension: KaTeX math, alt text, figures linked to themselves --------------------------------------------------
def _visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math nnl-tex"))
    self.body.append(self.encode(node.astext()) + "</span>")
    from docutils import nodes
    raise nodes.SkipNode


def _visit_displaymath(self, node):
    from docutils import nodes
    from sphinx.util.math import get_node_equation_number
    self.body.append(self.starttag(node, "div", CLASS="math"))
    if node.get("number"):
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})</span>')
    tex = node.astext()
    if not node.get("nowrap") and "\\\\" in tex and "\\begin" not in tex:
        tex = "\\begin{aligned}" + tex + "\\end{aligned}"
    self.body.append(f'<div class="nnl-tex nnl-display">{self.encode(tex)}</div></div>\n')
    raise nodes.SkipNode


def _add_alt_text(app, doctree):
    """Give each figure the alt text its notebook output carried (MyST-NB reads only the cell's
    ``mystnb.image.alt``); the file name is matched by the image's SHA-256."""
    from docutils import nodes
    path = Path(app.srcdir) / ALT_FILE
    alts = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for image in doctree.findall(nodes.image):
        alt = alts.get(Path(image.get("uri", "")).stem)
        if alt:
            image["alt"] = alt


def _link_figures_to_themselves(app, doctree, docname):
    """Wrap each figure in a link to its own file, so a learner on a phone can open a two-panel
    figure at full size (and zoom) instead of squinting at it squeezed to the screen's width."""
    import posixpath

    from docutils import nodes
    from sphinx.util.osutil import relative_uri
    if app.builder.format != "html":
        return
    images = relative_uri(app.builder.get_target_uri(docname), app.builder.imagedir)
    for image in list(doctree.findall(nodes.image)):
        uri = image.get("uri", "")
        if isinstance(image.parent, nodes.reference) or uri not in app.env.images:
            continue
        link = nodes.reference("", "", internal=True, classes=["nnlessons-figure-link"],
                               refuri=posixpath.join(images, app.env.images[uri][1]))
        image.replace_self(link)
        link.append(image)


def setup(app):
    """Sphinx extension entry point (loaded by ``build_site``)."""
    app.add_html_math_renderer("nnlessons_katex", (_visit_math, None), (_visit_displaymath, None))
    app.connect("doctree-read", _add_alt_text)
    app.connect("doctree-resolved", _link_figures_to_themselves)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
