"""SimpleRNN: one hidden state carried along a sequence, h_t = f(x_t Wx + h_{t-1} Wh + b).

Forward steps through time from an initial state h_0 (zeros unless given), keeping every state
h_t. Backward runs the same steps in reverse (backpropagation through time): the gradient
reaching h_t is what its own output received plus what flowed back from h_{t+1} through Wh. The
same Wx, Wh, b serve every step, so their gradients are sums over time; what flows back past the
first step is the gradient of the initial state, dL/dh_0.
"""
import numpy as np

from .._validation import check_positive_int, check_rng
from ..activations import get_activation
from ..initializers import glorot_uniform
from .base import Layer, format_shape
from .registry import register


def orthogonal(shape, rng):
    """A random orthogonal matrix: repeated multiplication by Wh neither grows nor shrinks h."""
    q, r = np.linalg.qr(rng.normal(size=shape))
    return q * np.sign(np.diag(r))


@register
class SimpleRNN(Layer):
    """A fully connected recurrent layer (Elman network).

    Parameters
    ----------
    units : int, size of the hidden state.
    return_sequences : bool. False: output the last state only; True: the state at every step.
    activation : str, default 'tanh'.
    input_shape : (T, F), optional, needed on the first layer only.

    Shapes: x (batch, T, F) -> y (batch, units), or (batch, T, units) with return_sequences;
    Wx (F, units); Wh (units, units); b (units,); h0 and dh0 (batch, units).

    Notes: h_t = f(x_t @ Wx + h_{t-1} @ Wh + b) for t = 1..T, from h_0 = 0 or the ``h0`` given to
    ``forward`` (e.g. the last state of the sequence before, to carry memory across sequences).
    After ``backward``, ``dh0`` holds dL/dh_0 (to pass on to whatever produced h_0).
    """

    grads_in_place = True  # backward writes into grads' arrays (see Layer)

    def __init__(self, units, return_sequences=False, activation="tanh", input_shape=None,
                 name=None):
        if not isinstance(return_sequences, (bool, np.bool_)):
            raise TypeError(f"SimpleRNN return_sequences must be True or False, got "
                            f"{return_sequences!r}.")
        super().__init__(name=name, input_shape=input_shape)
        self.units = check_positive_int(units, "SimpleRNN units", "the size of the hidden state")
        self.return_sequences = bool(return_sequences)
        self.activation = get_activation(activation)
        self.dh0 = None  # dL/dh_0 (batch, units) after backward

    def _rank_error(self, got_shape):
        got = tuple(got_shape)
        fix = (f"for one feature per step use X.reshape(-1, {got[0]}, 1)" if len(got) == 1
               else "reshape your data to (batch, timesteps, features)")
        return ValueError(f"SimpleRNN layer '{self.name}' expects sequences of shape "
                          f"(batch, timesteps, features), got {format_shape(got)}; {fix}.")

    def output_shape(self, input_shape):
        if len(input_shape) != 2:
            raise self._rank_error(input_shape)
        return (input_shape[0], self.units) if self.return_sequences else (self.units,)

    def build(self, input_shape, rng=None):
        self.output_shape(input_shape)
        rng = check_rng(rng)  # an int seed or None works too, as in Dense
        u = self.units
        self.params = {"Wx": np.asarray(glorot_uniform((input_shape[1], u), rng), dtype="float32"),
                       "Wh": np.asarray(orthogonal((u, u), rng), dtype="float32"),
                       "b": np.zeros(u, dtype="float32")}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        super().build(input_shape, rng)

    def forward(self, x, training=False, h0=None):
        """x (batch, T, F) -> h_T (batch, units), or every h_t (batch, T, units).

        h0 (batch, units), optional: the state before the first step (default: zeros)."""
        if not self.built or x.ndim != 3 or x.shape[2] != self.input_shape[1]:
            self._shape_error(x)
        if h0 is not None:
            h0 = self._check_h0(h0, x)
        n, steps, _ = x.shape
        wh, f = self.params["Wh"], self.activation
        hs = x @ self.params["Wx"]  # the input part of every step in one product, (N, T, units)
        hs += self.params["b"]
        for t in range(steps):
            h_before = hs[:, t - 1] if t else h0  # h_0 = 0 adds nothing: skipped
            if h_before is not None:
                hs[:, t] += h_before @ wh
            hs[:, t] = f.forward(hs[:, t])
        self.cache = (x, hs, h0)
        return hs if self.return_sequences else hs[:, -1]

    def backward(self, dy):
        """dy (batch, units) or (batch, T, units) -> dx (batch, T, F); fills grads (sums over t)."""
        x, hs, h0 = self.cache
        n, steps, u = hs.shape
        wh, f = self.params["Wh"], self.activation
        dz = np.empty_like(hs)  # dL/dz_t for every step, z_t being the pre-activation
        dh = np.zeros((n, u), dtype=hs.dtype)  # gradient flowing back from step t + 1
        for t in range(steps - 1, -1, -1):
            if self.return_sequences:
                dh += dy[:, t]
            elif t == steps - 1:
                dh += dy
            dz[:, t] = f.backward(dh, hs[:, t])
            dh = dz[:, t] @ wh.T
        dz2 = dz.reshape(-1, u)
        np.matmul(x.reshape(-1, x.shape[2]).T, dz2, out=self.grads["Wx"])
        np.matmul(hs[:, :-1].reshape(-1, u).T, dz[:, 1:].reshape(-1, u), out=self.grads["Wh"])
        if h0 is not None:  # the first step's h_{t-1} is h_0
            self.grads["Wh"] += h0.T @ dz[:, 0]
        np.sum(dz2, axis=0, out=self.grads["b"])
        self.dh0 = dh  # after the loop: dz_1 @ Wh^T = dL/dh_0
        return dz @ self.params["Wx"].T if self.needs_input_grad else None

    def _check_h0(self, h0, x):
        h0 = np.asarray(h0)
        if h0.shape != (len(x), self.units):
            raise ValueError(f"SimpleRNN layer '{self.name}' needs an initial state h0 of shape "
                             f"(batch, units) = ({len(x)}, {self.units}) for this batch, got "
                             f"{h0.shape}. Pass one state per sequence, e.g. the last output of "
                             "the batch before (return_sequences=False), or leave h0=None for zeros.")
        return h0.astype(x.dtype, copy=False)

    def check_input(self, x):
        """Raise a clear error unless x has shape (batch, T, F) (used by ``layer(x)``)."""
        if x.ndim != 3 or x.shape[2] != self.input_shape[1]:
            self._shape_error(x)

    def _shape_error(self, x):
        if not self.built:
            raise ValueError(f"SimpleRNN layer '{self.name}' has no weights yet: call "
                             "layer.build((timesteps, features)) or put it in a Sequential.")
        if x.ndim != 3:
            raise self._rank_error(x.shape[1:])
        raise ValueError(f"SimpleRNN layer '{self.name}' was built for {self.input_shape[1]} "
                         f"features per step, got sequences of shape {tuple(x.shape)}.")

    def describe(self):
        seq = ", sequences" if self.return_sequences else ""
        return f"SimpleRNN {self.units} + {self.activation.name}{seq}"

    def get_config(self):
        return {"name": self.name, "units": self.units, "return_sequences": self.return_sequences,
                "activation": self.activation.name,
                "input_shape": list(self.input_shape) if self.input_shape else None}

    def __repr__(self):
        return (f"SimpleRNN({self.units}, return_sequences={self.return_sequences}, "
                f"activation={self.activation.name!r}, name={self.name!r})")
