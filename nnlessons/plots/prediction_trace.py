"""The prediction trace: one example's trip through a model, layer by layer.

``plot_prediction_trace(model, x, label)`` draws it once ;
``TraceScene`` builds it in any figure and ``update(x, label)`` changes only the data, which is how
``prediction_explorer`` redraws it quickly. It runs ``model.forward(x[None], trace=True)``, which
returns every layer's output and leaves the model as it was.
"""
import matplotlib
import numpy as np

from .alt_text import describe, listing, num
from .boundary import class_probabilities
from .style import TRAIN_COLOR, WRONG_TEXT, pyplot_figure

PASS_THROUGH = ("Flatten", "Dropout")  # layers whose inference output is just their input
_STRIP_CMAP = matplotlib.colormaps["viridis"].with_extremes(bad="white")


def _picture(a, max_maps=16):
    """A layer's output for one example as an image: units (n,) as a 1 x n strip; feature maps
    (H, W, C) side by side (the first ``max_maps``, in rows of 8, white gaps); 2-D outputs such
    as a sequence (T, units) as they are."""
    a = np.asarray(a, dtype=float)
    if a.ndim != 3:
        return a.reshape(1, -1) if a.ndim == 1 else a.reshape(a.shape[0], -1)
    h, w, c = a.shape
    c = min(c, max_maps)
    cols = min(c, 8)
    rows = -(-c // cols)
    out = np.full((rows * (h + 1) - 1, cols * (w + 1) - 1), np.nan)
    for k in range(c):
        r, q = divmod(k, cols)
        out[r * (h + 1):r * (h + 1) + h, q * (w + 1):q * (w + 1) + w] = a[:, :, k]
    return out


class TraceScene:
    """One example's trip through a model: the input, each layer's activations as a colour strip
    (dark = 0, bright = the layer's largest value; convolution outputs as one small image per
    feature map), then the class probabilities as bars.

    Build once with ``TraceScene(fig, model)``; ``update(x, label)`` changes only the data, so a
    widget can redraw it quickly. ``dynamic`` lists the artists that change."""

    def __init__(self, fig, model, image_shape=None, class_names=None):
        if not model.built:
            raise ValueError("The prediction trace needs a built model: give the first layer its "
                             "input size (e.g. Dense(128, input_dim=784)) or fit the model first.")
        self.fig, self.model, self.image_shape = fig, model, image_shape
        layers = [layer for layer in model.layers if type(layer).__name__ not in PASS_THROUGH]
        self.layer_index = [model.layers.index(layer) for layer in layers]
        strips = ([] if image_shape else ["input"]) + [f"{layer.name}: {layer.describe()}"
                                                      for layer in layers[:-1]]
        zeros = np.zeros((1,) + tuple(model.input_shape_), dtype=model.dtype)
        outputs = model.forward(zeros, trace=True)
        shapes = ([zeros[0].ravel().shape] if not image_shape else []) + [
            outputs[i].shape[1:] for i in self.layer_index[:-1]]
        rows = max(len(strips), 1)
        gs = fig.add_gridspec(rows, 3 if image_shape else 2, width_ratios=[1, 2.2, 1.4] if image_shape else [2.2, 1.4])
        self.image = None
        if image_shape:
            ax = fig.add_subplot(gs[:, 0])
            self.image = ax.imshow(np.zeros(image_shape), cmap="gray_r", vmin=0, vmax=1)
            ax.set_axis_off()
            ax.set_title("input", fontsize=9)
        self.strips = []
        for r, (title, shape) in enumerate(zip(strips, shapes)):
            ax = fig.add_subplot(gs[r, -2])
            self.strips.append(ax.imshow(_picture(np.zeros(shape)), cmap=_STRIP_CMAP,
                                         aspect="equal" if len(shape) == 3 else "auto",
                                         interpolation="nearest"))
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(title, fontsize=8, loc="left")
        self.bar_ax = fig.add_subplot(gs[:, -1])
        k = class_probabilities(outputs[-1]).shape[1]
        self.bars = self.bar_ax.bar(range(k), np.zeros(k), color="0.7")
        self.bar_ax.set_ylim(0, 1)
        names = list(class_names) if class_names is not None else [str(i) for i in range(k)]
        self.bar_ax.set_xticks(range(k), names, fontsize=8)
        self.caption = self.bar_ax.set_title(" ", fontsize=9)
        self.dynamic = ([self.image] if self.image is not None else []) + self.strips + \
            list(self.bars) + [self.caption]
        self.state = None

    def update(self, x, label=None):
        """Show example x (one input, without the batch axis) and its true label. Returns False:
        only the artists in ``dynamic`` changed."""
        x = np.asarray(x, dtype=self.model.dtype)
        outputs = self.model.forward(x[None], trace=True)
        values = [x.ravel()] if self.image is None else []
        values += [outputs[i][0] for i in self.layer_index[:-1]]
        if self.image is not None:
            img = x.reshape(self.image_shape)
            self.image.set_data(img)
            self.image.set_clim(min(0.0, float(img.min())), max(1.0, float(img.max())))
        for strip, a in zip(self.strips, values):
            strip.set_data(_picture(a))
            strip.set_clim(min(0.0, float(a.min())), max(float(a.max()), 1e-6))
        p = class_probabilities(outputs[-1])[0]
        pred = int(p.argmax())
        for k, bar in enumerate(self.bars):
            bar.set_height(p[k])
            bar.set_color(TRAIN_COLOR if k == pred else "0.7")
            bar.set_edgecolor("black" if label is not None and k == int(label) else "none")
        text = f"predicted {pred} (p = {p[pred]:.2f})"
        if label is not None:
            text = f"label {int(label)}, " + text
        self.caption.set_text(text)
        self.caption.set_color(WRONG_TEXT if label is not None and pred != int(label) else "black")
        self.state = (label, p, values)
        return False

    def describe(self):
        """What the scene shows now, in words (its figure's text alternative)."""
        if self.state is None:
            return "Empty axes: no example drawn yet."
        label, p, values = self.state
        names = [t.get_text() for t in self.bar_ax.get_xticklabels()]
        top = np.argsort(p)[::-1][:3]
        strips = [f"{ax_title(strip)} (from {num(np.min(a))} to {num(np.max(a))})"
                  for strip, a in zip(self.strips, values)]
        text = "One example's trip through a model" + ("" if label is None else f", label {int(label)}")
        text += (": the input image, then " if self.image is not None else ": ")
        text += (f"each layer's outputs as a colour strip (dark low, bright high): {listing(strips)}. "
                 f"Class probabilities as bars: {listing([f'{names[k]} {num(p[k])}' for k in top])}; "
                 f"predicted {names[top[0]]}")
        if label is not None:
            text += ", right" if int(top[0]) == int(label) else f", wrong (the label is {int(label)})"
        return text + "."


def ax_title(image):
    """The title of the axes an image artist sits in."""
    return image.axes.get_title(loc="left") or image.axes.get_title()


def guess_image_shape(x):
    """(28, 28) for a 784-long or 28 x 28 input; None (draw it as a strip) for anything else, e.g.
    a sequence of shape (steps, 1), which is not an image."""
    x = np.asarray(x)
    if x.ndim == 2 and min(x.shape) > 1:
        return x.shape
    if x.size == 784:
        return (28, 28)
    return None


def plot_prediction_trace(model, x, label=None, image_shape="auto", class_names=None, figsize=None):
    """Follow one example x through ``model``: the input image, every layer's activations as a
    strip, then the class probabilities (predicted class in blue, true ``label`` outlined).

    ``x`` is a single example of the model's input shape, e.g. (784,) or (28, 28);
    ``image_shape='auto'`` shows 784-long inputs as 28x28 images (None: as a strip)."""
    if image_shape == "auto":
        image_shape = guess_image_shape(x)
    n_rows = sum(type(layer).__name__ not in PASS_THROUGH for layer in model.layers)
    fig = pyplot_figure(figsize or (9, max(2.6, 0.75 * n_rows + 1.2)))
    scene = TraceScene(fig, model, image_shape, class_names)
    scene.update(x, label)
    return describe(fig, scene.describe())
