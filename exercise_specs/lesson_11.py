"""Lesson 11 · when training fails: repair a gradient clipping that inflates small steps (find the
bug); derive the loss an untrained classifier starts with, checked against the engine's losses."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _norm(dW, db):
    return np.sqrt(np.sum(dW ** 2) + np.sum(db ** 2))


def _always_rescales(dW, db, max_norm):          # the planted bug
    scale = max_norm / _norm(dW, db)
    return dW * scale, db * scale


def _scaled(dW, db, max_norm, norm):
    if norm <= max_norm:
        return dW.copy(), db.copy()
    return dW * (max_norm / norm), db * (max_norm / norm)


def _per_array(dW, db, max_norm):
    nW, nb = np.sqrt(np.sum(dW ** 2)), np.sqrt(np.sum(db ** 2))
    return (dW * (max_norm / nW) if nW > max_norm else dW.copy(),
            db * (max_norm / nb) if nb > max_norm else db.copy())


def _by_value(dW, db, max_norm):
    return np.clip(dW, -max_norm, max_norm), np.clip(db, -max_norm, max_norm)


def _squared_norm(dW, db, max_norm):            # the root forgotten
    return _scaled(dW, db, max_norm, np.sum(dW ** 2) + np.sum(db ** 2))


def _inverted(dW, db, max_norm):
    norm = _norm(dW, db)
    if norm <= max_norm:
        return dW.copy(), db.copy()
    return dW * (norm / max_norm), db * (norm / max_norm)


def _sum_of_norms(dW, db, max_norm):
    return _scaled(dW, db, max_norm, np.sqrt(np.sum(dW ** 2)) + np.sqrt(np.sum(db ** 2)))


def _only_dW(dW, db, max_norm):
    norm = _norm(dW, db)
    return (dW * (max_norm / norm) if norm > max_norm else dW.copy()), db.copy()


def _divides_by_zero(dW, db, max_norm):
    scale = min(1.0, max_norm / _norm(dW, db))       # 0 / 0 for a zero gradient
    return dW * scale, db * scale


def _in_place(dW, db, max_norm):
    norm = _norm(dW, db)
    if norm > max_norm:
        dW *= max_norm / norm
        db *= max_norm / norm
    return dW, db


W_BIG = np.array([[12.0, -3.5], [0.5, 8.0], [-6.0, 1.5]])
B_BIG = np.array([-7.0, 9.5])
W_SMALL = np.array([[0.01, -0.02], [0.005, 0.0], [-0.015, 0.01]])
B_SMALL = np.array([0.003, -0.004])
W_HALF = np.array([[0.6, 0.0], [0.0, -0.6]])       # norm 0.849
B_HALF = np.array([0.0, 0.8])                       # norm 0.8; together 1.166


def _ce_log10(n_classes, loss):
    return float(np.log10(n_classes)) if loss == "cross_entropy" else (n_classes - 1) / n_classes ** 2


def _ce_probability(n_classes, loss):
    return 1 / n_classes if loss == "cross_entropy" else (n_classes - 1) / n_classes ** 2


def _ce_k_minus_1(n_classes, loss):
    return float(np.log(n_classes - 1)) if loss == "cross_entropy" else (n_classes - 1) / n_classes ** 2


def _mse_summed(n_classes, loss):
    return float(np.log(n_classes)) if loss == "cross_entropy" else (n_classes - 1) / n_classes


def _mse_right_class_only(n_classes, loss):
    return float(np.log(n_classes)) if loss == "cross_entropy" else (1 - 1 / n_classes) ** 2


def _mse_zero_targets(n_classes, loss):
    return float(np.log(n_classes)) if loss == "cross_entropy" else 1 / n_classes ** 2


def _measured_initial_loss(n_classes, loss):
    """The engine's loss on softmax outputs that give every class the same probability, for 64
    random labels (float64)."""
    from nnlessons import losses
    labels = np.random.default_rng(0).integers(0, n_classes, size=64)
    p = np.full((64, n_classes), 1.0 / n_classes)
    y = labels if loss == "cross_entropy" else np.eye(n_classes)[labels]
    return losses.get_loss(loss).value(p, y)


EXERCISES = [
    Exercise(
        name="clip_by_norm", lesson="11",
        concept="gradient clipping by global norm shortens only the steps that are too long, and "
                "keeps every step's direction",
        kind="fix",
        cases=[case(dW=W_BIG, db=B_BIG, max_norm=1.0),
               case(dW=W_SMALL, db=B_SMALL, max_norm=1.0),
               case(dW=W_HALF, db=B_HALF, max_norm=1.0),
               case(dW=np.zeros((2, 3)), db=np.zeros(3), max_norm=1.0),
               case(dW=np.array([[3.0, 0.0], [0.0, 0.0]]), db=np.array([0.0, 4.0]), max_norm=5.0),
               case(hidden=True, dW=0.1 * W_BIG, db=0.1 * B_BIG, max_norm=0.5),
               case(hidden=True, dW=0.01 * W_BIG.T, db=np.array([0.05, 0.0, -0.05]), max_norm=2.0)],
        outputs=("dW", "db"),
        pure=True, rtol=1e-9,
        nudges=("Clipping by the global norm: one norm over dW and db together, and one factor "
                "for both, so the step keeps its direction.",
                "Leave a gradient whose global norm is within max_norm as it is; otherwise scale "
                "both arrays by the same factor, chosen so the new global norm is max_norm."),
        bug=Mistake(_always_rescales,
                    "a small gradient came back with norm max_norm: this version rescales every "
                    "step, so it also blows small steps up. Clipping is a limit, not a target.",
                    "Near a minimum the gradient is small and the steps should be small too; "
                    "here every step has length lr * max_norm, so training can never settle. "
                    "Rescale only when the norm is above max_norm."),
        mistakes=[
            Mistake(_per_array, "dW and db were clipped each on its own. The limit is on the "
                                "global norm, over both arrays together.",
                    "Clipping each array separately changes their proportions, so the step no "
                    "longer points along the gradient: use one norm and one factor for both."),
            Mistake(_only_dW, "db came back as it was: the factor must shrink both arrays.",
                    "The global norm counts db too, and the step keeps its direction only if "
                    "dW and db shrink by the same factor."),
            Mistake(_by_value, "that clips each value into [-max_norm, max_norm]: clipping by "
                               "value, not by norm. It changes the step's direction.",
                    "Compute the length of the whole gradient (all arrays together) and scale "
                    "every array by one factor when it is too long."),
            Mistake(_squared_norm, "the length you compare and divide by is the sum of squares, "
                                   "not its square root.",
                    "A norm is the root of the sum of squares; the sum of squares grows "
                    "quadratically and makes the factor far too small for large gradients."),
            Mistake(_inverted, "the long gradient got longer: the factor is upside down.",
                    "The factor must make the new norm equal to max_norm, so it is below 1 "
                    "whenever the norm is above max_norm."),
            Mistake(_sum_of_norms, "the length you use adds up the arrays' own norms. That is "
                                   "more than the global norm whenever there are two or more "
                                   "arrays, so the result is shorter than max_norm.",
                    "The global norm treats all the arrays as one long vector: add up the squares "
                    "of every value first, then take one root."),
            Mistake(_divides_by_zero, "a gradient of all zeros made your function divide by "
                                      "zero.",
                    "Decide first whether the gradient is too long at all: a zero gradient is "
                    "within any limit and is returned as zeros, without computing a factor."),
            Mistake(_in_place, "your function changed the arrays it was given. The contract "
                               "asks for new arrays: the caller's gradients stay as computed.",
                    "Multiplying with *= writes into the caller's arrays; make new ones (dW * "
                    "factor, or dW.copy() when nothing changes)."),
        ]),
    Exercise(
        name="initial_loss", lesson="11",
        concept="an untrained classifier that has no preference scores a predictable loss: "
                "the first line of the checklist",
        kind="derive",
        cases=[case(n_classes=10, loss="cross_entropy"),
               case(n_classes=10, loss="mse"),
               case(n_classes=2, loss="cross_entropy"),
               case(n_classes=2, loss="mse"),
               case(n_classes=3, loss="cross_entropy"),
               case(n_classes=7, loss="mse"),
               case(hidden=True, n_classes=100, loss="cross_entropy"),
               case(hidden=True, n_classes=100, loss="mse")],
        rtol=1e-6,
        verify=_measured_initial_loss,
        verify_note="the engine's losses measured on equal softmax outputs for 64 random labels",
        nudges=("Every example sees the same outputs: 1/K for every class. Work out one "
                "example's loss; the mean over examples is the same number.",
                "Cross-entropy keeps only the probability of the right class. The squared error "
                "looks at all K outputs: one whose target is 1 and K - 1 whose target is 0."),
        mistakes=[
            Mistake(_ce_log10, "your cross-entropy is in base 10. The engine's logarithm is the "
                               "natural one.",
                    "np.log is the natural logarithm; the checklist's 2.303 for ten classes is "
                    "natural too."),
            Mistake(_ce_probability, "that is the probability given to the right class, not the "
                                     "loss of it.",
                    "Cross-entropy turns the right class's probability into a loss with minus "
                    "its logarithm."),
            Mistake(_ce_k_minus_1, "your cross-entropy counts K - 1 classes. The softmax spreads "
                                   "the probability over all K.",
                    "With no preference every one of the K classes gets the same share."),
            Mistake(_mse_summed, "your squared error adds up the K outputs. The engine's mean "
                                 "squared error averages over the outputs too.",
                    "mse is the mean of every squared difference: over the examples and over the "
                    "K outputs of each."),
            Mistake(_mse_right_class_only, "your squared error looks only at the right class's "
                                           "output.",
                    "The K - 1 other outputs have target 0 and output 1/K: their errors count "
                    "too, and then everything is averaged over the K outputs."),
            Mistake(_mse_zero_targets, "your squared error treats every target as 0: one of the "
                                       "K targets is 1.",
                    "The right class's output is 1/K against a target of 1; the other K - 1 are "
                    "1/K against 0."),
        ]),
]
