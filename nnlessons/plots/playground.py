"""The playground: TensorFlow Playground rebuilt on nnlessons, with several classes (spirals).

Three parts, usable apart:

* ``PlaygroundState``: data, model and loss curves, no drawing. ``step(epochs)`` trains.
* ``PlaygroundScene``: the figure. The decision boundary with class probabilities (train points
  with white edges, test points with black ones), train and test loss per epoch, and the first
  hidden layer's neurons as small heatmaps over the same plane (orange negative, blue positive).
* ``plot_playground``: trains a state with fixed settings and draws the scene, for a lesson's
  static figure. The widget (``playground()``) is in nnlessons.playground_widget.

Training uses plain SGD, like the original; a learning rate that makes the loss overflow stops
training with a message instead of an error. Every random choice comes from ``rng``.
"""
import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import MaxNLocator

from ..datasets import make_blobs, make_circles, make_moons, make_spirals, make_xor
from ..errors import TrainingDiverged
from ..mlp import mlp
from ..optimizers import SGD
from ..randomness import check_rng
from .boundary import data_extent, draw_boundary, grid_points, probability_image
from .alt_text import describe, num, trend
from .style import (CLASS_COLORS, TRAIN_COLOR, TRAIN_STYLE, VAL_COLOR, VAL_STYLE, WRONG_TEXT,
                    class_marker, pyplot_figure)

DATASETS = {"moons": make_moons, "circles": make_circles, "spirals": make_spirals, "xor": make_xor,
            "blobs": make_blobs}
ACTIVATIONS = ("tanh", "relu", "sigmoid", "leaky_relu", "linear")
LEARNING_RATES = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
L2_STRENGTHS = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
MAX_LAYERS, MAX_NEURONS = 6, 8


