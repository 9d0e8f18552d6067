"""Lesson 09 · generalisation: what an L2 penalty does to a never-used weight under Adam (predict,
then run), and when early stopping stops."""
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


EXERCISES = [
    Exercise(
        name="never_on_kept", lesson="09", kind="value",
        concept="how Adam rescales the pull of an L2 penalty on a weight whose only gradient is "
                "the penalty's",
        rtol=0.15,
        nudges=("A never-on weight's only gradient is the penalty's, λ·w. What does Adam do to a "
                "gradient before it takes a step: how does the step's size depend on the "
                "gradient's size?",
                "Adam divides each gradient by the running root mean square of that same gradient, "
                "so λ cancels: the step is about lr whatever λ is, as it was at λ = 0.001."),
        mistakes=[
            Mistake(1.0, "lr·λ·w is SGD's pull; Adam divides the penalty's gradient λ·w by its own "
                         "size, so a tiny λ does not give a tiny step.",
                    "Look at the first step the check prints for Adam: compare it with lr."),
            Mistake(0.9999, "that is what SGD does with this λ; Adam rescales each weight's step "
                            "by its own gradient's size.",
                    "With no loss gradient, Adam's step is about lr whatever λ is."),
            Mistake(0.88, "that is SGD + L2 at λ = 0.02 (and AdamW); Adam with an L2 term pulls a "
                          "weight with no loss gradient much harder.",
                    "With no loss gradient, Adam's step is about lr whatever λ is: compare with "
                    "what λ = 0.001 left."),
            Mistake(0.0, "Adam's steps are about lr = 0.001 each, and 64 of them take most of these "
                         "weights to 0 and leave them jittering there, not all exactly at 0.",
                    "Start from what λ = 0.001 left after the same 64 steps."),
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
