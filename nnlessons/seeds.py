"""Repeat a run over seeds, and say how far its result moves: one run is one draw.

    spread = nl.over_seeds(lambda seed: train_and_score(seed), seeds=5)
    spread            # 0.912 ± 0.011 (mean, 95% interval 0.901-0.923 over seeds 0-4; range ...)
    spread.overlaps(other)   # True when two intervals overlap: the data cannot tell them apart

A comparison that carries a conclusion rests on several seeds: the same network trained from other
initial weights and batch orders lands somewhere else, and a difference smaller than that spread is
not a difference the run can show.
"""
import math

import numpy as np

# Student's t quantile t(0.975, df) for df = 1..30; past 30 the normal approximation with a
# Cornish-Fisher correction is within 0.001 of the tabled value.
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
         2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def t_quantile_975(df):
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom (two-sided 95%)."""
    if df < 1:
        raise ValueError(f"t_quantile_975 needs df >= 1, got {df}.")
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959964
    return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)


class Spread:
    """The results of one run repeated over seeds.

    Attributes: ``values`` (n,) one result per seed, ``seeds``, ``mean``, ``std`` (sample standard
    deviation), ``low`` and ``high`` (the 95% confidence interval of the mean, Student's t; equal to
    the mean for a single seed), ``min`` and ``max``."""

    def __init__(self, values, seeds=None, name=""):
        self.values = np.asarray(values, dtype=float)
        if self.values.ndim != 1 or len(self.values) == 0:
            raise ValueError(f"Spread needs one number per seed, got shape {self.values.shape}.")
        self.seeds = list(seeds) if seeds is not None else list(range(len(self.values)))
        self.name = name
        n = len(self.values)
        self.mean = float(self.values.mean())
        self.std = float(self.values.std(ddof=1)) if n > 1 else 0.0
        half = t_quantile_975(n - 1) * self.std / math.sqrt(n) if n > 1 else 0.0
        self.low, self.high = self.mean - half, self.mean + half
        self.min, self.max = float(self.values.min()), float(self.values.max())

    def __len__(self):
        return len(self.values)

    def overlaps(self, other):
        """True when the two 95% intervals overlap: these runs cannot tell the two apart."""
        return self.low <= other.high and other.low <= self.high

    def format(self, digits=3):
        """'0.912 ± 0.011 (95% interval 0.901–0.923, 5 seeds; range 0.899–0.925)'."""
        f = f"{{:.{digits}f}}"
        if len(self) == 1:
            return f"{f.format(self.mean)} (one seed: no spread measured)"
        return (f"{f.format(self.mean)} ± {f.format(self.high - self.mean)} (95% interval "
                f"{f.format(self.low)}–{f.format(self.high)}, {len(self)} seeds; range "
                f"{f.format(self.min)}–{f.format(self.max)})")

    def __repr__(self):
        return (self.name + ": " if self.name else "") + self.format()


def over_seeds(run, seeds=5, name=""):
    """Call ``run(seed)`` for each seed and return the Spread of its results.

    Parameters
    ----------
    run : callable taking an int seed and returning a number (an accuracy, a loss) or a dict of
        numbers (then a dict of Spreads, one per key, is returned).
    seeds : int n (seeds 0..n-1) or an iterable of ints.
    """
    seeds = list(range(seeds)) if isinstance(seeds, (int, np.integer)) else list(seeds)
    if not seeds:
        raise ValueError("over_seeds needs at least one seed, e.g. seeds=5.")
    results = [run(int(s)) for s in seeds]
    if isinstance(results[0], dict):
        return {k: Spread([r[k] for r in results], seeds, name=k) for k in results[0]}
    return Spread(results, seeds, name=name)
