"""Self-checking exercises: write the function, then call its checker on it.

    def relu(z):
        return np.maximum(z, 0)

    check_relu(relu)      # prints "Correct" or "Not yet: for input ... expected ... got ..."

Every checker runs your function on fixed inputs, prints one short verdict (the same every run)
and never raises: an exception inside your function, a missing ``return`` or a wrong shape is
reported as the verdict. Where your answer matches a typical mistake (forgetting the bias,
transposing W, a softmax that overflows), the verdict adds a hint. Checkers return a Verdict
(truthy when correct) that notebooks do not echo, as it has been printed already.

Shapes follow the course: x (batch, in), W (in, out), b (out,), y = x @ W + b.
The reference solutions are in ``SOLUTIONS`` (the tests check every checker against them).
"""
import warnings

import numpy as np


# --- reference solutions ----------------------------------------------------------------------
def _relu(z):
    return np.maximum(z, 0)


def _relu_derivative(z):
    return (z > 0).astype(float)


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _dense_forward(x, W, b):
    return x @ W + b


def _dense_backward(dy, x, W):
    return dy @ W.T, x.T @ dy, dy.sum(axis=0)


def _one_hot(y, k):
    return np.eye(k)[y]


def _cross_entropy_gradient(p, y):
    return (p - _one_hot(y, p.shape[1])) / len(p)


def _sgd_step(params, grads, lr):
    for key in params:
        params[key] -= lr * grads[key]


def _momentum_step(w, v, grad, lr, momentum):
    v = momentum * v - lr * grad
    return w + v, v


def _l2_gradient(W, grad, l2):
    return grad + l2 * W


def _he_std(fan_in):
    return np.sqrt(2.0 / fan_in)


def _residual_forward(x, W1, b1, W2, b2):
    return _relu(x + _relu(x @ W1 + b1) @ W2 + b2)


def _conv2d(image, kernel):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
    return out


def _magnitude_prune(W, fraction):
    out = np.array(W, copy=True)
    k = int(round(fraction * W.size))
    out.flat[np.argsort(np.abs(W), axis=None, kind="stable")[:k]] = 0
    return out


def _count_params(sizes):
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


SOLUTIONS = {"relu": _relu, "relu_derivative": _relu_derivative, "sigmoid": _sigmoid,
             "softmax": _softmax, "dense_forward": _dense_forward, "dense_backward": _dense_backward,
             "cross_entropy_gradient": _cross_entropy_gradient, "sgd_step": _sgd_step,
             "momentum_step": _momentum_step, "l2_gradient": _l2_gradient, "he_std": _he_std,
             "residual_forward": _residual_forward, "conv2d": _conv2d,
             "magnitude_prune": _magnitude_prune, "count_params": _count_params}

# --- fixed inputs (small, exact numbers so verdicts read well and never change) --------------
_X = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
_W = np.array([[0.5, -1.0, 2.0, 0.0], [1.5, 0.5, -0.5, 1.0], [-1.0, 2.0, 0.0, 0.5]])
_W_SQUARE = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 1.0], [0.0, 3.0, -2.0]])
_B, _B3 = np.array([0.1, -0.2, 0.3, 0.0]), np.array([1.0, -1.0, 0.5])
_DY = np.array([[1.0, 0.0, -1.0, 2.0], [0.5, -0.5, 1.0, 0.0]])
_P = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.25, 0.5, 0.25]])
_LABELS = np.array([0, 2, 1])
_W1, _B1 = _W, np.array([0.0, -1.0, 0.5, 0.0])
_W2 = np.array([[1.0, 0.0, -1.0], [0.5, 1.0, 0.0], [0.0, -0.5, 1.0], [-1.0, 0.0, 0.5]])


class Verdict:
    """The result of a check: ``passed`` (bool) and ``message`` (what was printed)."""

    def __init__(self, passed, message):
        self.passed, self.message = passed, message

    def __bool__(self):
        return self.passed

    def __str__(self):
        return self.message

    def __repr__(self):
        return f"Verdict(passed={self.passed})"

    def _ipython_display_(self):
        pass  # already printed by the checker; don't show it twice


