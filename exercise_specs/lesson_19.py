"""Lesson 19 · compression and transfer: magnitude pruning, structured pruning that cuts whole neurons
out, and where one cut over the whole network puts its zeros (predict, run, explain)."""
import math

import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _prune_by(W, fraction, key, count=None):
    out = np.array(W, dtype=float, copy=True)
    k = int(round(fraction * W.size)) if count is None else count
    out.flat[np.argsort(key, axis=None, kind="stable")[:k]] = 0.0
    return out


WEIGHTS = np.array([[0.5, -0.05, 1.2, -0.8], [0.01, -2.0, 0.3, 0.07], [-0.2, 0.9, -0.02, 1.5]])

W1_CASE = np.array([[0.2, -0.3, 1.2, 0.6], [-0.1, 0.2, -0.8, 0.5], [0.2, 0.1, 0.4, -0.6]])
B1_CASE = np.array([0.1, -0.2, 0.3, 0.05])
W2_CASE = np.array([[0.3, -0.1], [1.0, -1.0], [-0.2, 0.2], [1.6, 0.0]])  # lengths .32 1.41 .28 1.6
W2_TIE = np.array([[0.6, 0.0], [0.0, -0.6], [0.1, 0.1], [-0.6, 0.0]])     # three tied at 0.6
W2_MIX = np.array([[0.7, 0.7], [0.9, 0.0], [0.1, -0.2], [0.0, -0.8]])     # lengths .99 .9 .22 .8


def _rank(strength, n_keep, ordered=True):
    keep = np.argsort(-strength, kind="stable")[:n_keep]
    return np.sort(keep) if ordered else keep


def _cut(W1, b1, W2, keep):
    return W1[:, keep].copy(), b1[keep].copy(), W2[keep].copy()


def _prune_in_place(W, fraction):
    W.flat[np.argsort(np.abs(W), axis=None, kind="stable")[:int(round(fraction * W.size))]] = 0
    return W


