import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv_loop(image, kernel):
    kh, kw = kernel.shape
    H, W = image.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(H - kh + 1):
        for j in range(W - kw + 1):
            for a in range(kh):
                for b in range(kw):
                    out[i, j] += image[i + a, j + b] * kernel[a, b]
    return out


def conv_windows(image, kernel):
    return np.einsum("ijab,ab->ij", sliding_window_view(image, kernel.shape), kernel)


def conv_shifted(image, kernel):
    kh, kw = kernel.shape
    H, W = image.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for a in range(kh):
        for b in range(kw):
            out += kernel[a, b] * image[a:a + H - kh + 1, b:b + W - kw + 1]
    return out


def _pool(image, size, reduce=np.max, stride=None, ceil=False):
    stride = stride or size
    h, w = image.shape
    rows = range(0, h, stride) if ceil else range(0, h - size + 1, stride)
    cols = range(0, w, stride) if ceil else range(0, w - size + 1, stride)
    return np.array([[reduce(image[i:i + size, j:j + size]) for j in cols] for i in rows])


def pool_loop(image, size):
    out = np.empty((image.shape[0] // size, image.shape[1] // size))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = image[i * size:(i + 1) * size, j * size:(j + 1) * size].max()
    return out


def pool_strided(image, size):
    windows = sliding_window_view(image, (size, size))[::size, ::size]
    return windows.max(axis=(2, 3))


def layer_loops(x, W, b):
    kh, kw, c_in, c_out = W.shape
    out = np.zeros((x.shape[0] - kh + 1, x.shape[1] - kw + 1, c_out))
    for f in range(c_out):
        for i in range(out.shape[0]):
            for j in range(out.shape[1]):
                out[i, j, f] = np.sum(x[i:i + kh, j:j + kw, :] * W[:, :, :, f]) + b[f]
    return out


def layer_einsum(x, W, b):
    windows = sliding_window_view(x, W.shape[:2], axis=(0, 1))      # (rows, cols, c_in, kh, kw)
    return np.einsum("rcihw,hwif->rcf", windows, W) + b


def layer_bias_shared_out(x, W, b):
    # the bias split over the channels: still one bias per filter in all
    kh, kw, c_in, c_out = W.shape
    out = np.zeros((x.shape[0] - kh + 1, x.shape[1] - kw + 1, c_out))
    for f in range(c_out):
        for c in range(c_in):
            for i in range(out.shape[0]):
                for j in range(out.shape[1]):
                    out[i, j, f] += np.sum(x[i:i + kh, j:j + kw, c] * W[:, :, c, f]) + b[f] / c_in
    return out


def _layer(x, W, b, per_channel_bias=False, reduce=np.sum, own=False, flip=False, short=0,
           bias=True, in_place=False):
    kh, kw, c_in, c_out = W.shape
    W = W[::-1, ::-1] if flip else W
    out = np.zeros((x.shape[0] - kh + 1 - short, x.shape[1] - kw + 1 - short, c_out))
    for f in range(c_out):
        chans = [f % c_in] if own else list(range(c_in))
        for i in range(out.shape[0]):
            for j in range(out.shape[1]):
                per = [np.sum(x[i:i + kh, j:j + kw, c] * W[:, :, c, f]) for c in chans]
                out[i, j, f] = reduce(per) + (b[f] * len(per) if per_channel_bias else
                                              b[f] if bias else 0.0)
    if in_place:
        x[...] = 0.0                          # "frees" the input it no longer needs
    return out


def layer_bias_split(x, W, b):
    # each channel's loop adds its share of the bias: b once in all
    kh, kw, c_in, c_out = W.shape
    out = np.zeros((x.shape[0] - kh + 1, x.shape[1] - kw + 1, c_out))
    for f in range(c_out):
        for c in range(c_in):
            for i in range(out.shape[0]):
                for j in range(out.shape[1]):
                    out[i, j, f] += np.sum(x[i:i + kh, j:j + kw, c] * W[:, :, c, f]) + b[f] / c_in
    return out


WRONG = {
    "conv2d": [
        lambda image, kernel: conv_loop(image, np.ones_like(kernel)),
        lambda image, kernel: conv_loop(image, kernel[::-1, ::-1]),
        lambda image, kernel: conv_loop(image, kernel).T,
        lambda image, kernel: conv_loop(image, kernel)[:-1, :-1],
        lambda image, kernel: np.pad(conv_loop(image, kernel), ((0, kernel.shape[0] - 1),
                                                                (0, kernel.shape[1] - 1))),
        lambda image, kernel: conv_loop(image, kernel.T) if kernel.shape[0] == kernel.shape[1]
        else conv_loop(image, kernel) * 2,
        lambda image, kernel: conv_loop(image, kernel).astype(int),
        lambda image, kernel: None],
    "max_pool2d": [
        lambda image, size: _pool(image, size, np.mean),
        lambda image, size: _pool(image, size, np.min),
        lambda image, size: _pool(image, size, stride=1),
        lambda image, size: _pool(image, size).T,
        lambda image, size: _pool(image, size, ceil=True),
        lambda image, size: np.maximum(_pool(image, size), 0.0),
        lambda image, size: _pool(image, size, lambda w: np.abs(w).max()),
        lambda image, size: image[::size, ::size]],
}

WRONG["conv_layer"] = [
    lambda x, W, b: _layer(x, W, b, per_channel_bias=True),       # the planted bug, unchanged
    lambda x, W, b: _layer(x, W, b, bias=False),
    lambda x, W, b: _layer(x, W, b, reduce=np.mean),
    lambda x, W, b: _layer(x, W, b, own=True),
    lambda x, W, b: _layer(x, W, b, flip=True),
    lambda x, W, b: _layer(x, W, b, short=1),
    lambda x, W, b: _layer(x, W, b, reduce=np.max),
    lambda x, W, b: _layer(x, W, b, in_place=True),
    lambda x, W, b: _layer(x, W, b) - b + b.mean(),                 # one bias shared by all filters
    lambda x, W, b: np.maximum(_layer(x, W, b), 0.0),               # Conv2D's ReLU applied too
    lambda x, W, b: _layer(x, W, b) + b[0] - b,                     # the first filter's bias for all
]

RIGHT = {
    "conv2d": [conv_loop, conv_windows, conv_shifted],
    "max_pool2d": [pool_loop, pool_strided],
    "conv_layer": [layer_loops, layer_einsum, layer_bias_shared_out,
                   layer_bias_split],
}
