"""Flattening: an image becomes one row of numbers; the scene behind the flatten explorer."""
import numpy as np

from .alt_text import describe
from .style import GUIDE_COLOR, TRAIN_COLOR, pyplot_figure


class FlattenScene:
    """Left: one side × side image (28 × 28 for MNIST). Right: the same pixels as the flat row of
    side² numbers a Dense layer receives, image row r occupying positions side·r to side·r + side - 1
    (dotted lines every 4 image rows)."""

    def __init__(self, fig, side=28):
        self.fig, self.side = fig, side
        self.ax_img, self.ax_row = fig.subplots(1, 2, width_ratios=[1, 3])
        self.image = self.ax_img.imshow(np.zeros((side, side)), cmap="gray_r", vmin=0, vmax=1)
        self.ax_img.set_xticks([])
        self.ax_img.set_yticks([])
        self.title = self.ax_img.set_title(" ", fontsize=10)
        n = side * side
        for start in range(0, n + 1, side * 4):
            self.ax_row.axvline(start, color=GUIDE_COLOR, lw=0.6, ls=":")
        self.row, = self.ax_row.plot(np.arange(n), np.zeros(n), color=TRAIN_COLOR, lw=0.8)
        self.ax_row.set_xlim(0, n)
        self.ax_row.set_ylim(-0.05, 1.05)
        self.ax_row.set_xticks(range(0, n + 1, side * 4))
        self.ax_row.set_xlabel(f"position in the flat row (dotted: every {4 * side} = 4 image rows)")
        self.ax_row.set_ylabel("pixel value")
        self.row_title = self.ax_row.set_title(" ", fontsize=10)
        self.dynamic = [self.image, self.title, self.row, self.row_title]
        self.label, self.nonzero = None, 0

    def update(self, x, label=None):
        x = np.asarray(x, dtype=float).reshape(-1)
        if x.max() > 1.0:  # raw 0-255 pixels
            x = x / 255.0
        self.image.set_data(x.reshape(self.side, self.side))
        self.title.set_text(f"{self.side} × {self.side} image" + ("" if label is None else f", label {label}"))
        self.row.set_ydata(x)
        self.row_title.set_text(f"one row of {x.size} numbers; {int((x > 0).sum())} are not zero")
        self.label, self.nonzero = label, int((x > 0).sum())
        return False

    def describe(self):
        """What the scene shows now, in words (its figure's text alternative)."""
        side = self.side
        label = "" if self.label is None else f" (label {self.label})"
        return (f"Left: a {side} × {side} image{label}. Right: the same pixels as one row of "
                f"{side * side} numbers, image row r at positions {side}·r to {side}·r + {side - 1}; "
                f"{self.nonzero} of them are not zero, in bursts where the rows cross the drawing.")


def plot_flatten(x, label=None, figsize=(9, 2.8)):
    """Static figure of flatten_explorer(): an image beside its flattened row of pixels."""
    fig = pyplot_figure(figsize)
    scene = FlattenScene(fig)
    scene.update(x, label)
    return describe(fig, scene.describe())
