"""The builder: the Sphinx source folder (pages, static lessons, KaTeX, CSS) and the Sphinx run,
in a temporary folder, so nothing is written outside ``out_dir``."""
import json
import re
import shutil
import tempfile
from pathlib import Path

from ..lessons import lessons, notebooks_dir, require_dir
from ..slides import VENDOR_DIR
from .pages import SITE_TEMPLATES, index_page, run_page
from .static import ALT_FILE, make_static, write_lessons

EXTENSION = "nnlessons.course.site.sphinx_ext"
SITE_MARKER = ".nnlessons-site"  # written into every site folder built here


class SiteBuildFailed(RuntimeError):
    """Sphinx could not build the site: the message holds its warnings and errors."""


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
        "extensions": ["myst_nb", EXTENSION],
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
    out_dir : folder for the site, created, or replaced whole when it holds an earlier site (so
        no stale page survives); any other non-empty folder is refused. Nothing is written outside
        it: Sphinx and MyST-NB work in a temporary folder.
    notebooks : lesson folder (default: ``lessons.notebooks_dir()``).
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
    check_out_dir(out_dir)  # before the build, not after it
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
        replace_site(html, out_dir)
    return out_dir / "index.html"


def replace_site(html, out_dir):
    """Put the site just built in ``html`` at ``out_dir``. An earlier site there is removed first,
    so a renamed or deleted lesson leaves no stale page behind; a folder that holds anything else
    is left as it is (SiteBuildFailed says so), since removing it could delete a lecturer's files."""
    html, out_dir = Path(html), Path(out_dir)
    check_out_dir(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(html, out_dir)
    (out_dir / SITE_MARKER).write_text("Built by nnlessons: the next build replaces this whole "
                                       "folder.\n", encoding="utf-8")


def check_out_dir(out_dir):
    """Raise SiteBuildFailed when ``out_dir`` is a non-empty folder that is not an earlier site."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not is_site(out_dir):
        raise SiteBuildFailed(
            f"{out_dir} is not empty and holds no site built by nnlessons, so it is left as it "
            "is. Give an empty or new folder for the site (e.g. --out site), or delete that "
            "folder first.")


def is_site(folder):
    """True for a folder an nnlessons build wrote (its marker, or, from builds before the marker,
    the site's own stylesheet)."""
    folder = Path(folder)
    return (folder / SITE_MARKER).is_file() or (folder / "_static" / "nnlessons-site.css").is_file()
