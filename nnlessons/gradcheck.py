"""Gradient checks: backprop against centred finite differences, in float64.

    numeric dL/dw = (L(w + eps) - L(w - eps)) / (2 eps)
    relative error = |analytic - numeric| / max(|analytic| + |numeric|, 1e-12)

Below 1e-6 the two agree to about six significant digits: the backward pass is right.
eps = 1e-5 balances the two errors of the estimate: truncation (~eps^2) and float64 rounding in
L(w + eps) - L(w - eps) (~1e-16 / eps); with 1e-6 rounding alone can push small entries past 1e-6.
"""
import numpy as np

from ._validation import check_rng


def rel_error(a, b, atol=0.0):
    """Largest elementwise relative error between two arrays, over the entries where a or b
    reaches ``atol`` (0: every entry)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    error = np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12)
    return float(np.max(error[np.maximum(np.abs(a), np.abs(b)) >= atol], initial=0.0))


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


def gradcheck(model, X, y, eps=1e-5, max_checks=50, rng=0, details=False, atol=0.0):
    """Max relative error between the model's backprop gradients and finite differences.

    The model is copied to float64 first; the original is untouched. The objective is the one
    training minimises, ``evaluate(X, y)['loss'] + penalty()``, in inference mode. Parameters with
    more than ``max_checks`` entries are checked at that many random positions.

    ``atol`` leaves out entries whose two gradients both lie below it (finite differences of a
    loss near 1 carry rounding noise of about 1e-11, so the relative error of a gradient of 1e-9
    measures that noise, not the backward pass).

    Returns a float (or, with ``details=True``, a dict {param key: relative error})."""
    m = model.astype("float64")
    X_checked, y_checked = m.check_data(X, y, what="run a gradient check")
    rng = check_rng(rng)

    def objective():
        return m.evaluate(X_checked, y, batch_size=len(X_checked))["loss"] + m.penalty()

    m.loss_and_grads(X_checked, y_checked, training=False)
    grads = {key: g.copy() for key, g in m.grads.items()}
    errors = {}
    for key, param in m.params.items():
        idx = _sample(param.size, max_checks, rng)
        numeric = numerical_gradient(objective, param, eps, idx)
        errors[key] = rel_error(grads[key].reshape(-1)[idx], numeric.reshape(-1)[idx], atol)
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
