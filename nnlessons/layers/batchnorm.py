"""BatchNorm: standardise each feature over the batch, then rescale, y = gamma * x_hat + beta.

In training x_hat uses the batch's own mean and variance, and running averages of both are kept;
at inference x_hat uses those running averages, so a prediction does not depend on its batch.
"""
import numpy as np

from .base import Layer, format_shape
from .registry import register


def _column_sums(a):
    """Sum of each column of a (m, D) array, as a matrix product: NumPy's own axis-0 reductions
    are many times slower on tall, narrow arrays like these."""
    return np.ones(len(a), dtype=a.dtype) @ a


@register
class BatchNorm(Layer):
    """Batch normalisation over the last (feature or channel) axis.

    Parameters
    ----------
    momentum : float in [0, 1), weight of the old value in the running averages.
    eps : float > 0, added to the variance to avoid dividing by zero.

    Shapes: x (batch, D) or (batch, H, W, D) (any rank: the last axis holds the features)
    -> y (same shape); gamma (D,); beta (D,);
    buffers running_mean (D,), running_var (D,), saved with the model but not trained.

    Notes: over the m = batch (x H x W) values of each feature,
    mu = mean(x), var = mean((x - mu)^2), x_hat = (x - mu) / sqrt(var + eps), y = gamma x_hat + beta;
    running <- momentum * running + (1 - momentum) * batch value.
    """

    grads_in_place = True  # backward writes into grads' arrays (see Layer)

    def __init__(self, momentum=0.9, eps=1e-5, name=None):
        if not 0 <= momentum < 1:
            raise ValueError(f"BatchNorm momentum must be in [0, 1), got {momentum!r}; "
                             "0.9 or 0.99 are usual.")
        if not eps > 0:
            raise ValueError(f"BatchNorm eps must be positive, got {eps!r}; 1e-5 is usual.")
        super().__init__(name=name)
        self.momentum = float(momentum)
        self.eps = float(eps)
        self.buffers = {}

    def build(self, input_shape, rng=None):
        d = input_shape[-1]
        self.params = {"gamma": np.ones(d, dtype="float32"), "beta": np.zeros(d, dtype="float32")}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        self.buffers = {"running_mean": np.zeros(d, dtype="float32"),
                        "running_var": np.ones(d, dtype="float32")}
        super().build(input_shape, rng)

    @property
    def n_non_trainable(self):
        """Numbers saved with the layer but not trained: the running mean and variance."""
        return int(sum(v.size for v in self.buffers.values()))

    def forward(self, x, training=False):
        """x (batch, ..., D) -> y (same shape)."""
        if not self.built or x.shape[1:] != self.input_shape:
            self._shape_error(x)
        x2 = x.reshape(-1, x.shape[-1])  # (m, D): one row per value of each feature
        if training:
            mean = _column_sums(x2) / len(x2)
            centred = x2 - mean
            var = _column_sums(centred * centred) / len(x2)
            m = self.momentum
            for key, value in (("running_mean", mean), ("running_var", var)):
                buf = self.buffers[key]
                buf *= m
                buf += (1 - m) * value.astype(buf.dtype, copy=False)
        else:
            centred = x2 - self.buffers["running_mean"]
            var = self.buffers["running_var"]
        inv_std = 1 / np.sqrt(var + self.eps)
        x_hat = centred
        x_hat *= inv_std  # in place: centred is a fresh array
        self.cache = (x_hat, inv_std, training)
        y = x_hat * self.params["gamma"]
        y += self.params["beta"]
        return y.reshape(x.shape)

    def backward(self, dy):
        """dy (batch, ..., D) -> dx (same shape); fills grads['gamma'], grads['beta'].

        Notes: in training, dx = gamma / std * (dy - (dbeta + x_hat * dgamma) / m): mu and var
        depend on every x of the batch, which subtracts the two mean terms."""
        x_hat, inv_std, training = self.cache
        dy2 = dy.reshape(x_hat.shape)
        dgamma, dbeta = self.grads["gamma"], self.grads["beta"]
        dgamma[...] = _column_sums(dy2 * x_hat)
        dbeta[...] = _column_sums(dy2)
        if not self.needs_input_grad:
            return None
        scale = self.params["gamma"] * inv_std
        if not training:
            return (dy2 * scale).reshape(dy.shape)
        m = len(x_hat)
        dx = dy2 - x_hat * (dgamma / m)
        dx -= dbeta / m
        dx *= scale
        return dx.reshape(dy.shape)

    def check_input(self, x):
        """Raise a clear error unless x has shape (batch, *input_shape) (used by ``layer(x)``)."""
        if x.shape[1:] != self.input_shape:
            self._shape_error(x)

    def _shape_error(self, x):
        if not self.built:
            raise ValueError(f"BatchNorm layer '{self.name}' has no weights yet: call "
                             "layer.build(input_shape) or put it in a Sequential.")
        raise ValueError(f"BatchNorm layer '{self.name}' expects input of shape "
                         f"{format_shape(self.input_shape)}, got {tuple(x.shape)}.")

    def astype(self, dtype):
        super().astype(dtype)
        self.buffers = {k: v.astype(dtype) for k, v in self.buffers.items()}

    def describe(self):
        return "BatchNorm"

    def get_config(self):
        return {"name": self.name, "momentum": self.momentum, "eps": self.eps}

    def __repr__(self):
        return f"BatchNorm(momentum={self.momentum:g}, eps={self.eps:g}, name={self.name!r})"
