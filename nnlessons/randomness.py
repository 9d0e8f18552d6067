"""Randomness is explicit: anything random takes ``rng``, and this one helper resolves it.

    rng = check_rng(0)          # the same Generator draws every time: reproducible
    rng = check_rng(None)       # fresh entropy: a different run each time
    rng = check_rng(generator)  # passed through, so one Generator can feed several steps

Never ``np.random.seed`` or the global ``np.random.*`` functions: a Generator passed along says
where each random number comes from.
"""
import numbers

import numpy as np


def check_rng(rng):
    """Resolve ``rng`` (None, an int or a ``numpy.random.Generator``) into a Generator."""
    if rng is None or isinstance(rng, (numbers.Integral, np.integer)):
        return np.random.default_rng(None if rng is None else int(rng))
    if isinstance(rng, np.random.Generator):
        return rng
    raise TypeError(
        f"rng must be None, an int seed or a numpy.random.Generator, got {type(rng).__name__}. "
        "Pass e.g. rng=0 for reproducible results.")
