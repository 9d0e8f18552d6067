"""Layer health over training steps (from ``nl.LayerHealth``): output spread, dead and saturated
units, gradient norms and the update-to-weight ratio per layer; the scene behind
``widgets.health_dashboard``: each layer's output histogram at one step, and the ratio so far."""
import numpy as np

from ..health import HIST_BINS
from .alt_text import describe, listing, num
from .style import (GUIDE_COLOR, SERIES_COLORS, SERIES_STYLES, SMALL_FONTSIZE, integer_ticks,
                    pyplot_figure, subplots)

RATIO_GUIDE = 1e-3  # Karpathy's rule of thumb for ||update|| / ||W|| per step
TINY = 1e-12  # a zero on a log axis is drawn here (a dead layer's gradient, a frozen layer)


def health_records(history):
    """(steps (n,), {layer: record}) from a History filled by ``nl.LayerHealth`` (or its
    ``health`` dict); a clear error when there is nothing to draw."""
    health = history if isinstance(history, dict) else getattr(history, "health", None)
    if not health or not health.get("step"):
        raise ValueError("no layer health was recorded: train with "
                         "fit(..., callbacks=[nl.LayerHealth()]) first, then pass its history.")
    layers = {k: v for k, v in health.items() if k != "step"}
    return np.asarray(health["step"]), layers


