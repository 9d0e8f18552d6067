"""Lesson 08 · optimizers: one step of momentum, one step of Adam, and a race to predict, run and
explain: momentum against plain SGD on a bowl 20 times narrower than the lesson's."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _adam(w, m, s, grad, t, lr, beta1, beta2, eps, correct=True, root=True, shift=0,
          eps_inside=False, old_m=False, late_correction=False):
    m_new = beta1 * m + (1 - beta1) * grad
    s_new = beta2 * s + (1 - beta2) * grad ** 2
    m_used = m if old_m else m_new
    m_hat = m_used / (1 - beta1 ** (t + shift)) if correct else m_used
    s_hat = s_new / (1 - beta2 ** (t + shift)) if correct else s_new
    if late_correction:                 # the square's correction applied after the root
        return w - lr * m_hat / (np.sqrt(s_new) / (1 - beta2 ** t) + eps), m_new, s_new
    if eps_inside:
        denominator = np.sqrt(s_hat + eps)
    else:
        denominator = (np.sqrt(s_hat) if root else s_hat) + eps
    return w - lr * m_hat / denominator, m_new, s_new


def _adam_keeps_corrected(w, m, s, grad, t, lr, beta1, beta2, eps):
    m_hat = (beta1 * m + (1 - beta1) * grad) / (1 - beta1 ** t)
    s_hat = (beta2 * s + (1 - beta2) * grad ** 2) / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(s_hat) + eps), m_hat, s_hat     # corrected ones stored


def _momentum_in_place(w, v, grad, lr, momentum):
    v *= momentum                       # the caller's velocity and weights change
    v -= lr * grad
    w += v
    return w, v


def _adam_in_place(w, m, s, grad, t, lr, beta1, beta2, eps):
    m *= beta1
    m += (1 - beta1) * grad
    s *= beta2
    s += (1 - beta2) * grad ** 2
    w -= lr * (m / (1 - beta1 ** t)) / (np.sqrt(s / (1 - beta2 ** t)) + eps)
    return w, m, s


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
        outputs=("w", "v"), dtype="float", pure=True,
        nudges=("First the new velocity, from the old one and the gradient, then the weights, "
                "moved by that new velocity. Return both, as new arrays.",
                "The velocity keeps a share (momentum) of its old value and adds a step against "
                "the gradient, scaled by the rate; the weights then move by the whole new "
                "velocity."),
        mistakes=[
            Mistake(lambda w, v, grad, lr, momentum: (w - lr * grad, -lr * grad),
                    "the old velocity is forgotten, so this is plain SGD.",
                    "Start the new velocity from the old one, scaled by momentum, before adding "
                    "this step's part."),
            Mistake(lambda w, v, grad, lr, momentum: (w + momentum * v + lr * grad,
                                                      momentum * v + lr * grad),
                    "the velocity must point against the gradient, downhill.",
                    "The gradient's part of the velocity carries a minus sign."),
            Mistake(lambda w, v, grad, lr, momentum: (w + v, momentum * v - lr * grad),
                    "w moved by the old velocity; move it by the new one.",
                    "Compute the new velocity first, then move w by it."),
            Mistake(lambda w, v, grad, lr, momentum: (w + momentum * v - grad, momentum * v - grad),
                    "the gradient is not scaled by the learning rate.",
                    "The rate multiplies the gradient's part of the velocity, not the old "
                    "velocity."),
            Mistake(lambda w, v, grad, lr, momentum: (w + (1 - momentum) * v - lr * grad,
                                                      (1 - momentum) * v - lr * grad),
                    "momentum is the share of the old velocity that is kept, not the share lost.",
                    "Multiply the old velocity by momentum itself (0.9 keeps 90% of it)."),
            Mistake(lambda w, v, grad, lr, momentum: (w - lr * (momentum * v + grad),
                                                      momentum * v + grad),
                    "that is another framework's convention (PyTorch's): its velocity adds up raw "
                    "gradients and the rate multiplies it at the end. This lesson's table and "
                    "nl.SGD keep the rate and the downhill sign inside the velocity, and the "
                    "caller passes that velocity back in.",
                    "Make the velocity itself the step: the old one scaled by momentum, plus this "
                    "step's downhill part with the rate already applied."),
            Mistake(lambda w, v, grad, lr, momentum: (w - (momentum * v + lr * grad),
                                                      momentum * v + lr * grad),
                    "that is the flipped convention some texts use: a velocity that points uphill "
                    "(it adds the rate times the gradient) and weights that subtract it. Here the "
                    "velocity is the step itself, downhill, and the caller hands it back next time, "
                    "so its sign matters: with the flipped one, the old velocity's share pushes the "
                    "wrong way.",
                    "Keep the downhill sign inside the velocity, so that the weights move by adding "
                    "it, and return that velocity."),
            Mistake(_momentum_in_place,
                    "the numbers are right, but you wrote them into the caller's w and v: the "
                    "prompt asks for new arrays, and whoever holds the old ones (a model, the "
                    "engine's comparison run) now sees them change behind its back.",
                    "Build the results as new arrays (an expression such as a product or a sum "
                    "makes one); avoid *=, -= and += on the arguments."),
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
        outputs=("w", "m", "s"), dtype="float", pure=True,
        nudges=("Follow the table's Adam row in order: which state is updated first, which "
                "quantities are corrected for starting at zero, and which of them is stored for "
                "the next step?",
                "Compare your first step (t = 1, m and s at zero) with the rate: Adam's first step "
                "is lr in every weight. Then check which beta goes with which average."),
        mistakes=[
            Mistake(lambda *a: _adam(*a, correct=False),
                    "m and s start at zero, so early on they are too small: Adam corrects them for "
                    "that.",
                    "Divide each average by one minus its beta to the power of the step number "
                    "before the step."),
            Mistake(lambda *a: _adam(*a, root=False),
                    "s is a mean of squared gradients: divide by its square root, so the step has "
                    "the size of lr.",
                    "Take the square root of the corrected s before dividing."),
            Mistake(lambda w, m, s, grad, t, lr, beta1, beta2, eps:
                    _adam(w, m, s, grad, t, lr, beta2, beta1, eps),
                    "beta1 belongs to the mean of the gradient (m), beta2 to the mean of its square "
                    "(s).",
                    "Swap them: the gradient's average uses beta1 (0.9 by default), the squares' "
                    "average beta2."),
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
                    "Take the root of the corrected s first, then add eps."),
            Mistake(lambda *a: _adam(*a, late_correction=True),
                    "the square's average is corrected after its root is taken: the correction "
                    "belongs to the average itself, so dividing the root by it over-corrects.",
                    "Correct s first, as m is corrected, and take the root of the corrected "
                    "value."),
            Mistake(_adam_keeps_corrected,
                    "the step is right, but you returned the corrected averages as the new state: "
                    "the correction makes up for the zero start at this step only, and the next "
                    "step corrects again, so the stored m and s must stay uncorrected.",
                    "Return the running averages as they are after this step's update; use the "
                    "corrected copies only inside the step."),
            Mistake(_adam_in_place,
                    "the numbers are right, but you wrote them into the caller's w, m and s: the "
                    "prompt asks for new arrays, and the caller's copies should still hold the "
                    "state before the step.",
                    "Build m, s and w as new arrays from expressions; avoid *=, += and -= on the "
                    "arguments."),
        ]),
    Exercise(
        name="momentum_race", lesson="08", kind="predict",
        concept="how the condition number decides whether momentum pays, and why the lesson's "
                "first bowl is not the last word",
        options={"sgd": "plain SGD", "momentum": "momentum 0.9"}, better="lower",
        reasons={"a": "momentum's steps add up to ten times plain SGD's, as if its rate were ten "
                      "times larger, and a larger rate arrives sooner",
                 "b": "a swinging direction shrinks by a factor set by the momentum alone, while "
                      "SGD's best factor creeps towards 1 as the bowl narrows",
                 "c": "momentum averages away the noise in the gradient, which plain SGD follows "
                      "faithfully step by step",
                 "d": "momentum damps the zigzag across the steep direction, which is what holds "
                      "plain SGD back on a narrow bowl"},
        reason="b",
        reason_hints={
            "a": ("both rules used the same rate, plain SGD's best: a larger rate would not help "
                  "SGD, it would make its steep direction grow instead of shrink.",
                  "Ask how fast each direction shrinks per step, not how long one step is: "
                  "compare the factors the theory gives for the flat direction (curvature 1)."),
            "c": ("this bowl's gradient has no noise: every step uses the exact gradient, so "
                  "there is nothing to average away.",
                  "The noisy-gradient sections come later in the lesson; here the difference "
                  "lies in how each rule treats the flat direction."),
            "d": ("at SGD's best rate the steep direction is not SGD's bottleneck, and momentum "
                  "at 0.9 swings too, in both directions.",
                  "Compare the factors per step along the flat direction (curvature 1): SGD's "
                  "depends on the curvatures, momentum's swinging factor does not."),
        },
        nudges=("Your run says otherwise. Look at the two lines the experiment prints: the bowl "
                "with curvatures 1 and 20, and the one with 1 and 400. What changed for each rule?",
                "The lesson's theory gives each rule a factor per step: SGD's best depends on the "
                "ratio of the curvatures, momentum's in a swinging direction depends on mu alone. "
                "Work both out for the two bowls."),
        ),
]
