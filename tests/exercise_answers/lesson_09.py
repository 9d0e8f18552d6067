"""Answers for lesson 09's exercises: a never-used weight under Adam + L2 (predict, then run); an
early stop that lets the test set steer (find the bug)."""
import numpy as np

from exercise_specs.lesson_09 import early_stop_report_variant as _report  # the spec's knobs


def report_slices(val_losses, test_losses, patience):
    for epoch in range(1, len(val_losses) + 1):
        best = int(np.argmin(val_losses[:epoch]))     # the first of equal minima: ties do not improve
        if epoch - 1 - best >= patience:
            return epoch, best + 1, test_losses[best]
    best = int(np.argmin(val_losses))
    return len(val_losses), best + 1, test_losses[best]


def report_callback_style(val_losses, test_losses, patience):
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait >= patience:
            return epoch, best_epoch, float(test_losses[best_epoch - 1])
    return len(val_losses), best_epoch, float(test_losses[best_epoch - 1])


def report_counts_from_zero(val_losses, test_losses, patience):
    stopped, kept, reported = _report(val_losses, test_losses, patience)
    return stopped - 1, kept - 1, reported


WRONG = {
    "never_on_kept": [1.0, 0.9999, 0.88, 0.786, 0.0, 0.6, None],
    "early_stopping_report": [
        lambda v, t, p: _report(v, t, p, watch="test"),
        lambda v, t, p: _report(v, t, p, keep="test"),
        lambda v, t, p: _report(v, t, p, report="val"),
        lambda v, t, p: _report(v, t, p, report="min"),
        lambda v, t, p: _report(v, t, p, report="stop"),
        lambda v, t, p: _report(v, t, p, better=lambda a, b: a <= b),
        lambda v, t, p: _report(v, t, p, watch="mean"),
        lambda v, t, p: _report(v, t, p, late=True),             # stops one epoch late
        lambda v, t, p: _report(v, t, p, reset=False),           # the count never restarts
        lambda v, t, p: _report(v, t, p, against="previous"),    # beats the last epoch, not the best
        report_counts_from_zero,
        lambda v, t, p: _report(v, t, p)[:2],
        lambda v, t, p: (len(v), int(np.argmin(v)) + 1, t[int(np.argmin(v))])],
}

RIGHT = {
    "never_on_kept": [0.35, 0.347, 0.33, np.float64(0.38)],
    "early_stopping_report": [lambda v, t, p: _report(v, t, p), report_slices,
                              report_callback_style],
}
