import statistics

import numpy as np


def _pairs(sizes):
    return list(zip(sizes[:-1], sizes[1:]))


def count_loop(sizes):
    total = 0
    for i in range(len(sizes) - 1):
        total += sizes[i] * sizes[i + 1] + sizes[i + 1]
    return total


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
    "count_params": [
        lambda sizes: sum(a * b for a, b in _pairs(sizes)),
        lambda sizes: sum(sizes),
        lambda sizes: sum(a * b + a for a, b in _pairs(sizes)),
        lambda sizes: sum(a * b + 1 for a, b in _pairs(sizes)),
        lambda sizes: sum(a * b for a, b in _pairs(sizes)) + sum(sizes),
        lambda sizes: int(np.prod(sizes)),
        lambda sizes: float(count_loop(sizes)) + 0.5,
        lambda sizes: None],
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
    "count_params": [count_loop, lambda sizes: sum((a + 1) * b for a, b in _pairs(sizes)),
                     lambda sizes: int(np.dot(sizes[:-1], sizes[1:]) + sum(sizes[1:]))],
    "paired_interval": [lambda a, b, t: interval_stats(a - b, t),
                        lambda a, b, t: interval_numpy(np.asarray(a) - np.asarray(b), t),
                        paired_loop],
}
