"""Lesson 15 · sequences and embeddings: a recurrent layer step by step, a gradient through time,
and backpropagation through time with a planted bug (the state gradient never carried back)."""
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


def _bptt(states, Wx, Wh, dh_last, carry="dz", slope_from=0, forward=False, double_tanh=False,
          dx_from_dh=False):
    """dL/dx of a loss reading the last state, dL/dh_T = dh_last, from the forward pass's states,
    with one mistake where asked."""
    dx, dh = np.zeros(states.shape[:2] + (Wx.shape[0],)), dh_last
    steps = range(states.shape[1]) if forward else reversed(range(states.shape[1]))
    for t in steps:
        s = states[:, t - slope_from] if t - slope_from >= 0 else np.zeros_like(dh_last)
        dz = dh * (1 - (np.tanh(s) if double_tanh else s) ** 2)
        dx[:, t] = (dh if dx_from_dh else dz) @ Wx.T
        dh = {"dz": lambda: dz @ Wh.T, "none": lambda: dh, "dh": lambda: dh @ Wh.T,
              "untransposed": lambda: dz @ Wh, "accumulate": lambda: dh + dz @ Wh.T}[carry]()
    return dx


_rng = np.random.default_rng(14)
X1 = _rng.uniform(-1, 1, (2, 4, 3))
WX1, WH1, B1 = _rng.normal(0, 0.8, (3, 5)), _rng.normal(0, 0.6, (5, 5)), _rng.normal(0, 0.3, 5)
X2 = _rng.uniform(-1, 1, (3, 6, 1))
WX2, WH2, B2 = _rng.normal(0, 1.0, (1, 2)), np.array([[0.9, -0.7], [0.4, 0.5]]), np.array([0.1, -0.2])

