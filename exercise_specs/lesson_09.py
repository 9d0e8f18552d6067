"""Lesson 09 · generalisation: the gradient of the L2 penalty, and when early stopping stops."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def early_stop_variant(val_losses, patience, better=lambda a, b: a < b, wait_limit=None, base=1, best_all=False):
    """(stopped, best) as EarlyStopping gives them, with knobs for the typical mistakes."""
    limit = patience if wait_limit is None else wait_limit
    best, best_epoch, wait = None, None, 0
    for epoch, loss in enumerate(val_losses, start=base):
        if best is None or better(loss, best):
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait >= limit:
            if best_all:
                return epoch, int(np.argmin(val_losses)) + base
            return epoch, best_epoch
    return len(val_losses) - 1 + base, (int(np.argmin(val_losses)) + base if best_all else best_epoch)


W = np.array([[1.0, -2.0, 0.5], [0.5, 3.0, -1.0]])
G = np.array([[0.1, 0.0, -0.3], [-0.2, 0.4, 0.05]])

EXERCISES = [
    Exercise(
        name="l2_gradient", lesson="09",
        concept="what an L2 penalty adds to each weight's gradient, and so to an SGD step",
        cases=[case(W=W, grad=G, l2=0.01),
               case(W=W[:, :1] * 4, grad=G[:, :1], l2=0.5),
               case(W=W.T.copy(), grad=np.zeros((3, 2)), l2=0.1),
               case(hidden=True, W=-W, grad=G, l2=2.0)],
        dtype="float",
        nudges=("Differentiate the penalty λ/2 · w² for one weight and add the result to the loss's "
                "own gradient.",
                "The derivative of l2/2 * w**2 is l2 * w: return grad + l2 * W."),
        mistakes=[
            Mistake(lambda W, grad, l2: grad + l2 / 2 * W,
                    "the derivative of l2/2 · w² is l2 · w: the 1/2 cancels the 2 of the square.",
                    "grad + l2 * W."),
            Mistake(lambda W, grad, l2: grad + 2 * l2 * W,
                    "the penalty is l2/2 · ΣW², so its derivative has no factor 2 left.",
                    "grad + l2 * W."),
            Mistake(lambda W, grad, l2: grad - l2 * W,
                    "the penalty grows with |w|, so its gradient points away from 0; the step "
                    "(minus the gradient) then pulls the weight towards 0.",
                    "Add l2 * W: grad + l2 * W."),
            Mistake(lambda W, grad, l2: grad + l2,
                    "each weight's penalty gradient is l2 times that weight.",
                    "Add l2 * W, not l2."),
            Mistake(lambda W, grad, l2: l2 * W,
                    "the objective is the loss plus the penalty: keep the loss's own gradient.",
                    "grad + l2 * W."),
        ]),
    Exercise(
        name="early_stopping_epochs", lesson="09",
        concept="how `patience` and \"go back to the best epoch\" turn a validation curve into a "
                "stopping epoch and a kept epoch",
        cases=[case(val_losses=np.array([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.64, 0.7]), patience=3),
               case(val_losses=np.array([1.0, 0.8, 0.85, 0.75, 0.7, 0.72, 0.69, 0.71]), patience=2),
               case(val_losses=np.array([0.5, 0.6, 0.4, 0.45, 0.5, 0.55, 0.3, 0.2]), patience=3),
               case(val_losses=np.array([0.8, 0.6, 0.6, 0.6, 0.7]), patience=2),
               case(val_losses=np.array([1.0, 0.9, 0.8, 0.7]), patience=1),
               case(hidden=True, val_losses=np.array([0.4, 0.4, 0.5, 0.3, 0.35, 0.3, 0.3, 0.2]),
                    patience=4)],
        outputs=("stopped", "best"), exact=True,
        nudges=("Walk through the epochs (numbered from 1, as fit numbers them), remembering the "
                "lowest loss so far and how many epochs have passed without beating it.",
                "A loss below the best so far resets the count (and is the new best epoch); any "
                "other loss adds 1, and at count == patience training stops at that epoch. If it "
                "never stops, it stopped at the last epoch."),
        mistakes=[
            Mistake(lambda val_losses, patience: early_stop_variant(val_losses, patience, base=0),
                    "fit numbers epochs from 1: the first loss is epoch 1.",
                    "Use enumerate(val_losses, start=1)."),
            Mistake(lambda val_losses, patience: early_stop_variant(val_losses, patience, wait_limit=1),
                    "one epoch without improvement is not enough: patience is how many such epochs "
                    "to wait.",
                    "Count the epochs without a new best; stop when the count reaches patience."),
            Mistake(lambda val_losses, patience: early_stop_variant(val_losses, patience,
                                                        wait_limit=patience + 1),
                    "you wait one epoch too long.",
                    "Stop as soon as the count of epochs without improvement equals patience."),
            Mistake(lambda val_losses, patience: early_stop_variant(val_losses, patience, best_all=True),
                    "the best epoch is the best one training saw, before it stopped; later losses "
                    "never happen.",
                    "Track the best epoch while walking, and stop walking when training stops."),
            Mistake(lambda val_losses, patience: early_stop_variant(val_losses, patience,
                                                        better=lambda a, b: a <= b),
                    "a loss equal to the best so far is no improvement (EarlyStopping's min_delta "
                    "is 0: improving means strictly lower).",
                    "Compare with <, not <=."),
        ]),
]
