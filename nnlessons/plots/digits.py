"""Images: a grid of digits with their labels and predictions, first-layer weights as pictures,
and the confusion matrix of a classifier."""
import math

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize

from .alt_text import describe, listing, num
from .style import SMALL_FONTSIZE, WRONG_COLOR, WRONG_TEXT, figure_and_ax, subplots


def plot_digits(images, labels=None, predictions=None, n_cols=10, max_images=40,
                image_shape=(28, 28), figsize=None):
    """A grid of images titled with their label (and prediction); mistakes framed in orange.

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
    fig, axes = subplots(rows, cols, figsize=figsize or (0.95 * cols, 1.15 * rows), squeeze=False)
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
        ax.set_title(text, fontsize=9, color=WRONG_TEXT if wrong else "black", pad=2)
        if wrong:
            for spine in ax.spines.values():
                spine.set_color(WRONG_COLOR)
                spine.set_linewidth(2.5)
    return describe(fig, _digits_description(n, image_shape, labels, predictions))


def _digits_description(n, image_shape, labels, predictions):
    text = f"A grid of {n} images of {image_shape[0]} × {image_shape[1]} pixels"
    if predictions is None:
        return text + (f", titled with their labels: {listing(labels[:n], 20)}." if labels is not None
                       else ".")
    if labels is None:
        return text + f", titled with their predicted classes: {listing(predictions[:n], 20)}."
    wrong = [i for i in range(n) if predictions[i] != labels[i]]
    text += f", each titled 'label → prediction'; {len(wrong)} of the {n} predictions are wrong"
    if wrong:
        text += (" (framed in orange): " + listing([f"{labels[i]} predicted as {predictions[i]}"
                                                 for i in wrong], 10))
    return text + "."


def _first_weights(model_or_W):
    if isinstance(model_or_W, np.ndarray):
        return model_or_W
    for layer in model_or_W.layers:
        if "W" in layer.params:
            return layer.params["W"]
    raise ValueError("plot_first_layer_weights found no layer with weights 'W' in this model.")


def plot_first_layer_weights(model_or_W, n=16, image_shape=(28, 28), n_cols=8, figsize=None,
                             label="weight / neuron's largest |weight|"):
    """The first layer's weights, one image per neuron: what each neuron looks for in the input.

    ``model_or_W`` is a model or a weight matrix W (in_features, units) with
    in_features = prod(image_shape). Red pixels push the neuron up, blue push it down.
    ``label`` names the colour bar (e.g. "change / neuron's largest |change|" for W - W_start).
    """
    W = np.asarray(_first_weights(model_or_W))
    if W.ndim != 2 or W.shape[0] != int(np.prod(image_shape)):
        raise ValueError(f"plot_first_layer_weights expects W of shape ({int(np.prod(image_shape))}, "
                         f"units) for {image_shape} images, got {W.shape}.")
    n = min(n, W.shape[1])
    cols = min(n, n_cols)
    rows = math.ceil(n / cols)
    fig, axes = subplots(rows, cols, figsize=figsize or (1.1 * cols, 1.2 * rows), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < n:
            w = W[:, i].reshape(image_shape)
            lim = float(np.abs(w).max()) or 1.0
            ax.imshow(w, cmap="RdBu_r", vmin=-lim, vmax=lim)
            ax.set_title(f"neuron {i}", fontsize=8, pad=2)
    per_neuron = ScalarMappable(Normalize(-1, 1), cmap="RdBu_r")  # each image: ± its own largest |w|
    bar = fig.colorbar(per_neuron, ax=axes, ticks=[-1, 0, 1], fraction=0.03, pad=0.02)
    bar.ax.set_yticklabels(["−max", "0", "+max"], fontsize=8)
    bar.set_label(label, fontsize=8)
    shown = W[:, :n]
    return describe(fig, f"The first layer's weights of {n} of its {W.shape[1]} neurons, each drawn "
                         f"as a {image_shape[0]} × {image_shape[1]} image: red where a pixel pushes "
                         f"the neuron up, blue where it pushes it down, white near 0 (each image "
                         f"scaled to its own largest weight, as the colour bar says). Weights range "
                         f"from {num(shown.min())} to {num(shown.max())}.")


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
    given = ax is not None
    text = _confusion_description(cm, class_names, normalize)
    if normalize:
        cm /= np.maximum(cm.sum(axis=1, keepdims=True), 1)
    fig, ax = figure_and_ax(ax, figsize)
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
                        va="center", fontsize=SMALL_FONTSIZE if k > 10 else 9,
                        color="white" if cm[i, j] > 0.6 * top else "black")
    return describe(fig, text, append=given)


def _confusion_description(counts, class_names, normalize):
    k, total = len(counts), int(counts.sum())
    names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
    off = counts.copy()
    np.fill_diagonal(off, 0)
    order = np.argsort(off, axis=None)[::-1][:3]
    worst = [f"true {names[i]} predicted as {names[j]} ({int(off[i, j])} times)"
             for i, j in zip(*np.unravel_index(order, off.shape)) if off[i, j] > 0]
    text = (f"Confusion matrix of {k} classes on {total} examples, true class by row, predicted "
            f"class by column{', each row divided by its total' if normalize else ''}: "
            f"{np.trace(counts) / max(total, 1):.1%} lie on the diagonal (right).")
    return text + (f" Most frequent confusions: {listing(worst)}." if worst else " No confusions.")
