"""The course website: every lesson as a static web page, built offline from the stored outputs.

    python -m nnlessons site                 # -> site/index.html (open it, or serve the folder)
    python -m nnlessons site --out public --binder-repo OWNER/REPO

Sphinx + MyST-NB + sphinx-book-theme read the learner edition of the notebooks with execution off,
so the pages show exactly the outputs nbval checks. Equations are typeset by the KaTeX vendored in
``_vendor/katex`` and copied into the site: nothing loads from a CDN. Search is Sphinx's own.

=================  ================================================================================
module             what it holds
=================  ================================================================================
``static``         the lessons made static (widgets -> a note, quizzes as HTML, prints merged, alt
                   text collected, the "Run this lesson" box)
``pages``          the site's prose, from Markdown templates in ``_templates/nnlessons_site/pages``
``build``          the Sphinx source folder and the build (``build_site``), in a temporary folder
``sphinx_ext``     the Sphinx extension: KaTeX math, figure alt text, figures linked to their file
=================  ================================================================================

Templates and styles that fix the theme's accessibility faults sit in
``_templates/nnlessons_site``. Sphinx is imported only when a site is built.
"""
from .build import SiteBuildFailed, build_site, sphinx_config, write_source
from .pages import BINDER_PATTERN, LOCAL_COMMAND, index_page, run_box, run_page
from .static import image_alt, make_static, merge_streams, write_lessons

__all__ = ["BINDER_PATTERN", "LOCAL_COMMAND", "SiteBuildFailed", "build_site", "image_alt",
           "index_page", "make_static", "merge_streams", "run_box", "run_page", "sphinx_config",
           "write_lessons", "write_source"]
