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


def softmax_shift_in_place(z):
    z -= z.max(axis=1, keepdims=True)
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


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


def softmax_shift_by_size(z):
    # 'keep every exponent at most 0' by the largest |z|: a row of large negatives underflows
    e = np.exp(z - np.abs(z).max(axis=1, keepdims=True))
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
                lambda z: z / z.sum(axis=1, keepdims=True), softmax_shift_by_size],
}
WRONG["relu"].append(relu_in_place)             # zeroes the caller's scores
WRONG["softmax"].append(softmax_shift_in_place)  # shifts the caller's scores

MEASURED = {"dead": 6.9e-08, "live": 0.1006}    # the lesson's run: dead units' weights barely move
WRONG["dead_weights"] = [
    ({"prediction": "dead", "reason": "a"}, MEASURED),   # against the learner's own measurement
    ({"prediction": "live", "reason": "a"}, MEASURED),   # right prediction, wrong reasons
    ({"prediction": "live", "reason": "c"}, MEASURED),
    ({"prediction": "live", "reason": "d"}, MEASURED),
    ({"prediction": "live", "reason": "b"}, None),       # the experiment cell never ran
    ({"prediction": "both", "reason": "b"}, MEASURED),   # not one of the options
    ({"prediction": "live", "reason": "b"}, {"dead": 0.2, "live": 0.1}),  # disagrees with this run
    (Ellipsis, MEASURED),
    ({"prediction": "live", "reason": None}, MEASURED),
]

RIGHT = {
    "relu": [relu_loop, lambda z: z * (z > 0), lambda z: np.where(z > 0, z, 0.0)],
    "softmax": [softmax_loop, softmax_logsumexp],
    "dead_weights": [({"prediction": "live", "reason": "b"}, MEASURED),
                     ({"prediction": "live", "reason": "b"}, {"dead": 0, "live": np.float32(0.03)})],
}


def sigmoid_slope_quotient(z):
    e = np.exp(-z)
    return e / (1 + e) ** 2


def sigmoid_slope_loop(z):
    out = np.empty_like(z)
    for i in range(z.shape[0]):
        for j in range(z.shape[1]):
            s = 1 / (1 + math.exp(-z[i, j]))
            out[i, j] = s * (1 - s)
    return out


def sigmoid_slope_in_place(z):
    z[...] = 1 / (1 + np.exp(-z))
    z *= 1 - z
    return z


def _sig(z):
    return 1 / (1 + np.exp(-z))


WRONG["sigmoid_slope"] = [
    lambda z: z * (1 - z),                                  # the pattern applied to z
    lambda z: 1 - _sig(z) ** 2,                             # tanh's pattern
    lambda z: np.exp(-z) / (1 + np.exp(-z)),                # lost the square
    lambda z: -np.exp(-z) / (1 + np.exp(-z)) ** 2,          # lost a minus sign
    _sig,                                                   # the value, not the slope
    lambda z: _sig(z) ** 2,                                 # right at 0 only
    sigmoid_slope_in_place,                                 # overwrites the caller's scores
    lambda z: np.full_like(z, 0.25),                        # the peak everywhere
    lambda z: _sig(z) * (1 - _sig(z)) * z,                  # an extra factor of z (the chain rule
    #                                                         applied to z itself once more)
    lambda z: None,
]
RIGHT["sigmoid_slope"] = [sigmoid_slope_quotient, sigmoid_slope_loop,
                          lambda z: 0.25 / np.cosh(z / 2) ** 2]
