"""The lessons made static for the website: the learner edition with widget views replaced by a
note, quizzes rendered from their JSON, ``# NBVAL_`` lines gone, prints merged into one block, the
"Run this lesson" box after the title, and each figure's alt text collected for the extension."""
import hashlib
import re
import shutil
from base64 import b64decode
from pathlib import Path

from ..lessons import lesson_files
from ..quiz import lesson_quiz
from .pages import run_box

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")
ALT_FILE = "_nnlessons_alt.json"  # {sha256 of an image output: its alt text from output metadata}
QUIZ_CALL = re.compile(r"""lesson_quiz\(\s*["']?(\d+)""")
WIDGET_NOTE = ("<p class='nnlessons-widget-note'>An interactive figure runs here in JupyterLab "
               "(see <em>Run this lesson</em> above); the figure after it shows the same thing.</p>")


def write_lessons(dest, source_dir=None):
    """Write the learner edition of every lesson into ``dest``; return the notebook paths.

    Uses ``nnlessons.course.editions.write_learner_edition`` (exercise solutions replaced by stubs)
    when the package has it, else copies the lessons as they are."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    try:
        from ..editions import write_learner_edition
    except ModuleNotFoundError as err:
        if err.name != "nnlessons.course.editions":
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


def image_bytes(data, mime):
    """The bytes of an image output (base64 decoded; SVG as UTF-8 text)."""
    value = data[mime]
    value = "".join(value) if isinstance(value, list) else value
    return value.encode("utf-8") if mime == "image/svg+xml" else b64decode(value)


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
    first cell, consecutive stream outputs are merged into one, and alt texts found in image
    output metadata are added to ``alts`` ({sha256: alt})."""
    alts = {} if alts is None else alts
    nb.get("metadata", {}).pop("widgets", None)
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cell["source"] = "\n".join(line for line in source.splitlines()
                                   if not line.lstrip().startswith("# NBVAL_"))
        quiz = QUIZ_CALL.search(source)
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
                    alts[hashlib.sha256(image_bytes(data, mime)).hexdigest()] = str(alt)
    box = {"cell_type": "markdown", "id": "nnlessons-run-this-lesson", "metadata": {},
           "source": run_box(name, binder_repo)}
    nb["cells"].insert(1 if nb["cells"] else 0, box)
    return nb
