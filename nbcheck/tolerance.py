"""Compare a stored text output with a re-executed one, number by number (tolerant mode only).

Words and line breaks must match exactly (runs of spaces may differ: numpy pads printed arrays to
the widest number; numpy 2's ``np.float64(0.5)`` reads as numpy 1's ``0.5``). Numbers, by kind:

- integers (no decimal point, no exponent: shapes, counts, parameter numbers): exact;
- floats (a decimal point or an exponent): within ``max(RTOL * |stored|, UNITS * last printed
  digit)``, so 0.1342 against 0.1341 agrees and 0.1342 against 0.1398 does not; two floats both
  below TINY in size (a gradient check's 3.4e-11) are rounding noise and agree;
- with ``values=False`` (outputs computed after training, see plugin.py): only the kind is
  compared (an integer stays an integer, a float a float), since float32 training under another
  BLAS kernel or numpy version ends elsewhere: measured, an accuracy 0.951 became 0.937, a count
  of mistakes 272 became 264, a diverging run's loss 0.9999 became 0.5824.
"""
import re

RTOL = 0.01     # floats: 1 % of the stored value ...
UNITS = 3       # ... or 3 units of its last printed digit, whichever is larger
TINY = 1e-6     # floats both smaller than this agree

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


def number_disagreement(stored, got, values=True):
    """Why two number tokens disagree beyond their kind's tolerance, or None if they agree."""
    a, b = float(stored), float(got)
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


def disagreement(stored, got, values=True):
    """Why a re-executed text differs from the stored one beyond tolerance, or None.

    Parameters
    ----------
    stored, got : str
        The stored and the re-executed text (already sanitised).
    values : bool
        Compare the numbers' values (True) or only their kinds (False).

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
        (s_text, s_nums), (g_text, g_nums) = _split(s_line), _split(g_line)
        if s_text != g_text or len(s_nums) != len(g_nums):
            return f"line {number}: the words differ, not only the numbers: {s_line!r} vs {g_line!r}"
        for s_num, g_num in zip(s_nums, g_nums):
            why = number_disagreement(s_num, g_num, values)
            if why:
                return f"line {number}: {why}: {s_line.strip()!r}"
    return None
