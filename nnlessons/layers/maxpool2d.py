"""MaxPool2D: keep the largest value of each ph x pw window, channel by channel.

Forward remembers which entry of each window won (its argmax); backward sends each output
gradient to that one entry, and zero to the others, which did not affect the output. The helpers
from ``_im2col`` compute the textbook line written beside each call, arranged to run fast.
"""
from .._im2col import max_over_windows, to_winners
from .base import Layer
from .conv2d import as_pair, image_rank_error
from .registry import register


@register
class MaxPool2D(Layer):
    """Max pooling over ph x pw windows, sh rows and sw columns apart (CS231n's pool and stride).

    Parameters
    ----------
    pool_size : int or (ph, pw), the window's height and width.
    stride : int or (sh, sw), optional, step between neighbouring windows. Default: the pool
        size, so the windows tile the image without overlapping.

    Shapes: x (batch, H, W, C) -> y (batch, Ho, Wo, C) with Ho = (H - ph) // sh + 1 and
    Wo = (W - pw) // sw + 1. When a last step does not fit, the last rows or columns are
    dropped (floor), as in Keras and PyTorch; with the default stride, Ho = H // ph.
    """

    def __init__(self, pool_size=2, stride=None, name=None):
        super().__init__(name=name)
        self.pool_size = as_pair(pool_size, "pool_size", layer="MaxPool2D")
        self.stride = self.pool_size if stride is None else as_pair(stride, "stride",
                                                                    layer="MaxPool2D")

    def output_shape(self, input_shape):
        if len(input_shape) != 3:
            raise image_rank_error(self, input_shape)
        (h, w, c), (ph, pw), (sh, sw) = input_shape, self.pool_size, self.stride
        if ph > h or pw > w:
            raise ValueError(f"MaxPool2D layer '{self.name}' pools {ph}x{pw} windows, larger than its "
                             f"{h}x{w} input. Use a smaller pool_size or remove the layer.")
        return ((h - ph) // sh + 1, (w - pw) // sw + 1, c)

    def build(self, input_shape, rng=None):
        self.output_shape(input_shape)  # raises on a wrong rank or a too-small input
        super().build(input_shape, rng)

    def forward(self, x, training=False):
        """x (batch, H, W, C) -> y (batch, Ho, Wo, C)."""
        if x.ndim != 4:
            raise image_rank_error(self, x.shape[1:])
        ph, pw = self.pool_size
        if x.shape[1] < ph or x.shape[2] < pw:
            self.output_shape(x.shape[1:])
        # windows = sliding_window_view(x, (ph, pw), axis=(1, 2))[:, ::sh, ::sw]  (N, Ho, Wo, C, ph, pw)
        # y = windows.max(axis=(4, 5)), and each window's argmax kept for backward
        y, winners = max_over_windows(x, self.pool_size, self.stride)
        self.cache = (winners, x.shape)
        return y

    def backward(self, dy):
        """dy (batch, Ho, Wo, C) -> dx (batch, H, W, C), non-zero only at each window's argmax.

        Where windows overlap (stride < pool size) an entry that wins several collects their sum."""
        winners, x_shape = self.cache
        return to_winners(dy, winners, x_shape)

    def check_input(self, x):
        """Raise a clear error unless x is a batch of images (used by ``layer(x)``)."""
        if x.ndim != 4:
            raise image_rank_error(self, x.shape[1:])
        self.output_shape(x.shape[1:])

    def describe(self):
        (ph, pw), (sh, sw) = self.pool_size, self.stride
        stride = "" if self.stride == self.pool_size else f", stride {sh}x{sw}"
        return f"MaxPool2D {ph}x{pw}{stride}"

    def get_config(self):
        return {"name": self.name, "pool_size": list(self.pool_size), "stride": list(self.stride)}

    def __repr__(self):
        return f"MaxPool2D(pool_size={self.pool_size}, stride={self.stride}, name={self.name!r})"
