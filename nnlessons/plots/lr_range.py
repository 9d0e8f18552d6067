"""The learning-rate range test (``nl.lr_range_test``): loss against a growing rate, log x axis,
with the suggested range shaded."""
import numpy as np

from .alt_text import describe, num
from .style import GOOD_COLOR, GUIDE_COLOR, SMALL_FONTSIZE, TRAIN_COLOR, VAL_COLOR, figure_and_ax


def plot_lr_range(result, ax=None, figsize=(6, 3.5)):
    """Batch loss (thin) and its moving average (thick) against the learning rate on a log
    axis; the suggested range shaded, the steepest point and the minimum of the average marked.

    Parameters
    ----------
    result : LRRangeResult from ``nl.lr_range_test``.
    ax : optional Axes to draw into.
    """
    if not hasattr(result, "suggested"):
        raise TypeError(f"plot_lr_range takes the result of nl.lr_range_test(model, X, y), got "
                        f"{type(result).__name__}.")
    given = ax is not None
    fig, ax = figure_and_ax(ax, figsize)
    rates, losses, smoothed = result.rates, result.losses, result.smoothed
    low, high = result.suggested
    ax.axvspan(low, high, color=GOOD_COLOR, alpha=0.2, lw=0,
               label=f"suggested {low:.2g} to {high:.2g}")
    ax.plot(rates, losses, color=TRAIN_COLOR, lw=0.8, alpha=0.45, label="batch loss")
    ax.plot(rates, smoothed, color=TRAIN_COLOR, lw=2, label="moving average")
    best = int(np.argmin(smoothed))
    ax.plot(rates[best], smoothed[best], "v", color=VAL_COLOR, ms=7,
            label=f"lowest average, rate {result.minimum:.2g}")
    ax.axvline(result.steepest, color=GUIDE_COLOR, ls=":", lw=1.5,
               label=f"steepest fall, rate {result.steepest:.2g}")
    ax.set_xscale("log")
    # the blow-up at the end would squash the useful part: cap the axis above the start
    top = max(smoothed[0], np.percentile(losses, 90)) * 1.3
    ax.set_ylim(max(0.0, min(losses.min(), smoothed.min()) * 0.9), top)
    ax.set_xlabel("learning rate (log scale)")
    ax.set_ylabel("loss")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=SMALL_FONTSIZE, loc="best")
    return describe(fig, lr_range_description(result), append=given)


def lr_range_description(result):
    """The text alternative of ``plot_lr_range``, from the recorded numbers."""
    low, high = result.suggested
    ended = {"blow-up": "stopped when the average passed 4 times its minimum",
             "not finite": "stopped when the loss overflowed",
             None: "ran every step"}[result.stopped]
    return (f"Learning-rate range test over {len(result.rates)} steps, the rate growing from "
            f"{num(result.rates[0])} to {num(result.rates[-1])} on a log axis ({ended}). The "
            f"moving average of the loss starts at {num(result.smoothed[0])}, falls fastest near "
            f"rate {num(result.steepest)} and is lowest ({num(result.smoothed.min())}) at rate "
            f"{num(result.minimum)}; the shaded suggested range runs from {num(low)} to "
            f"{num(high)}.")
