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


_MEASURED = {"first": 2.46e-04, "last": 0.089}   # lesson 12's run, seed 0

WRONG = {
    "sigmoid": [lambda z: 1 / (1 + np.exp(-z)), lambda z: 1 / (1 + np.exp(z)),
                lambda z: np.exp(-z) / (1 + np.exp(-z)), lambda z: np.exp(z) / (1 + np.exp(z)),
                np.tanh, lambda z: 1 / np.exp(-z), sigmoid_where_both_branches,
                sigmoid_clipped_to_zero_one, lambda z: None],
    "undo_which": [
        ({"prediction": "first", "reason": "a"}, _MEASURED),      # moving taken for learning
        ({"prediction": "first", "reason": "b"}, _MEASURED),      # against the learner's own run
        ({"prediction": "last", "reason": "a"}, _MEASURED),
        ({"prediction": "last", "reason": "c"}, _MEASURED),
        ({"prediction": "last", "reason": "d"}, _MEASURED),
        ({"prediction": "last", "reason": "b"}, None),           # the experiment not run
        ({"prediction": "last", "reason": "b"}, {"first": float("nan"), "last": 0.089}),
        ({"prediction": "layer 10", "reason": "b"}, _MEASURED),  # not one of the options
        ({"prediction": "last"}, _MEASURED),                     # no reason given
        (Ellipsis, _MEASURED)],
}

RIGHT = {
    "sigmoid": [sigmoid_loop, lambda z: 0.5 * (1 + np.tanh(z / 2)),
                lambda z: np.exp(-np.logaddexp(0, -z))],
    "undo_which": [({"prediction": "last", "reason": "b"}, _MEASURED),
                   ({"reason": "b", "prediction": "last"}, {"first": 1.0e-06, "last": np.float32(0.03)}),
                   ({"prediction": "first", "reason": "b"}, {"first": 0.3, "last": 0.01})],
}
