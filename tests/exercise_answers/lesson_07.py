import numpy as np


def relu_derivative_loop(z):
    out = np.zeros(z.shape)
    for index, value in np.ndenumerate(z):
        out[index] = 1.0 if value > 0 else 0.0
    return out


def predict_loop(p):
    classes, confidence = [], []
    for row in p:
        best = int(np.argmax(row))
        classes.append(best)
        confidence.append(row[best])
    return np.array(classes), np.array(confidence)


def score_gradient_loop(x, W1, b1, w2):
    grad = np.zeros(len(x))
    for j in range(W1.shape[1]):
        if x @ W1[:, j] + b1[j] > 0:          # a live neuron: its path counts
            grad += W1[:, j] * w2[j]
    return grad


def relu_slope_in_place(z):
    z[z > 0] = 1.0
    z[z <= 0] = 0.0
    return z


def relu_slope_overwrites(z):
    np.greater(z, 0, out=z)                   # writes 0/1 into the caller's sums
    return z.astype(float)


def score_gradient_in_place(x, W1, b1, w2):
    live = x @ W1 + b1 > 0
    W1 *= live * w2                           # scales the caller's W1
    return W1.sum(axis=1)


WRONG = {
    "relu_derivative": [lambda z: np.maximum(z, 0), lambda z: (z < 0).astype(float), np.sign,
                        lambda z: np.clip(z, 0, 1), lambda z: z > 0,
                        lambda z: np.ones_like(z), lambda z: (z > 0).astype(int),
                        lambda z: (z > 0).astype(float).sum(axis=0), lambda z: None,
                        lambda z: (z >= 0).astype(float),
                        lambda z: np.heaviside(z, 0.5), lambda z: np.heaviside(z, 1.0),
                        relu_slope_in_place, relu_slope_overwrites],
    "predict_with_confidence": [
        lambda p: (p.argmax(axis=0), p.max(axis=0)),
        lambda p: (p.max(axis=1), p.max(axis=1)),
        lambda p: (p.argmax(), p.max()),
        lambda p: (p.argmax(axis=1), p.argmax(axis=1)),
        lambda p: (p.argmax(axis=1), p.max()),
        lambda p: p.argmax(axis=1),
        lambda p: (p.argmax(axis=1), p.min(axis=1)),
        lambda p: (p.max(axis=1), p.argmax(axis=1)),
        lambda p: None],
    "score_gradient": [
        lambda x, W1, b1, w2: W1 @ w2,
        lambda x, W1, b1, w2: W1 @ (np.maximum(x @ W1 + b1, 0) * w2),
        lambda x, W1, b1, w2: (x @ W1 + b1 > 0) * w2,
        lambda x, W1, b1, w2: (W1 @ ((x @ W1 + b1 > 0) * w2)) * (x > 0),
        lambda x, W1, b1, w2: W1 @ ((x @ W1 > 0) * w2),
        lambda x, W1, b1, w2: -(W1 @ ((x @ W1 + b1 > 0) * w2)),
        lambda x, W1, b1, w2: x * (W1 @ ((x @ W1 + b1 > 0) * w2)),
        lambda x, W1, b1, w2: W1 @ ((x @ W1 + b1 > 0) * w2) + b1.sum(),
        score_gradient_in_place,
        lambda x, W1, b1, w2: None],
}

RIGHT = {
    "relu_derivative": [relu_derivative_loop, lambda z: np.where(z > 0, 1.0, 0.0),
                        lambda z: np.heaviside(z, 0.0),
                        lambda z: (np.maximum(z, 0) > 0).astype(float)],
    "score_gradient": [score_gradient_loop,
                       lambda x, W1, b1, w2: np.einsum("dj,j->d", W1,
                                                       np.heaviside(x @ W1 + b1, 0) * w2),
                       lambda x, W1, b1, w2: ((x @ W1 + b1 > 0) * w2) @ W1.T],
    "predict_with_confidence": [predict_loop, lambda p: (p.argmax(axis=1), p.max(axis=1)),
                                lambda p: [np.argmax(p, axis=1), np.sort(p, axis=1)[:, -1]]],
}
