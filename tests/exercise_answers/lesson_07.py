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


WRONG = {
    "relu_derivative": [lambda z: np.maximum(z, 0), lambda z: (z < 0).astype(float), np.sign,
                        lambda z: np.clip(z, 0, 1), lambda z: z > 0,
                        lambda z: np.ones_like(z), lambda z: (z > 0).astype(int),
                        lambda z: (z > 0).astype(float).sum(axis=0), lambda z: None],
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
}

RIGHT = {
    "relu_derivative": [relu_derivative_loop, lambda z: np.where(z > 0, 1.0, 0.0),
                        lambda z: np.heaviside(z, 0.0)],
    "predict_with_confidence": [predict_loop, lambda p: (p.argmax(axis=1), p.max(axis=1)),
                                lambda p: [np.argmax(p, axis=1), np.sort(p, axis=1)[:, -1]]],
}
