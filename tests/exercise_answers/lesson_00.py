import numpy as np


def row_means_loop(X):
    out = np.zeros(len(X))
    for i, row in enumerate(X):
        out[i] = sum(float(v) for v in row) / len(row)
    return out


WRONG = {
    "row_means": [lambda X: X.mean(axis=0), lambda X: X.mean(), lambda X: X.sum(axis=1),
                  lambda X: X.sum(axis=1) / len(X), lambda X: X.mean(axis=1, keepdims=True),
                  lambda X: X.sum(axis=1) // X.shape[1], lambda X: X[:, 0],
                  lambda X: np.median(X, axis=1), lambda X: None],
    "matmul_shape": [(784, 128), (32, 784), (128, 32), 4096, (32, 784, 128), (32,), "(32, 128)",
                     None],
}

RIGHT = {
    "row_means": [row_means_loop, lambda X: X.sum(axis=1) / X.shape[1],
                  lambda X: np.average(X, axis=1), lambda X: X.mean(axis=1, keepdims=True)[:, 0]],
    "matmul_shape": [(32, 128), [32, 128], np.ones((32, 128)).shape],
}
