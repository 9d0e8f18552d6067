"""Repeat a run over seeds, and say how far its result moves: one run is one draw.

    spread = nl.over_seeds(lambda seed: train_and_score(seed), seeds=5, name="adam")
    spread      # adam: 0.912 ± 0.011 (95% interval 0.901–0.923, 5 seeds; range 0.899–0.925)

The interval is a Student-t 95% confidence interval of the MEAN over seeds: had we repeated the
whole experiment with other seeds, intervals made this way would hold the long-run mean 95% of
the time. It is not where 95% of single runs land (that is wider), and it only knows the
randomness the seeds vary:

- it covers the variation from the initial weights and the batch order (and the data split, when
  the run draws its split from the seed);
- it leaves out the sampling error of a finite validation or test set (``binomial_interval`` gives
  that for an accuracy), and different data splits unless the run varies them.

Comparing two settings: when both were run with the same seeds (same seed -> same data split, same
initial weights for the layers they share), the runs are paired, and the comparison is the spread
of the per-seed differences:

    diff = adam.minus(sgd)                  # or nl.paired_difference(adam, sgd)
    diff        # adam − sgd: +0.012 ± 0.008 (95% interval of the mean paired difference ...
    diff.verdict()   # 'the interval excludes 0: a difference of this sign ... is supported at 95%'

Whether two separate intervals overlap is no test of a difference: intervals can overlap while the
paired difference is clearly positive, since what the seeds share cancels in the difference.
"""
import math

import numpy as np

# Student's t quantile t(0.975, df) for df = 1..30; past 30 the normal approximation with a
# Cornish-Fisher correction is within 0.001 of the tabled value.
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
         2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
         2.060, 2.056, 2.052, 2.048, 2.045, 2.042)
_Z975 = 1.959964  # the 97.5% quantile of the standard normal


