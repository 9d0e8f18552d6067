"""Figures' text alternatives in stored notebooks: copy them where the website reads them, and
list the figures that have none.

A figure described with ``nnlessons.plots.describe(fig, text)`` leaves, when a cell shows it, an
``image/png`` output with ``metadata["image/png"]["alt"]`` and, right after it, a display output
with the same text (a collapsed <details> that a screen reader in JupyterLab reaches). The course
website (myst-nb) reads an image's alt from the *cell* metadata ``mystnb.image.alt`` only, so after
executing a notebook, copy it there:

    from alt_text import copy_alt_to_cells    # scripts/run_notebooks.py, after execute()
    copy_alt_to_cells(nb)

myst-nb gives every image of a cell the same alt, so a cell with several figures gets them all,
numbered ("Figure 1 of 2: ... Figure 2 of 2: ...").

    python scripts/alt_text.py notebooks/*.ipynb     # list figures without a text alternative
"""
import html
import sys

import nbformat

IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")


def _is_image(output):
    return any(t in output.get("data", {}) for t in IMAGE_TYPES)


def output_alt(output):
    """The alt text an image output carries in its metadata (None without one)."""
    metadata = output.get("metadata", {})
    for mime in IMAGE_TYPES:
        if mime in output.get("data", {}):
            alt = metadata.get(mime, {}).get("alt") or metadata.get("alt")
            return alt.strip() if isinstance(alt, str) and alt.strip() else None
    return None


def cell_alt(alts):
    """The cell-level alt for the image outputs' alts (None where an image has none)."""
    found = [(i, a) for i, a in enumerate(alts) if a]
    if len(alts) == 1 or len(found) <= 1:
        return found[0][1] if found else None
    return " ".join(f"Figure {i + 1} of {len(alts)}: {a}" for i, a in found)


def copy_alt_to_cells(nb):
    """Set ``cell.metadata.mystnb.image.alt`` of every code cell whose image outputs carry alt
    text (other ``mystnb`` settings are kept), and drop it from a cell that no longer shows a
    figure; returns ``nb``, changed in place."""
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        alts = [output_alt(o) for o in cell.get("outputs", []) if _is_image(o)]
        text = cell_alt(alts) if alts else None
        if text:
            mystnb = cell.metadata.setdefault("mystnb", {})
            mystnb.setdefault("image", {})["alt"] = text
        elif not alts and "alt" in cell.metadata.get("mystnb", {}).get("image", {}):
            del cell.metadata["mystnb"]["image"]["alt"]  # the figure is gone: so is its text
            if not cell.metadata["mystnb"]["image"]:
                del cell.metadata["mystnb"]["image"]
            if not cell.metadata["mystnb"]:
                del cell.metadata["mystnb"]
    return nb


def missing_alt(nb):
    """[(cell index, output index, what is missing)] for every image output without a text
    alternative in its output metadata, in the readable output after it, or in its cell's
    ``mystnb.image.alt``."""
    problems = []
    for c, cell in enumerate(nb.cells):
        outputs = cell.get("outputs", []) if cell.get("cell_type") == "code" else []
        cell_text = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
        for o, output in enumerate(outputs):
            if not _is_image(output):
                continue
            alt = output_alt(output)
            if alt is None:
                problems.append((c, o, "no alt in the output metadata (describe(fig, text))"))
                continue
            after = outputs[o + 1].get("data", {}) if o + 1 < len(outputs) else {}
            if alt not in _unescape(after.get("text/html", "")):
                problems.append((c, o, "no readable description output after the image"))
            if not cell_text or alt not in cell_text:
                problems.append((c, o, "no mystnb.image.alt in the cell metadata (copy_alt_to_cells)"))
    return problems


def _unescape(text):
    return html.unescape("".join(text) if isinstance(text, list) else text)


def main(paths):
    bad = 0
    for path in paths:
        for c, o, what in missing_alt(nbformat.read(path, as_version=4)):
            print(f"{path}: cell {c}, output {o}: {what}")
            bad += 1
    print(f"{bad} figure problem(s)" if bad else "every figure has a text alternative")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
