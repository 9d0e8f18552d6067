"""Read a drift log back (nbcheck/drift.py records it): measure it, or judge it as tolerant mode would.

    python -m nbcheck.replay LOG                     one JSON line per differing number and figure
    python -m nbcheck.replay replay LOG locked|other what tolerant mode fails ("all pass" if nothing)

``locked|other``: whether the log was made with the locked matplotlib (appearance.LIMITS).
"""
import json
from pathlib import Path


def by_slot(texts):
    """[[kind, text], ...] as {(kind, k): text}, k counting within a kind, as nbval pairs them."""
    seen, slots = {}, {}
    for kind, text in texts:
        seen[kind] = seen.get(kind, -1) + 1
        slots[kind, seen[kind]] = text
    return slots


def _numbers(stored, new):
    """(stored token, new token, line) for every number pair of two texts whose words agree."""
    from nbcheck.tolerance import _normalise, _split
    s_lines, n_lines = _normalise(stored).split("\n"), _normalise(new).split("\n")
    if len(s_lines) != len(n_lines):
        return None
    pairs = []
    for s_line, n_line in zip(s_lines, n_lines):
        (s_text, s_nums), (n_text, n_nums) = _split(s_line), _split(n_line)
        if s_text != n_text or len(s_nums) != len(n_nums):
            return None
        pairs += [(s, n, s_line.strip()) for s, n in zip(s_nums, n_nums)]
    return pairs


def report(log):
    """Read a log back: one JSON line per figure and per differing number (to stdout)."""
    from nbcheck import appearance
    root = Path(f"{log}.figures")
    for line in Path(log).read_text().splitlines():
        cell = json.loads(line)
        where = {"lesson": cell["lesson"], "cell": cell["cell"], "trained": not cell["values_compared"]}
        stored, new = by_slot(cell["stored"]), by_slot(cell["new"])
        for (kind, i), text in stored.items():
            if (kind, i) not in new or new[(kind, i)] == text:
                continue
            pairs = _numbers(text, new[(kind, i)])
            if pairs is None:
                print(json.dumps({**where, "text": kind, "words_differ": True}))
                continue
            for s, n, context in pairs:
                if s != n:
                    print(json.dumps({**where, "text": kind, "stored": s, "new": n, "line": context[:160]}))
        for name in cell["figures"]:
            if name.endswith("-stored.png"):
                got = root / cell["lesson"] / name.replace("-stored", "-new")
                if got.exists():
                    found = appearance.measure((root / cell["lesson"] / name).read_bytes(), got.read_bytes())
                    print(json.dumps({**where, "figure": name[:-11], **found}))


def replay(log, drawing):
    """Judge a log as tolerant mode now would: each text and figure that fails, as a line.
    ``drawing``: "locked" or "other", the matplotlib the log was made with (appearance.LIMITS)."""
    from nbcheck import appearance, chaotic
    from nbcheck.plugin import judge_text
    root = Path(f"{log}.figures")
    failures = []
    for line in Path(log).read_text().splitlines():
        cell = json.loads(line)
        lesson, trained = cell["lesson"], not cell["values_compared"]
        new = by_slot(cell["new"])
        for (kind, j), text in by_slot(cell["stored"]).items():
            got = new.get((kind, j))
            why = got is not None and judge_text(lesson, cell["source"], text, got, trained)
            if why:
                failures.append(f"{lesson} cell {cell['cell']} {kind}: {why}")
        for name in cell["figures"]:
            got = root / lesson / name.replace("-stored", "-new")
            if name.endswith("-stored.png") and trained and got.exists() \
                    and not chaotic.figure_is_chaotic(lesson, cell["source"]):
                why = appearance.disagreement((root / lesson / name).read_bytes(), got.read_bytes(), drawing)
                if why:
                    failures.append(f"{lesson} cell {cell['cell']} {name[:11]}: {why}")
    return failures


if __name__ == "__main__":
    import sys
    if sys.argv[1] == "replay":
        print("\n".join(replay(sys.argv[2], sys.argv[3])) or "all pass")
    else:
        report(sys.argv[1])
