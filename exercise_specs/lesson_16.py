"""Lesson 16 · compression and transfer: magnitude pruning and inverted dropout."""
import math

import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _prune_by(W, fraction, key, count=None):
    out = np.array(W, dtype=float, copy=True)
    k = int(round(fraction * W.size)) if count is None else count
    out.flat[np.argsort(key, axis=None, kind="stable")[:k]] = 0.0
    return out


WEIGHTS = np.array([[0.5, -0.05, 1.2, -0.8], [0.01, -2.0, 0.3, 0.07], [-0.2, 0.9, -0.02, 1.5]])
X = np.array([[1.0, -2.0, 0.5, 4.0], [3.0, 0.0, -1.0, 2.0]])
MASK = np.array([[1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 1.0, 0.0]])

def _prune_in_place(W, fraction):
    W.flat[np.argsort(np.abs(W), axis=None, kind="stable")[:int(round(fraction * W.size))]] = 0
    return W


EXERCISES = [
    Exercise(
        name="magnitude_prune", lesson="16",
        concept="magnitude pruning zeroes the weights of smallest absolute value and keeps the rest",
        cases=[case(W=WEIGHTS, fraction=0.5),
               case(W=WEIGHTS, fraction=0.25),
               case(W=WEIGHTS, fraction=0.3),
               case(W=WEIGHTS[:2, :3].T.copy(), fraction=0.4),
               case(hidden=True, W=-WEIGHTS.T, fraction=0.6),
               case(hidden=True, W=WEIGHTS[1:], fraction=0.0)],
        dtype="float", pure=True,
        nudges=("Rank the weights by their magnitude |W|, zero the round(fraction * W.size) smallest "
                "and return them in a copy of W.",
                "k = int(round(fraction * W.size)); out = W.copy(); "
                "out.flat[np.argsort(np.abs(W), axis=None)[:k]] = 0."),
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
        ]),
    Exercise(
        name="inverted_dropout", lesson="16",
        concept="inverted dropout zeroes the dropped units and scales the kept ones by 1 / (1 - rate), "
                "so the expected output is unchanged",
        cases=[case(x=X, mask=MASK, rate=0.5),
               case(x=X, mask=MASK, rate=0.25),
               case(x=X.T.copy(), mask=np.array([[1.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]),
                    rate=0.2),
               case(hidden=True, x=np.array([[2.0, -1.0, 0.5]]), mask=np.array([[0.0, 1.0, 1.0]]),
                    rate=0.6)],
        dtype="float",
        nudges=("A 1 in mask keeps that unit, a 0 drops it (sets it to 0). The kept units are then "
                "scaled up so that the output's expected value matches x.",
                "Each unit is kept with probability 1 - rate: return x * mask / (1 - rate)."),
        mistakes=[
            Mistake(lambda x, mask, rate: x * mask,
                    "the kept units are not scaled up, so in training the next layer sees smaller "
                    "signals than at prediction time.",
                    "Divide by the keep probability: x * mask / (1 - rate)."),
            Mistake(lambda x, mask, rate: x * (1 - mask) / (1 - rate),
                    "a 1 in mask means keep: you kept the dropped units and dropped the kept ones.",
                    "Multiply by mask, not by 1 - mask."),
            Mistake(lambda x, mask, rate: x * mask * (1 - rate),
                    "scaling by the keep probability makes the signal smaller still; inverted "
                    "dropout divides by it.",
                    "x * mask / (1 - rate)."),
            Mistake(lambda x, mask, rate: x * mask / rate,
                    "rate is the share dropped; the kept share is 1 - rate.",
                    "Divide by 1 - rate, not by rate."),
            Mistake(lambda x, mask, rate: x / (1 - rate),
                    "the dropped units must be 0: the mask says which ones.",
                    "Multiply by mask as well: x * mask / (1 - rate)."),
        ]),
]
