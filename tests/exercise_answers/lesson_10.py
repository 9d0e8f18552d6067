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


def bn_in_place(x, gamma, beta, eps):
    x -= x.mean(axis=0)
    x /= np.sqrt(x.var(axis=0) + eps)
    return gamma * x + beta


def leaky_loop(var_x, fan_in, var_w, depth, slope):
    variance = var_x
    for layer in range(depth):
        mean_square = variance if layer == 0 else variance * (1 + slope * slope) / 2
        variance = fan_in * var_w * mean_square
    return variance


WRONG = {
    "leaky_stack_variance": [
        lambda vx, n, vw, d, s: vx * (n * vw * (1 + s ** 2) / 2) ** d,            # input through ReLU
        lambda vx, n, vw, d, s: vx * n * vw * (n * vw * (1 + s) / 2) ** (d - 1),  # slope not squared
        lambda vx, n, vw, d, s: vx * n * vw * (n * vw * ((1 + s ** 2) / 2 - (1 - s) ** 2
                                                         / (2 * math.pi))) ** (d - 1),  # Var(a)
        lambda vx, n, vw, d, s: vx * (n * vw) ** d,                                # no activation
        lambda vx, n, vw, d, s: vx * n * vw,                                       # one layer
        lambda vx, n, vw, d, s: math.sqrt(vx * n * vw * (n * vw * (1 + s ** 2) / 2) ** (d - 1)),
        lambda vx, n, vw, d, s: vx * vw * (vw * (1 + s ** 2) / 2) ** (d - 1),      # no fan_in
        lambda vx, n, vw, d, s: vx * n * vw * (n * vw / 2) ** (d - 1),             # ignores the slope
        lambda vx, n, vw, d, s: vx * n * vw * (n * vw * (1 + s ** 2) / 2) ** d,    # one layer too many
        lambda vx, n, vw, d, s: None],
    "batch_norm_forward": [
        lambda x, g, b, eps: _bn(x, g, b, eps, axis=1),
        lambda x, g, b, eps: _bn(x, g, b, eps, ddof=1),
        lambda x, g, b, eps: _bn(x, g, b, eps, by_variance=True),
        lambda x, g, b, eps: _bn(x, g, b, eps, scale=False),
        lambda x, g, b, eps: _bn(x, g, b, eps, eps_outside=True),
        lambda x, g, b, eps: g * (x - x.mean(axis=0)) + b,
        lambda x, g, b, eps: (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps) * b + g,
        lambda x, g, b, eps: _bn(x, g, b, 0.0) if x.std() > 0 else None,
        bn_in_place],
    "bn_alone": [3.0, 6.5, 0.0, 2.5, 2.0, 1.0, -0.5, None, 0.25],
}

RIGHT = {
    "leaky_stack_variance": [leaky_loop,
                             lambda vx, n, vw, d, s: vx * n * vw * (n * vw * (0.5 + 0.5 * s * s)) ** (d - 1),
                             lambda vx, n, vw, d, s: float(np.prod([vx * n * vw]
                                                                   + [n * vw * (1 + s * s) / 2] * (d - 1)))],
    "batch_norm_forward": [bn_loop, lambda x, g, b, eps: _bn(x, g, b, eps),
                           lambda x, g, b, eps: g * (x - x.mean(0)) * (x.var(0) + eps) ** -0.5 + b],
    "bn_alone": [0.5, 2 * 0.0 + 0.5, np.float32(0.5), 1 / 2],
}
