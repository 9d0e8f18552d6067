"""Learning rate: gradient descent on a line fit, its path over the loss surface and its loss per
step; the scene behind the learning-rate explorer."""
import numpy as np

from ..callbacks import Callback
from ..errors import TrainingDiverged
from ..layers import Dense
from ..model import Sequential
from ..optimizers import SGD
from .alt_text import describe, num
from .style import (BAD_COLOR, GOOD_COLOR, TRAIN_COLOR, VAL_COLOR, WARN_COLOR, pyplot_figure,
                    text_color)


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
        return f"lr = {lr:.3g}: diverged, the loss overflowed at step {run['diverged_at']}", BAD_COLOR
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return f"lr = {lr:.3g}: diverging, each step overshoots further", BAD_COLOR
    if losses[-1] < 1.5 * best:
        return f"lr = {lr:.3g}: converged, loss {losses[-1]:.4f}", GOOD_COLOR
    steps = np.diff(path[-6:], axis=0)
    if (np.sign(steps[1:]) * np.sign(steps[:-1]) < 0).all(axis=0).any():
        return f"lr = {lr:.3g}: zigzagging across the valley, loss {losses[-1]:.4f}", WARN_COLOR
    return f"lr = {lr:.3g}: crawling, loss {losses[-1]:.4f} after {len(losses) - 1} steps", WARN_COLOR


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
        shading = self.ax_path.contourf(ww, bb, np.log10(surface), levels=20, cmap="Blues_r")
        fig.colorbar(shading, ax=self.ax_path, label="log10 of the loss (darker is lower)")
        self.path, = self.ax_path.plot([], [], "-o", color=VAL_COLOR, ms=3, lw=1.2)
        self.ax_path.set_xlim(self.W_RANGE)
        self.ax_path.set_ylim(self.B_RANGE)
        self.ax_path.set_xlabel("weight w")
        self.ax_path.set_ylabel("bias b")
        self.ax_path.set_title("loss surface and the path of gradient descent", fontsize=9)
        self.curve, = self.ax_loss.plot([], [], "-o", color=TRAIN_COLOR, ms=3,
                                        label="loss at each step")
        self.ax_loss.set_yscale("log")
        self.ax_loss.set_xlim(0, steps)
        self.ax_loss.set_ylim(self.LOSS_RANGE)
        self.ax_loss.axhline(self.best, color="0.5", ls=":", lw=1,
                             label="lowest loss any line reaches")
        self.ax_loss.legend(loc="best", fontsize=8)
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
        self.title.set_color(text_color(color))  # the verdict in its colour, readable as text
        return False

    def describe(self):
        """What the scene shows now, in words (its figure's text alternative)."""
        run = self.run
        path, losses = run["path"], run["losses"]
        return (f"Gradient descent fitting a line y = w x + b, {len(path) - 1} steps at learning rate "
                f"{run['lr']:g}. Left: contours of the loss over w and b (darker is lower) and the "
                f"path from (w, b) = ({num(path[0, 0])}, {num(path[0, 1])}) to ({num(path[-1, 0])}, "
                f"{num(path[-1, 1])}). Right: the loss per step on a log scale, from "
                f"{num(losses[0])} to {num(losses[-1])} (dotted: the lowest loss any line reaches, "
                f"{num(self.best)}). Verdict: {_lr_verdict(run, self.best)[0]}.")


def plot_learning_rate(lr=0.1, steps=25, figsize=(9, 3.6)):
    """Static figure of learning_rate_explorer(): gradient descent's path and loss at rate ``lr``."""
    fig = pyplot_figure(figsize)
    scene = LearningRateScene(fig, steps)
    scene.update(lr)
    return describe(fig, scene.describe())
