import math

import numpy as np


def momentum_in_two(w, v, grad, lr, momentum):
    v_new = v * momentum
    v_new = v_new - grad * lr
    w_new = w.copy()
    w_new += v_new
    return w_new, v_new


def _adam(w, m, s, grad, t, lr, beta1, beta2, eps, correct=True, root=True, shift=0,
          eps_inside=False):
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad ** 2
    m_hat = m_new / (1 - beta1 ** (t + shift)) if correct else m_new
    s_hat = s_new / (1 - beta2 ** (t + shift)) if correct else s_new
    den = np.sqrt(s_hat + eps) if eps_inside else (np.sqrt(s_hat) if root else s_hat) + eps
    return w - lr * m_hat / den, m_new, s_new


def adam_loop(w, m, s, grad, t, lr, beta1, beta2, eps):
    w_new, m_new, s_new = (np.array(a, dtype=float, copy=True) for a in (w, m, s))
    for i in np.ndindex(w_new.shape):
        m_new[i] = beta1 * m[i] + (1 - beta1) * grad[i]
        s_new[i] = beta2 * s[i] + (1 - beta2) * grad[i] ** 2
        m_hat = m_new[i] / (1 - beta1 ** t)
        s_hat = s_new[i] / (1 - beta2 ** t)
        w_new[i] = w[i] - lr * m_hat / (math.sqrt(s_hat) + eps)
    return w_new, m_new, s_new


def adam_rescaled(w, m, s, grad, t, lr, beta1, beta2, eps):
    # the engine's form: lr and eps rescaled instead of m and s corrected
    m = beta1 * m + (1 - beta1) * grad
    s = beta2 * s + (1 - beta2) * np.square(grad)
    c2 = math.sqrt(1 - beta2 ** t)
    lr_t = lr * c2 / (1 - beta1 ** t)
    return w - lr_t * m / (np.sqrt(s) + eps * c2), m, s


def momentum_in_place(w, v, grad, lr, momentum):
    v *= momentum
    v -= lr * grad
    w += v
    return w, v


def momentum_writes_w_only(w, v, grad, lr, momentum):
    v_new = momentum * v - lr * grad
    w += v_new                                  # the caller's weights change
    return w, v_new


def adam_in_place(w, m, s, grad, t, lr, beta1, beta2, eps):
    m *= beta1
    m += (1 - beta1) * grad
    s *= beta2
    s += (1 - beta2) * grad ** 2
    w -= lr * (m / (1 - beta1 ** t)) / (np.sqrt(s / (1 - beta2 ** t)) + eps)
    return w, m, s


RACE = {"sgd": -0.43, "momentum": -4.6}         # what the lesson's run measures, rounded
RIGHT_RACE = {"prediction": "momentum", "reason": "b"}

WRONG = {
    "momentum_step": [
        lambda w, v, grad, lr, momentum: (w - lr * grad, -lr * grad),
        lambda w, v, grad, lr, momentum: (w + momentum * v + lr * grad, momentum * v + lr * grad),
        lambda w, v, grad, lr, momentum: (w + v, momentum * v - lr * grad),
        lambda w, v, grad, lr, momentum: (w + momentum * v - grad, momentum * v - grad),
        lambda w, v, grad, lr, momentum: (w + (1 - momentum) * v - lr * grad,
                                          (1 - momentum) * v - lr * grad),
        lambda w, v, grad, lr, momentum: (momentum * v - lr * grad, w + momentum * v - lr * grad),
        lambda w, v, grad, lr, momentum: w + momentum * v - lr * grad,
        lambda w, v, grad, lr, momentum: (w + momentum * v - lr * grad, v),
        momentum_in_place, momentum_writes_w_only,
        lambda w, v, grad, lr, momentum: (w - lr * (momentum * v + grad),          # PyTorch's form
                                          momentum * v + grad)],
    "adam_step": [
        lambda *a: _adam(*a, correct=False),
        lambda *a: _adam(*a, root=False),
        lambda w, m, s, g, t, lr, b1, b2, eps: _adam(w, m, s, g, t, lr, b2, b1, eps),
        lambda *a: _adam(*a, shift=1),
        lambda *a: _adam(*a, shift=-1),
        lambda *a: _adam(*a, eps_inside=True),
        lambda *a: _adam(*a)[0],
        lambda w, m, s, g, t, lr, b1, b2, eps: (w - lr * g, m, s),
        lambda w, m, s, g, t, lr, b1, b2, eps: _adam(w, m, s, g, t, lr, b1, b2, 1e-8),
        adam_in_place,
        lambda w, m, s, g, t, lr, b1, b2, eps: (                 # s corrected after its root
            w - lr * ((b1 * m + (1 - b1) * g) / (1 - b1 ** t))
            / (np.sqrt(b2 * s + (1 - b2) * g * g) / (1 - b2 ** t) + eps),
            b1 * m + (1 - b1) * g, b2 * s + (1 - b2) * g * g),
        lambda w, m, s, g, t, lr, b1, b2, eps: (                 # stores the corrected averages
            _adam(w, m, s, g, t, lr, b1, b2, eps)[0],
            (b1 * m + (1 - b1) * g) / (1 - b1 ** t), (b2 * s + (1 - b2) * g * g) / (1 - b2 ** t))],
    "momentum_race": [
        ({"prediction": "sgd", "reason": "b"}, RACE),                  # contradicts the run
        ({"prediction": "sgd", "reason": "d"}, RACE),
        ({"prediction": "momentum", "reason": "a"}, RACE),
        ({"prediction": "momentum", "reason": "c"}, RACE),
        ({"prediction": "momentum", "reason": "d"}, RACE),
        ({"prediction": "momentum", "reason": "b"}, None),             # the experiment not run
        ({"prediction": "momentum", "reason": "b"}, {"sgd": -0.43}),   # half a measurement
        ({"prediction": "momentum", "reason": "b"}, {"sgd": -0.43, "momentum": float("nan")}),
        ({"prediction": "heavy ball", "reason": "b"}, RACE),
        ({"prediction": "momentum", "reason": "e"}, RACE),
        ({"prediction": ..., "reason": ...}, RACE)],
}

RIGHT = {
    "momentum_step": [momentum_in_two,
                      lambda w, v, grad, lr, momentum: (w + momentum * v - lr * grad,
                                                        momentum * v - lr * grad)],
    "adam_step": [adam_loop, adam_rescaled, lambda *a: _adam(*a)],
    "momentum_race": [(RIGHT_RACE, RACE),
                      (dict(RIGHT_RACE), {"sgd": -0.4, "momentum": -4.0}),
                      ({"prediction": "sgd", "reason": "b"}, {"sgd": -8.7, "momentum": -4.8})],
}
