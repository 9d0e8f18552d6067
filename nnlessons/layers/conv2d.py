"""Conv2D: slide small filters over an image, y = f(conv(x, W) + b), channels last.

Forward is im2col + one matrix product: every kh x kw x C patch of the input becomes a row of
``cols``, so z = cols @ W.reshape(-1, filters) + b. Backward is the same product read the other
way: dW = cols^T dz, and dx puts each row of dz @ W^T back where its patch came from (col2im),
adding where patches overlap. The helpers from ``_im2col`` compute exactly the textbook line
written beside each call, arranged to run fast.
"""
import numbers

import numpy as np

from .._im2col import add_bias, col2im, column_sums, im2col
from .._validation import check_positive_int, check_rng
from ..activations import get_activation
from ..initializers import get_initializer
from .base import Layer, format_shape
from .registry import register

PADDINGS = ("valid", "same")


def as_pair(value, what, layer="Conv2D"):
    """An int or a pair of ints -> a pair of positive ints (height, width)."""
    pair = (value, value) if isinstance(value, (int, np.integer)) else tuple(value)
    if (len(pair) != 2 or any(isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1
                              for v in pair)):
        raise ValueError(f"{layer} {what} must be a positive int or a pair of them, such as 3 or "
                         f"(3, 3), got {value!r}.")
    return int(pair[0]), int(pair[1])


def image_rank_error(layer, got_shape):
    """The ValueError for a layer that needs (batch, height, width, channels) images."""
    got = tuple(got_shape)
    if len(got) == 1 and round(got[0] ** 0.5) ** 2 == got[0]:
        side = round(got[0] ** 0.5)
        fix = f"reshape with X.reshape(-1, {side}, {side}, 1)"
    elif len(got) == 2:
        fix = f"add a channel axis with X.reshape(-1, {got[0]}, {got[1]}, 1)"
    else:
        fix = "reshape the data to (batch, height, width, channels)"
    if len(got) == 1:
        fix += " (if a Flatten or Dense layer comes before it, move it after the image layers)"
    return ValueError(
        f"{type(layer).__name__} layer '{layer.name}' expects images of shape "
        f"(batch, height, width, channels), got {format_shape(got)}; {fix}.")


def as_padding(value):
    """'valid', 'same', or zeros on each side: an int >= 0 or a pair (rows, columns) of them."""
    if isinstance(value, str) and value in PADDINGS:
        return value
    pair = (value, value) if isinstance(value, numbers.Integral) else value
    if (not isinstance(pair, (tuple, list)) or len(pair) != 2
            or any(isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < 0 for v in pair)):
        raise ValueError(f"Conv2D padding must be 'valid' or 'same', or the number of zero rows and "
                         f"columns added on each side (an int >= 0 such as 1, or a pair such as "
                         f"(1, 2)), got {value!r}.")
    return int(value) if isinstance(value, numbers.Integral) else (int(pair[0]), int(pair[1]))


