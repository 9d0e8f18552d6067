"""Lesson 09 · generalisation: what an L2 penalty does to a never-used weight under Adam (predict,
then run), and an early stop that lets the test set steer (find the bug)."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def early_stop_report_variant(val_losses, test_losses, patience, watch="val", keep=None,
                              report="test", better=lambda a, b: a < b, late=False, reset=True,
                              against="best"):
    """(stopped, kept, reported) with knobs for the planted bug and the typical wrong repairs:
    watch: the losses that decide stopping ("val", "test" or "mean"); keep: the losses that pick
    the kept epoch (default: the watched ones); report: "test" (the kept epoch's test loss),
    "val", "min" (the lowest test loss seen) or "stop" (the stopping epoch's test loss);
    late: stop only after patience + 1 epochs without improvement; reset=False: an improvement
    does not restart the count; against="previous": an epoch improves when it beats the epoch
    before it rather than the best so far."""
    sets = {"val": val_losses, "test": test_losses, "mean": (val_losses + test_losses) / 2}
    watched = sets[watch]
    kept, waited, stopped = 1, 0, len(watched)
    for epoch in range(2, len(watched) + 1):
        rival = watched[epoch - 2] if against == "previous" else watched[kept - 1]
        if better(watched[epoch - 1], rival):
            kept, waited = epoch, (0 if reset else waited)
        else:
            waited += 1
            if waited == patience + (1 if late else 0):
                stopped = epoch
                break
    if keep is not None:
        kept = int(np.argmin(sets[keep][:stopped])) + 1
    value = {"test": test_losses[kept - 1], "val": val_losses[kept - 1],
             "min": np.min(test_losses[:stopped]), "stop": test_losses[stopped - 1]}[report]
    return stopped, kept, value


EXERCISES = [
    Exercise(
        name="never_on_kept", lesson="09", kind="value",
        concept="how Adam rescales the pull of an L2 penalty on a weight whose only gradient is "
                "the penalty's",
        rtol=0.15,
        nudges=("A never-on weight's only gradient is the penalty's, λ·w. What does Adam do to a "
                "gradient before it takes a step: how does the step's size depend on the "
                "gradient's size?",
                "Adam divides each gradient by the running root mean square of that same gradient. "
                "When the penalty's is the only one, how much of λ survives that division? Then "
                "look again at the Adam + L2 row of the table."),
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
        name="early_stopping_report", lesson="09", kind="fix",
        concept="which held-out set may steer training, and which set may only report on the "
                "model that training chose",
        cases=[case(val_losses=np.array([1.0, 0.8, 0.9, 0.85, 0.95, 0.9, 0.97]),
                    test_losses=np.array([1.02, 0.86, 0.93, 0.88, 0.99, 0.94, 1.0]), patience=3),
               case(val_losses=np.array([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.64, 0.7]),
                    test_losses=np.array([0.95, 0.72, 0.66, 0.58, 0.63, 0.61, 0.55, 0.75]),
                    patience=3),
               case(val_losses=np.array([1.0, 0.8, 0.85, 0.75, 0.7, 0.72, 0.69, 0.71]),
                    test_losses=np.array([1.1, 0.9, 0.8, 0.85, 0.82, 0.8, 0.84, 0.79]),
                    patience=2),
               case(val_losses=np.array([0.8, 0.6, 0.6, 0.6, 0.7]),
                    test_losses=np.array([0.9, 0.7, 0.55, 0.65, 0.5]), patience=2),
               case(val_losses=np.array([1.0, 0.9, 0.8, 0.7]),
                    test_losses=np.array([1.0, 0.95, 0.85, 0.9]), patience=1),
               case(hidden=True, val_losses=np.array([0.4, 0.4, 0.5, 0.3, 0.35, 0.3, 0.3, 0.2]),
                    test_losses=np.array([0.45, 0.35, 0.5, 0.4, 0.3, 0.35, 0.25, 0.3]),
                    patience=4),
               case(hidden=True, val_losses=np.array([0.5, 0.6, 0.4, 0.45, 0.5, 0.55, 0.3]),
                    test_losses=np.array([0.6, 0.5, 0.45, 0.4, 0.6, 0.5, 0.35]), patience=3)],
        outputs=("stopped", "kept", "reported"),
        nudges=("Read the function as the lesson's last section reads a choice: which set's "
                "losses decide when to stop and which epoch to keep, and which set only reports "
                "on the result?",
                "A set that chose the epoch cannot also give an honest score of it; the 1,000 "
                "simulated runs show how far such a report drifts below 0.5. Stopping, keeping "
                "and reporting each have their own set."),
        bug=Mistake(lambda val_losses, test_losses, patience:
                    early_stop_report_variant(val_losses, test_losses, patience, watch="test"),
                    "the function picks the epoch by the very losses it then reports, so the "
                    "report carries the luck of the pick: the believe-the-best-score mistake of "
                    "the 20 models in the test-set section.",
                    "Every choice (when to stop, which weights to keep) belongs to the validation "
                    "set; the test set only scores the weights that were kept."),
        mistakes=[
            Mistake(lambda val_losses, test_losses, patience:
                    early_stop_report_variant(val_losses, test_losses, patience, report="min"),
                    "you report the lowest test loss of the run: choosing the best test number is "
                    "a choice made on the test set, wherever the weights are.",
                    "Report the test loss of the one epoch the validation set kept."),
            Mistake(lambda val_losses, test_losses, patience:
                    early_stop_report_variant(val_losses, test_losses, patience, keep="test"),
                    "training now stops on the validation losses, but the epoch kept is still the "
                    "best by the test losses: picking the weights is a choice too.",
                    "The epoch put back is the best one the validation set saw before training "
                    "stopped."),
            Mistake(lambda val_losses, test_losses, patience:
                    early_stop_report_variant(val_losses, test_losses, patience, report="val"),
                    "you report the validation loss of the kept epoch: it is the number that "
                    "chose that epoch, so it is optimistic for the same reason.",
                    "Report what the kept weights score on the set that took no part in choosing "
                    "them."),
            Mistake(lambda val_losses, test_losses, patience:
                    early_stop_report_variant(val_losses, test_losses, patience, report="stop"),
                    "you report the weights of the epoch training stopped at; with "
                    "restore_best_weights the model goes back to the best epoch first.",
                    "The reported loss belongs to the kept epoch, not the last one trained."),
            Mistake(lambda val_losses, test_losses, patience:
                    early_stop_report_variant(val_losses, test_losses, patience,
                                              better=lambda a, b: a <= b),
                    "a loss equal to the best so far is no improvement (EarlyStopping's min_delta "
                    "is 0: improving means strictly lower).",
                    "A tie neither becomes the new best epoch nor resets the count."),
            Mistake(lambda val_losses, test_losses, patience:
                    early_stop_report_variant(val_losses, test_losses, patience, late=True),
                    "the right set now steers, but training stops one epoch late: it should stop "
                    "at the epoch that makes patience epochs in a row without improvement.",
                    "Count along case 1 by hand: after the best epoch, which epoch is the "
                    "patience-th without improvement, and does your loop stop there?"),
            Mistake(lambda val_losses, test_losses, patience:
                    early_stop_report_variant(val_losses, test_losses, patience, reset=False),
                    "the right set now steers, but an improvement no longer restarts the count, "
                    "so epochs without improvement before it still count against the run.",
                    "Patience counts the epochs in a row since the last improvement: what must "
                    "happen to the count when a new best epoch arrives?"),
            Mistake(lambda val_losses, test_losses, patience:
                    early_stop_report_variant(val_losses, test_losses, patience,
                                              against="previous"),
                    "the right set now steers, but an epoch counts as an improvement when it beats "
                    "the epoch just before it; it must beat the best epoch so far.",
                    "A rise followed by a smaller fall is not an improvement: compare each epoch "
                    "with the kept one."),
        ]),
]
