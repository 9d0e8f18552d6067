"""Layer health: what each layer's outputs, gradients and updates look like during training.

Two uses, both reading what the layers already keep from their last step (their forward caches
and their ``grads``), so nothing is computed for a healthy run that did not ask:

- ``LayerHealth``, a callback for ``fit``: activation statistics, dead and saturated units,
  gradient norms and the update-to-weight ratio of every trainable layer, into ``history.health``;
- ``find_divergence(model)``, which ``fit`` calls only after the loss went NaN or infinite, to
  name the first layer whose output or gradient did.
"""
import math

import numpy as np

from .callbacks import Callback

HIST_BINS = 20
# the fixed range of the output histograms, by the activation that produced the outputs
HIST_RANGES = {"sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0), "tanh": (-1.0, 1.0),
               "relu": (0.0, 5.0), "leaky_relu": (-1.0, 5.0), "linear": (-5.0, 5.0)}
SATURATED = {"sigmoid": 0.49, "tanh": 0.99}  # |a - centre| above this is a saturated unit


def layer_output(layer):
    """The output of ``layer``'s last forward pass, read from its cache, or None when the layer
    does not keep it (Flatten, Dropout, MaxPool2D) or has not run yet.

    Shapes: what the layer returned, (batch, units) for Dense; SimpleRNN gives every step's
    state (batch, T, units); BatchNorm and LayerNorm rebuild it as x_hat * gamma + beta from
    their cache (with the parameters as they are now, i.e. after the step)."""
    cache, kind = layer.cache, type(layer).__name__
    if cache is None:
        return None
    if kind in ("Dense", "SimpleRNN"):
        return cache[1]
    if kind == "Conv2D":
        return cache[2]
    if kind in ("Activation", "Residual"):
        return cache
    if kind in ("BatchNorm", "LayerNorm"):
        return cache[0] * layer.params["gamma"] + layer.params["beta"]
    return None


def layer_input(layer):
    """The input of the last forward pass when the layer keeps it (Dense, SimpleRNN), else None."""
    if layer.cache is not None and type(layer).__name__ in ("Dense", "SimpleRNN"):
        return layer.cache[0]
    return None


def activation_name(layer):
    """The activation whose output ``layer_output`` returns: 'relu', 'sigmoid', ... ('linear'
    for a layer without one, e.g. BatchNorm or Dense(activation=None))."""
    act = getattr(layer, "activation", None)
    return getattr(act, "name", "linear")


def weight_keys(layer):
    """The keys of the layer's weight matrices ('W', 'Wx', 'Wh', '0.W'); all its keys when it has
    none (BatchNorm's gamma and beta)."""
    keys = [k for k in layer.params if k.rsplit(".", 1)[-1].startswith("W")]
    return keys or list(layer.params)


def _finite(a):
    return a is None or bool(np.isfinite(a).all())


def find_divergence(model):
    """Where the last training step went non-finite: (layer name or None, where, detail).

    ``where`` is 'output' (the first layer, in forward order, whose output holds NaN or inf),
    'loss' (every output finite, the loss itself overflowed on the last layer's outputs: detail
    is their largest magnitude), 'gradient' (the first layer, in backward order, whose gradients
    are not finite) or None when nothing non-finite is found. Reads the caches and grads the
    failing step left behind; call it right after that step."""
    previous = None
    for layer in model.layers:
        if previous is not None and not _finite(layer_input(layer)):
            return previous.name, "output", None  # a layer that keeps no output (e.g. BatchNorm)
        out = layer_output(layer)
        if not _finite(out):
            return layer.name, "output", None
        previous = layer
    for layer in reversed(model.layers):
        if not all(_finite(g) for g in layer.grads.values()):
            return layer.name, "gradient", None
    last = model.layers[-1]
    out = layer_output(last)
    if out is not None:
        return last.name, "loss", float(np.abs(out).max())
    return None, None, None


def first_non_finite_weights(model):
    """The name of the first layer whose parameters hold NaN or inf, or None (one pass over the
    parameters: ``fit`` calls it once per epoch)."""
    for layer in model.layers:
        if not all(_finite(p) for p in layer.params.values()):
            return layer.name
    return None


def saturated_share(a, activation):
    """Share of the values of ``a`` in a flat tail of the activation: sigmoid |a - 0.5| > 0.49
    (a < 0.01 or a > 0.99), tanh |a| > 0.99; nan for other activations."""
    if activation == "sigmoid":
        return float(np.mean(np.abs(a - 0.5) > SATURATED["sigmoid"]))
    if activation == "tanh":
        return float(np.mean(np.abs(a) > SATURATED["tanh"]))
    return math.nan


