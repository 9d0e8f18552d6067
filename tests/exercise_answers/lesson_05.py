"""Answers for lesson 05's exercises: one SGD step in place; the updates of a training run."""
import math

import numpy as np


def sgd_plus(params, grads, lr):
    for key in params:
        params[key] += lr * grads[key]


def sgd_without_lr(params, grads, lr):
    for key in params:
        params[key] -= grads[key]


def sgd_only_w(params, grads, lr):
    params["W"] -= lr * grads["W"]


def sgd_returns_new_dict(params, grads, lr):
    return {key: params[key] - lr * grads[key] for key in params}


def sgd_rebinds(params, grads, lr):
    for key in params:
        params[key] = params[key] - lr * grads[key]


def sgd_hard_coded_keys(params, grads, lr):
    params["W"] -= lr * grads["W"]
    params["b"] -= lr * grads["b"]


def sgd_loop(params, grads, lr):
    for key in params:
        flat, step = params[key].reshape(-1), grads[key].reshape(-1)
        for i in range(flat.size):
            flat[i] = flat[i] - lr * step[i]


def sgd_slice_assign(params, grads, lr):
    for key, grad in grads.items():
        params[key][...] = params[key] - lr * grad


def sgd_returns_too(params, grads, lr):
    for key in params:
        np.subtract(params[key], lr * grads[key], out=params[key])
    return params


def updates_floor(n_examples, batch_size, epochs):
    return n_examples // batch_size * epochs


def updates_float(n_examples, batch_size, epochs):
    return n_examples / batch_size * epochs


def updates_across_epochs(n_examples, batch_size, epochs):
    return math.ceil(n_examples * epochs / batch_size)


def updates_one_epoch(n_examples, batch_size, epochs):
    return math.ceil(n_examples / batch_size)


def updates_per_example(n_examples, batch_size, epochs):
    return n_examples * epochs


def updates_int_plus_one(n_examples, batch_size, epochs):
    return (n_examples // batch_size + 1) * epochs      # one too many when batch_size divides


def updates_math_ceil(n_examples, batch_size, epochs):
    return math.ceil(n_examples / batch_size) * epochs


def updates_loop(n_examples, batch_size, epochs):
    steps = 0
    for _ in range(epochs):
        for _start in range(0, n_examples, batch_size):
            steps += 1
    return steps


def updates_numpy(n_examples, batch_size, epochs):
    return int(np.ceil(n_examples / batch_size)) * epochs


WRONG = {
    "sgd_step": [sgd_plus, sgd_without_lr, sgd_only_w, sgd_returns_new_dict, sgd_rebinds,
                 sgd_hard_coded_keys, lambda params, grads, lr: None],
}

WRONG["count_updates"] = [updates_floor, updates_float, updates_across_epochs, updates_one_epoch,
                          updates_per_example, updates_int_plus_one]

RIGHT = {
    "sgd_step": [sgd_loop, sgd_slice_assign, sgd_returns_too],
    "count_updates": [updates_math_ceil, updates_loop, updates_numpy],
}

MEASURED = {"small": 0.4431, "large": 0.5986}     # the lesson's run: 5 epochs, seeds 0-2
WRONG["batch_race"] = [
    ({"prediction": "large", "reason": "a"}, MEASURED),   # against the learner's own measurement
    ({"prediction": "large", "reason": "d"}, MEASURED),
    ({"prediction": "small", "reason": "a"}, MEASURED),   # right prediction, wrong reasons
    ({"prediction": "small", "reason": "b"}, MEASURED),
    ({"prediction": "small", "reason": "d"}, MEASURED),
    ({"prediction": "small", "reason": "c"}, None),       # the experiment cell never ran
    ({"prediction": "small", "reason": "c"}, {"small": 0.44}),          # half a measurement
    ({"prediction": "small", "reason": "c"}, {"small": 0.7, "large": 0.6}),  # disagrees with it
    ({"prediction": 8, "reason": "c"}, MEASURED),         # a batch size, not an option
    ({"prediction": "small", "reason": "e"}, MEASURED),
]
RIGHT["batch_race"] = [({"prediction": "small", "reason": "c"}, MEASURED),
                       ({"prediction": "small", "reason": "c"},
                        {"small": np.float32(0.45), "large": np.float64(0.61)})]
