"""Answers for lesson 11's exercises: repair a gradient clipping by global norm (find the bug);
the loss an untrained classifier starts with (derive, then verify)."""
import math

import numpy as np


def clip_always(dW, db, max_norm):                # the planted bug, handed in unrepaired
    norm = np.sqrt(np.sum(dW ** 2) + np.sum(db ** 2))
    return dW * (max_norm / norm), db * (max_norm / norm)


def clip_each_array(dW, db, max_norm):
    return tuple(g * min(1.0, max_norm / max(np.linalg.norm(g), 1e-300)) for g in (dW, db))


def clip_values(dW, db, max_norm):
    return np.clip(dW, -max_norm, max_norm), np.clip(db, -max_norm, max_norm)


def clip_in_place(dW, db, max_norm):
    norm = math.sqrt(float(np.sum(dW * dW) + np.sum(db * db)))
    if norm > max_norm:
        dW *= max_norm / norm
        db *= max_norm / norm
    return dW, db


def clip_zero_division(dW, db, max_norm):
    norm = np.sqrt(np.sum(dW ** 2) + np.sum(db ** 2))
    return dW * min(1.0, max_norm / norm), db * min(1.0, max_norm / norm)


def clip_squared(dW, db, max_norm):
    total = np.sum(dW ** 2) + np.sum(db ** 2)
    scale = 1.0 if total <= max_norm else max_norm / total
    return dW * scale, db * scale


def clip_only_dW(dW, db, max_norm):
    norm = np.sqrt(np.sum(dW ** 2) + np.sum(db ** 2))
    return (dW * (max_norm / norm) if norm > max_norm else dW.copy()), db.copy()


def clip_max_abs(dW, db, max_norm):
    biggest = max(np.abs(dW).max(), np.abs(db).max())
    scale = 1.0 if biggest <= max_norm else max_norm / biggest
    return dW * scale, db * scale


def clip_flat(dW, db, max_norm):
    norm = np.linalg.norm(np.concatenate([dW.ravel(), db.ravel()]))
    scale = max_norm / norm if norm > max_norm else 1.0
    return dW * scale, db * scale


def clip_math(dW, db, max_norm):
    norm = math.sqrt(float((dW ** 2).sum()) + float((db ** 2).sum()))
    if norm == 0 or norm <= max_norm:
        return np.array(dW), np.array(db)
    return np.multiply(dW, max_norm / norm), np.multiply(db, max_norm / norm)


def clip_returns_small_as_given(dW, db, max_norm):   # the contract allows it: nothing is changed
    norm = np.sqrt(np.sum(dW ** 2) + np.sum(db ** 2))
    if norm <= max_norm:
        return dW, db
    return dW * (max_norm / norm), db * (max_norm / norm)


def initial_ce_log10(n_classes, loss):
    return math.log10(n_classes) if loss == "cross_entropy" else (n_classes - 1) / n_classes ** 2


def initial_ce_probability(n_classes, loss):
    return 1 / n_classes if loss == "cross_entropy" else (n_classes - 1) / n_classes ** 2


def initial_negative(n_classes, loss):
    return -math.log(n_classes) if loss == "cross_entropy" else (n_classes - 1) / n_classes ** 2


def initial_mse_summed(n_classes, loss):
    return math.log(n_classes) if loss == "cross_entropy" else (n_classes - 1) / n_classes


def initial_mse_right_only(n_classes, loss):
    return math.log(n_classes) if loss == "cross_entropy" else (1 - 1 / n_classes) ** 2


def initial_same_for_both(n_classes, loss):
    return math.log(n_classes)


def initial_mse_zero_targets(n_classes, loss):
    return math.log(n_classes) if loss == "cross_entropy" else 1 / n_classes ** 2


def initial_by_sum(n_classes, loss):
    p = np.full(n_classes, 1 / n_classes)
    if loss == "cross_entropy":
        return float(-np.log(p[0]))
    target = np.zeros(n_classes)
    target[0] = 1.0
    return float(np.mean((p - target) ** 2))


def initial_closed(n_classes, loss):
    k = n_classes
    return math.log(k) if loss == "cross_entropy" else 1 / k - 1 / k ** 2


WRONG = {
    "clip_by_norm": [clip_always, clip_each_array, clip_values, clip_in_place, clip_zero_division,
                     clip_squared, clip_only_dW, clip_max_abs, lambda dW, db, max_norm: (dW, db)],
    "initial_loss": [initial_ce_log10, initial_ce_probability, initial_negative,
                     initial_mse_summed, initial_mse_right_only, initial_same_for_both,
                     initial_mse_zero_targets, lambda n_classes, loss: None],
}
RIGHT = {
    "clip_by_norm": [clip_flat, clip_math, clip_returns_small_as_given],
    "initial_loss": [initial_by_sum, initial_closed],
}