EXERCISES = [
    Exercise(
        name="magnitude_prune", lesson="19",
        concept="magnitude pruning zeroes the weights of smallest absolute value and keeps the rest",
        cases=[case(W=WEIGHTS, fraction=0.5),
               case(W=WEIGHTS, fraction=0.25),
               case(W=WEIGHTS, fraction=0.3),
               case(W=WEIGHTS[:2, :3].T.copy(), fraction=0.4),
               case(W=WEIGHTS, fraction=0.1),
               case(hidden=True, W=-WEIGHTS.T, fraction=0.6),
               case(hidden=True, W=WEIGHTS[1:], fraction=0.0)],
        dtype="float", pure=True,
        nudges=("Rank the weights by their magnitude, how far each lies from 0 whatever its sign, and "
                "zero the required number of the smallest in a copy of W.",
                "np.argsort over the magnitudes of the flattened array gives positions, smallest "
                "first; the first k of them are the ones to zero, with k rounded to the nearest "
                "whole number."),
        mistakes=[
            Mistake(lambda W, fraction: _prune_by(W, fraction, W),
                    "compare magnitudes, np.abs(W): a weight of -2.0 matters more than one of 0.01, "
                    "so it must survive.",
                    "Sort by np.abs(W), not by W."),
            Mistake(lambda W, fraction: _prune_by(W, fraction, -np.abs(W)),
                    "you zeroed the largest weights; pruning removes the smallest and keeps the "
                    "largest.",
                    "np.argsort sorts from the smallest up: take the first k positions."),
            Mistake(lambda W, fraction: _prune_by(W, fraction, np.abs(W), math.floor(fraction * W.size)),
                    "the number pruned is rounded to the nearest whole number, not down.",
                    "k = int(round(fraction * W.size)): 0.3 * 12 = 3.6 prunes 4 weights."),
            Mistake(lambda W, fraction: np.where(np.abs(W) < fraction, 0.0, W),
                    "fraction is the share of weights to prune, not a threshold on their size.",
                    "Prune k = round(fraction * W.size) weights: the k smallest by np.abs(W)."),
            Mistake(lambda W, fraction: _prune_by(W, 1 - fraction, np.abs(W)),
                    "fraction is the share of weights pruned (set to 0), not the share kept.",
                    "Zero k = round(fraction * W.size) weights."),
            Mistake(_prune_in_place,
                    "the caller's W changed: the unpruned model it belongs to is gone.",
                    "Work on a copy, out = W.copy(), and return it."),
            Mistake(lambda W, fraction: np.where(np.abs(W) < np.quantile(np.abs(W), fraction), 0.0, W),
                    "a quantile threshold, as in the lesson's prune, removes the weights below an "
                    "interpolated value, and how many fall below it need not be round(fraction * "
                    "W.size): 0.1 of 12 weights should remove 1, not 2.",
                    "Count instead of thresholding: k = int(round(fraction * W.size)), then zero the k "
                    "positions that come first when sorted by np.abs(W)."),
        ]),
    Exercise(
        name="prune_neurons", lesson="19",
        concept="structured pruning removes whole neurons, leaving smaller dense matrices",
        cases=[case(W1=W1_CASE, b1=B1_CASE, W2=W2_CASE, n_keep=2),
               case(W1=W1_CASE, b1=B1_CASE, W2=W2_CASE, n_keep=3),
               case(W1=W1_CASE, b1=B1_CASE, W2=W2_CASE, n_keep=1),
               case(W1=W1_CASE[:2].copy(), b1=B1_CASE, W2=W2_CASE[:, :1].copy(), n_keep=1),
               case(W1=W1_CASE, b1=B1_CASE, W2=W2_TIE, n_keep=2),
               case(W1=W1_CASE, b1=B1_CASE, W2=W2_MIX, n_keep=2),
               case(hidden=True, W1=W1_CASE.T[:, :3].copy(), b1=B1_CASE[:3].copy(),
                    W2=W2_CASE[:3].copy(), n_keep=3),
               case(hidden=True, W1=W1_CASE, b1=B1_CASE, W2=-W2_CASE, n_keep=1)],
        outputs=("W1", "b1", "W2"), dtype="float", pure=True,
        nudges=("Score each hidden neuron by the length of its row of W2, keep the n_keep highest, "
                "and cut the same neurons out of all three arrays.",
                "One index array of kept neurons, in their original order, selects columns of W1, "
                "entries of b1 and rows of W2; a stable sort of the negated lengths keeps the lower "
                "index first on a tie."),
        mistakes=[
            Mistake(lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _rank(np.linalg.norm(W1, axis=0), n_keep)),
                    "you ranked the neurons by their incoming weights (columns of W1); the task "
                    "ranks them by their outgoing weights, their rows of W2.",
                    "strength = np.linalg.norm(W2, axis=1): one number per hidden neuron."),
            Mistake(lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _rank(-np.linalg.norm(W2, axis=1), n_keep)),
                    "you kept the weakest neurons; pruning keeps the strongest.",
                    "Sort by -strength (or take the last n_keep of an ascending sort)."),
            Mistake(lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _rank(W2.sum(axis=1), n_keep)),
                    "a neuron's outgoing weights can be large and negative; rank by their length, "
                    "not their signed sum.",
                    "np.linalg.norm(W2, axis=1)."),
            Mistake(lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _rank(np.abs(W2).sum(axis=1), n_keep)),
                    "that ranks by the sum of absolute values; the task asks for the Euclidean "
                    "length, the square root of the sum of squares.",
                    "np.linalg.norm(W2, axis=1)."),
            Mistake(lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _rank(np.linalg.norm(W2, axis=1), n_keep,
                                                                      ordered=False)),
                    "the right neurons, in the order of their strength; keep them in their original "
                    "order (the network computes the same, but neuron j should stay before j + 1).",
                    "np.sort(keep) before cutting."),
            Mistake(lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _rank(np.linalg.norm(W2, axis=0), n_keep)),
                    "axis 0 of W2 runs over the hidden neurons: a norm along it gives one number "
                    "per output, not per neuron.",
                    "np.linalg.norm(W2, axis=1): along each row."),
            Mistake(lambda W1, b1, W2, n_keep: (W1[:, _rank(np.linalg.norm(W2, axis=1), n_keep)],
                                                b1, W2[_rank(np.linalg.norm(W2, axis=1), n_keep)]),
                    "b1 still has an entry for every neuron; cut the removed neurons' biases too.",
                    "b1[keep]."),
            Mistake(lambda W1, b1, W2, n_keep: _cut(W1, b1, W2, _rank(np.abs(W2).max(axis=1), n_keep)),
                    "you ranked each neuron by its single largest outgoing weight; the task ranks "
                    "by the Euclidean length of the whole row, so a neuron with two sizeable votes "
                    "can outrank one with a single large vote.",
                    "np.linalg.norm(W2, axis=1): the square root of the row's sum of squares."),
        ]),
    Exercise(
        name="per_layer_pruning", lesson="19", kind="predict",
        concept="where magnitude pruning takes its zeros from, one ranking over the whole network or "
                "the same share of every layer, and why it matters",
        options={"one_cut": "one cut over both layers", "each_layer": "a cut per layer"},
        better="higher",
        reasons={"a": "the first layer holds 99 % of the weights, so the output layer's 1,280 are too "
                      "few to matter; the cut that keeps more of the first layer wins",
                 "b": "the output layer's 1,280 weights are few and large, each a hidden neuron's vote "
                      "for a digit; one cut spares most of them, a cut per layer removes 9 in 10",
                 "c": "one cut can strip a layer almost bare while it spares another; the same quota "
                      "for every layer keeps each layer working, so it loses less",
                 "d": "the output layer's weights are the smallest, as the hidden values they multiply "
                      "are large; one cut ranks them last and removes nearly all of them"},
        reason="b",
        reason_hints={
            "a": ("the first layer's share barely differs between the two cuts (90.7 % against "
                  "90.0 %), yet the accuracies are far apart. Few weights can matter a lot when each "
                  "is the only path from one hidden neuron to one digit's score.",
                  "Look at the last column of the experiment's output: which layer's share of zeros "
                  "differs most between the two cuts?"),
            "c": ("equal shares per layer sound fair, but a weight's importance does not depend on "
                  "which layer it sits in, and the layers differ a lot in size and in how large "
                  "their weights are.",
                  "Compare the share of the output layer each cut zeroes, and remember that every "
                  "output weight is the only path from one hidden neuron to one digit."),
            "d": ("the experiment prints it: one cut zeroes only 37.5 % of the output layer, against "
                  "90.7 % of the first. Ranked together, the output weights are among the largest, "
                  "not the smallest.",
                  "If one cut spares most of the output layer, which cut is it that empties it, and "
                  "what does each output weight connect?"),
        },
        nudges=("Look at where each cut takes its zeros from: the first layer holds 100,352 weights, "
                "the output layer 1,280, and the experiment prints the share of each that goes.",
                "Ranking all magnitudes together lets the layer with the larger weights keep more of "
                "them. Which layer is that here, and how many of its weights does each cut leave?")),
]
