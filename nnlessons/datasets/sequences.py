"""Sequence data: a real word list for character-level language models, and digit-string tasks
whose algorithm is known, so what attention learns can be checked against it.

The surnames are the US Census Bureau's 1990 list of 88,799 surnames (public domain), in the
form the MIT-licensed ``names`` package (0.3.0, Trey Hunner) ships as ``dist.all.last``: one name
per line, lower-cased, in the census order (most frequent first).
"""
from pathlib import Path

import numpy as np

from .._validation import check_positive_int, check_rng
from .mnist import DataFileError

SURNAMES = Path(__file__).parent / "data" / "surnames" / "surnames.txt.gz"
SURNAMES_SHA256 = "4ec7babc98a4ed0347b97fe26d7df34520c577c4e587abf8924e8ddd6939a01d"  # uncompressed
SURNAMES_COUNT = 88_799


def load_surnames(path=None, verify=True):
    """The 88,799 census surnames as a list of lower-case strings (a-z only, 2 to 13 letters),
    most frequent first, after checking the file's SHA-256 checksum."""
    import gzip  # here, not at the top: `import nnlessons` stays light
    import hashlib
    path = Path(path or SURNAMES)
    fix = "Reinstall nnlessons (pip install -e .) to restore the shipped file."
    if not path.is_file():
        raise DataFileError(f"surname file missing: expected {path}. {fix}")
    raw = gzip.decompress(path.read_bytes())
    if verify and hashlib.sha256(raw).hexdigest() != SURNAMES_SHA256:
        raise DataFileError(f"surname file {path} has the wrong SHA-256 checksum (expected "
                            f"{SURNAMES_SHA256[:12]}...): its contents are corrupt. {fix}")
    names = raw.decode("ascii").split()
    if verify and len(names) != SURNAMES_COUNT:
        raise DataFileError(f"surname file {path} holds {len(names)} names, expected "
                            f"{SURNAMES_COUNT}. {fix}")
    return names


TASKS = {"reverse": lambda d: d[:, ::-1], "sort": lambda d: np.sort(d, axis=1)}


def make_digit_task(n, length=6, task="reverse", rng=0):
    """Digit strings and their answer, for a model that reads "digits | answer" left to right.

    Returns (X, Y, info): X (n, 2 * length) ids, the digits 0-9 then the answer; Y (n, 2 * length)
    the next id at every position (X shifted left by one, the last position repeating), and
    ``info`` with "separator" the first answer position. Only positions from ``length - 1`` on
    (predicting the answer) carry information; ``info["mask"]`` (2 * length,) marks them.
    ``task``: "reverse" (answer position i copies digit length - 1 - i) or "sort".
    """
    n, length = check_positive_int(n, "n"), check_positive_int(length, "length")
    if task not in TASKS:
        raise ValueError(f"task must be one of {', '.join(TASKS)}, got {task!r}.")
    digits = check_rng(rng).integers(0, 10, size=(n, length))
    X = np.concatenate([digits, TASKS[task](digits)], axis=1)
    Y = np.concatenate([X[:, 1:], X[:, -1:]], axis=1)
    mask = np.zeros(2 * length, dtype=bool)
    mask[length - 1:2 * length - 1] = True
    return X, Y, {"separator": length, "mask": mask, "task": task}
