import math

import numpy as np


def relu_loop(z):
    out = np.empty_like(z)
    for i in range(z.shape[0]):
        for j in range(z.shape[1]):
            out[i, j] = z[i, j] if z[i, j] > 0 else 0.0
    return out


def relu_in_place(z):
    z[z < 0] = 0
    return z


def softmax_loop(z):
    out = np.empty_like(z)
    for i, row in enumerate(z):
        top = max(row)
        exps = [math.exp(v - top) for v in row]
        out[i] = [e / sum(exps) for e in exps]
    return out


def softmax_logsumexp(z):
    top = z.max(axis=1, keepdims=True)
    return np.exp(z - top - np.log(np.exp(z - top).sum(axis=1, keepdims=True)))


def softmax_naive(z):
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def softmax_global_max(z):
    e = np.exp(z - z.max())
    return e / e.sum(axis=1, keepdims=True)


def softmax_clipped(z):
    # clipping instead of shifting: right for small scores, wrong for large ones
    e = np.exp(np.clip(z, -50, 50))
    return e / e.sum(axis=1, keepdims=True)


WRONG = {
    "relu": [lambda z: np.max(z, 0), np.abs, lambda z: np.minimum(z, 0),
             lambda z: (z > 0).astype(float), lambda z: np.where(z > 0, z, 0).astype(int),
             lambda z: z, lambda z: np.maximum(z, 0)[0], lambda z: None],
    "softmax": [softmax_naive, softmax_global_max, softmax_clipped,
                lambda z: np.exp(z - z.max(0)) / np.exp(z - z.max(0)).sum(axis=0),
                lambda z: np.exp(z - z.max(axis=1, keepdims=True))
                / np.exp(z - z.max(axis=1, keepdims=True)).sum(),
                lambda z: z / z.sum(axis=1, keepdims=True)],
    "still_dead": [0, 1, 2, 3, 16, None],
}

RIGHT = {
    "relu": [relu_loop, relu_in_place, lambda z: z * (z > 0), lambda z: np.where(z > 0, z, 0.0)],
    "softmax": [softmax_loop, softmax_logsumexp],
    "still_dead": [4, np.int64(4)],
}
