"""MaxPool2D: keep the largest value of each non-overlapping p x p window, channel by channel.

Forward remembers which entry of each window won (its argmax, as a mask); backward sends each
output gradient to that one entry, and zero to the others, which did not affect the output.
"""
import numpy as np

from .base import Layer
from .conv2d import as_pair, image_rank_error
from .registry import register


@register
class MaxPool2D(Layer):
    """Max pooling with stride equal to the pool size.

    Parameters
    ----------
    pool_size : int or (ph, pw), the window's height and width.

    Shapes: x (batch, H, W, C) -> y (batch, H // ph, W // pw, C). When H or W is not a multiple of
    the pool size, the last rows or columns are dropped (floor), as in Keras.
    """

    def __init__(self, pool_size=2, name=None):
        super().__init__(name=name)
        self.pool_size = as_pair(pool_size, "pool_size", layer="MaxPool2D")

    def output_shape(self, input_shape):
        if len(input_shape) != 3:
            raise image_rank_error(self, input_shape)
        (h, w, c), (ph, pw) = input_shape, self.pool_size
        if ph > h or pw > w:
            raise ValueError(f"MaxPool2D layer '{self.name}' pools {ph}x{pw} windows, larger than its "
                             f"{h}x{w} input. Use a smaller pool_size or remove the layer.")
        return (h // ph, w // pw, c)

    def build(self, input_shape, rng=None):
        self.output_shape(input_shape)  # raises on a wrong rank or a too-small input
        super().build(input_shape, rng)

    def forward(self, x, training=False):
        """x (batch, H, W, C) -> y (batch, H // ph, W // pw, C)."""
        if x.ndim != 4:
            raise image_rank_error(self, x.shape[1:])
        n, h, w, c = x.shape
        ph, pw = self.pool_size
        ho, wo = h // ph, w // pw
        if ho == 0 or wo == 0:
            self.output_shape(x.shape[1:])
        windows = x[:, :ho * ph, :wo * pw].reshape(n, ho, ph, wo, pw, c)  # a view, no copy
        offsets = [(i, j) for i in range(ph) for j in range(pw)]  # loops run over these, not pixels
        y = windows[:, :, 0, :, 0].copy()
        for i, j in offsets[1:]:  # much faster than windows.max(axis=(2, 4))
            np.maximum(y, windows[:, :, i, :, j], out=y)
        # mask: True at each window's argmax. Where several entries tie (e.g. ReLU zeros), only the
        # first counts, as with np.argmax, so each window passes its gradient on exactly once.
        mask = np.empty(windows.shape, dtype=bool)
        unclaimed = np.ones(y.shape, dtype=bool)
        for i, j in offsets:
            m = mask[:, :, i, :, j]
            np.equal(windows[:, :, i, :, j], y, out=m)
            m &= unclaimed
            unclaimed ^= m
        self.cache = (mask, x.shape)
        return y

    def backward(self, dy):
        """dy (batch, H // ph, W // pw, C) -> dx (batch, H, W, C), non-zero only at each argmax."""
        mask, x_shape = self.cache
        n, ho, ph, wo, pw, c = mask.shape
        dx = (mask * dy[:, :, None, :, None]).reshape(n, ho * ph, wo * pw, c)
        if dx.shape != x_shape:  # rows/columns cropped by the floor got no gradient
            full = np.zeros(x_shape, dtype=dx.dtype)
            full[:, :ho * ph, :wo * pw] = dx
            dx = full
        return dx

    def check_input(self, x):
        """Raise a clear error unless x is a batch of images (used by ``layer(x)``)."""
        if x.ndim != 4:
            raise image_rank_error(self, x.shape[1:])
        self.output_shape(x.shape[1:])

    def describe(self):
        return f"MaxPool2D {self.pool_size[0]}x{self.pool_size[1]}"

    def get_config(self):
        return {"name": self.name, "pool_size": list(self.pool_size)}

    def __repr__(self):
        return f"MaxPool2D(pool_size={self.pool_size}, name={self.name!r})"
