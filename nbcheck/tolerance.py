"""Compare a stored text output with a re-executed one, number by number (tolerant mode only).

Words and line breaks must match exactly (runs of spaces may differ: numpy pads printed arrays to
the widest number; numpy 2's ``np.float64(0.5)`` reads as numpy 1's ``0.5``). Numbers, by kind:

- integers (no decimal point, no exponent: shapes, counts, parameter numbers): exact;
- floats (a decimal point or an exponent): within ``max(RTOL * |stored|, UNITS * last printed
  digit)``, so 0.1342 against 0.1341 agrees and 0.1342 against 0.1398 does not; two floats both
  below TINY in size (a gradient check's 3.4e-11) are rounding noise and agree;
- with ``values="trained"`` (outputs computed after training, see plugin.py): within a band,
  since float32 training under another BLAS kernel or numpy version ends elsewhere (measured with
  OpenBLAS's Haswell kernel: a per-seed accuracy 0.556 became 0.614, a loss 2.6312 became 2.1372,
  a count of mistakes 272 became 264). An accuracy (a number in [0, 1] on a line that says
  "acc" or "correct", or a percentage) within ACCURACY_BAND absolute (8 points): one moved by 10
  points fails. Other floats within max(TRAINED_ATOL, TRAINED_RTOL * |stored|), integers within
  max(TRAINED_COUNT, TRAINED_RTOL * |stored|) (a trained 0.94 printed as 1 by a ``:.2g`` format
  is compared as a number, not by kind);
- with ``values=False`` (lines plugin.CHAOTIC names): only the kind is compared (an integer stays
  an integer, a float a float).
"""
import re

RTOL = 0.01     # floats: 1 % of the stored value ...
UNITS = 3       # ... or 3 units of its last printed digit, whichever is larger
TINY = 1e-6     # floats both smaller than this agree
# After training (values="trained"), set from the drift measured in README: about 1.4-2x the largest.
ACCURACY_BAND = 0.08   # accuracies: 8 points absolute (measured at most 5.8 points)
TRAINED_RTOL = 0.5     # other numbers: 50 % of the stored value (measured at most 33 %) ...
TRAINED_ATOL = 0.08    # ... or 0.08 absolute (a difference of accuracies, measured 0.058)
TRAINED_COUNT = 3      # ... integers: or 3 (a count 2 became 3)
ACCURACY_WORDS = re.compile(r"acc|correct", re.IGNORECASE)

NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d+|\d+)(?:[eE][-+]?\d+)?(?!\w)")
NUMPY_SCALAR = re.compile(r"np\.(?:float|int|uint|complex)\d*\(([^()]*)\)|np\.(True|False)_")
SPACES = re.compile(r"[ \t]+")


def _normalise(text):
    """numpy 2 scalar reprs as numpy 1 prints them."""
    return NUMPY_SCALAR.sub(lambda m: m.group(1) or m.group(2), text)


def _split(text):
    """The text around the numbers (spaces dropped) and the numbers, as two lists of strings."""
    numbers = NUMBER.findall(text)
    skeleton = [SPACES.sub("", part) for part in NUMBER.split(text)]
    return skeleton, numbers


def _is_float(token):
    return any(c in token for c in ".eE")


def _last_digit(token):
    """The value of one unit of the last printed digit of a float token: 0.1342 -> 1e-4."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def _trained_band(stored, line):
    """How far a number computed after training may move, and the name of the band."""
    a = float(stored)
    percent = re.search(rf"(?<![\w.]){re.escape(stored)}\s*%", line) is not None
    if percent or (0 <= a <= 1 and _is_float(stored) and ACCURACY_WORDS.search(line)):
        return ACCURACY_BAND * (100 if percent else 1), "an accuracy after training"
    if not _is_float(stored):
        return max(TRAINED_COUNT, TRAINED_RTOL * abs(a)), "a count after training"
    return max(TRAINED_ATOL, TRAINED_RTOL * abs(a)), "a number after training"


def number_disagreement(stored, got, values=True, line=""):
    """Why two number tokens disagree beyond their kind's tolerance, or None if they agree.

    ``values``: True (before training), "trained" (a band, see the module docstring; ``line``,
    the stored line, tells an accuracy) or False (the kind only).
    """
    a, b = float(stored), float(got)
    if values == "trained":  # a trained 0.94 may print as 1 (a format such as :.2g)
        allowed, band = _trained_band(stored, line)
        if abs(a - b) <= max(allowed, UNITS * _last_digit(stored)) or max(abs(a), abs(b)) < TINY:
            return None
        return (f"number {stored} became {got}: off by {abs(a - b):.3g}, outside the band "
                f"{allowed:.3g} of {band}")
    if _is_float(stored) != _is_float(got):
        return f"number {stored} became {got}: an integer and a float"
    if not values:
        return None
    if not _is_float(stored):
        return None if stored.lstrip("+") == got.lstrip("+") else \
            f"integer {stored} became {got} (integers are compared exactly)"
    allowed = max(RTOL * abs(a), UNITS * _last_digit(stored))
    if abs(a - b) <= allowed or max(abs(a), abs(b)) < TINY:
        return None
    return (f"number {stored} became {got}: off by {abs(a - b):.3g}, more than the tolerance "
            f"{allowed:.3g} (max of {RTOL:.0%} and {UNITS} units of the last printed digit)")


def disagreement(stored, got, values=True, chaotic=lambda line: None):
    """Why a re-executed text differs from the stored one beyond tolerance, or None.

    Parameters
    ----------
    stored, got : str
        The stored and the re-executed text (already sanitised).
    values : bool or "trained"
        Compare the numbers' values (True), within the after-training bands ("trained") or only
        their kinds (False).
    chaotic : callable
        ``chaotic(stored_line)`` returns a regex the new line must match instead of being
        compared (a chaotic line, see chaotic.py), or None.

    Returns
    -------
    str or None
        The first disagreement, naming the line; None when the texts agree within tolerance.
    """
    if stored == got:
        return None
    stored_lines, got_lines = _normalise(stored).split("\n"), _normalise(got).split("\n")
    if len(stored_lines) != len(got_lines):
        return f"{len(stored_lines)} lines stored, {len(got_lines)} printed now"
    for number, (s_line, g_line) in enumerate(zip(stored_lines, got_lines), 1):
        pattern = chaotic(s_line) if values == "trained" else None
        if pattern is not None:
            if re.search(pattern, g_line.strip()):
                continue
            return f"line {number}: no longer a line like {pattern!r}: {s_line!r} vs {g_line!r}"
        (s_text, s_nums), (g_text, g_nums) = _split(s_line), _split(g_line)
        if s_text != g_text or len(s_nums) != len(g_nums):
            return f"line {number}: the words differ, not only the numbers: {s_line!r} vs {g_line!r}"
        for s_num, g_num in zip(s_nums, g_nums):
            why = number_disagreement(s_num, g_num, values, s_line)
            if why:
                return f"line {number}: {why}: {s_line.strip()!r}"
    return None
