"""nbgrader's regions in a notebook's cells, and the reference solution of an exercise.

Regions are marked the nbgrader way, inside code cells (``### BEGIN SOLUTION`` ...
``### END SOLUTION``, ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS``); a cell's nbgrader
metadata names its exercise (``grade_id``). Used by the editions, the class kit and
``exercises.solution``. Standard library only.
"""
import json
from pathlib import Path

from .lessons import notebooks_dir

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def cell_text(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def set_text(cell, text):
    """Set a cell's source, keeping its form (a string as nbformat reads it, or a list of lines as
    the .ipynb file stores it)."""
    cell["source"] = text if isinstance(cell.get("source"), str) else text.splitlines(keepends=True)


def replace_regions(text, begin, end, replacement):
    """``text`` with every ``begin`` ... ``end`` region (marker lines included) replaced by
    ``replacement(indent, lines inside)`` -> list of lines."""
    out, inside, indent, body = [], False, "", []
    for line in text.splitlines():
        if line.strip() == begin:
            inside, indent, body = True, line[:len(line) - len(line.lstrip())], []
        elif line.strip() == end and inside:
            out += replacement(indent, body)
            inside = False
        elif inside:
            body.append(line)
        else:
            out.append(line)
    if inside:
        raise ValueError(f"a {begin!r} region is never closed by {end!r}")
    return "\n".join(out)


def solution_lines(text):
    """The lines inside the solution regions of a cell's text."""
    found = []
    replace_regions(text, BEGIN_SOLUTION, END_SOLUTION, lambda indent, body: found.extend(body) or [])
    return found


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def reference_solution(lesson, name, source_dir=None):
    """The text of exercise ``name``'s solution cell in lesson ``lesson``'s instructor notebook,
    markers removed; or a sentence saying where solutions are when the notebooks are not here."""
    folder = Path(source_dir) if source_dir else notebooks_dir()
    paths = sorted(folder.glob(f"{lesson}_*.ipynb")) if folder.is_dir() else []
    if not paths:
        return ("The reference solutions are in the instructor notebooks, which are not on this "
                "machine: ask your lecturer, or clone the nnlessons repository.")
    nb = json.loads(paths[0].read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if nbgrader_meta(cell).get("grade_id") == name and nbgrader_meta(cell).get("solution"):
            text = cell_text(cell)
            return "\n".join(line for line in text.splitlines()
                             if line.strip() not in (BEGIN_SOLUTION, END_SOLUTION))
    return f"Lesson {lesson}'s instructor notebook has no solution cell for {name!r}."
