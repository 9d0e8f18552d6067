"""Depth and gradient flow: train deep narrow networks briefly and look at each layer's gradient.

Without skip connections, the gradient reaching the first layers of a deep sigmoid network is many
orders of magnitude smaller than at the top (each layer multiplies it by f'(z) <= 0.25 and by its
weights), so those layers barely learn. Residual blocks, y = x + F(x), give the gradient a path
that skips every F, and the first layers learn as fast as the last. Used by depth_explorer();
``plot_depth`` draws the same figure for a lesson's static cell. Runs are short (8 epochs of 4
batches, plain SGD) so that the explorer answers a slider move in about a tenth of a second.
"""
import numpy as np
from matplotlib.collections import PolyCollection

from ..datasets import make_spirals
from ..errors import TrainingDiverged
from ..mlp import mlp
from ..optimizers import SGD
from .alt_text import describe, num, trend
from .style import BOUNDARY_COLOR, TRAIN_COLOR, VAL_COLOR, WRONG_TEXT, pyplot_figure


def build_deep_model(depth, skip=False, activation="sigmoid", width=16, n_classes=3, rng=0):
    """``depth`` hidden layers of ``width`` units for 2-D inputs, then a softmax output; with
    ``skip``, every hidden layer after the first is a residual block (see ``nl.mlp``)."""
    return mlp(2, [width] * depth, n_classes, activation, residual=skip, rng=rng)


def depth_run(depth=10, skip=False, activation="sigmoid", epochs=8, rng=0):
    """Train ``build_deep_model(depth, skip, activation)`` on 200 spiral points for ``epochs``.

    Returns a dict: 'grad_norms' (depth + 1,) each trainable layer's mean gradient norm in the
    first epoch (input side first, output layer last), 'losses' (epochs,) the training loss per
    epoch, 'diverged_at' (epoch or None)."""
    X, y = make_spirals(200, n_classes=3, noise=0.2, rng=rng)
    # Plain SGD: what the gradient norms show is what the weights get (Adam would rescale them).
    model = build_deep_model(depth, skip, activation, rng=rng).compile("cross_entropy", SGD(0.1))
    diverged_at = None
    try:
        model.fit(X, y, epochs=epochs, batch_size=50, verbose=0, record_grad_norms=True)
    except TrainingDiverged as exc:
        diverged_at = exc.epoch
    history = model.history_
    grad_norms = np.array(history.grad_norms[0]) if history.grad_norms else np.full(depth + 1, np.nan)
    return {"grad_norms": grad_norms, "losses": np.array(history.loss), "diverged_at": diverged_at,
            "depth": depth, "skip": skip, "activation": activation}