def _style(i):
    """Colour and line style of series i; past the 8 colours the style shifts by one, so no two of
    the first 64 series look alike (a 9-layer network's first and last layer did)."""
    n = len(SERIES_COLORS)
    return {"color": SERIES_COLORS[i % n], "ls": SERIES_STYLES[(i + i // n) % len(SERIES_STYLES)]}


def _series(rec, key):
    return np.asarray(rec[key], dtype=float)


def _tail_key(rec):
    """'dead' for a ReLU layer, 'saturated' for sigmoid/tanh, None otherwise."""
    return {"relu": "dead", "sigmoid": "saturated", "tanh": "saturated"}.get(rec["activation"])


def plot_health(history, axes=None, figsize=(10, 6)):
    """Per-layer lines over the recorded steps: output std, dead (ReLU) or saturated
    (sigmoid/tanh) share, gradient norm (log) and update-to-weight ratio (log, with the 1e-3
    guide line). One colour and line style per layer.

    Parameters
    ----------
    history : History filled by ``fit(..., callbacks=[nl.LayerHealth()])``, or its ``health``.
    axes : optional 4 Axes (std, dead/saturated, gradient norm, update ratio).
    """
    steps, layers = health_records(history)
    given = axes is not None
    if axes is None:
        fig, grid = subplots(2, 2, figsize=figsize, sharex=True)
        axes = grid.ravel()
    fig = axes[0].figure
    ax_std, ax_tail, ax_grad, ax_ratio = axes
    for i, (name, rec) in enumerate(layers.items()):
        style = _style(i)
        label = f"{name} ({rec['activation']})"
        ax_std.plot(steps, _series(rec, "std"), label=label, **style)
        tail = _tail_key(rec)
        if tail:
            ax_tail.plot(steps, _series(rec, tail), label=f"{name} {tail}", **style)
        ax_grad.plot(steps, np.maximum(_series(rec, "grad_norm"), TINY), label=label, **style)
        ax_ratio.plot(steps, np.maximum(_series(rec, "update_ratio"), TINY), label=label, **style)
    ax_std.set_ylabel("output std")
    ax_tail.set_ylabel("share of units")
    ax_tail.set_ylim(-0.03, 1.03)
    if ax_tail.lines:
        ax_tail.legend(fontsize=SMALL_FONTSIZE, loc="best")
    else:
        ax_tail.text(0.5, 0.5, "no ReLU, sigmoid or tanh layer", ha="center", va="center",
                     transform=ax_tail.transAxes, fontsize=SMALL_FONTSIZE)
    ax_tail.set_title("dead ReLU units / saturated sigmoid-tanh outputs", fontsize=9)
    ax_grad.set_yscale("log")
    ax_grad.set_ylabel("gradient norm (weights)")
    ax_ratio.axhline(RATIO_GUIDE, color=GUIDE_COLOR, ls=":", lw=1.5, label="1e-3 rule of thumb")
    ax_ratio.set_yscale("log")
    ax_ratio.set_ylabel("update / weight ratio")
    ax_std.legend(fontsize=SMALL_FONTSIZE, loc="best")
    ax_ratio.legend(fontsize=SMALL_FONTSIZE, loc="best")
    for ax in axes:
        ax.grid(alpha=0.3, which="major")
        integer_ticks(ax.xaxis)
    for ax in axes[2:]:
        ax.set_xlabel("step")
    return describe(fig, health_description(history), append=given)


def health_description(history):
    """The text alternative of ``plot_health``, from the recorded numbers."""
    steps, layers = health_records(history)
    parts = []
    for name, rec in layers.items():
        std, grad, ratio = (_series(rec, k) for k in ("std", "grad_norm", "update_ratio"))
        text = (f"{name} ({rec['activation']}): output std {num(std[0])} to {num(std[-1])}, "
                f"gradient norm {num(grad[0])} to {num(grad[-1])}, update ratio median "
                f"{num(np.nanmedian(ratio))}")
        tail = _tail_key(rec)
        if tail:
            share = _series(rec, tail)
            text += f", {tail} share {num(share[0])} to {num(share[-1])}"
        parts.append(text)
    return (f"Layer health over {len(steps)} recorded steps (steps {steps[0]} to {steps[-1]}) for "
            f"{len(layers)} layers, four panels: output std, dead or saturated share, gradient "
            f"norm (log) and update-to-weight ratio (log, dotted guide at 1e-3). "
            + "; ".join(parts) + ".")


class HealthScene:
    """Top: each layer's output histogram at one recorded step (share of outputs per bin over the
    fixed range of its activation). Bottom: every layer's update-to-weight ratio up to that step,
    on a log scale with the 1e-3 guide. ``update(step=...)`` takes a recorded step number."""

    def __init__(self, fig, history, max_layers=6):
        self.fig = fig
        self.steps, layers = health_records(history)
        self.layers = dict(list(layers.items())[:max_layers])
        n = len(self.layers)
        grid = fig.add_gridspec(2, n, height_ratios=(1.2, 1))
        self.bars, self.hist_axes, self.shares = {}, [], {}
        for i, (name, rec) in enumerate(self.layers.items()):
            ax = fig.add_subplot(grid[0, i])
            lo, hi = rec["hist_range"]
            counts = np.asarray(rec["hist"], dtype=float)
            shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
            self.shares[name] = shares
            edges = np.linspace(lo, hi, HIST_BINS + 1)
            self.bars[name] = ax.bar(edges[:-1], shares[0], width=np.diff(edges), align="edge",
                                     color=_style(i)["color"], edgecolor="white", lw=0.3)
            ax.set_xlim(lo, hi)
            ax.set_ylim(0, min(1.0, 1.1 * float(shares.max())) or 1.0)
            ax.set_title(f"{name} ({rec['activation']})", fontsize=9)
            ax.set_xlabel("output", fontsize=9)
            if i == 0:
                ax.set_ylabel("share of outputs", fontsize=9)
            self.hist_axes.append(ax)
        self.ax_ratio = fig.add_subplot(grid[1, :])
        self.lines = {}
        top, bottom = RATIO_GUIDE, RATIO_GUIDE
        for i, (name, rec) in enumerate(self.layers.items()):
            ratio = np.maximum(_series(rec, "update_ratio"), TINY)
            finite = ratio[np.isfinite(ratio)]
            if finite.size:
                top, bottom = max(top, finite.max()), min(bottom, finite.min())
            self.lines[name], = self.ax_ratio.plot([], [], label=name, **_style(i))
        self.ax_ratio.axhline(RATIO_GUIDE, color=GUIDE_COLOR, ls=":", lw=1.5, label="1e-3")
        self.ax_ratio.set_yscale("log")
        self.ax_ratio.set_ylim(bottom / 2, top * 2)
        self.ax_ratio.set_xlim(self.steps[0], max(self.steps[-1], self.steps[0] + 1))
        self.ax_ratio.set_xlabel("step")
        self.ax_ratio.set_ylabel("update / weight")
        self.ax_ratio.grid(alpha=0.3)
        integer_ticks(self.ax_ratio.xaxis)
        self.ax_ratio.legend(fontsize=SMALL_FONTSIZE, loc="upper left", bbox_to_anchor=(1.01, 1))
        self.marker = self.ax_ratio.axvline(self.steps[0], color="0.3", lw=1)
        self.title = fig.suptitle(" ", fontsize=10)
        self.index = 0
        self.dynamic = ([p for bars in self.bars.values() for p in bars] + list(self.lines.values())
                        + [self.marker, self.title])

    def index_of(self, step):
        """The position of the recorded step nearest to ``step``."""
        return int(np.argmin(np.abs(self.steps - step)))

    def update(self, step):
        self.index = i = self.index_of(step)
        for name, rec in self.layers.items():
            for patch, share in zip(self.bars[name], self.shares[name][i]):
                patch.set_height(share)
            ratio = np.maximum(_series(rec, "update_ratio")[:i + 1], TINY)
            self.lines[name].set_data(self.steps[:i + 1], ratio)
        self.marker.set_xdata([self.steps[i], self.steps[i]])
        self.title.set_text(f"step {self.steps[i]} of {self.steps[-1]}")
        return False

    def describe(self):
        """What the scene shows at its current step, in words."""
        i = self.index
        parts = []
        for name, rec in self.layers.items():
            lo, hi = rec["hist_range"]
            shares = self.shares[name][i]
            peak = int(np.argmax(shares))
            width = (hi - lo) / HIST_BINS
            ratio = _series(rec, "update_ratio")[i]
            parts.append(f"{name} ({rec['activation']}): {num(100 * shares[peak])}% of outputs "
                         f"between {num(lo + peak * width)} and {num(lo + (peak + 1) * width)}, "
                         f"update ratio {num(ratio)}")
        return (f"Layer health at step {self.steps[i]} of {self.steps[-1]}: one histogram of "
                f"outputs per layer ({listing(self.layers)}), and below, each layer's "
                f"update-to-weight ratio per step so far on a log scale with a dotted guide at "
                f"1e-3. " + "; ".join(parts) + ".")


def plot_health_dashboard(history, step=None, figsize=(10, 5.5)):
    """Static figure of ``widgets.health_dashboard(history)`` at recorded ``step`` (default: the
    last): each layer's output histogram at that step, and the update ratios up to it."""
    fig = pyplot_figure(figsize)
    scene = HealthScene(fig, history)
    scene.update(scene.steps[-1] if step is None else step)
    return describe(fig, scene.describe())
