"""Decision boundaries of 2-D classifiers: the class-probability image over the plane.

Shared by ``nnlessons.plots.plot_decision_boundary`` and the playground, which redraws the same
image after every few epochs. Importing this module loads matplotlib.
"""
import numpy as np
from matplotlib.markers import MarkerStyle

from .alt_text import describe, listing, num
from .style import BOUNDARY_COLOR, class_colors, class_marker, figure_and_ax


def data_extent(X, margin=0.15):
    """(x_min, x_max, y_min, y_max) around 2-D points X (N, 2), padded by ``margin`` of the span."""
    lo, hi = np.min(X, axis=0).astype(float), np.max(X, axis=0).astype(float)
    pad = margin * np.maximum(hi - lo, 1e-3)
    return (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])


def grid_points(extent, resolution):
    """Points (resolution**2, 2) float32 on a grid over ``extent``, row by row from the bottom."""
    xs = np.linspace(extent[0], extent[1], resolution)
    ys = np.linspace(extent[2], extent[3], resolution)
    xx, yy = np.meshgrid(xs, ys)
    return np.column_stack([xx.ravel(), yy.ravel()]).astype(np.float32)


def class_probabilities(out):
    """(N, K) class probabilities from a model's output: softmax rows as they are, a single
    sigmoid column p as the two columns (1 - p, p)."""
    out = np.asarray(out, dtype=float)
    return np.column_stack([1 - out[:, 0], out[:, 0]]) if out.shape[1] == 1 else out


def probability_image(p, shape, strength=0.65):
    """RGBA image (shape + (4,), uint8) of class probabilities p (N, K): each point takes the
    colours of the classes mixed by probability, faded to white where the model is unsure.
    (uint8 RGBA is the format matplotlib draws fastest.)"""
    k = p.shape[1]
    mix = p @ class_colors(k)
    confidence = (p.max(axis=1, keepdims=True) - 1 / k) / (1 - 1 / k)
    rgba = np.full((len(p), 4), 255, dtype=np.uint8)
    rgba[:, :3] = np.clip(255.5 - 255 * strength * confidence * (1 - mix), 0, 255)
    return rgba.reshape(*shape, 4)


def draw_boundary(ax, p, extent, shape):
    """Draw the decision boundary, where the predicted class changes, as a dark line over the
    probabilities p (N, K) of a grid of ``shape`` over ``extent``; returns True if the line crosses
    the plane (a model that predicts one class everywhere has none to draw)."""
    top = p.argmax(axis=1)
    if top.min() == top.max():
        return False
    grid = p.reshape(*shape, -1)
    margin = [grid[..., k] - np.delete(grid, k, axis=-1).max(axis=-1) for k in range(grid.shape[-1])]
    xs, ys = np.linspace(*extent[:2], shape[1]), np.linspace(*extent[2:], shape[0])
    for k, m in enumerate(margin[:1] if len(margin) == 2 else margin):  # two classes: one edge
        if m.min() < 0 < m.max():  # class k wins somewhere and loses somewhere: its edge
            ax.contour(xs, ys, m, levels=[0.0], colors=BOUNDARY_COLOR, linewidths=1.4)
    return True


def _marker_path(marker):
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())


def boundary_description(p, X, y, predicted, extent):
    """'2 classes over x1 from -1 to 2, x2 ...: the model predicts class 0 over 48% of the plane
    ...; 97% of the 200 points are on their class's side' (p: (N, K) over a grid; X, y the points,
    predicted their predicted classes)."""
    share = np.bincount(p.argmax(axis=1), minlength=p.shape[1]) / len(p)
    regions = listing([f"class {k} over {s:.0%}" for k, s in enumerate(share) if s > 0])
    right = float(np.mean(predicted == y)) if len(y) else float("nan")
    return (f"Class probabilities of a classifier with {p.shape[1]} classes over the plane, x1 from "
            f"{num(extent[0])} to {num(extent[1])} and x2 from {num(extent[2])} to {num(extent[3])}, "
            f"coloured by the predicted class and paler where the model is unsure, with the decision "
            f"boundary as a dark line: it predicts {regions} of the plane. {len(y)} data points on "
            f"top, one colour and marker per class; {right:.0%} of them lie in their own class's "
            f"region.")


def boundary_legend(ax, n_classes, loc="best"):
    """A legend for a decision-boundary plot: each class's marker on its shading (the region the
    model gives that class, paler where it is less sure), and the boundary line."""
    from matplotlib.legend_handler import HandlerTuple
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colors = class_colors(n_classes)
    handles = [(Patch(facecolor=1 - 0.65 * (1 - colors[k]), edgecolor="none"),
                Line2D([], [], ls="", marker=class_marker(k), color=colors[k], markersize=6,
                       markeredgecolor="white")) for k in range(n_classes)]
    labels = [f"class {k}: points, region" for k in range(n_classes)]
    handles.append(Line2D([], [], color=BOUNDARY_COLOR, lw=1.4))
    labels.append("decision boundary")
    return ax.legend(handles, labels, handler_map={tuple: HandlerTuple(ndivide=None, pad=0)},
                     loc=loc, fontsize=8, title="region: paler = less sure", title_fontsize=8,
                     framealpha=0.9)


def plot_decision_boundary(model, X, y, ax=None, resolution=100, extent=None, figsize=(5, 5),
                           legend=False):
    """The model's class probabilities over the plane, the decision boundary (where the predicted
    class changes, a dark line), and the data points on top.

    Parameters
    ----------
    model : a model whose predict maps (N, 2) points to probabilities (N, K) or (N, 1).
    X : (N, 2) points; y : (N,) integer labels.
    legend : True to add a legend: the classes' markers and regions, and the boundary line.
    """
    X, y = np.asarray(X), np.asarray(y, dtype=int)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"plot_decision_boundary needs 2-D points X of shape (N, 2), got {X.shape}.")
    given = ax is not None
    fig, ax = figure_and_ax(ax, figsize)
    extent = extent or data_extent(X)
    p = class_probabilities(model.predict(grid_points(extent, resolution)))
    ax.imshow(probability_image(p, (resolution, resolution)), extent=extent, origin="lower",
              interpolation="bilinear", aspect="auto")
    draw_boundary(ax, p, extent, (resolution, resolution))
    colors = class_colors(max(p.shape[1], int(y.max()) + 1))
    points = ax.scatter(X[:, 0], X[:, 1], c=colors[y], s=14, edgecolors="white", linewidths=0.6)
    points.set_paths([_marker_path(class_marker(k)) for k in y])  # one marker shape per class
    ax.set_xlim(extent[:2])
    ax.set_ylim(extent[2:])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if legend:
        boundary_legend(ax, len(colors))
    predicted = class_probabilities(model.predict(X)).argmax(axis=1)
    return describe(fig, boundary_description(p, X, y, predicted, extent), append=given)