def t_quantile_975(df):
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom (two-sided 95%)."""
    if df < 1:
        raise ValueError(f"t_quantile_975 needs df >= 1, got {df}.")
    if df <= len(_T975):
        return _T975[df - 1]
    z = _Z975
    return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)


def binomial_interval(k, n):
    """The Wilson score 95% interval for an accuracy of ``k`` correct out of ``n``: (low, high).

    This is the evaluation set's own sampling error, which an interval over seeds leaves out: the
    same model scored on another ``n`` examples from the same source would get another accuracy.
    With p = k / n and z = 1.96 (the 97.5% quantile of the normal),

        centre = (p + z²/(2n)) / (1 + z²/n)
        half   = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/(4n²))
        (low, high) = (centre − half, centre + half)

    Unlike p ± z·sqrt(p(1 − p)/n) it stays inside [0, 1] and keeps a width at k = n (or k = 0),
    where every seed may score the same and a t interval over seeds has zero width:
    ``binomial_interval(150, 150)`` is about (0.975, 1.0), ``binomial_interval(8, 10)`` about
    (0.490, 0.943). From an accuracy: ``binomial_interval(round(accuracy * n), n)``.
    """
    if isinstance(k, (float, np.floating)) and 0 < k < 1 and n > 1:
        raise ValueError(f"binomial_interval takes a count of correct answers, got k={k} (an "
                         f"accuracy?); pass round(accuracy * n), e.g. binomial_interval("
                         f"{round(k * n)}, {n}).")
    if k != int(k) or n != int(n):
        raise ValueError(f"binomial_interval needs whole numbers k (correct) and n (examples), "
                         f"got k={k}, n={n}.")
    k, n = int(k), int(n)
    if n < 1 or not 0 <= k <= n:
        raise ValueError(f"binomial_interval needs n >= 1 and 0 <= k <= n (k correct of n), "
                         f"got k={k}, n={n}.")
    p, z2 = k / n, _Z975 ** 2
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = _Z975 / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return float(low), float(high)


class Spread:
    """The results of one run repeated over seeds.

    Attributes: ``values`` (n,) one result per seed, ``seeds``, ``name``, ``mean``, ``std``
    (sample standard deviation), ``low`` and ``high`` (the Student-t 95% confidence interval of
    the mean over seeds; equal to the mean for a single seed), ``min`` and ``max``.

    The interval is about the mean, not single runs, and covers what the seeds vary (initial
    weights, batch order; the split only if the run draws it from the seed), not the sampling
    error of a finite validation or test set (see ``binomial_interval``).

    A Spread made by ``a.minus(b)`` holds per-seed differences: its ``labels`` are the names of
    the two sides (None for an ordinary Spread) and its repr says how many seeds favour each.
    """

    def __init__(self, values, seeds=None, name=""):
        self.values = np.asarray(values, dtype=float)
        if self.values.ndim != 1 or len(self.values) == 0:
            raise ValueError(f"Spread needs one number per seed, got shape {self.values.shape}.")
        self.seeds = list(seeds) if seeds is not None else list(range(len(self.values)))
        if len(self.seeds) != len(self.values):
            raise ValueError(f"Spread needs one seed per value, got {len(self.values)} values and "
                             f"seeds {self.seeds}.")
        self.name = name
        self.labels = None  # (a, b) when this Spread holds the paired differences a − b
        self.higher_is_better = True
        n = len(self.values)
        self.mean = float(self.values.mean())
        self.std = float(self.values.std(ddof=1)) if n > 1 else 0.0
        half = t_quantile_975(n - 1) * self.std / math.sqrt(n) if n > 1 else 0.0
        self.low, self.high = self.mean - half, self.mean + half
        self.min, self.max = float(self.values.min()), float(self.values.max())

    def __len__(self):
        return len(self.values)

    # --- paired comparison ---------------------------------------------------------------------
    def minus(self, other, name=None, labels=None, higher_is_better=True):
        """The Spread of the per-seed differences ``self.values - other.values``: a paired
        comparison of two runs made with the same seeds (same seed -> same data split, same
        initial weights for the layers they share), so what the seeds share cancels.

        Parameters
        ----------
        other : Spread with the same seeds in the same order.
        name : the difference's name; default "a − b" from ``labels``.
        labels : (a, b), the two sides in words; default the Spreads' names ("a", "b" when they
            are missing or equal).
        higher_is_better : True for accuracies, False for losses: which side a seed favours.

        Its repr: ``adam − sgd: +0.012 ± 0.008 (95% interval of the mean paired difference +0.004
        to +0.020, 5 seeds; range +0.001 to +0.025); adam better on 5 of 5 seeds, sgd better on 0``.
        ``verdict()`` says whether the interval excludes 0.
        """
        if not isinstance(other, Spread):
            raise TypeError(f"minus compares two Spreads, got {type(other).__name__}; make both "
                            f"with nl.over_seeds(run, seeds=...).")
        if labels is None:
            labels = (self.name or "a", other.name or "b")
            if labels[0] == labels[1]:
                labels = ("a", "b")
        labels = tuple(str(label) for label in labels)
        if len(labels) != 2:
            raise ValueError(f"labels names the two sides, e.g. ('adam', 'sgd'); got {labels}.")
        if list(self.seeds) != list(other.seeds):
            fix = ("the same seeds in another order: sort both, or run both with the same seeds list"
                   if sorted(self.seeds) == sorted(other.seeds) else
                   "run both with the same seeds, e.g. nl.over_seeds(run, seeds=5) for each")
            raise ValueError(f"a paired difference needs the same seeds in the same order, so each "
                             f"seed is compared with itself; {labels[0]} has seeds {list(self.seeds)}"
                             f", {labels[1]} has seeds {list(other.seeds)}. Fix: {fix}.")
        diff = Spread(self.values - other.values, self.seeds,
                      name=name if name is not None else f"{labels[0]} − {labels[1]}")
        diff.labels, diff.higher_is_better = labels, bool(higher_is_better)
        return diff

    def favours(self):
        """For a paired difference a − b: (seeds a is better on, seeds b is better on, ties)."""
        sign = 1 if self.higher_is_better else -1
        better = sign * self.values
        return int((better > 0).sum()), int((better < 0).sum()), int((better == 0).sum())

    def excludes_zero(self):
        """True when the 95% interval lies wholly above or below 0 (needs two seeds or more):
        a mean (difference) of this sign is supported at 95%."""
        return len(self) > 1 and (self.low > 0 or self.high < 0)

    def verdict(self, digits=3):
        """In words, what the 95% interval says about 0, e.g. for ``a.minus(b)``:
        'the 95% interval of the mean paired difference, +0.004 to +0.020, excludes 0: a
        difference of this sign (a better than b) is supported at 95%', or '..., includes 0:
        these 5 seeds cannot show which is better; it does not show they are equal'."""
        if len(self) == 1:
            return "one seed: no interval, so no conclusion either way; repeat over several seeds"
        what = "mean paired difference" if self.labels else "mean"
        head = (f"the 95% interval of the {what}, {self.low:+.{digits}f} to "
                f"{self.high:+.{digits}f}, ")
        if self.labels:
            a, b = self.labels if (self.mean > 0) == self.higher_is_better else self.labels[::-1]
            if self.excludes_zero():
                return head + f"excludes 0: a difference of this sign ({a} better than {b}) is supported at 95%"
            return head + (f"includes 0: these {len(self)} seeds cannot show which is better; it "
                           "does not show they are equal")
        if self.excludes_zero():
            sign = "positive" if self.mean > 0 else "negative"
            return head + f"excludes 0: a mean of this sign ({sign}) is supported at 95%"
        return head + (f"includes 0: these {len(self)} seeds cannot show its sign; it does not "
                       "show it is 0")

    # --- text --------------------------------------------------------------------------------
    def format(self, digits=3):
        """'0.912 ± 0.011 (95% interval 0.901–0.923, 5 seeds; range 0.899–0.925)': the mean, the
        half-width and bounds of the 95% interval of the mean, and the range of single seeds.
        A paired difference has signed numbers and says how many seeds favour each side."""
        if self.labels:
            return self._format_difference(digits)
        f = f"{{:.{digits}f}}"
        if len(self) == 1:
            return f"{f.format(self.mean)} (one seed: no spread measured)"
        return (f"{f.format(self.mean)} ± {f.format(self.high - self.mean)} (95% interval "
                f"{f.format(self.low)}–{f.format(self.high)}, {len(self)} seeds; range "
                f"{f.format(self.min)}–{f.format(self.max)})")

    def _format_difference(self, digits):
        s = f"{{:+.{digits}f}}"
        n, (wins_a, wins_b, ties) = len(self), self.favours()
        better = "better" if self.higher_is_better else "better (lower)"
        tally = (f"{self.labels[0]} {better} on {wins_a} of {n} seed{'s' if n != 1 else ''}, "
                 f"{self.labels[1]} better on {wins_b}" + (f", tied on {ties}" if ties else ""))
        if n == 1:
            return f"{s.format(self.mean)} (one seed: no spread measured); {tally}"
        return (f"{s.format(self.mean)} ± {self.high - self.mean:.{digits}f} (95% interval of the "
                f"mean paired difference {s.format(self.low)} to {s.format(self.high)}, {n} seeds; "
                f"range {s.format(self.min)} to {s.format(self.max)}); {tally}")

    def __repr__(self):
        return (self.name + ": " if self.name else "") + self.format()


