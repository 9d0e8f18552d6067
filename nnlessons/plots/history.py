"""Training curves: loss and accuracy per epoch, and each layer's gradient norm per epoch.

``plot_history`` draws a finished History; ``HistoryScene`` is the same figure redrawn epoch by
epoch by the live dashboard (``nnlessons.widgets.live_training``)."""
import matplotlib
import numpy as np

from ..history import History
from .alt_text import describe, num, trend
from .style import (SMALL_FONTSIZE, TRAIN_COLOR, TRAIN_STYLE, VAL_COLOR, VAL_STYLE, figure_and_ax,
                    integer_ticks, subplots)


METRICS = History.METRICS  # loss, accuracy, val_loss, val_accuracy


def _history_dict(history):
    if isinstance(history, dict):
        return {k: list(history.get(k, [])) for k in METRICS}
    return {k: list(getattr(history, k, [])) for k in METRICS}


def plot_history(history, axes=None, figsize=(9, 3.2)):
    """Loss and accuracy per epoch, training and validation (when recorded).

    Parameters
    ----------
    history : History (from ``fit``) or a dict with 'loss', 'accuracy', 'val_loss', 'val_accuracy'.
    axes : optional sequence of Axes, one per metric present (loss, then accuracy).
    """
    h = _history_dict(history)
    metrics = [m for m in ("loss", "accuracy") if h[m]]
    if not metrics:
        raise ValueError("plot_history needs at least one epoch of 'loss'; train with fit first.")
    given = axes is not None
    if axes is None:
        fig, axes = subplots(1, len(metrics), figsize=figsize, squeeze=False)
        axes = axes[0]
    fig = axes[0].figure
    for ax, metric in zip(axes, metrics):
        for key, label, color, style in ((metric, "train", TRAIN_COLOR, TRAIN_STYLE),
                                         ("val_" + metric, "validation", VAL_COLOR, VAL_STYLE)):
            values = h[key]
            if values:
                ax.plot(np.arange(1, len(values) + 1), values, label=label, color=color,
                        ls=style["ls"], marker=style["marker"] if len(values) < 20 else None,
                        markersize=3)
        ax.set_xlabel("epoch")
        integer_ticks(ax.xaxis)
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize=SMALL_FONTSIZE)
    return describe(fig, history_description(h), append=given)


def history_description(history):
    """'Training curves over 5 epochs: training loss falls from 0.3 to 0.06; ...' for a History
    or a dict of per-epoch lists."""
    h = _history_dict(history)
    parts = [trend(f"{name} {metric}", h[prefix + metric], metric == "accuracy")
             for metric in ("loss", "accuracy") for prefix, name in (("", "training"), ("val_", "validation"))
             if h[prefix + metric]]
    return f"Training curves per epoch (validation dashed): {'; '.join(parts)}."


def plot_gradient_norms(history, ax=None, figsize=(6, 3.5)):
    """Each trainable layer's mean gradient norm per epoch, on a log scale (vanishing gradients
    show as lines far below the others)."""
    norms = np.asarray(history.grad_norms, dtype=float)
    if norms.size == 0:
        raise ValueError("plot_gradient_norms needs a History with grad_norms: train with "
                         "fit(..., record_grad_norms=True) first.")
    given = ax is not None
    fig, ax = figure_and_ax(ax, figsize)
    names = list(getattr(history, "layer_names", [])) or [f"layer {i + 1}" for i in range(norms.shape[1])]
    colors = matplotlib.colormaps["viridis"](np.linspace(0, 0.9, norms.shape[1]))
    epochs = np.arange(1, len(norms) + 1)
    for i, name in enumerate(names):
        ax.plot(epochs, np.maximum(norms[:, i], 1e-30), label=name, color=colors[i],
                marker="o" if len(epochs) < 20 else None, markersize=3)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    integer_ticks(ax.xaxis)
    ax.set_ylabel("gradient norm")
    ax.grid(alpha=0.3, which="both")
    # beside the axes, never over the curves (the deepest layers' lines run along the top)
    ax.legend(fontsize=SMALL_FONTSIZE, ncol=2 if len(names) > 12 else 1, loc="upper left", bbox_to_anchor=(1.01, 1))
    last = norms[-1]
    low, high = int(np.nanargmin(last)), int(np.nanargmax(last))
    return describe(fig, f"Mean gradient norm of each of {len(names)} layers per epoch over "
                         f"{len(norms)} epochs, log scale, one line per layer (dark: input side, light: "
                         f"output side). In the last epoch the norms range from {num(last[low])} "
                         f"({names[low]}) to {num(last[high])} ({names[high]}).", append=given)




class HistoryScene:
    """Loss (left) and accuracy (right) per epoch, train and validation. The epoch axis runs to
    the number of epochs asked for when it is known (``update(logs, epochs=30)``), else it grows
    in jumps (10, 20, 40, ...); the loss axis grows when a value passes its top. So most epochs
    only redraw the four lines."""

    def __init__(self, fig):
        self.fig = fig
        self.ax_loss, self.ax_acc = fig.subplots(1, 2)
        self.lines = {}
        for ax, metric in ((self.ax_loss, "loss"), (self.ax_acc, "accuracy")):
            for prefix, label, color, style in (("", "train", TRAIN_COLOR, TRAIN_STYLE),
                                                ("val_", "validation", VAL_COLOR, VAL_STYLE)):
                self.lines[prefix + metric], = ax.plot([], [], color=color, label=label,
                                                       ls=style["ls"], marker=style["marker"],
                                                       markersize=3)
            ax.set_xlabel("epoch")
            ax.set_ylabel(metric)
            ax.grid(alpha=0.3)
            ax.legend(loc="best", fontsize=SMALL_FONTSIZE)
            integer_ticks(ax.xaxis)
            ax.set_xlim(0.5, 10.5)
        self.ax_loss.set_ylim(0, 1)
        self.ax_acc.set_ylim(0, 1.02)
        self.dynamic = list(self.lines.values())

    def update(self, logs=None, epochs=None):
        """Draw the per-epoch lists in ``logs``; ``epochs``: the number of epochs the run will
        take (None: unknown). Returns "layout" when an axis limit changed (new tick labels: a
        widget lays the figure out again so the axis labels stay inside it), else False."""
        logs = logs or {}
        for key, line in self.lines.items():
            values = logs.get(key, [])
            line.set_data(np.arange(1, len(values) + 1), values)
        n = max((len(logs.get(k, [])) for k in METRICS), default=0)
        if epochs:
            x_max = max(int(epochs), n)
        else:
            x_max = 10 * 2 ** max(0, int(np.ceil(np.log2(max(n, 1) / 10))))
        losses = [v for k in ("loss", "val_loss") for v in logs.get(k, []) if np.isfinite(v)]
        top = self.ax_loss.get_ylim()[1] if n else 1.0  # a new run starts from 0-1 again
        y_max = 1.15 * max(losses) if losses and max(losses) > top else top
        if (x_max + 0.5, y_max) == (self.ax_loss.get_xlim()[1], self.ax_loss.get_ylim()[1]):
            return False
        for ax in (self.ax_loss, self.ax_acc):
            ax.set_xlim(0.5, x_max + 0.5)
        self.ax_loss.set_ylim(0, y_max)
        return "layout"