@register
class Conv2D(Layer):
    """A 2-D convolution (strictly, a cross-correlation) with an optional activation.

    Parameters
    ----------
    filters : int, number of output channels (one per filter).
    kernel_size : int or (kh, kw), the filter's height and width.
    stride : int or (sh, sw), step between neighbouring patches.
    padding : int P or (Ph, Pw): P rows of zeros above and below, Pw columns left and right (as
        in CS231n; the sizes must fit, see Notes); or 'valid' (P = 0; rows that do not fit a
        last step are dropped) or 'same' (zero-pad so the output is ceil(H / sh) x ceil(W / sw);
        Keras' rule: an odd total puts the extra zero below or to the right).
    activation : str or None, as in Dense.
    init : str or callable, optional. Default: He for ReLU-like activations, Glorot otherwise.
    input_shape : (H, W, C), optional, needed on the first layer only.

    Shapes: x (batch, H, W, C) -> y (batch, Ho, Wo, filters); W (kh, kw, C, filters);
    b (filters,). With integer padding, Ho = (H + 2 Ph - kh) / sh + 1 and
    Wo = (W + 2 Pw - kw) / sw + 1, which must be whole numbers (else a ValueError says so);
    with 'valid', Ho = (H - kh) // sh + 1.

    Notes: y[n, i, j, f] = act(sum_{di, dj, c} xp[n, i*sh + di, j*sw + dj, c] W[di, dj, c, f] + b[f]),
    xp being x with its zero padding.
    """

    grads_in_place = True  # backward writes into grads' arrays (see Layer)

    def __init__(self, filters, kernel_size, stride=1, padding="valid", activation=None, init=None,
                 input_shape=None, name=None):
        padding = as_padding(padding)
        super().__init__(name=name, input_shape=input_shape)
        self.filters = check_positive_int(filters, "Conv2D filters", "the number of output channels")
        self.kernel_size = as_pair(kernel_size, "kernel_size")
        self.stride = as_pair(stride, "stride")
        self.padding = padding
        self.activation = get_activation(activation)
        self.init = init

    # --- shapes -------------------------------------------------------------------------------
    def _geometry(self, input_shape):
        """Output size and zero padding ((top, bottom), (left, right)) for an (H, W, C) input."""
        if len(input_shape) != 3:
            raise image_rank_error(self, input_shape)
        if not isinstance(self.padding, str):
            return self._fixed_geometry(input_shape)
        out, pads = [], []
        for size, k, s in zip(input_shape[:2], self.kernel_size, self.stride):
            if self.padding == "same":
                n = -(-size // s)
                total = max((n - 1) * s + k - size, 0)
                pads.append((total // 2, total - total // 2))
            else:
                if k > size:
                    raise ValueError(
                        f"Conv2D layer '{self.name}' has a {self.kernel_size[0]}x"
                        f"{self.kernel_size[1]} kernel, larger than its {input_shape[0]}x"
                        f"{input_shape[1]} input. Use a smaller kernel_size or padding='same'.")
                n = (size - k) // s + 1
                pads.append((0, 0))
            out.append(n)
        return (out[0], out[1], self.filters), tuple(pads)

    def _fixed_geometry(self, input_shape):
        """CS231n's rule, Ho = (H + 2P - K) / S + 1, for integer padding; it must come out whole."""
        padding = self.padding if isinstance(self.padding, tuple) else (self.padding,) * 2
        out = []
        for axis, size, k, s, p in zip(("height", "width"), input_shape[:2], self.kernel_size,
                                       self.stride, padding):
            span = size + 2 * p - k
            if span < 0:
                raise ValueError(
                    f"Conv2D layer '{self.name}' has a {self.kernel_size[0]}x{self.kernel_size[1]} "
                    f"kernel, larger than its {input_shape[0]}x{input_shape[1]} input with padding "
                    f"{p}: expected K <= H + 2P in {axis}, got {k} > {size} + 2*{p}. Use a smaller "
                    f"kernel_size or more padding.")
            if span % s:
                fits = [q for q in range(p, p + s) if (size + 2 * q - k) % s == 0]
                fix = (f"padding={fits[0]}" + (f" in {axis}" if padding[0] != padding[1] else "")
                       if fits else f"an input {axis} of {size + s - span % s}")
                letter = axis[0].upper()
                raise ValueError(
                    f"Conv2D layer '{self.name}' does not fit its input {axis}: expected "
                    f"({letter} + 2P - K) to be a multiple of the stride S = {s}, got "
                    f"({size} + 2*{p} - {k}) = {span}. Use {fix}, stride=1, or padding='valid' "
                    f"(which drops what a last step does not reach).")
            out.append(span // s + 1)
        return (out[0], out[1], self.filters), tuple((p, p) for p in padding)

    def output_shape(self, input_shape):
        return self._geometry(tuple(input_shape))[0]

    def build(self, input_shape, rng=None):
        self._pads = self._geometry(tuple(input_shape))[1]
        init = get_initializer(self.init, self.activation.name)
        shape = (*self.kernel_size, input_shape[2], self.filters)
        self.params = {"W": np.asarray(init(shape, check_rng(rng)), dtype="float32"),
                       "b": np.zeros(self.filters, dtype="float32")}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        super().build(input_shape, rng)

    # --- computation ----------------------------------------------------------------------------
    def forward(self, x, training=False):
        """x (batch, H, W, C) -> a (batch, Ho, Wo, filters)."""
        if not self.built or x.shape[1:] != self.input_shape:
            self._shape_error(x)
        (pt, pb), (pl, pr) = self._pads
        if pt or pb or pl or pr:
            x = np.pad(x, ((0, 0), (pt, pb), (pl, pr), (0, 0)))
        n = len(x)
        ho, wo, f = self.output_shape(self.input_shape)
        # cols = sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]  (N, Ho, Wo, C, kh, kw)
        #            .transpose(0, 1, 2, 4, 5, 3).reshape(N * Ho * Wo, kh * kw * C)
        # one row per patch, ordered (kh, kw, C) like W, so W reshapes without a copy
        cols = im2col(x, self.kernel_size, self.stride, (ho, wo))
        z = (cols @ self.params["W"].reshape(-1, f)).reshape(n, ho, wo, f)
        add_bias(z, self.params["b"])  # z += b
        a = self.activation.forward(z)
        self.cache = (cols, x.shape, a)
        return a

    def backward(self, dy):
        """dy = dL/da (batch, Ho, Wo, filters) -> dL/dx (batch, H, W, C); fills grads."""
        return self.backward_linear(self.activation.backward(dy, self.cache[2]))

    def backward_linear(self, dz):
        """Backward through z = conv(x, W) + b only, given dz = dL/dz (batch, Ho, Wo, filters)."""
        cols, padded_shape, _ = self.cache
        dz2 = dz.reshape(-1, self.filters)
        np.matmul(cols.T, dz2, out=self.grads["W"].reshape(-1, self.filters))  # dW = cols^T dz
        self.grads["b"][...] = column_sums(dz2)  # db = dz2.sum(axis=0)
        if not self.needs_input_grad:
            return None
        # dx = col2im(dz2 @ W.reshape(-1, F).T): each patch's gradient added back where it came from
        dx = col2im(dz, self.params["W"], padded_shape, self.stride)
        (pt, pb), (pl, pr) = self._pads
        return dx[:, pt:padded_shape[1] - pb, pl:padded_shape[2] - pr]

    def check_input(self, x):
        """Raise a clear error unless x has shape (batch, *input_shape) (used by ``layer(x)``)."""
        if x.shape[1:] != self.input_shape:
            self._shape_error(x)

    def _shape_error(self, x):
        if not self.built:
            raise ValueError(f"Conv2D layer '{self.name}' has no weights yet: call "
                             "layer.build((height, width, channels)) or put it in a Sequential.")
        if x.ndim != 4:
            raise image_rank_error(self, x.shape[1:])
        raise ValueError(f"Conv2D layer '{self.name}' was built for images of shape "
                         f"{format_shape(self.input_shape)}, got {tuple(x.shape)}. Resize the "
                         "images, or check the channel axis is last.")

    # --- description ----------------------------------------------------------------------------
    def describe(self):
        act = self.activation.name
        names = {"relu": "ReLU", "leaky_relu": "LeakyReLU", "sigmoid": "Sigmoid", "tanh": "Tanh",
                 "softmax": "Softmax"}
        kh, kw = self.kernel_size
        return f"Conv2D {self.filters} {kh}x{kw}" + (f" + {names[act]}" if act in names else "")

    def get_config(self):
        init = self.init if isinstance(self.init, str) or self.init is None else None
        return {"name": self.name, "filters": self.filters, "kernel_size": list(self.kernel_size),
                "stride": list(self.stride),
                "padding": list(self.padding) if isinstance(self.padding, tuple) else self.padding,
                "activation": self.activation.name, "init": init,
                "input_shape": list(self.input_shape) if self.input_shape else None}

    def __repr__(self):
        kh, kw = self.kernel_size
        return (f"Conv2D({self.filters}, ({kh}, {kw}), stride={self.stride}, "
                f"padding={self.padding!r}, activation={self.activation.name!r}, name={self.name!r})")
