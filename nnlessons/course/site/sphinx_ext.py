"""The small Sphinx extension the site build loads: equations as KaTeX spans (typeset in the page
by the vendored KaTeX), figure alt text from the notebook outputs' metadata, and figures that link
to their own file (full size on a phone). Sphinx and docutils are imported only inside Sphinx."""
import json
from pathlib import Path

from .static import ALT_FILE


def visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math nnl-tex"))
    self.body.append(self.encode(node.astext()) + "</span>")
    from docutils import nodes
    raise nodes.SkipNode


def visit_displaymath(self, node):
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


def add_alt_text(app, doctree):
    """Give each figure the alt text its notebook output carried (MyST-NB reads only the cell's
    ``mystnb.image.alt``); the file name is matched by the image's SHA-256."""
    from docutils import nodes
    path = Path(app.srcdir) / ALT_FILE
    alts = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for image in doctree.findall(nodes.image):
        alt = alts.get(Path(image.get("uri", "")).stem)
        if alt:
            image["alt"] = alt


def link_figures_to_themselves(app, doctree, docname):
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
    """Sphinx extension entry point (named in ``build.sphinx_config``)."""
    app.add_html_math_renderer("nnlessons_katex", (visit_math, None), (visit_displaymath, None))
    app.connect("doctree-read", add_alt_text)
    app.connect("doctree-resolved", link_figures_to_themselves)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
