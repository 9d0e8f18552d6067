"""The figures behind the explorer widgets, usable on their own as static figures.

A scene builds its axes and artists once in a figure; ``update(**values)`` changes their data
and returns True only when something outside ``scene.dynamic`` changed (axis limits, legends),
which tells a widget it must redraw everything instead of just the dynamic artists. Each scene has
a plain function (``plot_neuron``, ``plot_activations``, ``plot_learning_rate``, ``plot_depth``)
that draws it once with fixed values and returns the Figure, for the static figure that follows
each widget in a lesson (widgets do not render on GitHub). Same conventions as nnlessons.plots:
pyplot figures at an explicit figsize, no plt.show() inside.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .activations import get_activation
from .callbacks import Callback
from .errors import TrainingDiverged
from .layers import Dense
from .model import Sequential
from .neuron import Neuron
from .optimizers import SGD
from .plots import TRAIN_COLOR, VAL_COLOR, saturated_regions

ACTIVATION_NAMES = ("linear", "relu", "leaky_relu", "sigmoid", "tanh")
ACTIVATION_COLORS = dict(zip(ACTIVATION_NAMES, ("#7f7f7f", "#1f77b4", "#17becf", "#d62728", "#2ca02c")))


def _pyplot_figure(figsize):
    return plt.figure(figsize=figsize, layout="constrained")


# --- one neuron ---------------------------------------------------------------------------------
NEURON_COLOR_RANGE = {"sigmoid": (0, 1), "tanh": (-1, 1), "relu": (0, 5), "leaky_relu": (0, 5),
                      "linear": (-5, 5)}  # colour scale of the output a, per activation


class NeuronScene:
    """Left: the output a = f(w1 x1 + w2 x2 + b) of one neuron over the input plane, the line
    where z = 0 and the weight vector. Right: f(z), with the range of z the plane reaches."""
    LIM = 3.0

    def __init__(self, fig, resolution=61):
        self.fig = fig
        self.ax_in, self.ax_f = fig.subplots(1, 2, width_ratios=[1.25, 1])
        xs = np.linspace(-self.LIM, self.LIM, resolution)
        xx, yy = np.meshgrid(xs, xs)
        self.points = np.column_stack([xx.ravel(), yy.ravel()])
        self.heat = self.ax_in.imshow(np.zeros((resolution, resolution)), origin="lower",
                                      extent=(-self.LIM, self.LIM, -self.LIM, self.LIM),
                                      cmap="viridis", interpolation="bilinear")
        # Few ticks, steady label widths: a full redraw (new activation) is mostly drawing text.
        bar = fig.colorbar(self.heat, ax=self.ax_in, label="output a", shrink=0.9, format="%.1f")
        bar.locator = MaxNLocator(4)
        self.ax_f.yaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))
        self.ax_f.yaxis.set_major_formatter("{x:.1f}")
        self.ax_f.set_xticks([-10, -5, 0, 5, 10])
        self.ax_in.set_xticks([-3, 0, 3])
        self.ax_in.set_yticks([-3, 0, 3])
        self.edge, = self.ax_in.plot([], [], color="white", ls="--", lw=1.5)
        self.arrow = self.ax_in.annotate("", xy=(1, 0), xytext=(0, 0),
                                         arrowprops={"arrowstyle": "-|>", "color": "white",
                                                     "lw": 2})
        self.ax_in.set_xlim(-self.LIM, self.LIM)
        self.ax_in.set_ylim(-self.LIM, self.LIM)
        self.ax_in.set_xlabel("$x_1$")
        self.ax_in.set_ylabel("$x_2$")
        self.title = self.ax_in.set_title(" ", fontsize=10)
        self.curve, = self.ax_f.plot([], [], color=TRAIN_COLOR, lw=2)
        self.reach = Rectangle((0, 0), 0, 1, transform=self.ax_f.get_xaxis_transform(),
                               color=VAL_COLOR, alpha=0.25, lw=0)
        self.ax_f.add_patch(self.reach)
        self.ax_f.set_xlabel("z = w·x + b")
        self.ax_f.set_title("f(z); shaded: the z values this neuron reaches", fontsize=9)
        self.activation = None
        self.dynamic = [self.heat, self.edge, self.arrow, self.title, self.reach]

    def update(self, w1, w2, bias, activation):
        neuron = Neuron(2, activation, weights=[w1, w2], bias=bias)
        z, a = neuron(self.points)
        self.heat.set_data(a.reshape(self.heat.get_array().shape))
        x1 = np.array([-self.LIM, self.LIM])
        if abs(w2) > 1e-9:
            self.edge.set_data(x1, -(w1 * x1 + bias) / w2)
        elif abs(w1) > 1e-9:
            self.edge.set_data([-bias / w1] * 2, x1)
        else:
            self.edge.set_data([], [])
        self.arrow.xy = (w1, w2)
        self.arrow.set_visible(abs(w1) + abs(w2) > 1e-9)
        name = neuron.activation.name
        sign = lambda v: "−" if v < 0 else "+"
        self.title.set_text(f"a = {name}({w1:.2f}·x₁ {sign(w2)} {abs(w2):.2f}·x₂ "
                            f"{sign(bias)} {abs(bias):.2f})")
        self.reach.set_x(float(z.min()))
        self.reach.set_width(float(z.max() - z.min()))
        if name == self.activation:
            return False
        self.activation = name
        self.heat.set_clim(*NEURON_COLOR_RANGE.get(name, (-5, 5)))
        zs = np.linspace(-10, 10, 401)
        self.curve.set_data(zs, neuron.activation.forward(zs))
        self.ax_f.relim()
        self.ax_f.autoscale_view()
        return True


def plot_neuron(w1=1.0, w2=-0.5, bias=0.0, activation="relu", figsize=(9, 3.6)):
    """Static figure of neuron_explorer(): one neuron's output over the plane and its f(z)."""
    fig = _pyplot_figure(figsize)
    NeuronScene(fig).update(w1, w2, bias, activation)
    return fig


