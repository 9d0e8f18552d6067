"""Results over seeds: one dot per seed, the mean, and its 95% interval as an error bar; and two
runs made with the same seeds, compared seed by seed (``plot_paired``)."""
import numpy as np

from .alt_text import describe, listing, num
from .style import GUIDE_COLOR, OKABE_ITO, TRAIN_COLOR, VAL_COLOR, WRONG_COLOR, figure_and_ax
from .style import subplots

ZERO_COLOR = OKABE_ITO["black"]  # the dashed line at 0 under a paired difference


def _signed(x):
    """A number read aloud with its sign: '+0.012', '-0.004', '0'."""
    return num(x) if x <= 0 else f"+{num(x)}"


def _draw_spreads(ax, items):
    """A dot per seed and the mean with its 95% interval, per (label, Spread); a dashed line at 0
    when one of them is a paired difference."""
    for i, (label, s) in enumerate(items):
        jitter = np.linspace(-0.12, 0.12, len(s)) if len(s) > 1 else np.zeros(1)
        ax.plot(i + jitter, s.values, "o", color=TRAIN_COLOR, alpha=0.45, ms=4,
                label="one seed" if i == 0 else None)
        ax.errorbar(i + 0.3, s.mean, yerr=[[s.mean - s.low], [s.high - s.mean]], fmt="D",
                    color=WRONG_COLOR, capsize=4, ms=5, label="mean, 95% interval" if i == 0 else None)
    if any(s.labels for _, s in items):
        ax.axhline(0, color=ZERO_COLOR, ls="--", lw=1, label="0: no difference")
    ax.set_xticks(range(len(items)), [label for label, _ in items])
    ax.set_xlim(-0.5, len(items) - 0.3)
    ax.grid(alpha=0.3, axis="y")


def _spread_text(label, s):
    if s.labels:
        return (f"{label}: mean paired difference {_signed(s.mean)}, 95% interval {_signed(s.low)} "
                f"to {_signed(s.high)}, {len(s)} seeds, which {'excludes' if s.excludes_zero() else 'includes'} 0")
    return f"{label}: mean {num(s.mean)}, 95% interval {num(s.low)} to {num(s.high)}, {len(s)} seeds"


def plot_spread(spreads, ax=None, ylabel="", title=None, figsize=(6, 3.4)):
    """Runs repeated over seeds: for each Spread (``nl.over_seeds``), a dot per seed and the mean
    with its 95% interval of the mean. A paired difference (``a.minus(b)``) draws the same way,
    over a dashed line at 0: its interval excluding 0 is what shows a difference. (Two separate
    intervals overlapping or not is no test of a difference: compare runs with ``plot_paired``.)

    Parameters
    ----------
    spreads : dict {label: Spread} (or a list of Spreads with names, or one Spread), in the order
        to draw them.
    """
    if hasattr(spreads, "values") and hasattr(spreads, "seeds"):  # one Spread
        spreads = [spreads]
    items = list(spreads.items()) if isinstance(spreads, dict) else [(s.name, s) for s in spreads]
    if not items:
        raise ValueError("plot_spread needs at least one Spread, e.g. {'plain': nl.over_seeds(...)}.")
    given = ax is not None
    fig, ax = figure_and_ax(ax, figsize)
    _draw_spreads(ax, items)
    ax.set_ylabel(ylabel)
    n = sorted({len(s) for _, s in items})
    ax.set_title(title or f"{'/'.join(map(str, n))} seeds per setting", fontsize=10)
    ax.legend(fontsize=8, loc="best")
    parts = [_spread_text(label, s) for label, s in items]
    what = f" of {ylabel}" if ylabel else ""
    return describe(fig, f"Results{what} over seeds for {len(items)} settings, a dot per seed and "
                         f"a diamond for the mean with its 95% interval: {'; '.join(parts)}.",
                    append=given)


def plot_paired(a, b, axes=None, ylabel="", title=None, labels=None, higher_is_better=True,
                figsize=(7.5, 3.4)):
    """Two runs made with the same seeds, compared seed by seed. Left: a line per seed from its
    result in ``a`` to its result in ``b`` (solid blue where a is better, dashed orange where b
    is). Right: the per-seed differences a − b (``a.minus(b)``), their mean with its 95% interval,
    and a dashed line at 0.

    Parameters
    ----------
    a, b : Spreads with the same seeds in the same order (``nl.over_seeds(run, seeds=5)`` each).
    axes : two Axes (left, right) to draw into; default a new figure at ``figsize``.
    labels, higher_is_better : as in ``Spread.minus`` (default labels: the Spreads' names).
    """
    diff = a.minus(b, labels=labels, higher_is_better=higher_is_better)
    la, lb = diff.labels
    given = axes is not None
    if given:
        left, right = axes
        fig = left.figure
    else:
        fig, (left, right) = subplots(1, 2, figsize=figsize, gridspec_kw={"width_ratios": [3, 2]})
    wins_a, wins_b, ties = diff.favours()
    sign = 1 if higher_is_better else -1
    styles = {1: (TRAIN_COLOR, "-", f"{la} better ({wins_a})"),
              -1: (VAL_COLOR, "--", f"{lb} better ({wins_b})"),
              0: (GUIDE_COLOR, ":", f"tied ({ties})")}
    labelled = set()
    for va, vb, d in zip(a.values, b.values, diff.values):
        key = int(np.sign(sign * d))
        color, ls, label = styles[key]
        left.plot([0, 1], [va, vb], ls=ls, marker="o", ms=4, color=color, alpha=0.8,
                  label=None if key in labelled else label)
        labelled.add(key)
    left.set_xticks([0, 1], [la, lb])
    left.set_xlim(-0.3, 1.3)
    left.set_ylabel(ylabel)
    left.set_title(f"a line per seed ({len(diff)} seeds)", fontsize=10)
    left.grid(alpha=0.3, axis="y")
    left.legend(fontsize=8, loc="best")
    _draw_spreads(right, [(diff.name, diff)])
    right.set_ylabel(f"difference in {ylabel}" if ylabel else "difference")
    right.set_title("a dot per seed's difference;\nthe mean, its 95% interval; 0 dashed", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=11)
    what = f" of {ylabel}" if ylabel else ""
    tally = f"{la} better on {wins_a} of {len(diff)} seeds, {lb} better on {wins_b}" + (
        f", tied on {ties}" if ties else "")
    text = (f"Paired results{what} over {len(diff)} seeds ({listing(diff.seeds)}). Left: a line per "
            f"seed from {la} (mean {num(a.mean)}) to {lb} (mean {num(b.mean)}); {tally}. Right: the "
            f"per-seed differences {diff.name}, a dot per seed and a diamond for the mean paired "
            f"difference {_signed(diff.mean)} with its 95% interval {_signed(diff.low)} to "
            f"{_signed(diff.high)}, which {'excludes' if diff.excludes_zero() else 'includes'} 0 "
            f"(the dashed line).")
    return describe(fig, text, append=given)
