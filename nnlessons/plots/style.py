"""The look every figure shares: its colours, and figures made with constrained layout.

Every colour a figure uses is named here, once. Classes: 0 orange, 1 blue (as in TensorFlow
Playground), then the tab10 colours. Curves: training blue, validation orange; mistakes red.
Figures made here never call ``plt.show()`` and never change rcParams.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.ticker import MaxNLocator

CLASS_COLORS = ["#f59322", "#0877bd", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                "#7f7f7f", "#bcbd22", "#17becf"]
TRAIN_COLOR, VAL_COLOR, WRONG_COLOR = "#1f77b4", "#ff7f0e", "#d62728"
GOOD_COLOR, WARN_COLOR, BAD_COLOR = "#2ca02c", VAL_COLOR, WRONG_COLOR  # verdicts: fine, slow, broken
GUIDE_COLOR = "#bbbbbb"  # dotted guide lines that only help the eye
BOUNDARY_COLOR = "#222222"  # the decision boundary drawn over class probabilities

ACTIVATION_NAMES = ("linear", "relu", "leaky_relu", "sigmoid", "tanh")
# Okabe-Ito hues, far apart for colour-blind readers too; ReLU and leaky ReLU coincide for z > 0,
# so leaky ReLU is also dashed, and ReLU shows through its gaps.
ACTIVATION_COLORS = dict(zip(ACTIVATION_NAMES, ("#7f7f7f", "#0072b2", "#e69f00", "#d55e00", "#009e73")))
ACTIVATION_STYLES = {"leaky_relu": (0, (4, 3))}


def class_colors(n_classes):
    """RGB array (n_classes, 3) of the class colours used by every 2-D plot."""
    return np.array([to_rgb(CLASS_COLORS[k % len(CLASS_COLORS)]) for k in range(n_classes)])


def subplots(nrows=1, ncols=1, figsize=None, **kwargs):
    """plt.subplots with constrained layout, so labels never overlap or fall off the edge."""
    return plt.subplots(nrows, ncols, figsize=figsize, layout="constrained", **kwargs)


def figure_and_ax(ax, figsize):
    """(figure, ax): a new figure at ``figsize`` when ``ax`` is None, else the figure of ``ax``."""
    if ax is None:
        return subplots(figsize=figsize)
    return ax.figure, ax


def pyplot_figure(figsize):
    """An empty pyplot figure with constrained layout, for a scene to build its axes in."""
    return plt.figure(figsize=figsize, layout="constrained")


def integer_ticks(axis):
    """Ticks on whole numbers only (epochs, steps)."""
    axis.set_major_locator(MaxNLocator(integer=True))