# --- activation functions -------------------------------------------------------------------------
class ActivationScene:
    """f(z) on the left, f'(z) on the right for the chosen activations, drawn thick where the
    slope is under 10% of its peak (the gradient nearly vanishes there); markers at a probe z.

    Axes are fixed (z in [-z_range, z_range]), so choosing other functions only redraws curves."""

    def __init__(self, fig, z_range=6.0):
        self.fig, self.z_range = fig, float(z_range)
        self.ax_f, self.ax_d = fig.subplots(1, 2)
        zs = np.linspace(-self.z_range, self.z_range, 401)
        self.lines, self.flat, self.dots = {}, {}, {}
        for name in ACTIVATION_NAMES:
            act, color = get_activation(name), ACTIVATION_COLORS[name]
            values = act.forward(zs), act.derivative(zs)
            flat = np.zeros(len(zs), dtype=bool)
            for a, b in saturated_regions(zs, values[1]):
                flat |= (zs >= a) & (zs <= b)
            axes = (self.ax_f, self.ax_d)
            self.lines[name] = [ax.plot(zs, v, color=color, lw=2, label=name)[0]
                                for ax, v in zip(axes, values)]
            self.flat[name] = [ax.plot(zs, np.where(flat, v, np.nan), lw=7, alpha=0.25, color=color,
                                       solid_capstyle="butt")[0] for ax, v in zip(axes, values)]
            self.dots[name] = [ax.plot([], [], "o", color=color)[0] for ax in axes]
        self.probe = [ax.axvline(0, color="0.4", lw=0.8, ls=":") for ax in (self.ax_f, self.ax_d)]
        r = self.z_range
        for ax, label, ylim in ((self.ax_f, "f(z)", (-2.2, r + 0.3)), (self.ax_d, "f'(z)", (-0.05, 1.1))):
            ax.axhline(0, color="0.6", lw=0.6)
            ax.set_xlim(-r, r)
            ax.set_ylim(ylim)
            ax.set_xlabel("z")
            ax.set_ylabel(label)
        self.ax_f.set_title("activation (thick: slope under 10% of its peak)", fontsize=9)
        self.title = self.ax_d.set_title(" ", fontsize=9)
        self.legend, self.chosen = None, None
        self.dynamic = []

    def update(self, activations, z=1.0):
        chosen = [n for n in ACTIVATION_NAMES if n in set(activations)]
        if chosen != self.chosen:
            self.chosen = chosen
            for name in ACTIVATION_NAMES:
                for artist in self.lines[name] + self.flat[name] + self.dots[name]:
                    artist.set_visible(name in chosen)
            if self.legend is not None:
                self.legend.remove()
            self.legend = self.ax_f.legend(handles=[self.lines[n][0] for n in chosen],
                                           loc="upper left", fontsize=8) if chosen else None
            self.dynamic = [a for n in chosen for a in self.flat[n] + self.lines[n] + self.dots[n]]
            self.dynamic += self.probe + [self.title] + ([self.legend] if chosen else [])
        slopes = []
        for name in chosen:
            act = get_activation(name)
            zz = np.array([z])
            for dot, value in zip(self.dots[name], (act.forward(zz), act.derivative(zz))):
                dot.set_data([z], value)
            slopes.append(f"{name} {float(act.derivative(zz)[0]):.3g}")
        for line in self.probe:
            line.set_xdata([z, z])
        self.title.set_text(f"slope at z = {z:.2f}: " + ", ".join(slopes) if slopes else " ")
        return False


