import numpy as np


def flatten_loop(images):
    return np.array([[pixel for row in image for pixel in row] for image in images])


def min_max_loop(X):
    out = np.zeros(X.shape)
    for j in range(X.shape[1]):
        column = [float(v) for v in X[:, j]]
        low, high = min(column), max(column)
        out[:, j] = [(v - low) / (high - low) for v in column]
    return out


def min_max_in_place(X):
    X -= X.min(axis=0)
    X /= X.max(axis=0)
    return X


def scale_splits_loop(X_train, X_test):
    train, test = np.zeros(X_train.shape), np.zeros(X_test.shape)
    for j in range(X_train.shape[1]):
        low, high = min(X_train[:, j]), max(X_train[:, j])
        train[:, j] = [(v - low) / (high - low) for v in X_train[:, j]]
        test[:, j] = [(v - low) / (high - low) for v in X_test[:, j]]
    return train, test


def scale_splits_copies(X_train, X_test):
    low, span = X_train.min(axis=0), np.ptp(X_train, axis=0)
    train, test = X_train.astype(float), X_test.astype(float)   # copies, scaled in place
    train -= low
    test -= low
    return train / span, test / span


def scale_splits_buggy(X_train, X_test):
    both = np.concatenate([X_train, X_test])
    low, high = both.min(axis=0), both.max(axis=0)
    return (X_train - low) / (high - low), (X_test - low) / (high - low)


def scale_splits_own(X_train, X_test):
    return tuple((X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0)) for X in (X_train, X_test))


def scale_splits_in_place(X_train, X_test):
    low, high = X_train.min(axis=0), X_train.max(axis=0)
    X_train -= low
    X_test -= low
    X_train /= high - low
    X_test /= high - low
    return X_train, X_test


def scale_splits_half_repaired(X_train, X_test):
    both = np.concatenate([X_train, X_test])
    low, high = both.min(axis=0), both.max(axis=0)
    return _on_train(X_train, X_train), (X_test - low) / (high - low)


def _on_train(X_train, X):
    return (X - X_train.min(axis=0)) / (X_train.max(axis=0) - X_train.min(axis=0))


WRONG = {
    "flatten_images": [lambda im: im.reshape(-1),
                       lambda im: im.reshape(im.shape[1] * im.shape[2], len(im)),
                       lambda im: im.transpose(0, 2, 1).reshape(len(im), -1),
                       lambda im: im[:, 0], lambda im: im.reshape(len(im), 784),
                       lambda im: im.reshape(len(im), -1, order="F"),
                       lambda im: im.reshape(-1, im.shape[1]), lambda im: im.sum(axis=2),
                       lambda im: im.reshape(len(im), -1) / 255,
                       lambda im: None],
    "min_max_scale": [lambda X: (X - X.min()) / (X.max() - X.min()),
                      lambda X: (X - X.min(axis=1, keepdims=True))
                      / (X.max(axis=1, keepdims=True) - X.min(axis=1, keepdims=True)),
                      lambda X: X / X.max(axis=0),
                      lambda X: (X - X.min(axis=0)) / X.max(axis=0),
                      lambda X: (X - X.min(axis=0)) // (X.max(axis=0) - X.min(axis=0)),
                      lambda X: X / 255,
                      lambda X: (X - X.mean(axis=0)) / X.std(axis=0),
                      min_max_in_place,
                      lambda X: None],
    "scale_splits": [scale_splits_buggy, scale_splits_own, scale_splits_in_place,
                     lambda tr, te: (_on_train(tr, tr), np.clip(_on_train(tr, te), 0, 1)),
                     lambda tr, te: ((tr - tr.min()) / (tr.max() - tr.min()),
                                     (te - tr.min()) / (tr.max() - tr.min())),
                     lambda tr, te: (_on_train(tr, tr), te.astype(float)),
                     lambda tr, te: (_on_train(te, tr), _on_train(te, te)),      # fitted on test
                     lambda tr, te: (_on_train(tr, tr), _on_train(tr, te) * 255),
                     lambda tr, te: _on_train(tr, tr),                            # one table only
                     lambda tr, te: (_on_train(tr, te), _on_train(tr, tr)),       # swapped
                     scale_splits_half_repaired,                                 # test still leaks
                     lambda tr, te: None],
}

RIGHT = {
    "flatten_images": [flatten_loop, lambda im: im.reshape(len(im), -1),
                       lambda im: np.stack([image.ravel() for image in im])],
    "min_max_scale": [min_max_loop,
                      lambda X: (X.astype(float) - X.min(axis=0)) / np.ptp(X, axis=0)],
    "scale_splits": [scale_splits_loop, scale_splits_copies,
                     lambda tr, te: (_on_train(tr, tr), _on_train(tr, te))],
}
