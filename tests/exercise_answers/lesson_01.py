import numpy as np


def neuron_loop(x, w, b):
    out = []
    for row in x:
        z = sum(xi * wi for xi, wi in zip(row, w)) + b
        out.append(z if z > 0 else 0.0)
    return np.array(out, dtype=float)


WRONG = {
    "neuron_forward": [lambda x, w, b: np.maximum(x @ w, 0), lambda x, w, b: x @ w + b,
               lambda x, w, b: np.maximum(x @ w, 0) + b, lambda x, w, b: np.maximum(x * w + b, 0),
               lambda x, w, b: np.maximum(w @ x + b, 0),
               lambda x, w, b: 1 / (1 + np.exp(-(x @ w + b))),
               lambda x, w, b: np.maximum(x @ w + b, 0)[:, None],
               lambda x, w, b: np.maximum(x @ w + b, 0).astype(int), lambda x, w, b: None],
    "layer_params": [100352, 128, 101264, 912, 100353, 784, (784, 128), None],
}

RIGHT = {
    "neuron_forward": [neuron_loop, lambda x, w, b: np.where(x @ w + b > 0, x @ w + b, 0.0),
               lambda x, w, b: np.clip(np.dot(x, w) + b, 0, None)],
    "layer_params": [100480, 784 * 128 + 128, np.int64(100480), 100480.0],
}