def _fmt(value):
    """Numbers on one line, at most 4 decimals: [[1, -2, 0.5], [0, 3, -1]]."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_fmt(v)}" for k, v in value.items()) + "}"
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return repr(value)[:200]
    if arr.ndim:
        return "[" + ", ".join(_fmt(row) for row in arr) + "]"
    if not np.isfinite(arr):
        return str(float(arr))  # nan, inf, -inf
    return np.format_float_positional(round(float(arr), 4) + 0.0, trim="-")  # + 0.0: no "-0"


def _copy(a):
    return {k: np.array(v, copy=True) for k, v in a.items()} if isinstance(a, dict) \
        else np.array(a, copy=True)


def _call(fn, args):
    """fn(*copies of args) -> (result, the copies, None), or (None, copies, error text) if it
    raised. Copies, so a function that changes its inputs cannot spoil the reference."""
    args = [_copy(a) for a in args]
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args), args, None
    except Exception as exc:  # noqa: BLE001 - any error in the learner's code is a verdict
        text = str(exc).splitlines()[0][:160] if str(exc) else ""
        return None, args, f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _mismatch(got, expected):
    """None when got matches expected, otherwise a description of the difference."""
    if got is None:
        return "got None (did you forget to return the result?)"
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"got {type(got).__name__} {_fmt(got)}, not an array of numbers"
    if arr.shape != expected.shape:
        return f"expected shape {expected.shape}, got shape {arr.shape}: {_fmt(arr)}"
    if not np.allclose(arr, expected, rtol=1e-4, atol=1e-6):
        return f"expected {_fmt(expected)}, got {_fmt(arr)}"
    return None


def _same(got, value):
    try:
        arr = np.asarray(got, dtype=float)
        return arr.shape == np.shape(value) and np.allclose(arr, value, rtol=1e-4, atol=1e-6,
                                                            equal_nan=True)
    except (TypeError, ValueError):
        return False


WIDTH = 100  # printed lines stay within a notebook's width, so none wraps inside a number


def _verdict(passed, message):
    import textwrap
    lines = [textwrap.fill(line, WIDTH, break_long_words=False, break_on_hyphens=False,
                           subsequent_indent="    ") for line in message.splitlines()]
    print("\n".join(lines))
    return Verdict(passed, message)


def _check(fn, cases, reference, outputs=("",), hints=()):
    """Run fn on each case (names, args); compare each of ``outputs`` with the reference."""
    if not callable(fn):
        return _verdict(False, f"Not yet: pass your function itself (e.g. check(relu)), got "
                               f"{type(fn).__name__}.")
    for names, args in cases:
        shown = ", ".join(f"{n} = {_fmt(a)}" for n, a in zip(names, args))
        got, _, error = _call(fn, args)
        if error is not None:
            return _verdict(False, f"Not yet: for input {shown} your function raised {error}")
        expected = reference(*[_copy(a) for a in args])
        if len(outputs) > 1:
            if not isinstance(got, (tuple, list)) or len(got) != len(outputs):
                return _verdict(False, f"Not yet: for input {shown} expected {len(outputs)} results "
                                       f"({', '.join(outputs)}), got {_fmt(got)}")
        else:
            got, expected = (got,), (expected,)
        for name, g, e in zip(outputs, got, expected):
            problem = _mismatch(g, np.asarray(e, dtype=float))
            if problem:
                label = f" for {name}" if name else ""
                hint = next((h for mistake, h in hints if _is(mistake, args, g, name)), None)
                return _verdict(False, f"Not yet: for input {shown}{label} {problem}"
                                       + (f"\nHint: {hint}" if hint else ""))
    return _verdict(True, "Correct")


def _is(mistake, args, got, name):
    """Does got equal what the typical ``mistake`` (a function of the inputs) gives?"""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = mistake(*[_copy(a) for a in args])
        if isinstance(value, dict):
            value = value.get(name)
        return value is not None and _same(got, value)
    except Exception:  # noqa: BLE001 - a mistake that cannot even run is not the learner's
        return False


# --- checkers ---------------------------------------------------------------------------------
def check_relu(relu):
    """relu(z) -> max(z, 0) elementwise, same shape as z."""
    cases = [(["z"], [np.array([[-2.0, -0.5, 0.5, 3.0]])]),
             (["z"], [np.array([[1.5, -1.0], [0.25, -3.0]])])]
    hints = [(lambda z: np.max(z, 0), "np.max reduces along an axis; np.maximum(z, 0) is elementwise."),
             (lambda z: np.abs(z), "abs flips negatives; ReLU turns them into 0.")]
    return _check(relu, cases, _relu, hints=hints)


def check_relu_derivative(relu_derivative):
    """relu_derivative(z) -> 1 where z > 0, else 0 (z = 0 is not tested: a convention)."""
    cases = [(["z"], [np.array([[-2.0, -0.5, 0.5, 3.0]])]),
             (["z"], [np.array([[1.5, -1.0], [0.25, -3.0]])])]
    hints = [(_relu, "that is ReLU itself; its slope is 1 where z > 0 and 0 elsewhere."),
             (lambda z: (z < 0).astype(float), "the slope is 1 on the positive side, not the negative.")]
    return _check(relu_derivative, cases, _relu_derivative, hints=hints)


def check_sigmoid(sigmoid):
    """sigmoid(z) -> 1 / (1 + exp(-z)) elementwise, also for large |z|."""
    cases = [(["z"], [np.array([[-3.0, -1.0, 0.0, 1.0, 3.0]])]),
             (["z"], [np.array([[-800.0, 800.0]])])]
    hints = [(lambda z: 1 / (1 + np.exp(z)), "mind the sign: exp(-z), so large z gives 1."),
             (lambda z: np.exp(-z) / (1 + np.exp(-z)), "that is 1 - sigmoid(z): 1 / (1 + exp(-z)).")]
    return _check(sigmoid, cases, _sigmoid, hints=hints)


def check_softmax(softmax):
    """softmax(z) for logits z (batch, classes): each row exp(z) / sum(exp(z)), rows sum to 1,
    and no overflow for large logits such as 1000."""
    cases = [(["z"], [np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])]),
             (["z"], [np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])])]
    hints = [(lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True),
              ("exp(1000) overflows to inf, and inf / inf is nan. Subtract each row's max first: "
               "softmax(z) = softmax(z - max(z)) gives the same probabilities without overflow.")),
             (lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(),
              "normalise each row on its own: sum(axis=1, keepdims=True), not over the whole batch."),
             (lambda z: np.exp(z - z.max(0)) / np.exp(z - z.max(0)).sum(axis=0),
              "rows are examples: take the max and the sum along axis=1, not axis=0.")]
    return _check(softmax, cases, _softmax, hints=hints)


def check_dense_forward(dense_forward):
    """dense_forward(x, W, b) -> y = x @ W + b, x (batch, in), W (in, out), b (out,); no activation."""
    cases = [(["x", "W", "b"], [_X, _W_SQUARE, _B3]), (["x", "W", "b"], [_X, _W, _B])]
    hints = [(lambda x, W, b: x @ W, "you forgot the bias: y = x @ W + b."),
             (lambda x, W, b: x @ W.T + b, "W has shape (in, out), so y = x @ W + b with no transpose."),
             (lambda x, W, b: _relu(x @ W + b), "no activation here, just the linear part x @ W + b.")]
    return _check(dense_forward, cases, _dense_forward, hints=hints)


def check_dense_backward(dense_backward):
    """dense_backward(dy, x, W) -> (dx, dW, db) for y = x @ W + b, given dy = dL/dy (batch, out):
    dx (batch, in), dW (in, out) like W, db (out,) like b."""
    cases = [(["dy", "x", "W"], [_DY[:, :3], _X, _W_SQUARE]),
             (["dy", "x", "W"], [_DY, _X, _W])]
    hints = [(lambda dy, x, W: {"db": dy.mean(axis=0), "dW": x.T @ dy / len(x)},
              "sum over the batch, don't average: the 1/N is already inside dy (from the loss)."),
             (lambda dy, x, W: {"dW": dy.T @ x}, "dW must have W's shape (in, out): dW = x.T @ dy."),
             (lambda dy, x, W: {"dx": dy @ W}, "dx = dy @ W.T: the gradient flows back through W transposed."),
             (lambda dy, x, W: {"db": dy}, "b is shared by every example, so db sums dy over the batch (axis=0).")]
    return _check(dense_backward, cases, _dense_backward, outputs=("dx", "dW", "db"), hints=hints)


def check_cross_entropy_gradient(cross_entropy_gradient):
    """cross_entropy_gradient(p, y) -> dL/dz, the gradient of the mean cross-entropy with respect to
    the logits z, given softmax probabilities p (batch, classes) and integer labels y (batch,)."""
    cases = [(["p", "y"], [_P, _LABELS])]
    hints = [(lambda p, y: p - _one_hot(y, p.shape[1]), "the loss is a mean over the batch: divide by N."),
             (lambda p, y: -_one_hot(y, p.shape[1]) / p / len(p),
              "that is dL/dp; through the softmax it simplifies to dL/dz = (p - one_hot(y)) / N."),
             (lambda p, y: (p - y[:, None]) / len(p), "turn the labels into one-hot rows before subtracting."),
             (lambda p, y: (_one_hot(y, p.shape[1]) - p) / len(p), "mind the sign: (p - one_hot(y)) / N.")]
    return _check(cross_entropy_gradient, cases, _cross_entropy_gradient, hints=hints)


def check_sgd_step(sgd_step):
    """sgd_step(params, grads, lr): one step w <- w - lr * grad for every key of the dicts params
    and grads (update params in place, or return the new dict)."""
    params = {"W": np.array([[1.0, -2.0], [0.5, 3.0]]), "b": np.array([0.5, -0.5])}
    grads = {"W": np.array([[0.2, -0.4], [1.0, 0.0]]), "b": np.array([-1.0, 2.0])}
    cases = [(["params", "grads", "lr"], [params, grads, np.float64(0.1)])]
    hints = [(lambda p, g, lr: {"W": p["W"] + lr * g["W"], "b": p["b"] + lr * g["b"]},
              "step against the gradient: w -= lr * grad."),
             (lambda p, g, lr: {"W": p["W"] - g["W"], "b": p["b"] - g["b"]},
              "scale the step by the learning rate: w -= lr * grad."),
             (lambda p, g, lr: {"b": p["b"]}, "update every parameter in params, b as well as W.")]
    return _check_sgd(sgd_step, cases, hints)


def check_momentum_step(momentum_step):
    """momentum_step(w, v, grad, lr, momentum) -> (w_new, v_new): one step of SGD with momentum,
    v_new = momentum * v - lr * grad and w_new = w + v_new (return new arrays)."""
    w, v = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[0.2, 0.0], [-0.1, 0.4]])
    grad = np.array([[0.5, -1.0], [2.0, 0.0]])
    cases = [(["w", "v", "grad", "lr", "momentum"], [w, v, grad, np.float64(0.1), np.float64(0.9)])]
    hints = [(lambda w, v, g, lr, mu: {"w": w + mu * v + lr * g, "v": mu * v + lr * g},
              "the velocity points against the gradient: v = momentum * v - lr * grad."),
             (lambda w, v, g, lr, mu: {"w": w - lr * g, "v": -lr * g},
              "keep a share of the old velocity: v = momentum * v - lr * grad."),
             (lambda w, v, g, lr, mu: {"w": w + v, "v": mu * v - lr * g},
              "move w by the new velocity, after updating it: w = w + v_new."),
             (lambda w, v, g, lr, mu: {"w": w + mu * v - g, "v": mu * v - g},
              "scale the gradient by the learning rate: v = momentum * v - lr * grad.")]
    return _check(momentum_step, cases, _momentum_step, outputs=("w", "v"), hints=hints)


def check_l2_gradient(l2_gradient):
    """l2_gradient(W, grad, l2) -> the gradient of loss + l2/2 * sum(W^2) with respect to W, given
    grad = d loss / dW."""
    W, grad = np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[0.1, 0.0], [-0.2, 0.4]])
    cases = [(["W", "grad", "l2"], [W, grad, np.float64(0.01)]),
             (["W", "grad", "l2"], [W[:, :1] * 4, grad[:, :1], np.float64(0.5)])]
    hints = [(lambda W, g, l2: g + l2 / 2 * W, "the derivative of l2/2 * w^2 is l2 * w: the 1/2 "
                                               "cancels the 2 of the square."),
             (lambda W, g, l2: g - l2 * W, "the penalty grows with |w|, so its gradient points "
                                          "away from 0: add l2 * W."),
             (lambda W, g, l2: g + l2, "each weight's penalty gradient is l2 times that weight: "
                                      "add l2 * W, not l2."),
             (lambda W, g, l2: l2 * W, "keep the loss's own gradient: grad + l2 * W.")]
    return _check(l2_gradient, cases, _l2_gradient, hints=hints)


def check_he_std(he_std):
    """he_std(fan_in) -> the standard deviation He et al. (2015) give the weights of a ReLU layer
    with ``fan_in`` inputs, so that the signal keeps its size from layer to layer."""
    cases = [(["fan_in"], [np.float64(n)]) for n in (128, 784, 2)]
    hints = [(lambda n: 2.0 / n, "that is the variance 2 / fan_in: the standard deviation is its "
                                 "square root."),
             (lambda n: np.sqrt(1.0 / n), "ReLU zeroes half of its inputs, which halves the "
                                          "variance: He doubles it back, sqrt(2 / fan_in)."),
             (lambda n: 0.01 + 0 * n, "a fixed small scale fades over many layers: it must shrink "
                                      "with fan_in, sqrt(2 / fan_in).")]
    return _check(he_std, cases, _he_std, hints=hints)


def _check_sgd(sgd_step, cases, hints):
    """Like _check, but the result is the params dict: returned, or else updated in place."""
    (names, args), = cases
    shown = ", ".join(f"{n} = {_fmt(a)}" for n, a in zip(names, args))
    if not callable(sgd_step):
        return _verdict(False, f"Not yet: pass your function itself, got {type(sgd_step).__name__}.")
    result, used, error = _call(sgd_step, args)
    if error is not None:
        return _verdict(False, f"Not yet: for input {shown} your function raised {error}")
    after = result if isinstance(result, dict) else used[0]
    expected = {k: v.copy() for k, v in args[0].items()}
    _sgd_step(expected, args[1], float(args[2]))
    for key in sorted(expected):
        problem = _mismatch(after.get(key), expected[key])
        if problem:
            if not isinstance(result, dict) and all(_same(after.get(k), v) for k, v in args[0].items()):
                problem += " (params did not change: update them in place or return a new dict)"
            hint = next((h for m, h in hints if _is(m, args, after.get(key), key)), None)
            return _verdict(False, f"Not yet: for input {shown} for params[{key!r}] {problem}"
                                   + (f"\nHint: {hint}" if hint else ""))
    return _verdict(True, "Correct")


def check_residual_forward(residual_forward):
    """residual_forward(x, W1, b1, W2, b2) -> relu(x + F(x)) with F(x) = relu(x @ W1 + b1) @ W2 + b2:
    the block nl.Residual([Dense(4, 'relu'), Dense(3)], activation='relu') computes."""
    cases = [(["x", "W1", "b1", "W2", "b2"], [_X, _W1, _B1, _W2, _B3])]
    def F(x, W1, b1, W2, b2):
        return _relu(x @ W1 + b1) @ W2 + b2

    hints = [(lambda *a: _relu(F(*a)), ("add the input back before the last ReLU: relu(x + F(x)) "
                                        "(the skip connection).")),
             (lambda *a: a[0] + _relu(F(*a)), "add first, then apply ReLU: relu(x + F(x))."),
             (lambda *a: a[0] + F(*a), "the block ends with a ReLU: relu(x + F(x))."),
             (lambda x, W1, b1, W2, b2: _relu(x + (x @ W1 + b1) @ W2 + b2),
              "F has a ReLU between its two layers: relu(x @ W1 + b1) @ W2 + b2.")]
    return _check(residual_forward, cases, _residual_forward, hints=hints)


_IMAGE = np.array([[0.0, 1.0, 2.0, 0.0], [1.0, 3.0, 0.0, -1.0], [0.0, 2.0, 1.0, 1.0],
                   [2.0, 0.0, -1.0, 3.0], [1.0, 1.0, 0.0, 2.0]])
_KERNEL = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
_KERNEL2 = np.array([[1.0, 2.0], [0.0, -1.0]])
_WEIGHTS = np.array([[0.5, -0.05, 1.2, -0.8], [0.01, -2.0, 0.3, 0.07], [-0.2, 0.9, -0.02, 1.5]])


def check_conv2d(conv2d):
    """conv2d(image, kernel) -> the 'valid' 2-D convolution of one channel, as Conv2D computes it:
    image (H, W), kernel (kh, kw) -> (H - kh + 1, W - kw + 1) with
    out[i, j] = sum(image[i:i + kh, j:j + kw] * kernel) (no flip: a cross-correlation)."""
    cases = [(["image", "kernel"], [_IMAGE[:4], _KERNEL2]), (["image", "kernel"], [_IMAGE, _KERNEL])]
    hints = [(lambda im, k: _conv2d(im, np.ones_like(k)),
              "multiply each patch by the kernel, element by element, before summing."),
             (lambda im, k: _conv2d(im, k[::-1, ::-1]),
              "the kernel is flipped: Conv2D (like Keras and PyTorch) slides it as it is.")]
    return _check(conv2d, cases, _conv2d, hints=hints)


def check_magnitude_prune(magnitude_prune):
    """magnitude_prune(W, fraction) -> a copy of W with the round(fraction * W.size) weights of
    smallest magnitude |W| set to 0, the others unchanged."""
    cases = [(["W", "fraction"], [_WEIGHTS, np.float64(0.5)]),
             (["W", "fraction"], [_WEIGHTS, np.float64(0.25)])]
    smallest_signed = lambda W, f: _prune_order(W, f, W)  # noqa: E731
    largest = lambda W, f: _prune_order(W, f, -np.abs(W))  # noqa: E731
    hints = [(smallest_signed, "compare magnitudes, np.abs(W): a weight of -2.0 matters more than "
                               "one of 0.01, so it must survive."),
             (largest, "zero the smallest magnitudes and keep the largest, not the other way round.")]
    return _check(magnitude_prune, cases, _magnitude_prune, hints=hints)


def _prune_order(W, fraction, key):
    out = np.array(W, copy=True)
    out.flat[np.argsort(key, axis=None, kind="stable")[:int(round(fraction * W.size))]] = 0
    return out


def check_count_params(count_params):
    """count_params(sizes) -> the number of weights and biases of a network of Dense layers with
    the given widths from input to output, e.g. [2, 4, 4, 3]: each layer has in * out + out."""
    cases = [(["sizes"], [np.array([2, 4, 4, 3])]), (["sizes"], [np.array([784, 128, 10])])]
    hints = [(lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])),
              "every neuron also has a bias: add out for each layer (in * out + out)."),
             (lambda s: sum(s), "count the connections between layers, not the neurons: in * out "
                                "weights plus out biases per layer.")]
    return _check(count_params, cases, _count_params, hints=hints)


CHECKERS = {"relu": check_relu, "relu_derivative": check_relu_derivative, "sigmoid": check_sigmoid,
            "softmax": check_softmax, "dense_forward": check_dense_forward,
            "dense_backward": check_dense_backward,
            "cross_entropy_gradient": check_cross_entropy_gradient, "sgd_step": check_sgd_step,
            "momentum_step": check_momentum_step, "l2_gradient": check_l2_gradient,
            "he_std": check_he_std, "residual_forward": check_residual_forward, "conv2d": check_conv2d,
            "magnitude_prune": check_magnitude_prune, "count_params": check_count_params}
