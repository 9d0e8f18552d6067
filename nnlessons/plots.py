"""Plots for the lessons: each function takes data or a model and returns a matplotlib Figure.

How figures are shown: when you do not pass ``ax=`` (or ``axes=``), a function makes its figure
with ``plt.subplots`` at an explicit ``figsize``, draws, and returns the Figure. It never calls
``plt.show()``, never changes rcParams and keeps no reference to the figure. In a notebook, end
the cell with ``plt.show()`` (the house style), which displays and releases the figure; a bare
``plot_...(...)`` as the last line would show it twice with the inline backend. In scripts and
tests, ``plt.close(fig)`` when done. Widgets draw into their own ``matplotlib.figure.Figure``
instead, outside pyplot (see ``nnlessons.widgets``).

The decision boundary lives in nnlessons.boundary and the prediction trace in
nnlessons.trace_plot; both are importable from here too. Importing this module loads matplotlib;
``import nnlessons`` does not.
"""
import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from .activations import get_activation
from .boundary import (  # noqa: F401 - re-exported: every plot is reachable from here
    CLASS_COLORS,
    TRAIN_COLOR,
    VAL_COLOR,
    WRONG_COLOR,
    plot_decision_boundary,
)
from .trace_plot import _PASS_THROUGH, TraceScene, plot_prediction_trace  # noqa: F401


def _subplots(nrows=1, ncols=1, figsize=None, **kwargs):
    """plt.subplots with constrained layout, so labels never overlap or fall off the edge."""
    return plt.subplots(nrows, ncols, figsize=figsize, layout="constrained", **kwargs)


def _figure_and_ax(ax, figsize):
    if ax is None:
        return _subplots(figsize=figsize)
    return ax.figure, ax


def _integer_ticks(axis):
    from matplotlib.ticker import MaxNLocator
    axis.set_major_locator(MaxNLocator(integer=True))


# --- training curves ------------------------------------------------------------------------------
def _history_dict(history):
    keys = ("loss", "accuracy", "val_loss", "val_accuracy")
    if isinstance(history, dict):
        return {k: list(history.get(k, [])) for k in keys}
    return {k: list(getattr(history, k, [])) for k in keys}


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
        fig, axes = _subplots(1, len(metrics), figsize=figsize, squeeze=False)
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
        _integer_ticks(ax.xaxis)
        ax.set_ylabel(metric)
        ax.grid(alpha=0.3)
        ax.legend(loc="best", fontsize=8)
    return fig


def plot_gradient_norms(history, ax=None, figsize=(6, 3.5)):
    """Each trainable layer's mean gradient norm per epoch, on a log scale (vanishing gradients
    show as lines far below the others)."""
    norms = np.asarray(history.grad_norms, dtype=float)
    if norms.size == 0:
        raise ValueError("plot_gradient_norms needs a History with grad_norms; train with fit first.")
    fig, ax = _figure_and_ax(ax, figsize)
    names = list(getattr(history, "layer_names", [])) or [f"layer {i + 1}" for i in range(norms.shape[1])]
    colors = matplotlib.colormaps["viridis"](np.linspace(0, 0.9, norms.shape[1]))
    epochs = np.arange(1, len(norms) + 1)
    for i, name in enumerate(names):
        ax.plot(epochs, np.maximum(norms[:, i], 1e-30), label=name, color=colors[i],
                marker="o" if len(epochs) < 20 else None, markersize=3)
    ax.set_yscale("log")
    ax.set_xlabel("epoch")
    _integer_ticks(ax.xaxis)
    ax.set_ylabel("gradient norm")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=7, ncol=2 if len(names) > 6 else 1)
    return fig