def plot_activations(activations=("relu", "sigmoid", "tanh"), z=1.0, z_range=6.0, figsize=(9, 3.4)):
    """Static figure of activation_explorer(): the functions, their slopes and where they saturate."""
    fig = _pyplot_figure(figsize)
    ActivationScene(fig, z_range).update(activations, z)
    return fig


# --- learning rate ------------------------------------------------------------------------------
def _line_data(rng=0, n=40):
    rng = np.random.default_rng(rng)
    x = rng.uniform(-1, 1, (n, 1)).astype(np.float32)
    return x, (2 * x - 1 + 0.1 * rng.normal(size=(n, 1))).astype(np.float32)


class _Recorder(Callback):
    def __init__(self, layer):
        self.layer, self.path, self.losses = layer, [], []

    def on_train_begin(self, logs):
        self.path.append(self._weights())

    def on_batch_end(self, batch, logs):
        self.losses.append(logs["loss"])  # the loss at the weights before this step
        self.path.append(self._weights())

    def _weights(self):
        return (float(self.layer.params["W"][0, 0]), float(self.layer.params["b"][0]))


def learning_rate_run(lr, steps=25, start=(-2.0, 2.0), rng=0):
    """Fit y = w x + b by full-batch gradient descent with learning rate ``lr``.

    Returns a dict: 'path' (k, 2) the (w, b) after each step (starting point first), 'losses' (k,)
    the loss at each of those points, 'diverged_at' the step where the loss overflowed (or None).
    A too-large lr does not crash: the run stops where the loss became inf or NaN."""
    x, y = _line_data(rng)
    model = Sequential([Dense(1, input_dim=1)], rng=rng).compile("mse", SGD(lr))
    layer = model.layers[0]
    layer.params["W"][:] = start[0]
    layer.params["b"][:] = start[1]
    record = _Recorder(layer)
    diverged_at = None
    try:
        model.fit(x, y, epochs=steps, batch_size=len(x), shuffle=False, verbose=0,
                  callbacks=[record])
        with np.errstate(all="ignore"):
            record.losses.append(model.evaluate(x, y)["loss"])
    except TrainingDiverged as exc:
        diverged_at = exc.epoch
    path, losses = np.array(record.path, dtype=float), np.array(record.losses, dtype=float)
    n = min(len(path), len(losses))
    return {"lr": lr, "path": path[:n], "losses": losses[:n], "diverged_at": diverged_at}


def _lr_verdict(run, best):
    """A short description of the run and its colour: diverged, diverging, converged, zigzagging
    or crawling."""
    losses, lr, path = run["losses"], run["lr"], run["path"]
    if run["diverged_at"] is not None:
        return f"lr = {lr:.3g}: diverged, the loss overflowed at step {run['diverged_at']}", "#d62728"
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return f"lr = {lr:.3g}: diverging, each step overshoots further", "#d62728"
    if losses[-1] < 1.5 * best:
        return f"lr = {lr:.3g}: converged, loss {losses[-1]:.4f}", "#2ca02c"
    steps = np.diff(path[-6:], axis=0)
    if (np.sign(steps[1:]) * np.sign(steps[:-1]) < 0).all(axis=0).any():
        return f"lr = {lr:.3g}: zigzagging across the valley, loss {losses[-1]:.4f}", "#ff7f0e"
    return f"lr = {lr:.3g}: crawling, loss {losses[-1]:.4f} after {len(losses) - 1} steps", "#ff7f0e"


