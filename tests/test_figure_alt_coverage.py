"""Every figure stored in a lesson has a text alternative, in each place a reader meets it.

For each image output of notebooks/NN_*.ipynb:
- its output metadata carries ``image/png.alt`` (nbconvert's HTML writes it as <img alt>);
- the output right after it is the readable description (a <details> a screen reader in JupyterLab
  reaches, since JupyterLab's image renderer ignores output metadata);
- its cell's metadata carries ``mystnb.image.alt`` (the course website's <img alt>).
Give a figure its text with ``plots.describe(fig, "...")`` (the package's plot functions do it),
then re-execute the lesson with scripts/run_notebooks.py, which copies the alt into the cell.
"""
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from alt_text import missing_alt  # noqa: E402

LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_figure_has_a_text_alternative(path):
    problems = missing_alt(nbformat.read(path, as_version=4))
    assert problems == [], "\n".join(f"cell {c}, output {o}: {what}" for c, o, what in problems)
