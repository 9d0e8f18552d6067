"""Dropout: during training, zero each unit with probability ``rate`` and scale the rest by
1 / (1 - rate) so the expected output is unchanged; at inference it is the identity."""
from .._validation import check_rng
from .base import Layer
from .registry import register


@register
class Dropout(Layer):
    """Inverted dropout. x (batch, ...) -> y (same shape).

    The mask is drawn from the model's rng (set at build). Set ``reuse_mask = True`` to keep the
    last mask: gradient checks need the same mask on every forward pass."""

    def __init__(self, rate, name=None):
        if not 0 <= rate < 1:
            raise ValueError(f"Dropout rate must be in [0, 1), got {rate!r}. "
                             "rate is the fraction of units dropped, e.g. 0.2.")
        super().__init__(name=name)
        self.rate = float(rate)
        self.rng = None
        self.reuse_mask = False
        self.mask = None

    def build(self, input_shape, rng=None):
        self.rng = check_rng(rng)
        super().build(input_shape, rng)

    def forward(self, x, training=False):
        if not training or self.rate == 0:
            self.cache = None
            return x
        if not (self.reuse_mask and self.mask is not None and self.mask.shape == x.shape):
            keep = 1.0 - self.rate
            self.mask = (self.rng.random(x.shape) < keep).astype(x.dtype) / x.dtype.type(keep)
        self.cache = self.mask
        return x * self.mask

    def backward(self, dy):
        return dy if self.cache is None else dy * self.cache

    def describe(self):
        return f"Dropout {self.rate:g}"

    def get_config(self):
        return {"name": self.name, "rate": self.rate}
