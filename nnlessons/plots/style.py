"""The look every figure shares: a colour-blind-safe palette, and figures with constrained layout.

Every colour a figure uses is named here, once, from the Okabe-Ito palette (Okabe & Ito, "Color
Universal Design", 2002): its eight colours stay apart for readers with deuteranopia, protanopia
and tritanopia (``tests/test_palette.py`` simulates all three). Classes: 0 orange, 1 blue (as in
TensorFlow Playground), then green, vermillion, purple, sky blue, yellow; each class also has its
own marker. Curves: training blue and solid, validation orange and dashed; mistakes vermillion.

Importing ``nnlessons.plots`` sets two rcParams: ``axes.prop_cycle`` to ``SERIES_COLORS``, so a
lesson's own figures (C0, C1, ... or no colour at all) use the same palette, and
``legend.fontsize`` to ``LEGEND_FONTSIZE`` (10 pt, matplotlib's own "medium"), as a number, so no
legend falls below ``MIN_FONTSIZE`` (8 pt: smaller text is unreadable once the website scales a
figure down). ``use_palette(False)`` gives matplotlib's back. Nothing else changes rcParams, and
figures made here never call ``plt.show()``.
"""
from functools import lru_cache

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import cycler  # cycler's, with matplotlib's validation of the values
from matplotlib.colors import to_rgb
from matplotlib.ticker import MaxNLocator

OKABE_ITO = {"black": "#000000", "orange": "#e69f00", "sky_blue": "#56b4e9", "green": "#009e73",
             "yellow": "#f0e442", "blue": "#0072b2", "vermillion": "#d55e00", "purple": "#cc79a7"}
_OI = OKABE_ITO

# Series in a lesson's own figures (axes.prop_cycle, C0..C7): blue, orange, green, red as in
# matplotlib's default cycle, so C3 still reads as the warning colour; yellow last (faint on white).
SERIES_COLORS = [_OI[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue",
                                  "black", "yellow")]
SERIES_STYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (1, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (8, 3))]
CLASS_COLORS = [_OI[k] for k in ("orange", "blue", "green", "vermillion", "purple", "sky_blue",
                                 "yellow")]
CLASS_MARKERS = ["o", "s", "^", "D", "v", "P", "X"]  # a second cue besides colour, per class
TRAIN_COLOR, VAL_COLOR, WRONG_COLOR = _OI["blue"], _OI["orange"], _OI["vermillion"]
TRAIN_STYLE, VAL_STYLE = {"ls": "-", "marker": "o"}, {"ls": "--", "marker": "s"}
GOOD_COLOR, WARN_COLOR, BAD_COLOR = _OI["green"], VAL_COLOR, WRONG_COLOR  # verdicts: fine, slow, broken
WRONG_TEXT = "#c05500"  # WRONG_COLOR darkened for text: text_color(WRONG_COLOR), contrast 4.65:1
GUIDE_COLOR = "#bbbbbb"  # dotted guide lines that only help the eye
BOUNDARY_COLOR = "#222222"  # the decision boundary drawn over class probabilities

ACTIVATION_NAMES = ("linear", "relu", "leaky_relu", "sigmoid", "tanh")
ACTIVATION_COLORS = dict(zip(ACTIVATION_NAMES, (_OI["black"], _OI["blue"], _OI["orange"],
                                                _OI["vermillion"], _OI["green"])))
# ReLU and leaky ReLU coincide for z > 0, so leaky ReLU is dashed and ReLU shows through its gaps;
# every activation has its own line style, so colour is never the only cue.
ACTIVATION_STYLES = dict(zip(ACTIVATION_NAMES, (":", "-", (0, (4, 3)), "-.", (0, (6, 1.5)))))

# Text sizes in points. Nothing the package draws is smaller than MIN_FONTSIZE (tests/test_plots.py
# draws every figure and checks); SMALL_FONTSIZE is for crowded legends and labels.
MIN_FONTSIZE = SMALL_FONTSIZE = 8
LEGEND_FONTSIZE = 10

_DEFAULT_CYCLE = mpl.rcParamsDefault["axes.prop_cycle"]
_DEFAULT_LEGEND_FONTSIZE = mpl.rcParamsDefault["legend.fontsize"]


def use_palette(on=True):
    """Set ``axes.prop_cycle`` to SERIES_COLORS and ``legend.fontsize`` to LEGEND_FONTSIZE
    (``on=False``: matplotlib's defaults)."""
    mpl.rcParams["axes.prop_cycle"] = cycler(color=SERIES_COLORS) if on else _DEFAULT_CYCLE
    mpl.rcParams["legend.fontsize"] = LEGEND_FONTSIZE if on else _DEFAULT_LEGEND_FONTSIZE


def contrast_ratio(color, background="white"):
    """WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    def luminance(c):
        rgb = np.array(to_rgb(c))
        rgb = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
        return float(rgb @ [0.2126, 0.7152, 0.0722])
    hi, lo = sorted((luminance(color), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@lru_cache(maxsize=64)
def text_color(color, contrast=4.5):
    """``color`` darkened just enough for small text on white (WCAG AA: contrast 4.5:1). Palette
    colours are made for lines and areas; orange text, say, would be hard to read."""
    rgb = np.array(to_rgb(color))
    for scale in np.linspace(1, 0, 41):
        if contrast_ratio(rgb * scale) >= contrast:
            return tuple(float(v) for v in rgb * scale)
    return (0.0, 0.0, 0.0)


def class_colors(n_classes):
    """RGB array (n_classes, 3) of the class colours used by every 2-D plot."""
    return np.array([to_rgb(CLASS_COLORS[k % len(CLASS_COLORS)]) for k in range(n_classes)])


def class_marker(k):
    """The marker of class k (classes past the seventh repeat them)."""
    return CLASS_MARKERS[k % len(CLASS_MARKERS)]


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