def paired_difference(a, b, name=None, labels=None, higher_is_better=True):
    """``a.minus(b, ...)``: the Spread of per-seed differences a − b of two runs made with the same
    seeds (see ``Spread.minus``), e.g. ``nl.paired_difference(adam, sgd).verdict()``."""
    if not isinstance(a, Spread):
        raise TypeError(f"paired_difference compares two Spreads, got {type(a).__name__}; make "
                        f"both with nl.over_seeds(run, seeds=...).")
    return a.minus(b, name=name, labels=labels, higher_is_better=higher_is_better)


def over_seeds(run, seeds=5, name=""):
    """Call ``run(seed)`` for each seed and return the Spread of its results.

    Parameters
    ----------
    run : callable taking an int seed and returning a number (an accuracy, a loss) or a dict of
        numbers (then a dict of Spreads, one per key, is returned).
    seeds : int n (seeds 0..n-1) or an iterable of ints. Give two runs to compare the same seeds:
        then ``a.minus(b)`` compares them seed by seed.
    name : the Spread's name, shown in its repr and used by ``minus`` to name the sides.

    The Spread's interval is the 95% interval of the mean over these seeds: it covers what the
    seed varies inside ``run`` (initial weights, batch order, the split if ``run`` draws it from
    the seed), not the sampling error of the evaluation set (``binomial_interval``).
    """
    seeds = list(range(seeds)) if isinstance(seeds, (int, np.integer)) else list(seeds)
    if not seeds:
        raise ValueError("over_seeds needs at least one seed, e.g. seeds=5.")
    results = [run(int(s)) for s in seeds]
    if isinstance(results[0], dict):
        return {k: Spread([r[k] for r in results], seeds, name=k) for k in results[0]}
    return Spread(results, seeds, name=name)
