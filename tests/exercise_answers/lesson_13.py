import numpy as np


def _relu(z):
    return np.maximum(z, 0.0)


def residual_loop(x, W1, b1, W2, b2):
    out = np.empty_like(x, dtype=float)
    for r, row in enumerate(x):
        hidden = [max(sum(row[i] * W1[i, j] for i in range(len(row))) + b1[j], 0.0)
                  for j in range(W1.shape[1])]
        for k in range(W2.shape[1]):
            branch = sum(hidden[j] * W2[j, k] for j in range(len(hidden))) + b2[k]
            out[r, k] = max(row[k] + branch, 0.0)
    return out


def residual_where(x, W1, b1, W2, b2):
    h = x @ W1 + b1
    h = np.where(h > 0, h, 0.0)
    s = x + h @ W2 + b2
    return s * (s > 0)


def scale_loop(slopes, skip):
    out = 1.0
    for s in slopes:
        out *= (1 + s) if skip else s
    return out


WRONG = {
    "residual_forward": [
        lambda x, W1, b1, W2, b2: _relu(_relu(x @ W1 + b1) @ W2 + b2),
        lambda x, W1, b1, W2, b2: x + _relu(_relu(x @ W1 + b1) @ W2 + b2),
        lambda x, W1, b1, W2, b2: x + _relu(x @ W1 + b1) @ W2 + b2,
        lambda x, W1, b1, W2, b2: _relu(x + (x @ W1 + b1) @ W2 + b2),
        lambda x, W1, b1, W2, b2: _relu(x + _relu(x @ W1 + b1) @ W2),
        lambda x, W1, b1, W2, b2: _relu(x + _relu(x @ W1) @ W2 + b2),
        lambda x, W1, b1, W2, b2: _relu(x + _relu(x @ W1 + b1) @ W2 + b2).astype(int),
        lambda x, W1, b1, W2, b2: None],
    "gradient_scale": [
        lambda slopes, skip: np.sum(1 + slopes) if skip else np.sum(slopes),
        lambda slopes, skip: np.mean(1 + slopes) if skip else np.mean(slopes),
        lambda slopes, skip: np.prod(1 + slopes),
        lambda slopes, skip: np.prod(slopes),
        lambda slopes, skip: 1 + np.prod(slopes) if skip else np.prod(slopes),
        lambda slopes, skip: np.prod(slopes) if skip else np.prod(1 + slopes),
        lambda slopes, skip: np.cumprod(1 + slopes if skip else slopes),
        lambda slopes, skip: int(np.prod(1 + slopes if skip else slopes))],
}

RIGHT = {
    "residual_forward": [residual_loop, residual_where,
                         lambda x, W1, b1, W2, b2: _relu(x + _relu(x @ W1 + b1) @ W2 + b2)],
    "gradient_scale": [scale_loop, lambda slopes, skip: np.prod(slopes + skip),
                       lambda slopes, skip: float(np.exp(np.sum(np.log(np.abs(1 + slopes if skip
                                                                               else slopes))))
                                                  * np.prod(np.sign(1 + slopes if skip else slopes)))],
}