def dead_share(a, activation):
    """Share of ReLU units (the last axis of ``a``) whose output is 0 for every example of the
    batch (and every position, for Conv2D and SimpleRNN); nan for other activations."""
    if activation != "relu":
        return math.nan
    alive = (a.reshape(-1, a.shape[-1]) > 0).any(axis=0)
    return float(1.0 - alive.mean())


def output_histogram(a, activation):
    """Counts (HIST_BINS,) of the values of ``a`` over the fixed range of its activation
    (HIST_RANGES); values outside the range count in the end bins."""
    lo, hi = HIST_RANGES.get(activation, HIST_RANGES["linear"])
    counts, _ = np.histogram(np.clip(a, lo, hi), bins=HIST_BINS, range=(lo, hi))
    return counts


def _norm(arrays):
    return math.sqrt(sum(float(np.vdot(a, a)) for a in arrays))


class LayerHealth(Callback):
    """Per-layer health during ``fit``, every ``every`` steps, into ``history.health``.

    For each trainable layer, on the batch of a recorded step:

    - ``mean``, ``std``: of the layer's outputs. A trainable layer followed directly by
      ``Activation`` layers is read after them (Dense(64) then Activation('relu') counts as one
      ReLU layer); otherwise its own output, after its own activation (Dense(64, 'relu'));
    - ``saturated``: share of outputs in a flat tail (sigmoid < 0.01 or > 0.99, tanh |a| > 0.99;
      nan for other activations); ``dead``: share of ReLU units at 0 for the whole batch (nan
      for other activations);
    - ``grad_norm``: L2 norm of the gradient of the layer's weight matrices (W; BatchNorm: gamma
      and beta), l2 term included;
    - ``update_ratio``: ||W_after - W_before|| / ||W_before|| over those arrays, for this step
      (Karpathy's rule of thumb: around 1e-3; far below, the layer barely learns; far above,
      the rate is too high). W_before is copied in ``on_batch_begin``, only on recorded steps;
    - ``hist``: counts (HIST_BINS,) of the outputs over a fixed range per activation
      (``hist_range``), for the dashboard.

    ``history.health`` is {layer name: {key: list over recorded steps, 'activation': name,
    'hist_range': (lo, hi)}, 'step': [global step numbers, counted from 1]}. Steps 1,
    1 + every, 1 + 2 every, ... are recorded. If training diverges, ``model.history_.health``
    keeps the steps before the failure.
    """

    KEYS = ("mean", "std", "saturated", "dead", "grad_norm", "update_ratio", "hist")

    def __init__(self, every=1):
        if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
            raise ValueError(f"every must be a whole number of steps >= 1, got {every!r}.")
        self.every = int(every)

    def on_train_begin(self, logs):
        layers = self.model.layers
        self.watched = []  # (trainable layer, the layer whose output stands for it)
        for i, layer in enumerate(layers):
            if not layer.trainable:
                continue
            reader = layer
            for after in layers[i + 1:]:
                if type(after).__name__ != "Activation":
                    break
                reader = after
            self.watched.append((layer, reader))
        self.health = {"step": []}
        for layer, reader in self.watched:
            act = activation_name(reader)
            self.health[layer.name] = {**{k: [] for k in self.KEYS}, "activation": act,
                                       "hist_range": HIST_RANGES.get(act, HIST_RANGES["linear"])}
        self.model.history_.health = self.health
        self.t, self._before = 0, None

    def on_batch_begin(self, batch, logs):
        self.t += 1
        if (self.t - 1) % self.every == 0:
            self._before = [[layer.params[k].copy() for k in weight_keys(layer)]
                            for layer, _ in self.watched]

    def on_batch_end(self, batch, logs):
        if self._before is None:
            return
        self.health["step"].append(self.t)
        for (layer, reader), before in zip(self.watched, self._before):
            rec, act = self.health[layer.name], self.health[layer.name]["activation"]
            out = layer_output(reader)
            if out is None:
                out = np.full(1, np.nan)
            keys = weight_keys(layer)
            rec["mean"].append(float(out.mean()))
            rec["std"].append(float(out.std()))
            rec["saturated"].append(saturated_share(out, act))
            rec["dead"].append(dead_share(out, act))
            rec["grad_norm"].append(_norm(layer.grads[k] for k in keys))
            moved = _norm(layer.params[k] - w for k, w in zip(keys, before))
            size = _norm(before)
            rec["update_ratio"].append(moved / size if size > 0 else math.nan)
            rec["hist"].append(output_histogram(out, act))
        self._before = None
