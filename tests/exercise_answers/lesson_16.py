import math

import numpy as np


def _prune_by(W, fraction, key, count=None):
    out = np.array(W, dtype=float, copy=True)
    k = int(round(fraction * W.size)) if count is None else count
    out.flat[np.argsort(key, axis=None, kind="stable")[:k]] = 0.0
    return out


def prune_threshold(W, fraction):
    k = int(round(fraction * W.size))
    if k == 0:
        return W.copy()
    cut = np.sort(np.abs(W), axis=None)[k - 1]
    return np.where(np.abs(W) <= cut, 0.0, W)


def prune_loop(W, fraction):
    out = W.copy().astype(float)
    k = int(round(fraction * W.size))
    flat = out.reshape(-1)
    for _ in range(k):
        live = [i for i in range(flat.size) if flat[i] != 0]
        smallest = min(live, key=lambda i: abs(flat[i]))
        flat[smallest] = 0.0
    return out


def prune_in_place(W, fraction):
    # changes the caller's W: the exercise asks for a copy, and the checker compares the inputs
    W.flat[np.argsort(np.abs(W), axis=None)[:int(round(fraction * W.size))]] = 0
    return W


WRONG = {
    "magnitude_prune": [prune_in_place,
        lambda W, fraction: _prune_by(W, fraction, W),
        lambda W, fraction: _prune_by(W, fraction, -np.abs(W)),
        lambda W, fraction: _prune_by(W, fraction, np.abs(W), math.floor(fraction * W.size)),
        lambda W, fraction: np.where(np.abs(W) < fraction, 0.0, W),
        lambda W, fraction: _prune_by(W, 1 - fraction, np.abs(W)),
        lambda W, fraction: _prune_by(W, fraction, np.abs(W), math.ceil(fraction * W.size)),
        lambda W, fraction: np.abs(_prune_by(W, fraction, np.abs(W))),
        lambda W, fraction: _prune_by(W, fraction, np.abs(W)).ravel(),
        lambda W, fraction: None],
    "inverted_dropout": [
        lambda x, mask, rate: x * mask,
        lambda x, mask, rate: x * (1 - mask) / (1 - rate),
        lambda x, mask, rate: x * mask * (1 - rate),
        lambda x, mask, rate: x * mask / rate,
        lambda x, mask, rate: x / (1 - rate),
        lambda x, mask, rate: x * mask / 0.5,
        lambda x, mask, rate: (x * mask / (1 - rate)).astype(int),
        lambda x, mask, rate: mask / (1 - rate)],
}

RIGHT = {
    "magnitude_prune": [prune_threshold, prune_loop,
                        lambda W, fraction: _prune_by(W, fraction, np.abs(W))],
    "inverted_dropout": [lambda x, mask, rate: x * mask / (1 - rate),
                         lambda x, mask, rate: np.where(mask > 0, x, 0.0) * (1 / (1 - rate)),
                         lambda x, mask, rate: np.array([[v / (1 - rate) if k else 0.0
                                                          for v, k in zip(row, krow)]
                                                         for row, krow in zip(x, mask)])],
}