class PlaygroundState:
    """Data, model and history of one playground session (no drawing).

    Parameters
    ----------
    dataset : 'moons', 'circles', 'spirals' (3 classes), 'xor' or 'blobs'.
    noise : passed to the data set's maker.
    hidden_layers : how many hidden layers (0 is logistic regression).
    neurons : one width for every hidden layer, or a width per layer (a sequence of at least
        ``hidden_layers`` numbers; widths past ``hidden_layers`` are not used).
    activation : of the hidden layers.
    learning_rate, batch_size, l2 : SGD settings (l2 via ``model.compile(..., l2=...)``).
    n_points : data size, of which ``test_fraction`` is held out.
    rng : seed or Generator for the data and every weight reset.
    """

    def __init__(self, dataset="moons", noise=0.1, hidden_layers=2, neurons=4, activation="tanh",
                 learning_rate=0.03, batch_size=10, l2=0.0, n_points=300, test_fraction=1 / 3,
                 rng=0):
        self._rng = check_rng(rng)
        self._data_seed = int(self._rng.integers(2 ** 31))
        self.n_points, self.test_fraction = int(n_points), float(test_fraction)
        self.hidden_layers, self.neurons, self.activation = hidden_layers, neurons, activation
        self.learning_rate, self.l2, self.batch_size = learning_rate, l2, batch_size
        self.set_data(dataset, noise)

    # --- settings ------------------------------------------------------------------------------
    def set_data(self, dataset, noise):
        """New data (same seed, so going back to a data set gives the same points); resets."""
        if dataset not in DATASETS:
            raise ValueError(f"Unknown data set {dataset!r}. Choose one of {', '.join(DATASETS)}.")
        self.dataset, self.noise = dataset, float(noise)
        X, y = DATASETS[dataset](self.n_points, noise=self.noise, rng=self._data_seed)
        n_train = round(len(X) * (1 - self.test_fraction))
        self.X_train, self.y_train = X[:n_train], y[:n_train]
        self.X_test, self.y_test = X[n_train:], y[n_train:]
        self.n_classes = int(y.max()) + 1
        self.extent = data_extent(X, margin=0.1)
        self.reset()

    def set_architecture(self, hidden_layers, neurons, activation):
        self.hidden_layers, self.neurons, self.activation = hidden_layers, neurons, activation
        self.reset()

    def set_optimizer(self, learning_rate, l2):
        """Change SGD's learning rate and the L2 strength, keeping the weights."""
        self.learning_rate, self.l2 = learning_rate, l2
        self.model.compile("cross_entropy", SGD(learning_rate), l2=l2)

    @property
    def widths(self):
        """Neurons in each hidden layer, e.g. [8, 4] for a 2-8-4-K network."""
        n, layers = self.neurons, int(self.hidden_layers)
        if np.ndim(n) == 0:
            return [int(n)] * layers
        if len(n) < layers:
            raise ValueError(f"neurons gives {len(n)} layer width(s) ({list(n)}) for {layers} hidden "
                             f"layers; give one width per layer, or a single number for all of them.")
        return [int(w) for w in n[:layers]]

    @property
    def architecture(self):
        """The network's widths as text, inputs to outputs: '2-8-4-2'."""
        return "-".join(map(str, [2, *self.widths, self.n_classes]))

    def reset(self):
        """Fresh weights (the next seed from rng) and empty loss curves (epoch 0 measured)."""
        self.model = mlp(2, self.widths, self.n_classes, self.activation,
                         rng=int(self._rng.integers(2 ** 31)))
        self.set_optimizer(self.learning_rate, self.l2)
        self.diverged = None
        self.train_loss = [self.model.evaluate(self.X_train, self.y_train)["loss"]]
        scores = self.model.evaluate(self.X_test, self.y_test)
        self.test_loss, self.test_accuracy = [scores["loss"]], [scores["accuracy"]]

    # --- training ------------------------------------------------------------------------------
    @property
    def epoch(self):
        return len(self.train_loss) - 1

    def step(self, epochs=1):
        """Train ``epochs`` more epochs. After divergence nothing happens until ``reset()``."""
        if self.diverged:
            return
        history = None
        try:
            history = self.model.fit(self.X_train, self.y_train, epochs=epochs,
                                     batch_size=int(self.batch_size), verbose=0,
                                     validation_data=(self.X_test, self.y_test))
        except TrainingDiverged as exc:
            history = self.model.history_
            self.diverged = (f"Diverged at epoch {self.epoch + exc.epoch}: the loss overflowed. "
                             "Lower the learning rate (or L2) and press Reset.")
        self.train_loss += history.loss[:len(history.val_loss)]
        self.test_loss += history.val_loss
        self.test_accuracy += history.val_accuracy


_NEURON_CMAP = LinearSegmentedColormap.from_list(
    "playground", [CLASS_COLORS[0], "#ffffff", CLASS_COLORS[1]]).with_extremes(bad="white")


