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


WRONG = {
    "flatten_images": [lambda im: im.reshape(-1),
                       lambda im: im.reshape(im.shape[1] * im.shape[2], len(im)),
                       lambda im: im.transpose(0, 2, 1).reshape(len(im), -1),
                       lambda im: im[:, 0], lambda im: im.reshape(len(im), 784),
                       lambda im: im.reshape(len(im), -1, order="F"),
                       lambda im: im.reshape(-1, im.shape[1]), lambda im: im.sum(axis=2),
                       lambda im: None],
    "min_max_scale": [lambda X: (X - X.min()) / (X.max() - X.min()),
                      lambda X: (X - X.min(axis=1, keepdims=True))
                      / (X.max(axis=1, keepdims=True) - X.min(axis=1, keepdims=True)),
                      lambda X: X / X.max(axis=0),
                      lambda X: (X - X.min(axis=0)) / X.max(axis=0),
                      lambda X: (X - X.min(axis=0)) // (X.max(axis=0) - X.min(axis=0)),
                      lambda X: X / 255,
                      lambda X: (X - X.mean(axis=0)) / X.std(axis=0),
                      lambda X: None],
}

RIGHT = {
    "flatten_images": [flatten_loop, lambda im: im.reshape(len(im), -1),
                       lambda im: np.stack([image.ravel() for image in im])],
    "min_max_scale": [min_max_loop,
                      lambda X: (X.astype(float) - X.min(axis=0)) / np.ptp(X, axis=0)],
}
