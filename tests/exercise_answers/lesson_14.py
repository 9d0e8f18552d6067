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

RIGHT = {
    "conv2d": [conv_loop, conv_windows, conv_shifted],
    "max_pool2d": [pool_loop, pool_strided],
}
