"""LayerNorm: standardise each example over its own features, then rescale, y = gamma * x_hat + beta.

BatchNorm's formula on the other axis: the mean and variance are taken over the features of one
example, not over the batch, so an example's output never depends on the rest of its batch and the
layer computes the same in training and at inference (no running statistics).
"""
import numpy as np

from .base import Layer, format_shape
from .registry import register


@register
class LayerNorm(Layer):
    """Layer normalisation over the last (feature) axis, one example (one position) at a time.

    Parameters
    ----------
    eps : float > 0, added to the variance to avoid dividing by zero.

    Shapes: x (batch, D) or (batch, ..., D) (the last axis holds the features) -> y (same shape);
    gamma (D,); beta (D,).

    Notes: over the D features of each example (each row),
    mu = mean(x), var = mean((x - mu)^2), x_hat = (x - mu) / sqrt(var + eps), y = gamma x_hat + beta.
    """

    grads_in_place = True  # backward writes into grads' arrays (see Layer)

    def __init__(self, eps=1e-5, name=None):
        if not eps > 0:
            raise ValueError(f"LayerNorm eps must be positive, got {eps!r}; 1e-5 is usual.")
        super().__init__(name=name)
        self.eps = float(eps)

    def build(self, input_shape, rng=None):
        d = input_shape[-1]
        self.params = {"gamma": np.ones(d, dtype="float32"), "beta": np.zeros(d, dtype="float32")}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        super().build(input_shape, rng)

    def forward(self, x, training=False):
        """x (batch, ..., D) -> y (same shape); the same in training and at inference."""
        if not self.built or x.shape[1:] != self.input_shape:
            self._shape_error(x)
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        var = (centred * centred).mean(axis=-1, keepdims=True)
        inv_std = 1 / np.sqrt(var + self.eps)  # (batch, ..., 1): one per example
        x_hat = centred * inv_std
        self.cache = (x_hat, inv_std)
        return x_hat * self.params["gamma"] + self.params["beta"]

    def backward(self, dy):
        """dy (batch, ..., D) -> dx (same shape); fills grads['gamma'], grads['beta'].

        Notes: with g = dy * gamma, dx = (g - mean(g) - x_hat * mean(g * x_hat)) / std, the means
        over each example's features: mu and var depend on every feature of the example."""
        x_hat, inv_std = self.cache
        d = x_hat.shape[-1]
        self.grads["gamma"][...] = (dy * x_hat).reshape(-1, d).sum(axis=0)
        self.grads["beta"][...] = dy.reshape(-1, d).sum(axis=0)
        if not self.needs_input_grad:
            return None
        g = dy * self.params["gamma"]
        dx = g - g.mean(axis=-1, keepdims=True)
        dx -= x_hat * (g * x_hat).mean(axis=-1, keepdims=True)
        dx *= inv_std
        return dx

    def check_input(self, x):
        """Raise a clear error unless x has shape (batch, *input_shape) (used by ``layer(x)``)."""
        if x.shape[1:] != self.input_shape:
            self._shape_error(x)

    def _shape_error(self, x):
        if not self.built:
            raise ValueError(f"LayerNorm layer '{self.name}' has no weights yet: call "
                             "layer.build(input_shape) or put it in a Sequential.")
        raise ValueError(f"LayerNorm layer '{self.name}' expects input of shape "
                         f"{format_shape(self.input_shape)}, got {tuple(x.shape)}.")

    def describe(self):
        return "LayerNorm"

    def get_config(self):
        return {"name": self.name, "eps": self.eps}

    def __repr__(self):
        return f"LayerNorm(eps={self.eps:g}, name={self.name!r})"
