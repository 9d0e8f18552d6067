import math

import numpy as np


def sigmoid_loop(z):
    out = np.zeros(z.shape)
    for index, value in np.ndenumerate(z):
        if value >= 0:
            out[index] = 1 / (1 + math.exp(-value))
        else:
            out[index] = math.exp(value) / (1 + math.exp(value))
    return out


def sigmoid_where_both_branches(z):
    # looks stable, but np.where evaluates both formulas on every element
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def sigmoid_clipped_to_zero_one(z):
    return np.clip(z, 0, 1)


def change_loop(before, after):
    out = []
    for b, a in zip(before, after):
        moved = sum((a_ij - b_ij) ** 2 for a_ij, b_ij in zip(a.ravel(), b.ravel()))
        size = sum(b_ij ** 2 for b_ij in b.ravel())
        out.append(math.sqrt(moved / size))
    return np.array(out)


WRONG = {
    "sigmoid": [lambda z: 1 / (1 + np.exp(-z)), lambda z: 1 / (1 + np.exp(z)),
                lambda z: np.exp(-z) / (1 + np.exp(-z)), lambda z: np.exp(z) / (1 + np.exp(z)),
                np.tanh, lambda z: 1 / np.exp(-z), sigmoid_where_both_branches,
                sigmoid_clipped_to_zero_one, lambda z: None],
    "weight_change": [
        lambda before, after: np.array([np.linalg.norm(a - b) / np.linalg.norm(a)
                                        for b, a in zip(before, after)]),
        lambda before, after: np.array([np.linalg.norm(a - b) for b, a in zip(before, after)]),
        lambda before, after: np.array([abs(np.linalg.norm(a) - np.linalg.norm(b)) / np.linalg.norm(b)
                                        for b, a in zip(before, after)]),
        lambda before, after: np.array([np.sum((a - b) ** 2) / np.sum(b ** 2)
                                        for b, a in zip(before, after)]),
        lambda before, after: np.array([np.abs(a - b).sum() / np.abs(b).sum()
                                        for b, a in zip(before, after)]),
        lambda before, after: np.linalg.norm(after[0] - before[0]) / np.linalg.norm(before[0]),
        lambda before, after: np.array([np.linalg.norm(b - a) / np.linalg.norm(b)
                                         for b, a in zip(after, before)]),
        lambda before, after: None],
}

RIGHT = {
    "sigmoid": [sigmoid_loop, lambda z: 0.5 * (1 + np.tanh(z / 2)),
                lambda z: np.exp(-np.logaddexp(0, -z))],
    "weight_change": [change_loop,
                      lambda before, after: np.array([np.sqrt(((a - b) ** 2).sum() / (b ** 2).sum())
                                                      for b, a in zip(before, after)])],
}
