"""How the starting scale of the weights carries a signal through a deep network, layer by layer.

A batch of random inputs goes forward through ``depth`` Dense layers (optionally with batch
normalisation between each Dense layer and its activation), and the standard deviation of each
layer's output is recorded: too small a scale makes the signal fade, too large a one makes it blow
up or saturate, and Glorot's and He's scales keep it steady for the activations they were derived
for.
"""
import numpy as np

from .. import initializers
from ..layers import Activation, BatchNorm, Dense
from ..model import Sequential
from .alt_text import describe, num
from .style import (ACTIVATION_COLORS, GUIDE_COLOR, SERIES_COLORS, SERIES_STYLES,
                    TRAIN_COLOR, pyplot_figure)

INITS = ("normal 0.01", "normal 1.0", "glorot", "he")
STD_RANGE = (1e-12, 1e4)


def _init(name):
    if name.startswith("normal "):
        return initializers.normal(float(name.split()[1]))
    return name


def activation_spread(init="he", activation="relu", depth=20, width=128, n=256, batchnorm=False,
                      rng=0):
    """Standard deviation of every layer's output (depth,) for unit-variance inputs (n, width),
    and the last layer's outputs (n, width); with ``batchnorm`` each layer is Dense -> BatchNorm
    -> activation, where Ioffe and Szegedy put it, the BatchNorm in training mode (normalising
    with the batch's own statistics), and the spread is taken after the activation."""
    layers = []
    for _ in range(depth):
        dense = Dense(width, None if batchnorm else activation, init=_init(init),
                      input_dim=None if layers else width)
        layers += [dense, BatchNorm(), Activation(activation)] if batchnorm else [dense]
    model = Sequential(layers, rng=rng)
    x = np.random.default_rng(rng + 1).standard_normal((n, width)).astype(np.float32)
    stds = []
    with np.errstate(all="ignore"):
        for layer in model.layers:
            x = layer.forward(x, training=True)
            if isinstance(layer, Activation) or not batchnorm:
                stds.append(float(x.std()))
    return np.array(stds), x


# What share of the last layer's outputs a figure reports, per activation, counted as the lesson's
# table computes it: ReLU's and linear's exact zeros, tanh's and sigmoid's saturated ends.
SHARES = {"relu": ("a = 0", lambda a: a == 0), "linear": ("a = 0", lambda a: a == 0),
          "tanh": ("|a| > 0.99", lambda a: np.abs(a) > 0.99),
          "sigmoid": ("a < 0.01 or a > 0.99", lambda a: (a < 0.01) | (a > 0.99))}


def output_share(activation, outputs):
    """(what, share): the share of ``outputs`` (any shape) that are 0 (relu, linear) or saturated
    (tanh: |a| > 0.99; sigmoid: a < 0.01 or a > 0.99), and what was counted, in symbols."""
    what, test = SHARES.get(activation, SHARES["linear"])
    return what, float(np.mean(test(np.asarray(outputs))))


