"""Lesson 15 · sequences and embeddings: a recurrent layer step by step, and a gradient through time."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _rnn(x, Wx, Wh, b, f=np.tanh, transpose=False, recur=True, h0=None):
    h = np.zeros((x.shape[0], Wh.shape[0])) if h0 is None else h0(x, Wh)
    W = Wh.T if transpose else Wh
    states = []
    for t in range(x.shape[1]):
        h = f(x[:, t] @ Wx + (h @ W if recur else 0.0) + b)
        states.append(h)
    return np.stack(states, axis=1)


def _tanh_outside(x, Wx, Wh, b):
    z = np.zeros((x.shape[0], Wh.shape[0]))
    states = []
    for t in range(x.shape[1]):
        z = x[:, t] @ Wx + z @ Wh + b            # the recurrence carries the pre-activation
        states.append(np.tanh(z))
    return np.stack(states, axis=1)


_rng = np.random.default_rng(14)
X1 = _rng.uniform(-1, 1, (2, 4, 3))
WX1, WH1, B1 = _rng.normal(0, 0.8, (3, 5)), _rng.normal(0, 0.6, (5, 5)), _rng.normal(0, 0.3, 5)
X2 = _rng.uniform(-1, 1, (3, 6, 1))
WX2, WH2, B2 = _rng.normal(0, 1.0, (1, 2)), np.array([[0.9, -0.7], [0.4, 0.5]]), np.array([0.1, -0.2])

EXERCISES = [
    Exercise(
        name="rnn_forward", lesson="15",
        concept="a recurrent layer applies the same weights at every step and feeds each state "
                "into the next",
        cases=[case(x=X1, Wx=WX1, Wh=WH1, b=B1),
               case(x=X2, Wx=WX2, Wh=WH2, b=B2),
               case(x=X1[:, :1], Wx=WX1, Wh=WH1, b=B1),
               case(hidden=True, x=X2[:2, :4], Wx=WX2 * 2, Wh=WH2.T, b=-B2)],
        dtype="float",
        nudges=("Keep one state per sequence, zeros at the start; at every step combine that step's "
                "input with the state so far, using the same weights each time, and keep each new "
                "state.",
                "Start from a (batch, units) array of zeros; at each step t the new state is "
                "tanh of (step t's inputs times Wx, plus the old state times Wh, plus b); keep "
                "every state and stack them along the time axis (axis 1)."),
        mistakes=[
            Mistake(lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b, recur=False),
                    "each state ignores the one before it: without the previous state there is no "
                    "memory.",
                    "Add the previous state times Wh inside the tanh: h @ Wh."),
            Mistake(lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b, transpose=True),
                    "the state is multiplied by Wh transposed: with batch first the state is a row, "
                    "h @ Wh.",
                    "Use h @ Wh (shape (batch, units) times (units, units)), not h @ Wh.T or Wh @ h."),
            Mistake(lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b, f=lambda z: z),
                    "the states are never squashed: the layer applies tanh at every step.",
                    "Apply tanh to the whole sum (input part + state part + b) at every step."),
            Mistake(_tanh_outside,
                    "tanh is applied to what you keep, but the recurrence carries the value before "
                    "tanh: the next step must read the state itself.",
                    "Apply tanh first, then feed that same h into the next step."),
            Mistake(lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b)[:, -1],
                    "that is only the last state; return_sequences=True returns the state after "
                    "every step.",
                    "Collect each step's h and stack them: shape (batch, T, units)."),
            Mistake(lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b, h0=lambda x, Wh: np.ones((x.shape[0],
                                                                                      Wh.shape[0]))),
                    "the state starts at ones; it starts at zeros, before anything has been read.",
                    "h = np.zeros((batch, units)) before the first step."),
        ]),
    Exercise(
        name="gradient_ratio", lesson="15", kind="value",
        concept="a gradient passed back through d steps of a recurrence is multiplied by d "
                "per-step factors",
        rtol=0.02,
        nudges=("Follow the gradient from h_21 back to x_1: how many steps does it cross, and what "
                "does each step multiply it by when tanh's slope is about 1?",
                "From x_21 to x_1 the gradient crosses 20 steps, each multiplying it by W_h times "
                "tanh's slope (about 1): 0.8 ** 20."),
        mistakes=[
            Mistake(0.8 ** 21, "one step too many: x_1 and x_21 are 20 steps apart, not 21.",
                    "Count the steps between x_1 and x_21: 21 - 1 = 20 factors of 0.8."),
            Mistake(0.8 ** 19, "one step too few: x_1 and x_21 are 20 steps apart.",
                    "Count the steps between x_1 and x_21: 21 - 1 = 20 factors of 0.8."),
            Mistake(1.0, "the weights are shared, but the gradient still crosses every step, and "
                         "each step multiplies it by W_h.",
                    "Each of the 20 steps multiplies it by 0.8 (times tanh's slope, about 1)."),
            Mistake(0.8 * 20, "the factors multiply, they do not add: 20 steps of 0.8 shrink the "
                              "gradient.",
                    "Twenty factors of 0.8: 0.8 ** 20."),
            Mistake(0.8, "that is one step's factor; the gradient crosses 20 steps from x_21 back "
                         "to x_1.",
                    "Multiply 20 factors of 0.8: 0.8 ** 20."),
            Mistake(0.2 ** 20, "each step multiplies by W_h = 0.8 (times tanh's slope, about 1), "
                               "not by 1 - 0.8.",
                    "Twenty factors of 0.8: 0.8 ** 20."),
        ]),
]
