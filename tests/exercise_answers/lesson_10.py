import math

import numpy as np


def _bn(x, gamma, beta, eps, axis=0, ddof=0, eps_outside=False, scale=True, by_variance=False):
    mean = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, ddof=ddof, keepdims=True)
    spread = var + eps if by_variance else (np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps))
    x_hat = (x - mean) / spread
    return gamma * x_hat + beta if scale else x_hat


def bn_loop(x, gamma, beta, eps):
    out = np.empty(x.shape)
    for j in range(x.shape[1]):
        column = [float(v) for v in x[:, j]]
        mu = sum(column) / len(column)
        var = sum((v - mu) ** 2 for v in column) / len(column)
        for i, v in enumerate(column):
            out[i, j] = gamma[j] * (v - mu) / math.sqrt(var + eps) + beta[j]
    return out


WRONG = {
    "he_std": [lambda fan_in: 2.0 / fan_in, lambda fan_in: np.sqrt(1.0 / fan_in),
               lambda fan_in: 0.01 + 0.0 * fan_in, lambda fan_in: np.sqrt(fan_in / 2.0),
               lambda fan_in: np.sqrt(2.0) / fan_in, lambda fan_in: int(np.sqrt(2 / fan_in)),
               lambda fan_in: np.sqrt(2 / (fan_in + fan_in)), lambda fan_in: None],
    "batch_norm_forward": [
        lambda x, g, b, eps: _bn(x, g, b, eps, axis=1),
        lambda x, g, b, eps: _bn(x, g, b, eps, ddof=1),
        lambda x, g, b, eps: _bn(x, g, b, eps, by_variance=True),
        lambda x, g, b, eps: _bn(x, g, b, eps, scale=False),
        lambda x, g, b, eps: _bn(x, g, b, eps, eps_outside=True),
        lambda x, g, b, eps: g * (x - x.mean(axis=0)) + b,
        lambda x, g, b, eps: (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) * b + g,
        lambda x, g, b, eps: _bn(x, g, b, 0.0) if x.std() > 0 else None],
    "bn_alone": [3.0, 6.5, 0.0, 2.5, 2.0, 1.0, -0.5, None, 0.25],
}

RIGHT = {
    "he_std": [lambda fan_in: math.sqrt(2 / fan_in), lambda fan_in: (2.0 / fan_in) ** 0.5,
               lambda fan_in: np.sqrt(2) / np.sqrt(fan_in)],
    "batch_norm_forward": [bn_loop, lambda x, g, b, eps: _bn(x, g, b, eps),
                           lambda x, g, b, eps: g * (x - x.mean(0)) * (x.var(0) + eps) ** -0.5 + b],
    "bn_alone": [0.5, 2 * 0.0 + 0.5, np.float32(0.5), 1 / 2],
}
