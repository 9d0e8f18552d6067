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
