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


# Exercise 04.3: find the bug in a tanh layer's backward pass (dx = ... where the paths add up).
def paths_overwritten(dh, x, W):             # the planted bug, unchanged
    dz = dh * (1 - np.tanh(x @ W) ** 2)
    dx, dW = np.zeros_like(x), np.zeros_like(W)
    for n in range(len(x)):
        for j in range(W.shape[1]):
            dx[n] = dz[n, j] * W[:, j]
            dW[:, j] += dz[n, j] * x[n]
    return dx, dW


def examples_overwritten(dh, x, W):          # repaired dx, broke dW
    dz = dh * (1 - np.tanh(x @ W) ** 2)
    dx, dW = np.zeros_like(x), np.zeros_like(W)
    for n in range(len(x)):
        for j in range(W.shape[1]):
            dx[n] += dz[n, j] * W[:, j]
            dW[:, j] = dz[n, j] * x[n]
    return dx, dW


def paths_averaged(dh, x, W):
    dz = dh * (1 - np.tanh(x @ W) ** 2)
    return dz @ W.T / W.shape[1], x.T @ dz


def reset_per_example(dh, x, W):
    dz = dh * (1 - np.tanh(x @ W) ** 2)
    dW = np.zeros_like(W)
    for n in range(len(x)):
        dx = np.zeros_like(x)
        for j in range(W.shape[1]):
            dx[n] += dz[n, j] * W[:, j]
            dW[:, j] += dz[n, j] * x[n]
    return dx, dW


def slope_in_place(dh, x, W):                # right numbers, but overwrites the caller's dh
    dh *= 1 - np.tanh(x @ W) ** 2
    return dh @ W.T, x.T @ dh


def last_path_kept_vectorised(dh, x, W):     # only the last unit's share, written without loops
    dz = dh * (1 - np.tanh(x @ W) ** 2)
    return np.outer(dz[:, -1], W[:, -1]), x.T @ dz


def two_paths_vectorised(dh, x, W):
    dz = dh * (1 - np.tanh(x @ W) ** 2)
    return dz @ W.T, x.T @ dz


def two_paths_einsum(dh, x, W):
    dz = dh / np.cosh(x @ W) ** 2
    return np.einsum("bo,io->bi", dz, W), np.einsum("bi,bo->io", x, dz)


def two_paths_loops(dh, x, W):
    z = x @ W
    dx, dW = np.zeros(x.shape), np.zeros(W.shape)
    for n in range(x.shape[0]):
        for j in range(W.shape[1]):
            share = dh[n, j] * (1 - np.tanh(z[n, j]) ** 2)
            for i in range(W.shape[0]):
                dx[n, i] = dx[n, i] + share * W[i, j]
                dW[i, j] = dW[i, j] + share * x[n, i]
    return dx, dW


WRONG["two_paths_backward"] = [
    paths_overwritten, examples_overwritten, paths_averaged, reset_per_example,
    lambda dh, x, W: (dh @ W.T, x.T @ dh),                                   # no tanh slope
    lambda dh, x, W: tuple(g / len(x) for g in two_paths_vectorised(dh, x, W)),  # 1/N again
    lambda dh, x, W: (two_paths_vectorised(dh, x, W)[0] @ np.eye(x.shape[1]), None),
    lambda dh, x, W: (dh * (1 - np.tanh(x @ W) ** 2)) @ W,                   # W not turned round
    slope_in_place, last_path_kept_vectorised,
    lambda dh, x, W: two_paths_vectorised(dh, x, W)[0],                      # dx alone
]
RIGHT["two_paths_backward"] = [two_paths_vectorised, two_paths_einsum, two_paths_loops]
