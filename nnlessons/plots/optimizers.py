"""Optimizers on a 2-D loss surface: the path each update rule takes, and its loss per step.

The surfaces are small closed-form functions of two weights (w1, w2), so every step can be drawn;
the steps themselves are taken by the engine's own optimizers (nl.SGD, nl.RMSprop, nl.Adam), the
same objects that train the networks, on a parameter array of two numbers.
"""
import numpy as np
from matplotlib.ticker import FuncFormatter

from ..optimizers import SGD, Adam, AdamW, RMSprop
from .alt_text import describe, listing, num
from .style import (BAD_COLOR, GUIDE_COLOR, SERIES_COLORS, SERIES_STYLES, SMALL_FONTSIZE, TRAIN_COLOR,
                    pyplot_figure)


def bowl(w):
    """An elongated bowl, 20 times steeper across than along: L = (w1^2 + 20 w2^2) / 2."""
    return 0.5 * (w[..., 0] ** 2 + 20 * w[..., 1] ** 2), np.stack([w[..., 0], 20 * w[..., 1]], -1)


def valley(w):
    """A curved valley (Rosenbrock's, scaled): L = (1 - w1)^2 + 10 (w2 - w1^2)^2, lowest at (1, 1)."""
    a, b = w[..., 0], w[..., 1]
    loss = (1 - a) ** 2 + 10 * (b - a * a) ** 2
    return loss, np.stack([-2 * (1 - a) - 40 * a * (b - a * a), 20 * (b - a * a)], -1)


SURFACES = {"bowl": (bowl, (-4.0, 2.0), ((-5, 5), (-2.5, 2.5)), (0.0, 0.0)),
            "valley": (valley, (-1.2, 1.0), ((-2, 2), (-1, 3)), (1.0, 1.0))}  # f, start, view, minimum
OPTIMIZERS = ("sgd", "momentum", "nesterov", "rmsprop", "adam")
# The optimizers that have no use for the momentum setting, and why (the explorer shows it).
IGNORES_MOMENTUM = {
    "sgd": "plain SGD has no momentum: pick momentum or nesterov to use this slider",
    "rmsprop": "RMSprop here has no momentum term: it divides each step by a running RMS of "
               "the gradients",
    "adam": "Adam keeps its own running mean of the gradients (β₁ = 0.9) instead: this slider "
            "does not change it",
}


def make_optimizer(name, lr, momentum=0.9):
    """One of OPTIMIZERS as an engine optimizer with learning rate ``lr``."""
    makers = {"sgd": lambda: SGD(lr), "momentum": lambda: SGD(lr, momentum=momentum),
              "nesterov": lambda: SGD(lr, momentum=momentum, nesterov=True),
              "rmsprop": lambda: RMSprop(lr), "adam": lambda: Adam(lr), "adamw": lambda: AdamW(lr)}
    if name not in makers:
        raise ValueError(f"Unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}.")
    return makers[name]()


def optimizer_path(name, lr, momentum=0.9, surface="bowl", steps=60):
    """Run an optimizer from the surface's start for ``steps`` steps.

    Returns a dict: 'path' (k, 2) the weights before each step and after the last, 'losses' (k,)
    the loss at each point; the run stops early once the loss is not finite or passes 1e6."""
    if surface not in SURFACES:
        raise ValueError(f"Unknown surface {surface!r}; choose one of {', '.join(SURFACES)}.")
    f, start, _, _ = SURFACES[surface]
    opt = make_optimizer(name, lr, momentum)
    w, grad = np.array(start, dtype=float), np.zeros(2)
    path, losses = [w.copy()], [float(f(w)[0])]
    with np.errstate(all="ignore"):
        for _ in range(steps):
            grad[...] = f(w)[1]
            opt.step([(w, grad)])
            path.append(w.copy())
            losses.append(float(f(w)[0]))
            if not np.isfinite(losses[-1]) or losses[-1] > 1e6:
                break
    return {"name": name, "lr": lr, "path": np.array(path), "losses": np.array(losses)}


