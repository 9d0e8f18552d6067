import numpy as np


def _early(val_losses, patience, better=lambda a, b: a < b, wait_limit=None, base=1, best_all=False):
    limit = patience if wait_limit is None else wait_limit
    best, best_epoch, wait = None, None, 0
    for epoch, loss in enumerate(val_losses, start=base):
        if best is None or better(loss, best):
            best, best_epoch, wait = loss, epoch, 0
            continue
        wait += 1
        if wait >= limit:
            return epoch, (int(np.argmin(val_losses)) + base if best_all else best_epoch)
    return len(val_losses) - 1 + base, (int(np.argmin(val_losses)) + base if best_all else best_epoch)


def early_slices(val_losses, patience):
    for epoch in range(1, len(val_losses) + 1):
        seen = val_losses[:epoch]
        best = int(np.argmin(seen))            # the first of equal minima: ties do not improve
        if epoch - 1 - best >= patience:
            return epoch, best + 1
    return len(val_losses), int(np.argmin(val_losses)) + 1


WRONG = {
    "l2_gradient": [
        lambda W, grad, l2: grad + l2 / 2 * W,
        lambda W, grad, l2: grad + 2 * l2 * W,
        lambda W, grad, l2: grad - l2 * W,
        lambda W, grad, l2: grad + l2,
        lambda W, grad, l2: l2 * W,
        lambda W, grad, l2: grad + l2 * W ** 2,
        lambda W, grad, l2: grad + l2 * np.sign(W),
        lambda W, grad, l2: grad + l2 * np.sum(W)],
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
    "l2_gradient": [lambda W, grad, l2: grad + l2 * W,
                    lambda W, grad, l2: np.add(grad, np.multiply(W, l2))],
    "early_stopping_epochs": [lambda v, p: _early(v, p), early_slices],
}
