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


WRONG = {
    "seeds_reaching_90": [1, 2, 3, 4, 5, 0.9, None],
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
    "seeds_reaching_90": [0, np.int64(0), 0.0],
    "paired_interval": [lambda a, b, t: interval_stats(a - b, t),
                        lambda a, b, t: interval_numpy(np.asarray(a) - np.asarray(b), t),
                        paired_loop],
}
