"""Results over seeds: one dot per seed, the mean, and its 95% interval as an error bar."""
import numpy as np

from .alt_text import describe, num
from .style import TRAIN_COLOR, WRONG_COLOR, figure_and_ax


def plot_spread(spreads, ax=None, ylabel="", title=None, figsize=(6, 3.4)):
    """Compare runs repeated over seeds: for each Spread (``nl.over_seeds``), a dot per seed and
    the mean with its 95% interval. Intervals that overlap cannot be told apart by these runs.

    Parameters
    ----------
    spreads : dict {label: Spread} (or a list of Spreads with names), in the order to draw them.
    """
    items = list(spreads.items()) if isinstance(spreads, dict) else [(s.name, s) for s in spreads]
    if not items:
        raise ValueError("plot_spread needs at least one Spread, e.g. {'plain': nl.over_seeds(...)}.")
    given = ax is not None
    fig, ax = figure_and_ax(ax, figsize)
    for i, (label, s) in enumerate(items):
        jitter = np.linspace(-0.12, 0.12, len(s)) if len(s) > 1 else np.zeros(1)
        ax.plot(i + jitter, s.values, "o", color=TRAIN_COLOR, alpha=0.45, ms=4,
                label="one seed" if i == 0 else None)
        ax.errorbar(i + 0.3, s.mean, yerr=[[s.mean - s.low], [s.high - s.mean]], fmt="D",
                    color=WRONG_COLOR, capsize=4, ms=5, label="mean, 95% interval" if i == 0 else None)
    ax.set_xticks(range(len(items)), [label for label, _ in items])
    ax.set_xlim(-0.5, len(items) - 0.3)
    ax.set_ylabel(ylabel)
    n = sorted({len(s) for _, s in items})
    ax.set_title(title or f"{'/'.join(map(str, n))} seeds per setting", fontsize=10)
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=8, loc="best")
    parts = [f"{label}: mean {num(s.mean)}, 95% interval {num(s.low)} to {num(s.high)}, {len(s)} seeds"
             for label, s in items]
    what = f" of {ylabel}" if ylabel else ""
    return describe(fig, f"Results{what} over seeds for {len(items)} settings, a dot per seed and "
                         f"a diamond for the mean with its 95% interval: {'; '.join(parts)}.",
                    append=given)
