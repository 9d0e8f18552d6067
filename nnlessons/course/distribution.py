"""Which distribution of the package this is: the **self-study** one (the repository or the normal
wheel: visible cases, hints in two tiers, ``solution()`` after a real attempt) or the **class** one
that ``nnlessons editions`` writes into a kit for students (no stored hidden case, no solution, no
notebooks, hints capped by the lecturer).

The class copy carries ``course/distribution.json`` ({"distribution": "class", "hints": 1 or 2});
what makes it safe is what its files lack, not this setting. ``NNLESSONS_DISTRIBUTION=class`` can
only tighten a self-study install (no ``solution()``, no notebooks found), never loosen a class one.
Standard library only.
"""
import json
import os
from functools import lru_cache
from pathlib import Path

MARKER = Path(__file__).resolve().parent / "distribution.json"


@lru_cache(maxsize=None)
def _marker():
    try:
        return json.loads(MARKER.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_class():
    """True in the class distribution (or when NNLESSONS_DISTRIBUTION=class)."""
    return _marker().get("distribution") == "class" or \
        os.environ.get("NNLESSONS_DISTRIBUTION", "").strip().lower() == "class"


def hint_tiers():
    """How many hint tiers a failed check may show: 2, or 1 (the nudge only) when the lecturer
    turned them down."""
    tiers = _marker().get("hints", 2) if is_class() else 2
    return 1 if tiers == 1 else 2
