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
    "mean_and_interval": [
        lambda values, t: _interval(values, t, ddof=0),
        lambda values, t: _interval(values, t, root=False),
        lambda values, t: _interval(values, t, times_t=False),
        lambda values, t: (np.mean(values), np.std(values, ddof=1)),
        lambda values, t: (np.mean(values), t * np.var(values, ddof=1) / np.sqrt(len(values))),
        lambda values, t: (np.mean(values) - _interval(values, t)[1],
                           np.mean(values) + _interval(values, t)[1]),
        lambda values, t: _interval(values, t)[1],
        lambda values, t: (np.median(values), _interval(values, t)[1])],
}

RIGHT = {
    "count_params": [count_loop, lambda sizes: sum((a + 1) * b for a, b in _pairs(sizes)),
                     lambda sizes: int(np.dot(sizes[:-1], sizes[1:]) + sum(sizes[1:]))],
    "mean_and_interval": [interval_stats, interval_numpy],
}
