"""Gradient checks: backprop against centred finite differences, in float64.

    numeric dL/dw = (L(w + eps) - L(w - eps)) / (2 eps)
    relative error = |analytic - numeric| / max(|analytic| + |numeric|, 1e-12)

Below 1e-6 the two agree to about six significant digits: the backward pass is right.
eps = 1e-5 balances the two errors of the estimate: truncation (~eps^2) and float64 rounding in
L(w + eps) - L(w - eps) (~1e-16 / eps); with 1e-6 rounding alone can push small entries past 1e-6.
"""
import numpy as np

from ._validation import check_rng
from .model import is_weight


def rel_error(a, b):
    """Largest elementwise relative error between two arrays."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12), initial=0.0))


def numerical_gradient(f, x, eps=1e-5, indices=None):
    """Centred differences of the scalar f() with respect to array x (changed and restored in place).

    Returns an array like x (zeros where ``indices`` skips)."""
    grad = np.zeros_like(x, dtype=float)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in (range(flat.size) if indices is None else indices):
        old = flat[i]
        flat[i] = old + eps
        plus = f()
        flat[i] = old - eps
        minus = f()
        flat[i] = old
        gflat[i] = (plus - minus) / (2 * eps)
    return grad


def _sample(size, limit, rng):
    if limit is None or size <= limit:
        return np.arange(size)
    return rng.choice(size, limit, replace=False)


def gradcheck(model, X, y, eps=1e-5, max_checks=50, rng=0, details=False):
    """Max relative error between the model's backprop gradients and finite differences.

    The model is copied to float64 first; the original is untouched. Parameters with more than
    ``max_checks`` entries are checked at that many random positions.

    Returns a float (or, with ``details=True``, a dict {param key: relative error})."""
    model._require_compiled("run a gradient check")
    m = model.astype("float64")
    X, y = m._check_eval_data(X, y)
    rng = check_rng(rng)
    loss, fused = m.loss_, m._fusable()

    def objective():
        value = loss.value(m.forward(X), y)
        if m.l2:
            value += 0.5 * m.l2 * sum(float((p * p).sum()) for k, p, _ in m._slots() if is_weight(k))
        return value

    out = m.forward(X)
    m.backward(loss.fused_gradient(out, y) if fused else loss.gradient(out, y), fused=fused)
    errors = {}
    for key, param, grad in m._slots():
        analytic = grad + (m.l2 * param if m.l2 and is_weight(key) else 0)
        idx = _sample(param.size, max_checks, rng)
        numeric = numerical_gradient(objective, param, eps, idx)
        errors[key] = rel_error(analytic.reshape(-1)[idx], numeric.reshape(-1)[idx])
    return errors if details else max(errors.values())


def gradcheck_layer(layer, x, eps=1e-5, training=False, rng=0):
    """Check one layer's backward (input and parameter gradients) in float64.

    Uses the scalar L = sum(forward(x) * R) for a fixed random R, so dL/dy = R.
    ``layer`` must already be built; it is cast to float64 in place. Returns the max relative error."""
    rng = check_rng(rng)
    layer.astype("float64")
    x = np.array(x, dtype="float64")
    y = layer.forward(x, training=training)
    r = rng.normal(size=y.shape)
    layer.needs_input_grad = True

    def objective():
        return float((layer.forward(x, training=training) * r).sum())

    layer.forward(x, training=training)
    dx = layer.backward(r)
    analytic = {"x": dx, **{k: g.copy() for k, g in layer.grads.items()}}
    errors = [rel_error(analytic["x"], numerical_gradient(objective, x, eps))]
    for key, param in layer.params.items():
        errors.append(rel_error(analytic[key], numerical_gradient(objective, param, eps)))
    return max(errors)
