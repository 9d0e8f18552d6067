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


class CharVocabulary:
    """Characters <-> integer ids for a character-level language model.

    Id 0 is the boundary "." that starts and ends every word (so one model learns how words begin
    and when they stop); the letters follow in sorted order: for the surnames, 27 ids.
    ``encode("anna") -> array([1, 14, 14, 1])``; ``decode([1, 14, 14, 1]) -> "anna"``.
    """

    def __init__(self, words, boundary="."):
        letters = sorted(set("".join(words)))
        if boundary in letters:
            raise ValueError(f"the boundary {boundary!r} occurs inside the words; choose another one.")
        self.boundary = boundary
        self.itos = [boundary] + letters
        self.stoi = {c: i for i, c in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def encode(self, text):
        """text (str) -> ids (len(text),) as int64; an unknown character is an error."""
        unknown = sorted(set(text) - set(self.stoi))
        if unknown:
            raise ValueError(f"characters {unknown} are not in the vocabulary "
                             f"({''.join(self.itos)!r}); lower-case the text or drop them.")
        return np.array([self.stoi[c] for c in text], dtype=np.int64)

    def decode(self, ids):
        """ids -> str (boundary ids included, as '.')."""
        return "".join(self.itos[int(i)] for i in np.ravel(ids))

    def windows(self, words, context):
        """Every next-character prediction of every word, from the ``context`` characters before it
        (Bengio et al. 2003; makemore). Returns X (N, context) ids, padded on the left with the
        boundary, and y (N,) the next id; each word of n letters gives n + 1 rows (its end too)."""
        context = check_positive_int(context, "context")
        rows, targets = [], []
        for word in words:
            ids = [0] * context + list(self.encode(word)) + [0]
            for i in range(len(word) + 1):
                rows.append(ids[i:i + context])
                targets.append(ids[i + context])
        return np.array(rows, dtype=np.int64), np.array(targets, dtype=np.int64)

    def sequences(self, words, length):
        """Each word as one sequence for a model that predicts every position at once: X (N, length)
        is "." + word, padded with "."; Y (N, length) the next id at each position (the word's
        letters, then its closing "."), and -1 after that: positions with nothing to predict,
        which ``SequenceCrossEntropy`` leaves out. Words longer than length - 1 are an error."""
        length = check_positive_int(length, "length")
        longest = max(map(len, words))
        if longest > length - 1:
            raise ValueError(f"a word of {longest} letters needs length >= {longest + 1} "
                             f"(the opening '.' and every letter), got length={length}.")
        X = np.zeros((len(words), length), dtype=np.int64)
        Y = np.full((len(words), length), -1, dtype=np.int64)
        for n, word in enumerate(words):
            ids = self.encode(word)
            X[n, 1:len(ids) + 1] = ids
            Y[n, :len(ids)] = ids
            Y[n, len(ids)] = 0
        return X, Y
