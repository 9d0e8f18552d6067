"""Answers for lesson 13's exercises: a residual block forward, the gradient scale through a
stack, and the gradient through one block (derived, then verified by finite differences)."""
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


def scale_in_place(slopes, skip):
    if skip:
        slopes += 1.0                                        # changes the caller's array
    return float(np.prod(slopes))


def scale_size(slopes, skip):
    return float(np.exp(np.sum(np.log(np.abs(1 + slopes if skip else slopes)))))   # sign lost


def grad_parts(x, W1, b1, W2, b2, dy):
    z1 = x @ W1 + b1
    s = x + _relu(z1) @ W2 + b2
    ds = dy * (s > 0)
    return z1, s, ds


def grad_loop(x, W1, b1, W2, b2, dy):
    dx = np.zeros(x.shape)
    for r in range(x.shape[0]):
        z1 = x[r] @ W1 + b1
        s = x[r] + np.maximum(z1, 0) @ W2 + b2
        ds = np.where(s > 0, dy[r], 0.0)
        for i in range(x.shape[1]):
            dx[r, i] = ds[i] + sum(ds[k] * W2[j, k] * (z1[j] > 0) * W1[i, j]
                                   for j in range(W1.shape[1]) for k in range(W2.shape[1]))
    return dx


def grad_jacobian(x, W1, b1, W2, b2, dy):
    # per row: dy masked, times (I + J_F), J_F = W1 diag(hidden slope) W2
    z1, s, ds = grad_parts(x, W1, b1, W2, b2, dy)
    out = np.empty(x.shape)
    for r in range(x.shape[0]):
        jacobian = np.eye(x.shape[1]) + W1 @ np.diag((z1[r] > 0).astype(float)) @ W2
        out[r] = jacobian @ ds[r]
    return out


def grad_einsum(x, W1, b1, W2, b2, dy):
    z1, s, ds = grad_parts(x, W1, b1, W2, b2, dy)
    return ds + np.einsum("bk,jk,bj,ij->bi", ds, W2, (z1 > 0).astype(float), W1)


def grad_no_skip(x, W1, b1, W2, b2, dy):
    z1, s, ds = grad_parts(x, W1, b1, W2, b2, dy)
    return (ds @ W2.T * (z1 > 0)) @ W1.T


def grad_skip_only(x, W1, b1, W2, b2, dy):
    return grad_parts(x, W1, b1, W2, b2, dy)[2]


def grad_no_out_mask(x, W1, b1, W2, b2, dy):
    z1 = x @ W1 + b1
    return dy + (dy @ W2.T * (z1 > 0)) @ W1.T


def grad_no_hidden_mask(x, W1, b1, W2, b2, dy):
    z1, s, ds = grad_parts(x, W1, b1, W2, b2, dy)
    return ds + ds @ W2.T @ W1.T


def grad_skip_unmasked(x, W1, b1, W2, b2, dy):
    z1, s, ds = grad_parts(x, W1, b1, W2, b2, dy)
    return dy + (ds @ W2.T * (z1 > 0)) @ W1.T


def grad_branch_mask(x, W1, b1, W2, b2, dy):
    z1 = x @ W1 + b1
    ds = dy * (_relu(z1) @ W2 + b2 > 0)
    return ds + (ds @ W2.T * (z1 > 0)) @ W1.T


def grad_times_two(x, W1, b1, W2, b2, dy):
    z1, s, ds = grad_parts(x, W1, b1, W2, b2, dy)
    return 2 * ds + (ds @ W2.T * (z1 > 0)) @ W1.T          # counts the skip twice


def grad_sign(x, W1, b1, W2, b2, dy):
    z1, s, ds = grad_parts(x, W1, b1, W2, b2, dy)
    return ds - (ds @ W2.T * (z1 > 0)) @ W1.T


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
        lambda slopes, skip: int(np.prod(1 + slopes if skip else slopes)),
        lambda slopes, skip: np.prod(np.abs(1 + slopes if skip else slopes)),
        scale_in_place, scale_size],
}

WRONG["residual_input_gradient"] = [
    grad_no_skip, grad_skip_only, grad_no_out_mask, grad_no_hidden_mask, grad_skip_unmasked,
    grad_branch_mask, grad_times_two, grad_sign, lambda x, W1, b1, W2, b2, dy: dy,
    lambda x, W1, b1, W2, b2, dy: None]

RIGHT = {
    "residual_forward": [residual_loop, residual_where,
                         lambda x, W1, b1, W2, b2: _relu(x + _relu(x @ W1 + b1) @ W2 + b2)],
    "gradient_scale": [scale_loop, lambda slopes, skip: np.prod(slopes + skip),
                       lambda slopes, skip: float(np.exp(np.sum(np.log(np.abs(1 + slopes if skip
                                                                               else slopes))))
                                                  * np.prod(np.sign(1 + slopes if skip else slopes)))],
    "residual_input_gradient": [grad_loop, grad_jacobian, grad_einsum],
}