# --- images -----------------------------------------------------------------------------------------
def plot_digits(images, labels=None, predictions=None, n_cols=10, max_images=40,
                image_shape=(28, 28), figsize=None):
    """A grid of images titled with their label (and prediction); mistakes framed in red.

    Parameters
    ----------
    images : (N, 28, 28) or (N, 784) array.
    labels, predictions : optional (N,) integer arrays.
    """
    images = np.asarray(images)[:max_images]
    n = len(images)
    if n == 0:
        raise ValueError("plot_digits needs at least one image.")
    cols = min(n, n_cols)
    rows = math.ceil(n / cols)
    fig, axes = _subplots(rows, cols, figsize=figsize or (0.95 * cols, 1.15 * rows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= n:
            ax.set_axis_off()
            continue
        ax.imshow(images[i].reshape(image_shape), cmap="gray_r")
        text, wrong = "", False
        if labels is not None:
            text = str(labels[i])
        if predictions is not None:
            wrong = labels is not None and predictions[i] != labels[i]
            text = f"{text} → {predictions[i]}" if labels is not None else str(predictions[i])
        ax.set_title(text, fontsize=9, color=WRONG_COLOR if wrong else "black", pad=2)
        if wrong:
            for spine in ax.spines.values():
                spine.set_color(WRONG_COLOR)
                spine.set_linewidth(2.5)
    return fig


def _first_weights(model_or_W):
    if isinstance(model_or_W, np.ndarray):
        return model_or_W
    for layer in model_or_W.layers:
        if "W" in layer.params:
            return layer.params["W"]
    raise ValueError("plot_first_layer_weights found no layer with weights 'W' in this model.")


def plot_first_layer_weights(model_or_W, n=16, image_shape=(28, 28), n_cols=8, figsize=None):
    """The first layer's weights, one image per neuron: what each neuron looks for in the input.

    ``model_or_W`` is a model or a weight matrix W (in_features, units) with
    in_features = prod(image_shape). Red pixels push the neuron up, blue push it down.
    """
    W = np.asarray(_first_weights(model_or_W))
    if W.ndim != 2 or W.shape[0] != int(np.prod(image_shape)):
        raise ValueError(f"plot_first_layer_weights expects W of shape ({int(np.prod(image_shape))}, "
                         f"units) for {image_shape} images, got {W.shape}.")
    n = min(n, W.shape[1])
    cols = min(n, n_cols)
    rows = math.ceil(n / cols)
    fig, axes = _subplots(rows, cols, figsize=figsize or (1.1 * cols, 1.2 * rows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < n:
            w = W[:, i].reshape(image_shape)
            lim = float(np.abs(w).max()) or 1.0
            ax.imshow(w, cmap="RdBu_r", vmin=-lim, vmax=lim)
            ax.set_title(f"neuron {i}", fontsize=8, pad=2)
    return fig


def plot_confusion_matrix(y_true, y_pred, n_classes=None, normalize=False, class_names=None,
                          ax=None, figsize=(5.2, 4.6)):
    """Counts of (true class, predicted class): the diagonal is right, the rest shows which
    classes get confused. ``normalize=True`` divides each row by its total (per-class recall)."""
    y_true, y_pred = np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape, got {y_true.shape} and "
                         f"{y_pred.shape}.")
    k = n_classes or int(max(y_true.max(), y_pred.max())) + 1
    cm = np.bincount(y_true * k + y_pred, minlength=k * k).reshape(k, k).astype(float)
    if normalize:
        cm /= np.maximum(cm.sum(axis=1, keepdims=True), 1)
    fig, ax = _figure_and_ax(ax, figsize)
    ax.imshow(cm, cmap="Blues")
    names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    if k <= 20:
        top = cm.max() or 1
        for i in range(k):
            for j in range(k):
                ax.text(j, i, f"{cm[i, j]:.2f}" if normalize else f"{int(cm[i, j])}", ha="center",
                        va="center", fontsize=7 if k > 10 else 9,
                        color="white" if cm[i, j] > 0.6 * top else "black")
    return fig


# --- activations ------------------------------------------------------------------------------------
def saturated_regions(z, dfdz, fraction=0.1):
    """Intervals (start, end) of z where f'(z) is below ``fraction`` of its peak: there the
    gradient nearly vanishes (saturation, or ReLU's flat side)."""
    flat = dfdz < fraction * np.max(dfdz)
    edges = np.flatnonzero(np.diff(np.r_[0, flat.astype(int), 0]))
    return [(z[a], z[b - 1]) for a, b in zip(edges[::2], edges[1::2])]


def plot_activation(activation="relu", z_range=(-6, 6), ax=None, figsize=(4.5, 3.2)):
    """An activation f(z) with its derivative f'(z); grey bands where f'(z) < 10% of its peak."""
    act = get_activation(activation)
    if act.name == "softmax":
        raise ValueError("plot_activation draws elementwise activations (relu, sigmoid, tanh, ...); "
                         "softmax mixes a whole row of logits, so it has no curve f(z).")
    fig, ax = _figure_and_ax(ax, figsize)
    z = np.linspace(*z_range, 401)
    d = act.derivative(z)
    for a, b in saturated_regions(z, d):
        ax.axvspan(a, b, color="0.85", zorder=0)
    ax.plot(z, act.forward(z), label=f"{act.name}(z)", color=TRAIN_COLOR, lw=2)
    ax.plot(z, d, label="derivative", color=VAL_COLOR, lw=1.5, ls="--")
    ax.axhline(0, color="0.5", lw=0.6)
    ax.set_xlabel("z")
    ax.set_title(act.name)
    ax.legend(fontsize=8, loc="upper left")
    return fig


def plot_activation_histograms(model, X, bins=40, figsize=None):
    """One histogram per layer of its outputs on X: dead ReLUs pile up at 0, saturated sigmoid
    and tanh units at the ends of their range."""
    outputs = model.forward(np.asarray(X), trace=True)
    shown = [(layer, out) for layer, out in zip(model.layers, outputs)
             if type(layer).__name__ not in _PASS_THROUGH]
    fig, axes = _subplots(1, len(shown), figsize=figsize or (2.6 * len(shown), 2.6), squeeze=False)
    for ax, (layer, out) in zip(axes[0], shown):
        values = np.asarray(out, dtype=float).ravel()
        ax.hist(values, bins=bins, color=TRAIN_COLOR)
        act = getattr(getattr(layer, "activation", None), "name", "")
        ax.set_title(f"{layer.name}\n{act}", fontsize=9)
        note = None
        if act in ("relu", "leaky_relu"):
            note = f"{np.mean(values <= 0):.0%} ≤ 0"
        elif act == "sigmoid":
            note = f"{np.mean((values < 0.02) | (values > 0.98)):.0%} saturated"
        elif act == "tanh":
            note = f"{np.mean(np.abs(values) > 0.98):.0%} saturated"
        if note:
            ax.text(0.97, 0.95, note, transform=ax.transAxes, ha="right", va="top", fontsize=8)
        ax.set_yticks([])
    return fig
