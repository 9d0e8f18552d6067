import numpy as np


def dense_forward_loop(x, W, b):
    y = np.zeros((x.shape[0], W.shape[1]))
    for i in range(x.shape[0]):
        for j in range(W.shape[1]):
            y[i, j] = sum(x[i, k] * W[k, j] for k in range(W.shape[0])) + b[j]
    return y


def dense_backward_einsum(dy, x, W):
    return np.einsum("bo,io->bi", dy, W), np.einsum("bi,bo->io", x, dy), np.einsum("bo->o", dy)


def dense_backward_loop(dy, x, W):
    dx, dW, db = np.zeros(x.shape), np.zeros(W.shape), np.zeros(W.shape[1])
    for n in range(len(x)):
        dx[n] = W @ dy[n]
        dW += np.outer(x[n], dy[n])
        db += dy[n]
    return dx, dW, db


WRONG = {
    "dense_forward": [lambda x, W, b: x @ W, lambda x, W, b: x @ W.T + b,
                      lambda x, W, b: np.maximum(x @ W + b, 0), lambda x, W, b: x @ W - b,
                      lambda x, W, b: W @ x + b, lambda x, W, b: (x @ W + b).sum(axis=0),
                      lambda x, W, b: x @ W + b.sum(), lambda x, W, b: None],
    "dense_backward": [lambda dy, x, W: (dy @ W, x.T @ dy, dy.sum(axis=0)),
                       lambda dy, x, W: (dy @ W.T, dy.T @ x, dy.sum(axis=0)),
                       lambda dy, x, W: (dy @ W.T, x.T @ dy, dy.mean(axis=0)),
                       lambda dy, x, W: (dy @ W.T, x.T @ dy / len(x), dy.mean(axis=0)),
                       lambda dy, x, W: (dy @ W.T, x.T @ dy, dy),
                       lambda dy, x, W: (dy @ W.T, x.T @ dy, dy.sum(axis=1)),
                       lambda dy, x, W: (dy @ W.T, x.T @ dy),
                       lambda dy, x, W: dy @ W.T,
                       lambda dy, x, W: (x.T @ dy, dy @ W.T, dy.sum(axis=0))],
}

RIGHT = {
    "dense_forward": [dense_forward_loop, lambda x, W, b: np.dot(x, W) + b[None, :],
                      lambda x, W, b: np.einsum("bi,io->bo", x, W) + b],
    "dense_backward": [dense_backward_einsum, dense_backward_loop],
}
