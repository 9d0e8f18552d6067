"""Lesson 08 · optimizers: one step of momentum, one step of Adam."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _adam(w, m, s, grad, t, lr, beta1, beta2, eps, correct=True, root=True, shift=0,
          eps_inside=False, old_m=False):
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad ** 2
    m_used = m if old_m else m_new
    m_hat = m_used / (1 - beta1 ** (t + shift)) if correct else m_used
    s_hat = s_new / (1 - beta2 ** (t + shift)) if correct else s_new
    if eps_inside:
        denominator = np.sqrt(s_hat + eps)
    else:
        denominator = (np.sqrt(s_hat) if root else s_hat) + eps
    return w - lr * m_hat / denominator, m_new, s_new


W = np.array([[1.0, -2.0, 0.5], [0.5, 3.0, -1.0]])
G = np.array([[0.5, -1.0, 2.0], [0.1, 0.0, -4.0]])
M = np.array([[0.2, -0.1, 0.4], [0.0, 0.05, -0.3]])
S = np.array([[0.01, 0.02, 0.3], [0.001, 0.04, 1.2]])

EXERCISES = [
    Exercise(
        name="momentum_step", lesson="08",
        concept="heavy-ball momentum, a velocity that remembers past gradients",
        cases=[case(w=W, v=M, grad=G, lr=0.1, momentum=0.9),
               case(w=W[:, :2].T.copy(), v=np.zeros((2, 2)), grad=G[:, :2].T.copy(), lr=0.5,
                    momentum=0.5),
               case(w=np.array([1.0, -1.0]), v=np.array([0.3, -0.2]), grad=np.array([2.0, 20.0]),
                    lr=0.03, momentum=0.9),
               case(hidden=True, w=W.T.copy(), v=-M.T, grad=G.T.copy(), lr=0.01, momentum=0.99)],
        outputs=("w", "v"), dtype="float",
        nudges=("First the new velocity from the old one and the gradient, then move the weights by "
                "the new velocity. Return both, as new arrays.",
                "v_new = momentum * v - lr * grad; w_new = w + v_new; return w_new, v_new."),
        mistakes=[
            Mistake(lambda w, v, grad, lr, momentum: (w - lr * grad, -lr * grad),
                    "the old velocity is forgotten, so this is plain SGD.",
                    "Keep a share of the old velocity: v_new = momentum * v - lr * grad."),
            Mistake(lambda w, v, grad, lr, momentum: (w + momentum * v + lr * grad,
                                                      momentum * v + lr * grad),
                    "the velocity must point against the gradient, downhill.",
                    "Subtract: v_new = momentum * v - lr * grad."),
            Mistake(lambda w, v, grad, lr, momentum: (w + v, momentum * v - lr * grad),
                    "w moved by the old velocity; move it by the new one.",
                    "Update v first, then w_new = w + v_new."),
            Mistake(lambda w, v, grad, lr, momentum: (w + momentum * v - grad, momentum * v - grad),
                    "the gradient is not scaled by the learning rate.",
                    "v_new = momentum * v - lr * grad."),
            Mistake(lambda w, v, grad, lr, momentum: (w + (1 - momentum) * v - lr * grad,
                                                      (1 - momentum) * v - lr * grad),
                    "momentum is the share of the old velocity that is kept, not the share lost.",
                    "v_new = momentum * v - lr * grad."),
        ]),
    Exercise(
        name="adam_step", lesson="08",
        concept="Adam's two running averages and their correction for starting at zero",
        cases=[case(w=W, m=np.zeros((2, 3)), s=np.zeros((2, 3)), grad=G, t=1, lr=0.1, beta1=0.9,
                    beta2=0.999, eps=1e-8),
               case(w=W, m=M, s=S, grad=G, t=3, lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8),
               case(w=W.T.copy(), m=M.T.copy(), s=S.T.copy(), grad=-G.T, t=2, lr=0.1, beta1=0.5,
                    beta2=0.9, eps=1e-8),
               case(w=W[0], m=M[0], s=S[0], grad=G[0], t=5, lr=0.1, beta1=0.8, beta2=0.99, eps=0.1),
               case(hidden=True, w=W[1], m=M[1], s=S[1], grad=G[1], t=10, lr=0.001, beta1=0.9,
                    beta2=0.999, eps=0.01)],
        outputs=("w", "m", "s"), dtype="float",
        nudges=("Three moves: update the two running means m and s, correct each for starting at "
                "zero (divide by 1 - beta^t), then step w against m_hat / (sqrt(s_hat) + eps).",
                "m = beta1 * m + (1 - beta1) * grad; s = beta2 * s + (1 - beta2) * grad**2; "
                "w - lr * (m / (1 - beta1**t)) / (np.sqrt(s / (1 - beta2**t)) + eps)."),
        mistakes=[
            Mistake(lambda *a: _adam(*a, correct=False),
                    "m and s start at zero, so early on they are too small: Adam corrects them for "
                    "that.",
                    "Use m_hat = m / (1 - beta1**t) and s_hat = s / (1 - beta2**t) in the step."),
            Mistake(lambda *a: _adam(*a, root=False),
                    "s is a mean of squared gradients: divide by its square root, so the step has "
                    "the size of lr.",
                    "m_hat / (np.sqrt(s_hat) + eps)."),
            Mistake(lambda w, m, s, grad, t, lr, beta1, beta2, eps:
                    _adam(w, m, s, grad, t, lr, beta2, beta1, eps),
                    "beta1 belongs to the mean of the gradient (m), beta2 to the mean of its square "
                    "(s).",
                    "m = beta1 * m + (1 - beta1) * grad; s = beta2 * s + (1 - beta2) * grad**2."),
            Mistake(lambda *a: _adam(*a, shift=1),
                    "t is already the number of this step (1 for the first one).",
                    "Correct with 1 - beta**t, not 1 - beta**(t + 1)."),
            Mistake(lambda *a: _adam(*a, shift=-1),
                    "at the first step t is 1, and 1 - beta**0 = 0: the correction divides by zero.",
                    "Correct with 1 - beta**t, where t counts steps from 1."),
            Mistake(lambda *a: _adam(*a, old_m=True),
                    "the step uses the new m, updated with this step's gradient.",
                    "Update m and s first, then correct them and step w."),
            Mistake(lambda *a: _adam(*a, eps_inside=True),
                    "eps is added to the square root, not inside it (as in the lesson's table and "
                    "nl.Adam).",
                    "m_hat / (np.sqrt(s_hat) + eps)."),
        ]),
]
