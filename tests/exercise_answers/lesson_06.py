import numpy as np


def ce_grad_loop(p, y):
    grad = np.zeros(p.shape)
    for i in range(p.shape[0]):
        for k in range(p.shape[1]):
            grad[i, k] = (p[i, k] - (1.0 if k == y[i] else 0.0)) / p.shape[0]
    return grad


def ce_grad_one_hot(p, y):
    return (p - np.eye(p.shape[1])[y]) / len(y)


def ce_grad_indexed_wrong_way(p, y):
    grad = p.copy()
    grad[y, np.arange(len(y))] -= 1
    return grad / len(p)


def ce_grad_in_place(p, y):
    p[np.arange(len(y)), y] -= 1
    p /= len(p)
    return p


def ce_loop(p, y):
    total = 0.0
    for row, label in zip(p, y):
        total -= np.log(row[label])
    return total / len(y)


def ce_one_hot(p, y):
    one_hot = np.eye(p.shape[1])[y]
    return -np.mean(np.sum(one_hot * np.log(p), axis=1))


def accuracy_loop(p, y):
    right = 0
    for row, label in zip(p, y):
        best = max(range(len(row)), key=lambda k: row[k])
        right += best == label
    return right / len(y)


WRONG = {
    "cross_entropy_gradient": [
        lambda p, y: p - np.eye(p.shape[1])[y],
        lambda p, y: (p - np.eye(p.shape[1])[y]) / p.shape[1],
        lambda p, y: (p - np.eye(p.shape[1])[y]) / 3,
        ce_grad_indexed_wrong_way,
        lambda p, y: (np.eye(p.shape[1])[y] - p) / len(p),
        lambda p, y: (p - y[:, None]) / len(p),
        lambda p, y: (p - np.eye(3)[y]) / len(p),
        lambda p, y: -np.eye(p.shape[1])[y] / p / len(p),
        ce_grad_in_place,
        lambda p, y: (np.exp(p) / np.exp(p).sum(axis=1, keepdims=True)
                      - np.eye(p.shape[1])[y]) / len(p),                 # softmax applied again
        lambda p, y: None],
    "accuracy": [
        lambda p, y: np.mean(p.argmax(axis=0) == y),
        lambda p, y: np.sum(p.argmax(axis=1) == y),
        lambda p, y: np.mean(p.max(axis=1) == y),
        lambda p, y: np.mean(p[np.arange(len(y)), y]),
        lambda p, y: 100 * np.mean(p.argmax(axis=1) == y),
        lambda p, y: 1 - np.mean(p.argmax(axis=1) == y),
        lambda p, y: p.argmax(axis=1) == y,
        lambda p, y: float(np.mean(p[np.arange(len(y)), y] >= 0.5)),      # a 0.5 threshold
        lambda p, y: float(np.mean(p[np.arange(len(y)), y] > 0.5)),
        lambda p, y: None],
    "mean_cross_entropy": [
        lambda p, y: float(-np.mean(np.log(p[:, y]))),                   # the planted bug
        lambda p, y: -np.mean(np.log(p)),
        lambda p, y: -np.sum(np.log(p[np.arange(len(y)), y])),
        lambda p, y: -np.mean(np.log(p[y, np.arange(len(y))])),
        lambda p, y: np.mean(np.log(p[np.arange(len(y)), y])),
        lambda p, y: -np.mean(np.log(p.max(axis=1))),
        lambda p, y: -np.mean(np.eye(p.shape[1])[y] * np.log(p)),
        lambda p, y: -np.mean(p[np.arange(len(y)), y]),
        lambda p, y: -np.mean(np.log(p[:, y].diagonal()[:-1])),        # drops the last example
        lambda p, y: -np.mean(np.log10(p[np.arange(len(y)), y])),
        lambda p, y: float(-np.log(np.mean(p[np.arange(len(y)), y]))),    # log of the mean
        lambda p, y: -np.log(p[np.arange(len(y)), y].mean()),
        lambda p, y: None],
}

RIGHT = {
    "cross_entropy_gradient": [ce_grad_loop, ce_grad_one_hot],
    "mean_cross_entropy": [ce_loop, ce_one_hot,
                           lambda p, y: float(-np.log(np.diagonal(p[:, y])).mean())],
    "accuracy": [accuracy_loop, lambda p, y: (p.argmax(axis=1) == y).sum() / len(y),
                 lambda p, y: np.count_nonzero(np.argmax(p, 1) == y) / y.size],
}
