"""Record what tolerant mode must absorb: every compared cell's stored and new outputs.

With $NNLESSONS_NBCHECK_LOG set to a file name, each compared cell appends one JSON line
(lesson, cell, whether values are compared, stored and new texts, sanitised) and its figures are
written beside the log as ``<log>.figures/<lesson>/cellNN-figK-{stored,new}.png``.
``python -m nbcheck.replay LOG`` reads them back and prints the drift per figure and number;
``python -m nbcheck.replay replay LOG locked|other`` lists what tolerant mode would fail.
"""
import base64
import json
import os
from pathlib import Path

ENV_VAR = "NNLESSONS_NBCHECK_LOG"


def _texts(outputs, sanitize):
    found = []
    for out in outputs:
        if out.get("output_type") == "stream":
            found.append([f"stream:{out.get('name')}", sanitize("".join(out.get("text", "")))])
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/"):
                found.append([mime, sanitize("".join(value) if isinstance(value, list) else value)])
    return found


def _pngs(outputs):
    return ["".join(out["data"]["image/png"]) for out in outputs if "image/png" in out.get("data", {})]


def record(item, test, ref, values_compared):
    """Append the cell's stored and new outputs to $NNLESSONS_NBCHECK_LOG (no-op when unset)."""
    log = os.environ.get(ENV_VAR)
    if not log:
        return
    lesson = Path(str(item.parent.fspath)).stem
    figures = Path(f"{log}.figures", lesson)
    names = []
    for which, outputs in (("stored", ref), ("new", test)):
        for k, data in enumerate(_pngs(outputs), 1):
            figures.mkdir(parents=True, exist_ok=True)
            name = f"cell{item.cell_num:02d}-fig{k}-{which}.png"
            (figures / name).write_bytes(base64.b64decode(data))
            names.append(name)
    line = {"lesson": lesson, "cell": item.cell_num, "values_compared": values_compared,
            "source": item.cell.source, "stored": _texts(ref, item.sanitize),
            "new": _texts(test, item.sanitize), "figures": names}
    with open(log, "a") as handle:
        handle.write(json.dumps(line) + "\n")