class InitScene:
    """Left: each layer's output standard deviation (log scale). Right: the last layer's outputs
    divided by their standard deviation, as a histogram on fixed axes (so a control change redraws
    only the curve, the bars and the titles): a spike at 0 is ReLU's zeros, two spikes at the ends
    a saturated tanh or sigmoid. Outputs beyond the axis (±4 standard deviations) are left out of
    the bars, never piled into the edge bins; the title says what share they are."""
    BINS = np.linspace(-4, 4, 41)

    def __init__(self, fig, depth=20):
        self.fig, self.depth = fig, depth
        self.ax_s, self.ax_h = fig.subplots(1, 2, width_ratios=[1.4, 1])
        self.line, = self.ax_s.plot([], [], "-o", color=TRAIN_COLOR, ms=3)
        self.ax_s.axhline(1.0, color=GUIDE_COLOR, ls=":", lw=1)
        self.ax_s.set_yscale("log")
        self.ax_s.set_ylim(STD_RANGE)
        self.ax_s.set_xlim(0.5, depth + 0.5)
        self.ax_s.set_xlabel("layer")
        self.ax_s.set_ylabel("std of the layer's outputs")
        self.ax_s.grid(alpha=0.3, which="both")
        self.title = self.ax_s.set_title(" ", fontsize=9)
        self.bars = self.ax_h.bar(self.BINS[:-1], np.zeros(40), width=np.diff(self.BINS),
                                  align="edge", color=TRAIN_COLOR)
        self.ax_h.set_xlim(self.BINS[0], self.BINS[-1])
        self.ax_h.set_ylim(0, 1.0)
        self.ax_h.set_xlabel(f"outputs of layer {depth} / their std")
        self.ax_h.set_ylabel("density (cut at 1)")
        self.hist_title = self.ax_h.set_title(" \n ", fontsize=9)  # two lines, kept by the layout
        self.dynamic = [self.line, self.title, self.hist_title, *self.bars]
        self.summary = "Empty axes: no run yet."

    def update(self, init="he", activation="relu", batchnorm=False):
        stds, last = activation_spread(init, activation, self.depth, batchnorm=batchnorm)
        self.line.set_data(np.arange(1, len(stds) + 1), np.clip(stds, *STD_RANGE))
        self.line.set_color(ACTIVATION_COLORS.get(activation, TRAIN_COLOR))
        norm = " + batch norm" if batchnorm else ""
        self.title.set_text(f"{init}, {activation}{norm}: std {stds[0]:.2g} after layer 1, "
                            f"{stds[-1]:.2g} after layer {len(stds)}")
        what, share = output_share(activation, last)
        density, outside = self.histogram(last)
        for bar, height in zip(self.bars, np.minimum(density, 1.0)):
            bar.set_height(height)
            bar.set_color(TRAIN_COLOR)
        self.hist_title.set_text(f"{what} for {share:.3f} of layer {len(stds)}'s outputs\n"
                                 f"{outside:.3f} lie beyond ±4 std, off the axis")
        self.share, self.outside = share, outside
        self.summary = (f"Left: the standard deviation of each layer's outputs through {len(stds)} "
                        f"{activation} layers{norm}, weights started with {init}, log scale: "
                        f"{num(stds[0])} after layer 1, {num(stds[-1])} after layer {len(stds)}. "
                        f"Right: a histogram of the last layer's outputs divided by their standard "
                        f"deviation, from -4 to 4; {what} for {share:.3f} of them, and {outside:.3f} "
                        f"lie beyond ±4 standard deviations, outside the histogram.")
        return False

    @classmethod
    def histogram(cls, outputs):
        """(density (40,), outside): the outputs divided by their standard deviation, binned on
        BINS as a share of *all* outputs per unit width (so the bars' area is the share inside the
        axis, not 1), and the share outside it (beyond ±4, or not finite)."""
        values = np.asarray(outputs, dtype=float).ravel()
        finite = values[np.isfinite(values)]
        std = finite.std() if finite.size else 0.0
        scaled = finite / std if std > 0 else finite
        counts, _ = np.histogram(scaled, cls.BINS)
        n = max(values.size, 1)
        return counts / (n * np.diff(cls.BINS)), 1.0 - counts.sum() / n

    def describe(self):
        """What the scene shows now, in words (its figure's text alternative)."""
        return self.summary


def plot_init(inits=INITS, activation="tanh", depth=20, batchnorm=False, ax=None, figsize=(7, 3.6)):
    """Static figure: the output standard deviation per layer for several starting scales."""
    given = ax is not None
    fig = pyplot_figure(figsize) if ax is None else ax.figure
    ax = ax or fig.subplots()
    parts = []
    for name, color, ls in zip(inits, SERIES_COLORS, SERIES_STYLES):
        stds, _ = activation_spread(name, activation, depth, batchnorm=batchnorm)
        ax.plot(np.arange(1, len(stds) + 1), np.clip(stds, *STD_RANGE), ls=ls, marker="o", ms=3,
                color=color, label=name)
        parts.append(f"{name}: {num(stds[0])} after layer 1, {num(stds[-1])} after layer {len(stds)}")
    ax.axhline(1.0, color=GUIDE_COLOR, ls=":", lw=1)
    ax.set_yscale("log")
    ax.set_xlabel("layer")
    ax.set_ylabel("std of the layer's outputs")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    norm = " with batch norm" if batchnorm else ""
    ax.set_title(f"{depth} {activation} layers{norm}: signal spread per layer, by starting scale",
                 fontsize=9)
    return describe(fig, f"The standard deviation of each layer's outputs through {depth} "
                         f"{activation} layers{norm}, log scale, one line per starting scale of the "
                         f"weights (a dotted guide at 1, where the signal keeps its size): "
                         f"{'; '.join(parts)}.", append=given)
