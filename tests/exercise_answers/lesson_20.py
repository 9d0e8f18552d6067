import statistics

import numpy as np


def interval_stats(values, t):
    values = [float(v) for v in values]
    return statistics.mean(values), t * statistics.stdev(values) / len(values) ** 0.5


def interval_numpy(values, t):
    return np.mean(values), t * np.std(values, ddof=1) / np.sqrt(values.size)


def paired_loop(a, b, t):
    d = [x - y for x, y in zip(a, b)]
    n = len(d)
    m = sum(d) / n
    s = (sum((v - m) ** 2 for v in d) / (n - 1)) ** 0.5
    return m, t * s / n ** 0.5


def _interval(values, t, ddof=1, root=True, times_t=True):
    spread = np.std(values, ddof=ddof)
    n = len(values)
    return float(np.mean(values)), float((t if times_t else 1.0) * spread / (np.sqrt(n) if root else n))


_RUN = {"first": 0.692, "second": 0.948}      # the lesson's run: mean test accuracy over 5 seeds

WRONG = {
    "bottleneck_position": [                                  # (answer, measured) pairs
        ({"prediction": "first", "reason": "b"}, _RUN),           # contradicts the learner's own run
        ({"prediction": "second", "reason": "a"}, _RUN),          # "a squeeze next to the output is worse"
        ({"prediction": "second", "reason": "c"}, _RUN),          # "saturation blocks the gradient"
        ({"prediction": "second", "reason": "d"}, _RUN),          # "same parameters, same boundaries: luck"
        ({"prediction": "second", "reason": "b"}, None),          # the experiment cell not run
        ({"prediction": "second", "reason": "b"}, {"first": 0.69}),   # half a measurement
        ({"prediction": "2-8-1-2", "reason": "b"}, _RUN),         # not one of the options
        ({"prediction": "second"}, _RUN),                         # no reason
        ({"prediction": ..., "reason": ...}, _RUN)],              # the template, unfilled
    "paired_interval": [
        lambda a, b, t: (np.mean(a) - np.mean(b),
                         t * np.sqrt(np.var(a, ddof=1) / len(a) + np.var(b, ddof=1) / len(b))),
        lambda a, b, t: _interval(b - a, t),
        lambda a, b, t: _interval(a - b, t, ddof=0),
        lambda a, b, t: _interval(a - b, t, root=False),
        lambda a, b, t: _interval(a - b, t, times_t=False),
        lambda a, b, t: (np.mean(a - b), np.std(a - b, ddof=1)),
        lambda a, b, t: (np.mean(a - b) - _interval(a - b, t)[1], np.mean(a - b) + _interval(a - b, t)[1]),
        lambda a, b, t: _interval(a - b, t)[1],
        lambda a, b, t: None],
}

RIGHT = {
    "bottleneck_position": [
        ({"prediction": "second", "reason": "b"}, _RUN),
        ({"prediction": "second", "reason": "b"}, {"first": np.float64(0.636), "second": np.float64(0.92)}),
        ({"prediction": "first", "reason": "b"}, {"first": 0.9, "second": 0.8})],   # matched to that run
    "paired_interval": [lambda a, b, t: interval_stats(a - b, t),
                        lambda a, b, t: interval_numpy(np.asarray(a) - np.asarray(b), t),
                        paired_loop],
}
