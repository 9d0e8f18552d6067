"""Activation functions: each forward beside its backward.

Every backward is written in terms of the forward *output* ``a`` (never recomputing the forward),
which is all ReLU, leaky ReLU, sigmoid, tanh, softmax and linear need.

Sigmoid and softmax call ``exp`` of numbers that can be very negative: exp(-1000) underflows to 0,
which is the right answer to every digit a float holds. NumPy ignores underflow unless told
otherwise (``np.geterr()['under']`` is 'ignore'), so nothing here silences it per call.
"""
import numpy as np


class ActivationFunction:
    """Base class. ``forward(z) -> a`` and ``backward(da, a) -> dz``, arrays of shape (batch, units)."""
    name = "base"

    def forward(self, z):
        raise NotImplementedError

    def backward(self, da, a):
        raise NotImplementedError

    def derivative(self, z):
        """Elementwise derivative f'(z), used by plots (not by training)."""
        return self.backward(np.ones_like(z), self.forward(z))

    def __repr__(self):
        return f"{type(self).__name__}()"


class Linear(ActivationFunction):
    """f(z) = z (no activation)."""
    name = "linear"

    def forward(self, z):
        return z

    def backward(self, da, a):
        return da


class ReLU(ActivationFunction):
    """f(z) = max(0, z); f'(z) = 1 where z > 0, else 0."""
    name = "relu"

    def forward(self, z):
        return np.maximum(z, 0)

    def backward(self, da, a):
        return da * (a > 0)


class LeakyReLU(ActivationFunction):
    """f(z) = z for z > 0, alpha * z otherwise (alpha = 0.01), so negative inputs keep a small slope."""
    name = "leaky_relu"

    def __init__(self, alpha=0.01):
        self.alpha = alpha

    def forward(self, z):
        return np.where(z > 0, z, self.alpha * z)

    def backward(self, da, a):
        # a has the sign of z because alpha > 0
        return np.where(a > 0, da, self.alpha * da)


class Sigmoid(ActivationFunction):
    """f(z) = 1 / (1 + exp(-z)); f'(z) = a (1 - a). Stable for any z: exp only sees -|z|."""
    name = "sigmoid"

    def forward(self, z):
        e = np.exp(-np.abs(z))  # never overflows; exp(-1000) underflows to 0, the right answer
        r = 1 / (1 + e)
        return np.where(z >= 0, r, e * r)

    def backward(self, da, a):
        return da * a * (1 - a)


class Tanh(ActivationFunction):
    """f(z) = tanh(z); f'(z) = 1 - a^2."""
    name = "tanh"

    def forward(self, z):
        return np.tanh(z)

    def backward(self, da, a):
        return da * (1 - a * a)


class Softmax(ActivationFunction):
    """f(z)_k = exp(z_k) / sum_j exp(z_j) over the last axis; rows sum to 1.

    Notes: the max is subtracted first, so logits like 1e4 do not overflow. The backward is the
    Jacobian-vector product dz = a * (da - sum(da * a)). With cross-entropy the model skips it and
    uses the fused gradient p - y instead.
    """
    name = "softmax"

    def forward(self, z):  # far-below-max logits underflow to exactly 0, as they should
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def backward(self, da, a):
        return a * (da - (da * a).sum(axis=-1, keepdims=True))

    def derivative(self, z):
        raise TypeError("softmax has no elementwise derivative: each output depends on every input. "
                        "Use backward(da, a) for the Jacobian-vector product.")


ACTIVATIONS = {cls.name: cls for cls in (Linear, ReLU, LeakyReLU, Sigmoid, Tanh, Softmax)}


def get_activation(name):
    """Return the activation object for ``name`` (a string, None for linear, or an instance)."""
    if name is None:
        return Linear()
    if isinstance(name, ActivationFunction):
        return name
    if not isinstance(name, str):
        raise TypeError(f"activation must be a name such as 'relu', got {type(name).__name__}.")
    try:
        return ACTIVATIONS[name.lower()]()
    except KeyError:
        raise ValueError(f"Unknown activation {name!r}. Valid names: "
                         f"{', '.join(sorted(ACTIVATIONS))}.") from None
