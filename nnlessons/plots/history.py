"""Training curves: loss and accuracy per epoch, and each layer's gradient norm per epoch.

``plot_history`` draws a finished History; ``HistoryScene`` is the same figure redrawn epoch by
epoch by the live dashboard (``nnlessons.widgets.live_training``)."""
import matplotlib
import numpy as np

from ..history import History
from .style import TRAIN_COLOR, VAL_COLOR, figure_and_ax, integer_ticks, subplots


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
    if axes is None:
        fig, axes = subplots(1, len(metrics), figsize=figsize, squeeze=False)
        axes = axes[0]
    fig = axes[0].figure
    for ax, metric in zip(axes, metrics):
        for key, label, color in ((metric, "train", TRAIN_COLOR),
                                  ("val_" + metric, "validation", VAL_COLOR)):
            values = h[key]
            if values:
                ax.plot(np.arange(1, len(values) + 1), values, label=label, color=color,
                        marker="o" if len(values) < 20 else None, markersize=3)
        ax.set_xlabel("epoch")
        integer_ticks(ax.xaxis)
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize=8)
    return fig


def plot_gradient_norms(history, ax=None, figsize=(6, 3.5)):
    """Each trainable layer's mean gradient norm per epoch, on a log scale (vanishing gradients
    show as lines far below the others)."""
    norms = np.asarray(history.grad_norms, dtype=float)
    if norms.size == 0:
        raise ValueError("plot_gradient_norms needs a History with grad_norms: train with "
                         "fit(..., record_grad_norms=True) first.")
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
    ax.legend(fontsize=7, ncol=2 if len(names) > 12 else 1, loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig




class HistoryScene:
    """Loss (left) and accuracy (right) per epoch, train and validation. Axis limits grow in
    jumps (epochs: 10, 20, 40, ...; loss: when a value passes the top), so most epochs only
    redraw the four lines."""

    def __init__(self, fig):
        self.fig = fig
        self.ax_loss, self.ax_acc = fig.subplots(1, 2)
        self.lines = {}
        for ax, metric in ((self.ax_loss, "loss"), (self.ax_acc, "accuracy")):
            for prefix, label, color in (("", "train", TRAIN_COLOR), ("val_", "validation", VAL_COLOR)):
                self.lines[prefix + metric], = ax.plot([], [], color=color, label=label, marker="o",
                                                       markersize=3)
            ax.set_xlabel("epoch")
            ax.set_ylabel(metric)
            ax.grid(alpha=0.3)
            ax.legend(loc="best", fontsize=8)
            integer_ticks(ax.xaxis)
            ax.set_xlim(0.5, 10.5)
        self.ax_loss.set_ylim(0, 1)
        self.ax_acc.set_ylim(0, 1.02)
        self.dynamic = list(self.lines.values())

    def update(self, logs=None):
        logs = logs or {}
        for key, line in self.lines.items():
            values = logs.get(key, [])
            line.set_data(np.arange(1, len(values) + 1), values)
        n = max((len(logs.get(k, [])) for k in METRICS), default=0)
        x_max = 10 * 2 ** max(0, int(np.ceil(np.log2(max(n, 1) / 10))))
        losses = [v for k in ("loss", "val_loss") for v in logs.get(k, []) if np.isfinite(v)]
        top = self.ax_loss.get_ylim()[1]
        y_max = 1.15 * max(losses) if losses and max(losses) > top else top
        if (x_max + 0.5, y_max) == (self.ax_loss.get_xlim()[1], top):
            return False
        for ax in (self.ax_loss, self.ax_acc):
            ax.set_xlim(0.5, x_max + 0.5)
        self.ax_loss.set_ylim(0, y_max)
        return True
