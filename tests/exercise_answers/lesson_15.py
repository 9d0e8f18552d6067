import numpy as np


def rnn_loop(x, Wx, Wh, b):
    batch, steps, _ = x.shape
    out = np.zeros((batch, steps, Wh.shape[0]))
    for n in range(batch):
        h = np.zeros(Wh.shape[0])
        for t in range(steps):
            h = np.tanh(x[n, t] @ Wx + h @ Wh + b)
            out[n, t] = h
    return out


def rnn_inputs_first(x, Wx, Wh, b):
    z = x @ Wx + b                       # every step's input part at once, (batch, T, units)
    out = np.empty_like(z)
    h = np.zeros_like(z[:, 0])
    for t in range(x.shape[1]):
        h = np.tanh(z[:, t] + np.einsum("bu,uv->bv", h, Wh))
        out[:, t] = h
    return out


def _rnn(x, Wx, Wh, b, f=np.tanh, W=None, recur=True):
    W = Wh if W is None else W
    h, out = np.zeros((x.shape[0], Wh.shape[0])), []
    for t in range(x.shape[1]):
        h = f(x[:, t] @ Wx + (h @ W if recur else 0.0) + b)
        out.append(h)
    return np.stack(out, axis=1)


def _bptt(states, Wx, Wh, dh_last, carry="dz", slope_shift=0, forward=False):
    dx, dh = np.zeros(states.shape[:2] + (Wx.shape[0],)), dh_last
    for t in (range(states.shape[1]) if forward else reversed(range(states.shape[1]))):
        s = states[:, t - slope_shift] if t >= slope_shift else np.zeros_like(dh_last)
        dz = dh * (1 - s ** 2)
        dx[:, t] = dz @ Wx.T
        if carry == "dz":
            dh = dz @ Wh.T
        elif carry == "dh":
            dh = dh @ Wh.T
        elif carry == "Wh":
            dh = dz @ Wh
        elif carry == "add":
            dh = dh + dz @ Wh.T
        elif carry == "in place":
            dh *= 0.0                                   # clears the caller's dh_last ...
            dh += dz @ Wh.T                             # ... then carries the gradient
    return dx


def bptt_dx_before_slope(states, Wx, Wh, dh_last):
    dx, dh = np.zeros(states.shape[:2] + (Wx.shape[0],)), dh_last
    for t in reversed(range(states.shape[1])):
        dx[:, t] = dh @ Wx.T                            # x_t's share taken before tanh's slope
        dh = (dh * (1 - states[:, t] ** 2)) @ Wh.T
    return dx


def bptt_unrolled(states, Wx, Wh, dh_last):
    # the gradient of every state first, then each input's share
    T = states.shape[1]
    dstate = [None] * T
    dstate[T - 1] = dh_last
    for t in range(T - 1, 0, -1):
        dstate[t - 1] = (dstate[t] * (1 - states[:, t] ** 2)) @ Wh.T
    return np.stack([(dstate[t] * (1 - states[:, t] ** 2)) @ Wx.T for t in range(T)], axis=1)


def bptt_jacobians(states, Wx, Wh, dh_last):
    # one example at a time, with the Jacobian of each step written out
    out = np.zeros(states.shape[:2] + (Wx.shape[0],))
    for n in range(states.shape[0]):
        g = dh_last[n]
        for t in reversed(range(states.shape[1])):
            slope = np.diag(1 - states[n, t] ** 2)
            out[n, t] = Wx @ slope @ g
            g = Wh @ slope @ g
    return out


WRONG = {
    "rnn_forward": [
        lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b, recur=False),
        lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b, W=Wh.T),
        lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b, f=lambda z: z),
        lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b)[:, -1],
        lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b, f=lambda z: 1 / (1 + np.exp(-z))),
        lambda x, Wx, Wh, b: _rnn(x, Wx, Wh, b - b),
        lambda x, Wx, Wh, b: np.tanh(np.cumsum(x @ Wx, axis=1) + b),
        lambda x, Wx, Wh, b: None],
    "gradient_ratio": [0.8 ** 21, 0.8 ** 19, 1.0, 16.0, 0.8, 0.2 ** 20, 0.0, None,
                       1 / 0.8 ** 20, 1.2 ** 20, 86.74],
}

WRONG["rnn_input_gradient"] = [
    lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, carry="none"),   # the planted bug
    lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, carry="dh"),
    lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, carry="Wh"),
    lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, carry="add"),
    lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, slope_shift=1),
    lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, forward=True),
    lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last, carry="in place"),
    lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last)[:, ::-1],
    lambda states, Wx, Wh, dh_last: None,
    bptt_dx_before_slope,
]

RIGHT = {
    "rnn_forward": [rnn_loop, rnn_inputs_first],
    "gradient_ratio": [0.8 ** 20, 0.01153, np.float64(0.8) ** 20, 0.0115],
    "rnn_input_gradient": [bptt_unrolled, bptt_jacobians,
                           lambda states, Wx, Wh, dh_last: _bptt(states, Wx, Wh, dh_last)],
}
