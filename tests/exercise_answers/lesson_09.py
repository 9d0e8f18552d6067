import numpy as np

from exercise_specs.lesson_09 import early_stop_variant as _early  # the spec's knobs


def early_slices(val_losses, patience):
    for epoch in range(1, len(val_losses) + 1):
        seen = val_losses[:epoch]
        best = int(np.argmin(seen))            # the first of equal minima: ties do not improve
        if epoch - 1 - best >= patience:
            return epoch, best + 1
    return len(val_losses), int(np.argmin(val_losses)) + 1


WRONG = {
    "never_on_kept": [1.0, 0.9999, 0.88, 0.786, 0.0, 0.6, None],
    "early_stopping_epochs": [
        lambda v, p: _early(v, p, base=0),
        lambda v, p: _early(v, p, wait_limit=1),
        lambda v, p: _early(v, p, wait_limit=p + 1),
        lambda v, p: _early(v, p, best_all=True),
        lambda v, p: _early(v, p, better=lambda a, b: a <= b),
        lambda v, p: (len(v), int(np.argmin(v)) + 1),
        lambda v, p: _early(v, p)[0],
        lambda v, p: _early(v, p)[::-1]],
}

RIGHT = {
    "never_on_kept": [0.35, 0.347, 0.33, np.float64(0.38)],
    "early_stopping_epochs": [lambda v, p: _early(v, p), early_slices],
}