EXERCISES = [
    Exercise(
        name="rnn_forward", lesson="15",
        concept="how a recurrent layer carries its memory from one step to the next",
        cases=[case(x=X1, Wx=WX1, Wh=WH1, b=B1),
               case(x=X2, Wx=WX2, Wh=WH2, b=B2),
               case(x=X1[:, :1], Wx=WX1, Wh=WH1, b=B1),
               case(hidden=True, x=X2[:2, :4], Wx=WX2 * 2, Wh=WH2.T, b=-B2)],
        dtype="float", pure=True,
        nudges=("Keep one state per sequence, zeros at the start; at every step combine that step's "
                "input with the state so far, using the same weights each time, and keep each new "
                "state.",
                "Start from a (batch, units) array of zeros and loop over the T steps; each new state "
                "comes from that step's inputs and the state before it, as in the equation at the top "
                "of the lesson; collect the states along axis 1."),
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
        concept="how a gradient fades as it is passed back through the steps of a recurrence",
        rtol=0.02,
        nudges=("Follow the gradient from h_21 back to x_1: how many steps does it cross, and what "
                "does each step multiply it by when tanh's slope is about 1?",
                "Count the steps between x_1 and x_21, and what each contributes (W_h times tanh's "
                "slope, and the slope is about 1 here); then combine the contributions the way the "
                "chain rule does."),
        mistakes=[
            Mistake(0.8 ** 21, "one step too many: x_1 and x_21 are 20 steps apart, not 21.",
                    "Count the gaps between x_1 and x_21, not the inputs."),
            Mistake(0.8 ** 19, "one step too few: x_1 and x_21 are 20 steps apart.",
                    "Count the gaps between x_1 and x_21: each gap is one step of the recurrence."),
            Mistake(1.0, "the weights are shared, but the gradient still crosses every step, and "
                         "each step multiplies it by W_h.",
                    "Sharing means every step contributes the same factor, W_h times tanh's slope; "
                    "it does not mean the factor is 1."),
            Mistake(0.8 * 20, "the factors multiply, they do not add: 20 steps of 0.8 shrink the "
                              "gradient.",
                    "By the chain rule the factors of the steps multiply."),
            Mistake(0.8, "that is one step's factor; the gradient crosses 20 steps from x_21 back "
                         "to x_1.",
                    "Every step between x_1 and x_21 contributes its own factor."),
            Mistake(1 / 0.8 ** 20, "the ratio is upside down: that is the last input's gradient "
                                   "over the first's, and it asks for the share the first input keeps.",
                    "The first input is the farther one from h_21, so it gets the smaller gradient: "
                    "with W_h = 0.8 the ratio asked for is below 1."),
            Mistake(1.2 ** 20, "that is the afterthought's layer, W_h = 1.2; this one has W_h = 0.8.",
                    "Predict for W_h = 0.8 first; with 1.2 each step would grow the gradient instead."),
            Mistake(0.2 ** 20, "each step multiplies by W_h = 0.8 (times tanh's slope, about 1), "
                               "not by 1 - 0.8.",
                    "One step's factor is the derivative of the new state with respect to the old one: "
                    "W_h times tanh's slope."),
        ]),
    Exercise(
        name="rnn_input_gradient", lesson="15", kind="fix",
        concept="how backpropagation through time carries the gradient from each state back to "
                "the one before it",
        cases=[case(states=_rnn(X1, WX1, WH1, B1), Wx=WX1, Wh=WH1, dh_last=_rng.normal(0, 1, (2, 5))),
               case(states=_rnn(X2, WX2, WH2, B2), Wx=WX2, Wh=WH2,
                    dh_last=np.array([[1.0, -0.5], [0.0, 2.0], [-1.0, 1.0]])),
               case(states=_rnn(X1[:, :1], WX1, WH1, B1), Wx=WX1, Wh=WH1, dh_last=np.ones((2, 5))),
               case(hidden=True, states=_rnn(X2[:2, :5], WX2 * 2, WH2.T, -B2), Wx=WX2 * 2, Wh=WH2.T,
                    dh_last=np.array([[0.5, 1.5], [-2.0, 0.3]]))],
        dtype="float", pure=True,
        bug=Mistake(lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, carry="none"),
                    "this is the planted bug: every step's gradient is computed from dh_last, as if "
                    "the loss read every state directly. But the loss reads only the last state: an "
                    "earlier input reaches it only through every later step.",
                    "After using the gradient at step t, work out the gradient with respect to the "
                    "state before it, h_(t-1): through which weights does h_(t-1) affect h_t? Use "
                    "that at the next, earlier step."),
        nudges=("Compare your gradients step by step with the expected ones: are the last step's "
                "right? Then the trouble is in what is carried from one step to the earlier one.",
                "The loss reaches h_(t-1) only through step t, where h_(t-1) enters with the "
                "recurrent weights, before the tanh. Work out what h_(t-1) receives that way, "
                "and let the next, earlier step start from it."),
        mistakes=[
            Mistake(lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, carry="dh"),
                    "the gradient you carry back skips step t's tanh: h_(t-1) reaches h_t through "
                    "the pre-activation, so the carried gradient must pass through tanh's slope too.",
                    "Carry back the gradient after the slope (the one you already use for dx), not "
                    "the state's gradient before it."),
            Mistake(lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, carry="untransposed"),
                    "the recurrent weights are used untransposed: the forward pass computes h @ Wh, "
                    "so the backward pass multiplies by Wh's transpose.",
                    "As for a Dense layer: forward h @ W, backward dz @ W.T."),
            Mistake(lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, carry="accumulate"),
                    "you add the new gradient to the old one, as if the loss also read every "
                    "earlier state; it reads only the last, so the carried gradient replaces it.",
                    "The gradient with respect to h_(t-1) comes only through h_t: assign it, do not "
                    "add it to the gradient of h_t."),
            Mistake(lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, slope_from=1),
                    "the tanh slope is taken at the state of the step before: step t's tanh produced "
                    "h_t, so its slope is read from h_t.",
                    "Use step t's own state, states[:, t], for step t's slope."),
            Mistake(lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, dx_from_dh=True),
                    "the input's gradient skips step t's tanh: x_t enters before the tanh, so its "
                    "gradient passes through the slope, like the state's.",
                    "Keep dx[:, t] as the buggy version computed it; the planted mistake is in what "
                    "is carried to the earlier step."),
            Mistake(lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, forward=True),
                    "the backward loop runs forward in time: the gradient starts at the last step "
                    "and travels towards the first.",
                    "Loop over reversed(range(T)), as the buggy version did."),
            Mistake(lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, double_tanh=True),
                    "the states are already tanh's outputs: tanh's slope is 1 - h squared, with no "
                    "second tanh.",
                    "Keep the slope as the buggy version wrote it; the planted mistake is "
                    "elsewhere."),
        ]),
]
