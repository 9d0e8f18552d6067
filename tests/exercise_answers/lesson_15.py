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
    "gradient_ratio": [0.8 ** 21, 0.8 ** 19, 1.0, 16.0, 0.8, 0.2 ** 20, 0.0, None],
}

RIGHT = {
    "rnn_forward": [rnn_loop, rnn_inputs_first],
    "gradient_ratio": [0.8 ** 20, 0.01153, np.float64(0.8) ** 20, 0.0115],
}
