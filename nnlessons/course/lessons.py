"""The lesson map: the numbered instructor notebooks, where they are, and their titles.

In the repository they sit in ``notebooks/`` beside the package. A wheel carries a copy inside
the package, ``nnlessons/course/notebooks/``, put there when the wheel is built (``setup.py``'s
build step; an editable install has none and reads the checkout's). ``notebooks_dir()`` is the one
place that decides which. Standard library only.
"""
import json
import re
from pathlib import Path

LESSON_GLOB = "[0-9][0-9]_*.ipynb"

# The series' four parts, by the number of each part's first lesson (issue 20: one path).
PARTS = (("00", "Foundations"), ("08", "How training works"), ("12", "Architectures"),
         ("18", "Practice"))


def part_of(number):
    """The part a lesson belongs to: part_of("09") -> 'How training works'."""
    number = f"{int(number):02d}"
    return [name for first, name in PARTS if first <= number][-1]


class LessonsNotFound(FileNotFoundError):
    """The notebooks folder, or a lesson in it, is not where it should be."""


PACKAGED = Path(__file__).resolve().parent / "notebooks"      # inside an installed wheel
CHECKOUT = Path(__file__).resolve().parents[2] / "notebooks"  # beside the package in a clone


def notebooks_dir():
    """The instructor notebooks: the copy a wheel carries when there is one, else the checkout's
    ``notebooks/`` (which may not exist). The class distribution (``distribution.is_class()``) has
    none: the instructor notebooks stay with the lecturer."""
    from .distribution import is_class
    if is_class():
        return Path(__file__).resolve().parent / "no-instructor-notebooks-in-a-class"
    if PACKAGED.is_dir() and any(PACKAGED.glob(LESSON_GLOB)):
        return PACKAGED
    return CHECKOUT


def require_dir(folder):
    folder = Path(folder) if folder is not None else notebooks_dir()
    if not folder.is_dir():
        raise LessonsNotFound(
            f"No notebooks folder at {folder}. This copy of nnlessons carries no lessons: install "
            "the nnlessons wheel (it ships them), or clone the repository and install it from "
            "there with `pip install -e .`, or pass --notebooks DIR.")
    return folder


def lesson_files(folder=None):
    """The numbered lesson notebooks ``NN_topic.ipynb`` in ``folder``, in lesson order."""
    return sorted(require_dir(folder).glob(LESSON_GLOB))


def lesson_title(path):
    """The text of the notebook's first markdown heading (``# ...``), or its file stem."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Path(path).stem
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        for line in text.splitlines():
            match = re.match(r"\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", line)
            if match:
                return match.group(1)
    return Path(path).stem


def short_title(number, title):
    """The title without a leading copy of the lesson number: '05 · A first network' -> 'A first network'."""
    match = re.match(rf"\s*(?:lesson\s*)?0*{int(number)}\s*[·:.\-–—|]\s*(.+)", title, flags=re.I)
    return match.group(1) if match else title


def lessons(folder=None):
    """[(number, title, path)] for every lesson, e.g. ('05', 'A first network on MNIST', ...)."""
    return [(p.name[:2], short_title(p.name[:2], lesson_title(p)), p) for p in lesson_files(folder)]


def find_lesson(key, folder=None):
    """The notebook for ``key``: a lesson number ('5', '05'), a file name, or a path to a notebook."""
    candidate = Path(key)
    if candidate.suffix == ".ipynb" and candidate.is_file():
        return candidate
    files = lesson_files(folder)
    if str(key).isdigit():
        matches = [p for p in files if p.name[:2] == f"{int(key):02d}"]
    else:
        matches = [p for p in files if p.name == key or p.stem == key]
    if not matches:
        known = ", ".join(p.name[:2] for p in files) or "none"
        raise LessonsNotFound(f"No lesson '{key}' in {require_dir(folder)} (lessons there: {known}).")
    return matches[0]