class PlaygroundScene:
    """The playground's figure; ``update(state)`` redraws it from a PlaygroundState and returns
    True when the loss axes' limits changed (then a widget must redraw everything, not just the
    artists in ``dynamic``).

    ``captions=False`` leaves the per-epoch numbers out of the figure (the widget prints them in
    its status line instead: text is the slowest thing to draw)."""
    TILE_ROWS, TILE_COLS, TILE = 2, 4, 25

    def __init__(self, fig, resolution=100, captions=True):
        self.fig, self.resolution, self.captions = fig, resolution, captions
        gs = fig.add_gridspec(2, 2, width_ratios=[1.05, 1], height_ratios=[1, 1])
        self.ax_b = fig.add_subplot(gs[:, 0])
        self.ax_l = fig.add_subplot(gs[0, 1])
        self.ax_n = fig.add_subplot(gs[1, 1])
        self.boundary = self.ax_b.imshow(np.full((2, 2, 4), 255, dtype=np.uint8), origin="lower",
                                         aspect="auto", interpolation="nearest")
        # No tick labels on the plane (the coordinates mean little here): switching data sets
        # then changes only the dynamic artists, not the cached background.
        self.ax_b.set_xticks([])
        self.ax_b.set_yticks([])
        self.ax_b.set_xlabel("$x_1$")
        self.ax_b.set_ylabel("$x_2$")
        self.ax_b.set_title("train: white edge, test: black edge", fontsize=9)
        # The training loss is fit's running mean over each epoch's batches (the weights move
        # meanwhile); the test loss is measured with the weights at the end of the epoch.
        self.train_line, = self.ax_l.plot([], [], color=TRAIN_COLOR, ls=TRAIN_STYLE["ls"],
                                          label="train (mean over the epoch)")
        self.test_line, = self.ax_l.plot([], [], color=VAL_COLOR, ls=VAL_STYLE["ls"],
                                         label="test (after the epoch)")
        self.ax_l.set_xlabel("epoch")
        self.ax_l.set_ylabel("loss")
        self.ax_l.legend(loc="upper right", fontsize=8)
        self.loss_title = self.ax_l.set_title("loss per epoch", fontsize=9)
        t, r, c = self.TILE, self.TILE_ROWS, self.TILE_COLS
        self.tiles = self.ax_n.imshow(np.full((r * (t + 2), c * (t + 2)), np.nan), cmap=_NEURON_CMAP,
                                      vmin=-1, vmax=1, interpolation="nearest")
        self.ax_n.set_axis_off()
        self.tile_title = self.ax_n.set_title(" ", fontsize=9)
        for axis in (self.ax_l.xaxis, self.ax_l.yaxis):
            axis.set_major_locator(MaxNLocator(5))  # fewer labels: full redraws are mostly text
        self.data_id = None
        self.points = []
        self._lines = [self.train_line, self.test_line, self.tiles, self.tile_title]
        self.dynamic = [self.boundary] + self._lines + ([self.loss_title] if captions else [])

    def update(self, state):
        self._update_data(state)
        grid = grid_points(state.extent, self.resolution)
        with np.errstate(all="ignore"):  # weights may be inf/NaN after divergence
            outputs = state.model.forward(grid, trace=True)
            p = np.nan_to_num(outputs[-1], nan=1 / state.n_classes)
        self.boundary.set_data(probability_image(p, (self.resolution, self.resolution)))
        self.p = p  # kept for the static figure's boundary line
        self._update_tiles(state, outputs[0] if len(outputs) > 1 else None)
        return self._update_losses(state)

    def _update_data(self, state):
        data_id = (state.dataset, state.noise, id(state.X_train))
        if data_id == self.data_id:
            return
        self.data_id = data_id
        for line in self.points:
            line.remove()
        self.points = []
        # One marker line per class and split: Agg stamps same-coloured markers fastest.
        for X, y, edge in ((state.X_train, state.y_train, "white"), (state.X_test, state.y_test, "black")):
            for k in range(state.n_classes):
                self.points += self.ax_b.plot(X[y == k, 0], X[y == k, 1], class_marker(k),
                                              ms=4, mew=0.6, mfc=CLASS_COLORS[k], mec=edge)
        self.dynamic = [self.boundary] + self.points + self._lines + (
            [self.loss_title] if self.captions else [])
        self.boundary.set_extent(state.extent)
        self.ax_b.set_xlim(state.extent[:2])
        self.ax_b.set_ylim(state.extent[2:])

    def describe(self, state):
        """What the scene shows for ``state``, in words (its figure's text alternative)."""
        n_train, n_test = len(state.y_train), len(state.y_test)
        text = (f"Playground: {state.dataset} data with noise {num(state.noise)}, {state.n_classes} "
                f"classes, {n_train} training points (white edges) and {n_test} test points (black "
                f"edges), one colour and marker per class; network {state.architecture} with "
                f"{state.activation} hidden layers, learning rate {state.learning_rate:g}, after "
                f"{state.epoch} epochs. Left: the class probabilities over the plane. Top right: ")
        if state.diverged:
            return text + f"the loss per epoch until training diverged. {state.diverged}"
        train = "the training loss (per epoch, the mean over its batches while the weights moved)"
        text += (f"{trend(train, state.train_loss, first=0)}; "
                 f"{trend('the test loss (dashed)', state.test_loss, first=0)}; test accuracy "
                 f"{num(state.test_accuracy[-1])}. Bottom right: ")
        if state.hidden_layers == 0:
            return text + "nothing, there is no hidden layer (logistic regression)."
        return text + ("the first hidden layer's neurons, each as a small map of its output over the "
                       "plane, orange negative, blue positive.")

    def _update_tiles(self, state, hidden):
        t, r, c = self.TILE, self.TILE_ROWS, self.TILE_COLS
        canvas = np.full((r * (t + 2), c * (t + 2)), np.nan)
        if hidden is None:
            title = "no hidden layer: a straight boundary (logistic regression)"
        else:
            n = min(hidden.shape[1], r * c)
            step = max(self.resolution // t, 1)
            maps = hidden.reshape(self.resolution, self.resolution, -1)[::step, ::step][:t, :t]
            for k in range(n):
                a = np.nan_to_num(maps[:, :, k].astype(float), posinf=0.0, neginf=0.0)
                a = a / (np.abs(a).max() or 1.0)
                row, col = divmod(k, c)
                canvas[row * (t + 2) + 1:row * (t + 2) + 1 + a.shape[0],
                       col * (t + 2) + 1:col * (t + 2) + 1 + a.shape[1]] = a[::-1]
            title = (f"first hidden layer: {hidden.shape[1]} neuron{'s' * (hidden.shape[1] != 1)}"
                     + (f" (first {n} shown)" if n < hidden.shape[1] else ""))
        self.tiles.set_data(canvas)
        self.tile_title.set_text(title)

    def _update_losses(self, state):
        epochs = np.arange(len(state.train_loss))
        with np.errstate(all="ignore"):
            train = np.nan_to_num(np.asarray(state.train_loss, dtype=float), posinf=1e6)
            test = np.nan_to_num(np.asarray(state.test_loss, dtype=float), posinf=1e6)
        self.train_line.set_data(epochs, train)
        self.test_line.set_data(epochs, test)
        if self.captions:
            if state.diverged:
                self.loss_title.set_text("diverged: lower the learning rate, then Reset")
                self.loss_title.set_color(WRONG_TEXT)
            else:
                self.loss_title.set_text(f"epoch {state.epoch}: train {train[-1]:.3f}, "
                                         f"test {test[-1]:.3f}, accuracy {state.test_accuracy[-1]:.2f}")
                self.loss_title.set_color("black")
        # Limits change in jumps, so most redraws only touch the lines (the fast path): epochs
        # 50, 100, 200, ...; loss up to 1.25 ln(K) (where every fresh network starts), higher
        # only while a run's loss goes above that.
        x_max = 50 * 2 ** max(0, int(np.ceil(np.log2(max(state.epoch, 1) / 50))))
        y_max = np.ceil(12.5 * np.log(state.n_classes)) / 10
        if max(train.max(), test.max()) > y_max:
            y_max = 1.1 * max(train.max(), test.max())
        limits = ((0, x_max), (0, y_max))
        if limits == (self.ax_l.get_xlim(), self.ax_l.get_ylim()):
            return False
        self.ax_l.set_xlim(limits[0])
        self.ax_l.set_ylim(limits[1])
        return True


def plot_playground(state=None, epochs=200, figsize=(9.6, 4.4), **settings):
    """Static figure of the playground: train a PlaygroundState(**settings) for ``epochs`` (or draw
    the given ``state`` as it is) and draw the class probabilities with the decision boundary as
    a dark line, the loss curves and the first-layer neurons. (The live widget leaves the line out:
    it redraws many times a second.)"""
    if state is None:
        state = PlaygroundState(**settings)
        state.step(epochs)
    fig = pyplot_figure(figsize)
    scene = PlaygroundScene(fig)
    scene.update(state)
    draw_boundary(scene.ax_b, scene.p, state.extent, (scene.resolution, scene.resolution))
    return describe(fig, scene.describe(state).replace("over the plane.", "over the plane, with "
                                                       "the decision boundary as a dark line.", 1))
