"""Weight initialisers: ``init(shape, rng) -> array``, with fan_in = shape[0] (times the kernel size
for convolutions) and fan_out = shape[-1].

He (std = sqrt(2 / fan_in)) keeps the variance of ReLU activations constant from layer to layer;
Glorot (limit = sqrt(6 / (fan_in + fan_out))) does the same for tanh and sigmoid.
"""
import numpy as np


def _fans(shape):
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


def he_normal(shape, rng):
    fan_in, _ = _fans(shape)
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)


def he_uniform(shape, rng):
    fan_in, _ = _fans(shape)
    limit = np.sqrt(6.0 / fan_in)
    return rng.uniform(-limit, limit, size=shape)


def glorot_uniform(shape, rng):
    fan_in, fan_out = _fans(shape)
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)


def glorot_normal(shape, rng):
    fan_in, fan_out = _fans(shape)
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=shape)


def zeros(shape, rng=None):
    return np.zeros(shape)


def normal(std):
    """An initialiser drawing N(0, std^2): use it to show what a bad scale does to deep networks."""
    def init(shape, rng):
        return rng.normal(0.0, std, size=shape)
    init.__name__ = f"normal({std:g})"
    return init


def constant(value):
    """Every weight equal to ``value``: the symmetry experiment of lesson 01."""
    def init(shape, rng=None):
        return np.full(shape, float(value))
    init.__name__ = f"constant({value:g})"
    return init


INITIALIZERS = {f.__name__: f for f in (he_normal, he_uniform, glorot_uniform, glorot_normal, zeros)}
INITIALIZERS.update(he=he_normal, glorot=glorot_uniform)


def default_for(activation_name):
    """He for the ReLU family, Glorot for everything else (sigmoid, tanh, softmax, linear)."""
    return he_normal if activation_name in ("relu", "leaky_relu") else glorot_uniform


def get_initializer(init, activation_name="linear"):
    if init is None:
        return default_for(activation_name)
    if callable(init):
        return init
    if isinstance(init, str) and init in INITIALIZERS:
        return INITIALIZERS[init]
    raise ValueError(f"Unknown init {init!r}. Valid names: {', '.join(sorted(INITIALIZERS))}, "
                     "or a callable init(shape, rng) -> array (see nnlessons.initializers.normal).")
