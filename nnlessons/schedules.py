"""Learning-rate schedules: functions of the step count t (0, 1, 2, ...) that return a learning rate.

    model.fit(X, y, epochs=30, callbacks=[nl.LearningRateScheduler(nl.schedules.cosine(0.1, 30))])

A step is an epoch by default; ``LearningRateScheduler(..., per="batch")`` counts batches instead
(what warm-up usually wants). Each schedule is a plain function, so it can be printed or plotted:
[schedule(t) for t in range(30)].
"""
import math

from ._validation import check_positive_int, check_positive_number


def constant(lr):
    """lr at every step."""
    lr = check_positive_number(lr, "lr")
    return lambda t: lr


def step_decay(lr, drop=0.5, every=10):
    """lr * drop^floor(t / every): the rate falls in stairs, by ``drop`` every ``every`` steps."""
    lr, every = check_positive_number(lr, "lr"), check_positive_int(every, "every")
    if not 0 < drop <= 1:
        raise ValueError(f"drop must be in (0, 1], got {drop!r}: it multiplies the rate.")
    return lambda t: lr * drop ** (t // every)


def exponential(lr, gamma=0.95):
    """lr * gamma^t: the rate shrinks by the same factor every step."""
    lr = check_positive_number(lr, "lr")
    if not 0 < gamma <= 1:
        raise ValueError(f"gamma must be in (0, 1], got {gamma!r}.")
    return lambda t: lr * gamma ** t


def cosine(lr, total, lr_min=0.0):
    """lr_min + (lr - lr_min) * (1 + cos(pi * t / total)) / 2: from lr down to lr_min over ``total``
    steps along half a cosine (Loshchilov & Hutter, 2017, without restarts), then lr_min."""
    lr, total = check_positive_number(lr, "lr"), check_positive_int(total, "total")
    return lambda t: lr_min + (lr - lr_min) * (1 + math.cos(math.pi * min(t, total) / total)) / 2


def warmup(schedule, steps):
    """Linear warm-up: the rate climbs in equal stairs from schedule(0) / steps (at t = 0) to
    schedule(0) (at t = steps - 1), then follows ``schedule`` from its own start: at t >= steps
    the rate is schedule(t - steps), so the peak schedule(0) is held for two steps."""
    steps = check_positive_int(steps, "steps")
    return lambda t: schedule(0) * (t + 1) / steps if t < steps else schedule(t - steps)
