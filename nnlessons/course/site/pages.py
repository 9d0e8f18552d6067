"""The site's own prose: the home page, "Run the lessons" and each lesson's "Run this lesson" box,
filled in from the Markdown templates in ``_templates/nnlessons_site/pages/`` (``$name`` fields)."""
from pathlib import Path
from string import Template

from ..commands.lab import LEARNER_DIR

SITE_TEMPLATES = Path(__file__).resolve().parents[1] / "_templates" / "nnlessons_site"
PAGES = SITE_TEMPLATES / "pages"
LOCAL_COMMAND = "pip install -e . && python -m nnlessons lab"
BINDER_PATTERN = "https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/learner/{name}"


def fill(template, **fields):
    """The text of ``pages/<template>`` with its ``$fields`` filled in (a missing one raises)."""
    return Template((PAGES / template).read_text(encoding="utf-8")).substitute(fields)


def run_box(name, binder_repo=None):
    """The "Run this lesson" admonition (MyST Markdown) for lesson file ``name``."""
    if binder_repo:
        url = BINDER_PATTERN.format(repo=binder_repo, name=name)
        online = f"In your browser, with nothing to install: [open this lesson on Binder]({url})."
    else:
        url = BINDER_PATTERN.format(repo="OWNER/REPO", name=name)
        online = (f"In your browser, with nothing to install: Binder, at `{url}` with OWNER/REPO "
                  "your GitHub copy of the course.")
    return fill("run_box.md", local_command=LOCAL_COMMAND, folder=LEARNER_DIR, name=name,
                online=online).rstrip("\n")


def index_page(found):
    """index.md: what the course is, the lesson map as a table, and the navigation tree.

    ``found``: [(number, title, path)] as ``lessons.lessons`` gives them."""
    rows = "\n".join(f"| {n} | [{title}](lessons/{p.name}) |" for n, title, p in found)
    tree = "\n".join(f"lessons/{p.stem}" for _, _, p in found)
    return fill("index.md", count=len(found), rows=rows, tree=tree)


def run_page(binder_repo=None):
    """run.md: how to run the lessons on your computer, on Binder, and as slides."""
    repo = binder_repo or "OWNER/REPO"
    hint = "" if binder_repo else " Replace OWNER/REPO with the GitHub copy of the course you use."
    return fill("run.md", local_command=LOCAL_COMMAND, hint=hint,
                pattern=BINDER_PATTERN.format(repo=repo, name="NN_topic.ipynb"),
                first=BINDER_PATTERN.format(repo=repo, name="00_welcome.ipynb"))