class LearningRateScene:
    """Left: the loss surface of a line fit over (w, b) and the path gradient descent takes.
    Right: the loss per step on a log scale. Too small a learning rate crawls, too large a one
    zigzags outwards and diverges (drawn up to where the loss overflowed)."""
    W_RANGE, B_RANGE, LOSS_RANGE = (-3.0, 5.0), (-4.0, 4.0), (3e-3, 3e3)

    def __init__(self, fig, steps=25, rng=0):
        self.fig, self.steps, self.rng = fig, steps, rng
        self.ax_path, self.ax_loss = fig.subplots(1, 2)
        x, y = _line_data(rng)
        ws, bs = np.linspace(*self.W_RANGE, 121), np.linspace(*self.B_RANGE, 121)
        ww, bb = np.meshgrid(ws, bs)
        surface = ((ww[..., None] * x[:, 0] + bb[..., None] - y[:, 0]) ** 2).mean(axis=-1)
        design = np.column_stack([x[:, 0], np.ones(len(x))]).astype(float)
        residual = design @ np.linalg.lstsq(design, y[:, 0], rcond=None)[0] - y[:, 0]
        self.best = float(np.mean(residual ** 2))  # the lowest loss any line reaches
        self.ax_path.contourf(ww, bb, np.log10(surface), levels=20, cmap="Blues_r")
        self.path, = self.ax_path.plot([], [], "-o", color=VAL_COLOR, ms=3, lw=1.2)
        self.ax_path.set_xlim(self.W_RANGE)
        self.ax_path.set_ylim(self.B_RANGE)
        self.ax_path.set_xlabel("weight w")
        self.ax_path.set_ylabel("bias b")
        self.ax_path.set_title("loss surface and the path of gradient descent", fontsize=9)
        self.curve, = self.ax_loss.plot([], [], "-o", color=TRAIN_COLOR, ms=3)
        self.ax_loss.set_yscale("log")
        self.ax_loss.set_xlim(0, steps)
        self.ax_loss.set_ylim(self.LOSS_RANGE)
        self.ax_loss.axhline(self.best, color="0.5", ls=":", lw=1)
        self.ax_loss.set_xlabel("step")
        self.ax_loss.set_ylabel("loss (MSE)")
        self.title = self.ax_loss.set_title(" ", fontsize=9)
        self.run = None
        self.dynamic = [self.path, self.curve, self.title]

    def update(self, lr):
        self.run = run = learning_rate_run(lr, self.steps, rng=self.rng)
        with np.errstate(all="ignore"):
            path = np.clip(run["path"], -1e6, 1e6)  # far off the chart; clipped so Agg can draw it
            losses = np.clip(run["losses"], 0, 1e30)
        self.path.set_data(path[:, 0], path[:, 1])
        self.curve.set_data(np.arange(len(losses)), losses)
        text, color = _lr_verdict(run, self.best)
        self.title.set_text(text)
        self.title.set_color(color)
        return False


def plot_learning_rate(lr=0.1, steps=25, figsize=(9, 3.6)):
    """Static figure of learning_rate_explorer(): gradient descent's path and loss at rate ``lr``."""
    fig = _pyplot_figure(figsize)
    LearningRateScene(fig, steps).update(lr)
    return fig


# --- flattening an image --------------------------------------------------------------------------
class FlattenScene:
    """Left: one 28 × 28 image. Right: the same pixels as the flat row of 784 numbers a Dense
    layer receives, image row r occupying positions 28 r to 28 r + 27 (dotted lines every 28)."""

    def __init__(self, fig, side=28):
        self.fig, self.side = fig, side
        self.ax_img, self.ax_row = fig.subplots(1, 2, width_ratios=[1, 3])
        self.image = self.ax_img.imshow(np.zeros((side, side)), cmap="gray_r", vmin=0, vmax=1)
        self.ax_img.set_xticks([])
        self.ax_img.set_yticks([])
        self.title = self.ax_img.set_title(" ", fontsize=10)
        n = side * side
        for start in range(0, n + 1, side * 4):
            self.ax_row.axvline(start, color="#bbbbbb", lw=0.6, ls=":")
        self.row, = self.ax_row.plot(np.arange(n), np.zeros(n), color=TRAIN_COLOR, lw=0.8)
        self.ax_row.set_xlim(0, n)
        self.ax_row.set_ylim(-0.05, 1.05)
        self.ax_row.set_xticks(range(0, n + 1, side * 4))
        self.ax_row.set_xlabel(f"position in the flat row (dotted: every {4 * side} = 4 image rows)")
        self.ax_row.set_ylabel("pixel value")
        self.row_title = self.ax_row.set_title(" ", fontsize=10)
        self.dynamic = [self.image, self.title, self.row, self.row_title]

    def update(self, x, label=None):
        x = np.asarray(x, dtype=float).reshape(-1)
        if x.max() > 1.0:  # raw 0-255 pixels
            x = x / 255.0
        self.image.set_data(x.reshape(self.side, self.side))
        self.title.set_text("28 × 28 image" + ("" if label is None else f", label {label}"))
        self.row.set_ydata(x)
        self.row_title.set_text(f"one row of {x.size} numbers; {int((x > 0).sum())} are not zero")
        return False


def plot_flatten(x, label=None, figsize=(9, 2.8)):
    """Static figure of flatten_explorer(): an image beside its flattened row of pixels."""
    fig = _pyplot_figure(figsize)
    FlattenScene(fig).update(x, label)
    return fig
