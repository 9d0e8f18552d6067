import numpy as np


def neuron_loop(x, w, b):
    out = []
    for row in x:
        z = sum(xi * wi for xi, wi in zip(row, w)) + b
        out.append(z if z > 0 else 0.0)
    return np.array(out, dtype=float)


def layer_loop(X, W, b):
    out = np.zeros((len(X), W.shape[1]))
    for j in range(W.shape[1]):                     # one neuron (column) at a time
        out[:, j] = np.maximum(X @ W[:, j] + b[j], 0)
    return out


def layer_bias_by_row(X, W, b):
    return np.maximum(X @ W + b[:, None], 0)        # the bug again, without loops


def layer_bias_mean(X, W, b):
    return np.maximum(X @ W + b.mean(), 0)


WRONG = {
    "neuron_forward": [lambda x, w, b: np.maximum(x @ w, 0), lambda x, w, b: x @ w + b,
               lambda x, w, b: np.maximum(x @ w, 0) + b, lambda x, w, b: np.maximum(x * w + b, 0),
               lambda x, w, b: np.maximum(w @ x + b, 0),
               lambda x, w, b: 1 / (1 + np.exp(-(x @ w + b))),
               lambda x, w, b: np.maximum(x @ w + b, 0)[:, None],
               lambda x, w, b: np.maximum(x @ w + b, 0).astype(int),
               lambda x, w, b: np.max(x @ w + b, 0), lambda x, w, b: None],
    "layer_params": [100352, 128, 101264, 912, 100353, 784, (784, 128), None],
    "layer_forward": [lambda X, W, b: np.maximum(X @ W + b[0], 0),
                      lambda X, W, b: np.maximum(X @ W, 0),
                      lambda X, W, b: np.maximum(X @ W, 0) + b,
                      lambda X, W, b: np.maximum(X @ W.T + b, 0),
                      lambda X, W, b: np.maximum(X @ W + b, 0).T,
                      lambda X, W, b: X @ W + b,
                      layer_bias_by_row, layer_bias_mean,
                      lambda X, W, b: 1 / (1 + np.exp(-(X @ W + b))),
                      lambda X, W, b: np.maximum(X @ W + b, 0)[0],
                      lambda X, W, b: None],
}

RIGHT = {
    "neuron_forward": [neuron_loop, lambda x, w, b: np.where(x @ w + b > 0, x @ w + b, 0.0),
               lambda x, w, b: np.clip(np.dot(x, w) + b, 0, None)],
    "layer_params": [100480, 784 * 128 + 128, np.int64(100480), 100480.0],
    "layer_forward": [layer_loop, lambda X, W, b: np.maximum(X @ W + b, 0.0),
                      lambda X, W, b: np.clip(np.dot(X, W) + b[None, :], 0, None)],
}