class OptimizerScene:
    """Left: the loss surface's contours, the path of one optimizer and its last point.
    Right: the loss per step on a log scale."""
    LOSS_RANGE = (1e-6, 1e4)

    def __init__(self, fig, surface="bowl", steps=60):
        self.fig, self.steps = fig, steps
        self.ax_s, self.ax_l = fig.subplots(1, 2, width_ratios=[1.3, 1])
        self.surface = None
        self.path, = self.ax_s.plot([], [], "-o", color=TRAIN_COLOR, ms=2.5, lw=1.2)
        self.end, = self.ax_s.plot([], [], "X", color=BAD_COLOR, ms=8)
        self.star, = self.ax_s.plot([], [], "*", color="black", ms=10, zorder=3)  # the minimum
        for axis in (self.ax_s.xaxis, self.ax_s.yaxis):  # one tick width for every surface
            axis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.1f}".replace("-", "\u2212")))
        self.curve, = self.ax_l.plot([], [], color=TRAIN_COLOR, lw=1.5)
        self.ax_l.set_yscale("log")
        self.ax_l.set_ylim(self.LOSS_RANGE)
        self.ax_l.set_xlim(0, steps)
        self.ax_l.set_xlabel("step")
        self.ax_l.set_ylabel("loss")
        self.ax_l.grid(alpha=0.3, which="both")
        self.title = self.ax_l.set_title(" ", fontsize=9)
        self.dynamic = [self.path, self.end, self.curve, self.title]
        self._draw_surface(surface)

    def _draw_surface(self, surface):
        f, start, (xr, yr), minimum = SURFACES[surface]
        for artist in list(self.ax_s.collections):
            artist.remove()
        xs, ys = np.linspace(*xr, 160), np.linspace(*yr, 160)
        loss, _ = f(np.stack(np.meshgrid(xs, ys), -1))
        self.ax_s.contour(xs, ys, np.log10(loss + 1e-3), levels=14, colors=GUIDE_COLOR, linewidths=0.8)
        self.star.set_data([minimum[0]], [minimum[1]])
        self.ax_s.set_xlim(xr)
        self.ax_s.set_ylim(yr)
        self.ax_s.set_xlabel("$w_1$")
        self.ax_s.set_ylabel("$w_2$")
        self.ax_s.set_title(f"{surface}: contours of the loss, ★ its minimum", fontsize=9)
        self.surface = surface

    def update(self, optimizer="momentum", lr=0.03, momentum=0.9, surface="bowl"):
        """Run and draw; returns "layout" when the surface changed (new tick labels: a widget
        lays the figure out again so the axis labels stay inside it), else False."""
        full = surface != self.surface
        if full:
            self._draw_surface(surface)
        run = optimizer_path(optimizer, lr, momentum, surface, self.steps)
        path, losses = run["path"], np.clip(run["losses"], *self.LOSS_RANGE)
        self.path.set_data(path[:, 0], path[:, 1])
        self.end.set_data(path[-1:, 0], path[-1:, 1])
        self.curve.set_data(np.arange(len(losses)), losses)
        last = run["losses"][-1]
        state = (f"loss {last:.2e} after {len(losses) - 1} steps" if np.isfinite(last) and last <= 1e6
                 else f"diverged at step {len(losses) - 1}")
        self.title.set_text(f"{optimizer}, lr {lr:g}: {state}")
        self.run = run
        return "layout" if full else False

    def describe(self):
        """What the scene shows now, in words (its figure's text alternative)."""
        return _paths_description(self.surface, [self.run])


def plot_optimizers(names=OPTIMIZERS, lrs=None, surface="bowl", steps=60, momentum=0.9,
                    figsize=(10, 4)):
    """Static figure: several optimizers' paths on one surface (left, w1 and w2 on one scale) and
    their losses (right). ``lrs``: a learning rate per name (default 0.03 for every one). The loss
    axis reaches down to the lowest loss of any run (the live explorer stops at 1e-6)."""
    lrs = dict(lrs or {})
    fig = pyplot_figure(figsize)
    scene = OptimizerScene(fig, surface, steps)
    scene.ax_s.set_aspect("equal", adjustable="box")  # a round contour looks round
    for artist in (scene.path, scene.end, scene.curve):
        artist.remove()
    runs = [optimizer_path(name, lrs.get(name, 0.03), momentum, surface, steps) for name in names]
    lowest = min([loss for run in runs for loss in run["losses"] if 0 < loss], default=1.0)
    loss_range = (min(scene.LOSS_RANGE[0], 10 ** np.floor(np.log10(lowest))), scene.LOSS_RANGE[1])
    scene.ax_l.set_ylim(loss_range)
    for run, color, style in zip(runs, SERIES_COLORS, SERIES_STYLES):
        label = f"{run['name']} (lr {run['lr']:g})"
        scene.ax_s.plot(run["path"][:, 0], run["path"][:, 1], ls=style, color=color, lw=1.4,
                        label=label)
        scene.ax_l.plot(np.clip(run["losses"], *loss_range), ls=style, color=color, lw=1.4,
                        label=label)
    scene.ax_l.legend(fontsize=SMALL_FONTSIZE, loc="upper left", bbox_to_anchor=(1.01, 1))
    scene.title.set_text(f"loss per step, {steps} steps each")
    return describe(fig, _paths_description(surface, runs))


def _paths_description(surface, runs):
    """'Paths of sgd (lr 0.03) and adam ... on the bowl surface ...; final loss: ...'."""
    _, start, _, minimum = SURFACES[surface]
    finals = []
    for run in runs:
        last, steps = run["losses"][-1], len(run["losses"]) - 1
        end = (f"loss {num(last)} at ({num(run['path'][-1, 0])}, {num(run['path'][-1, 1])})"
               if np.isfinite(last) and last <= 1e6 else f"diverged at step {steps}")
        finals.append(f"{run['name']} (lr {run['lr']:g}): {end} after {steps} steps")
    what = "one path per optimizer, each with its own colour and line style" if len(runs) > 1 else "its path"
    return (f"Optimizers on the {surface} loss surface. Left: contours of the loss over w1 and w2, "
            f"the minimum at ({num(minimum[0])}, {num(minimum[1])}) as a star and {what} from "
            f"({num(start[0])}, {num(start[1])}). Right: the loss per step on a log scale. "
            f"{listing(finals)}.")
