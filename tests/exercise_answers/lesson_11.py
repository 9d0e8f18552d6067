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


def bce_loop(p, y):
    total = 0.0
    for pi, yi in zip(p, y):
        total += -math.log(pi) if yi == 1 else -math.log(1 - pi)
    return total / len(p)


WRONG = {
    "sigmoid": [lambda z: 1 / (1 + np.exp(-z)), lambda z: 1 / (1 + np.exp(z)),
                lambda z: np.exp(-z) / (1 + np.exp(-z)), lambda z: np.exp(z) / (1 + np.exp(z)),
                np.tanh, lambda z: 1 / np.exp(-z), sigmoid_where_both_branches,
                sigmoid_clipped_to_zero_one, lambda z: None],
    "binary_cross_entropy": [
        lambda p, y: np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)),
        lambda p, y: -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)),
        lambda p, y: -np.mean(y * np.log(p)),
        lambda p, y: -np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p)),
        lambda p, y: np.mean(p - y),
        lambda p, y: -(y * np.log(p) + (1 - y) * np.log(1 - p)),
        lambda p, y: np.mean((p - y) ** 2),
        lambda p, y: None],
}

RIGHT = {
    "sigmoid": [sigmoid_loop, lambda z: 0.5 * (1 + np.tanh(z / 2)),
                lambda z: np.exp(-np.logaddexp(0, -z))],
    "binary_cross_entropy": [bce_loop,
                             lambda p, y: -np.mean(np.log(np.where(y == 1, p, 1 - p)))],
}
