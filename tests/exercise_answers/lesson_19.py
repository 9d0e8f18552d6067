import math

import numpy as np


def _prune_by(W, fraction, key, count=None):
    out = np.array(W, dtype=float, copy=True)
    k = int(round(fraction * W.size)) if count is None else count
    out.flat[np.argsort(key, axis=None, kind="stable")[:k]] = 0.0
    return out


def _keep(strength, n_keep):
    return np.sort(np.argsort(-strength, kind="stable")[:n_keep])


def _cut(W1, b1, W2, keep):
    return W1[:, keep].copy(), b1[keep].copy(), W2[keep].copy()


def prune_neurons_loop(W1, b1, W2, n_keep):
    lengths = [float(np.sqrt(np.sum(row ** 2))) for row in W2]
    order = sorted(range(len(lengths)), key=lambda j: (-lengths[j], j))
    keep = sorted(order[:n_keep])
    return (np.stack([W1[:, j] for j in keep], axis=1), np.array([b1[j] for j in keep]),
            np.stack([W2[j] for j in keep]))


def prune_neurons_mask(W1, b1, W2, n_keep):
    strength = np.sqrt((W2 ** 2).sum(axis=1))
    ranks = np.argsort(np.argsort(-strength, kind="stable"), kind="stable")
    mask = ranks < n_keep
    return W1[:, mask], b1[mask], W2[mask]


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
        # the lesson's own prune, a quantile threshold: 0.1 of 12 weights removes 2, not 1
        lambda W, fraction: np.where(np.abs(W) < np.quantile(np.abs(W), fraction), 0.0, W),
        lambda W, fraction: None],
    "prune_neurons": [
        lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _keep(np.linalg.norm(W1, axis=0), n_keep)),
        lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _keep(-np.linalg.norm(W2, axis=1), n_keep)),
        lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _keep(W2.sum(axis=1), n_keep)),
        lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, np.argsort(-np.linalg.norm(W2, axis=1))[:n_keep]),
        lambda W1, b1, W2, n_keep: (W1[:, _keep(np.linalg.norm(W2, axis=1), n_keep)], b1,
                                    W2[_keep(np.linalg.norm(W2, axis=1), n_keep)]),
        lambda W1, b1, W2, n_keep: (W1 * 0 + 1, b1, W2),
        lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _keep(np.linalg.norm(W2, axis=1), n_keep))[::-1],
        # ranked by the largest outgoing weight, not the row's length
        lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _keep(np.abs(W2).max(axis=1), n_keep)),
        lambda W1, b1, W2, n_keep: None],
}

RIGHT = {
    "magnitude_prune": [prune_threshold, prune_loop,
                        lambda W, fraction: _prune_by(W, fraction, np.abs(W))],
    "prune_neurons": [prune_neurons_loop,
                      lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _keep(np.linalg.norm(W2, axis=1), n_keep)),
                      prune_neurons_mask],
}


# "per_layer_pruning" (predict, run, explain): (answer, measured) pairs
_RUN = {"one_cut": 0.857, "each_layer": 0.6}              # what the lesson's run measures
_OTHER_RUN = {"one_cut": 0.52, "each_layer": 0.61}         # a run that came out the other way
WRONG["per_layer_pruning"] = [
    ({"prediction": "each_layer", "reason": "b"}, _RUN),       # contradicts the learner's own run
    ({"prediction": "one_cut", "reason": "a"}, _RUN),          # "the big first layer is what counts"
    ({"prediction": "one_cut", "reason": "c"}, _RUN),          # "equal shares keep it balanced"
    ({"prediction": "one_cut", "reason": "d"}, _RUN),          # "the output weights are the smallest"
    ({"prediction": "one_cut", "reason": "b"}, None),          # the experiment cell not run
    ({"prediction": "one_cut"}, _RUN),                         # no reason
    ({"prediction": "global", "reason": "b"}, _RUN),           # not one of the options
    ({"prediction": ..., "reason": ...}, _RUN),                # the template, unfilled
    ({"prediction": "one_cut", "reason": "b"}, {"one_cut": float("nan"), "each_layer": 0.6}),
]
RIGHT["per_layer_pruning"] = [
    ({"prediction": "one_cut", "reason": "b"}, _RUN),
    ({"prediction": "one_cut", "reason": "b"}, {"one_cut": 0.842, "each_layer": 0.661}),
    ({"prediction": "each_layer", "reason": "b"}, _OTHER_RUN),  # matched to that run, same reason
]