class DepthScene:
    """Left: each layer's gradient norm in the first epoch (log scale; the output layer in orange,
    outlined).
    Right: the training loss per epoch. The widget keeps the axes fixed, so only the bars and the
    curve change, except that the loss axis grows when a loss would be cut off; the static figure
    fits both axes to its run (``fit_axes``)."""
    MAX_DEPTH, NORM_RANGE, LOSS_TOP = 20, (1e-16, 1e2), 1.6

    def __init__(self, fig, epochs=8, rng=0):
        self.fig, self.epochs, self.rng = fig, epochs, rng
        self.ax_g, self.ax_l = fig.subplots(1, 2, width_ratios=[1.4, 1])
        # All bars are one PolyCollection: one artist to redraw instead of 21.
        self.bars = PolyCollection([], facecolors=TRAIN_COLOR)
        self.ax_g.add_collection(self.bars)
        self.ax_g.set_yscale("log")
        self.ax_g.set_ylim(self.NORM_RANGE)
        self.ax_g.set_xlim(0.4, self.MAX_DEPTH + 1.6)
        self.ax_g.set_xticks([1, 5, 10, 15, 20])
        self.ax_g.set_xlabel("layer (input side → output)")
        self.ax_g.set_ylabel("gradient norm, epoch 1")
        self.title = self.ax_g.set_title(" ", fontsize=9)
        self.curve, = self.ax_l.plot([], [], "-o", color=TRAIN_COLOR, ms=3)
        self.ax_l.set_xlim(0.5, epochs + 0.5)
        self.ax_l.set_ylim(0, self.LOSS_TOP)
        self.ax_l.axhline(np.log(3), color="0.5", ls=":", lw=1)  # guessing among 3 classes
        self.ax_l.set_xlabel("epoch")
        self.ax_l.set_ylabel("training loss")
        self.loss_title = self.ax_l.set_title(" ", fontsize=9)
        self.run = None
        self.dynamic = [self.bars, self.curve, self.title, self.loss_title]

    def update(self, depth, skip, activation):
        if not 1 <= depth <= self.MAX_DEPTH:
            raise ValueError(f"depth must be between 1 and {self.MAX_DEPTH}, got {depth}.")
        self.run = run = depth_run(depth, skip, activation, self.epochs, self.rng)
        norms = np.clip(np.nan_to_num(run["grad_norms"], nan=0.0), *self.NORM_RANGE)
        bottom = self.NORM_RANGE[0]
        self.bars.set_verts([[(i + 0.6, bottom), (i + 0.6, h), (i + 1.4, h), (i + 1.4, bottom)]
                             for i, h in enumerate(norms)])
        self.bars.set_facecolor([TRAIN_COLOR] * (len(norms) - 1) + [VAL_COLOR])
        self.bars.set_edgecolor([TRAIN_COLOR] * (len(norms) - 1) + [BOUNDARY_COLOR])  # not only colour
        ratio = norms[0] / norms[-2] if len(norms) > 1 else 1.0
        kind = "with skips" if skip else "no skips"
        self.title.set_text(f"{depth} × {activation}, {kind}: first / last hidden layer "
                            f"gradient = {ratio:.1e}")
        losses = np.clip(run["losses"], 0, 10 * self.LOSS_TOP)
        self.curve.set_data(np.arange(1, len(losses) + 1), losses)
        if run["diverged_at"] is not None:
            self.loss_title.set_text(f"diverged at epoch {run['diverged_at']}")
            self.loss_title.set_color(WRONG_TEXT)
        else:
            self.loss_title.set_text(f"final loss {run['losses'][-1]:.4f}")
            self.loss_title.set_color("black")
        finite = losses[np.isfinite(losses)]
        top = max(self.LOSS_TOP, 1.1 * float(finite.max())) if finite.size else self.LOSS_TOP
        if top != self.ax_l.get_ylim()[1]:
            self.ax_l.set_ylim(0, top)  # never cut the first epochs off
            return True
        return False

    def describe(self):
        """What the scene shows now, in words (its figure's text alternative)."""
        run = self.run
        norms = run["grad_norms"]
        kind = "with skip connections" if run["skip"] else "without skip connections"
        text = (f"Left: gradient norm of each of the {len(norms)} trainable layers in the first epoch "
                f"of a network of {run['depth']} {run['activation']} layers {kind}, log scale: "
                f"{num(norms[0])} at layer 1, ")
        if len(norms) > 2:
            text += f"{num(norms[-2])} at the last hidden layer, "
        text += f"{num(norms[-1])} at the output layer (orange, outlined). Right: "
        if run["diverged_at"] is not None:
            return text + f"training diverged at epoch {run['diverged_at']}."
        return text + trend("the training loss", run["losses"]) + "."

    def fit_axes(self):
        """Fit both axes to the current run: layers 1..depth + 1, norms within a decade."""
        norms = self.run["grad_norms"]
        n = len(norms)
        self.ax_g.set_xlim(0.4, n + 0.6)
        self.ax_g.set_xticks(range(1, n + 1, max(1, n // 5)))
        shown = norms[np.isfinite(norms) & (norms > 0)]
        if shown.size:
            low = max(10.0 ** np.floor(np.log10(shown.min())), self.NORM_RANGE[0])
            self.ax_g.set_ylim(low, 10.0 ** np.ceil(np.log10(shown.max()) + 0.3))


def plot_depth(depth=10, skip=False, activation="sigmoid", epochs=8, figsize=(9, 3.4)):
    """Static figure of depth_explorer(): gradient norms per layer and the loss of a brief run."""
    fig = pyplot_figure(figsize)
    scene = DepthScene(fig, epochs)
    scene.update(depth, skip, activation)
    scene.fit_axes()
    return describe(fig, scene.describe())
