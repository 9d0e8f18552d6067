"""Dense (fully connected) layer: y = f(x @ W + b)."""
import numpy as np

from .._validation import check_positive_int, check_rng
from ..activations import get_activation
from ..initializers import get_initializer
from .base import Layer
from .registry import register


@register
class Dense(Layer):
    """A fully connected layer with an optional activation.

    Parameters
    ----------
    units : int, number of neurons (output features).
    activation : str or None, one of 'relu', 'leaky_relu', 'sigmoid', 'tanh', 'softmax', 'linear'.
    input_dim : int, optional, number of input features (needed on the first layer only).
    init : str or callable, optional. Default: He for ReLU-like activations, Glorot otherwise.

    Shapes: x (batch, in_features) -> y (batch, units); W (in_features, units); b (units,).
    A sequence x (batch, T, in_features) -> y (batch, T, units): the same W at every position.
    """

    grads_in_place = True  # backward writes into grads' arrays (see Layer)

    def __init__(self, units, activation=None, input_dim=None, init=None, name=None):
        super().__init__(name=name, input_shape=(input_dim,) if input_dim is not None else None)
        self.units = check_positive_int(units, "Dense units")
        self.activation = get_activation(activation)
        self.init = init

    def build(self, input_shape, rng=None):
        # (T, features) is a sequence from an earlier layer (Embedding, SimpleRNN); given as the
        # model's raw input it is almost always an image that needs flattening.
        if len(input_shape) > 2 or (len(input_shape) == 2 and not self.needs_input_grad):
            raise ValueError(
                f"Dense layer '{self.name}' expects flat input of shape (batch, features) (or a sequence "
                f"(batch, T, features)), got inputs "
                f"of shape (batch, {', '.join(map(str, input_shape))}). Put a Flatten() layer before it.")
        init = get_initializer(self.init, self.activation.name)
        shape = (input_shape[-1], self.units)
        self.params = {"W": init(shape, check_rng(rng)).astype(np.float32),
                       "b": np.zeros(self.units, dtype=np.float32)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        super().build(input_shape, rng)

    def output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def forward(self, x, training=False):
        """x (batch, in_features) -> a (batch, units); (batch, T, in_features) -> (batch, T, units)."""
        z = x @ self.params["W"]
        z += self.params["b"]
        a = self.activation.forward(z)
        self.cache = (x, a)
        return a

    def backward(self, dy):
        """dy = dL/da (batch, units) -> dL/dx (batch, in_features); fills grads['W'], grads['b']."""
        _, a = self.cache
        return self.backward_linear(self.activation.backward(dy, a))

    def fused_activation(self):
        return self.activation.name

    def backward_fused(self, dz):
        return self.backward_linear(dz)

    def backward_linear(self, dz):
        """Backward through z = x @ W + b only, given dz = dL/dz (batch, units)."""
        x, _ = self.cache
        if x.ndim == 3:
            return self.backward_sequence(x, dz)
        np.matmul(x.T, dz, out=self.grads["W"])  # dL/dW = x^T dz, written into grads["W"]
        dz.sum(axis=0, out=self.grads["b"])      # dL/db = the column sums of dz
        if self.needs_input_grad:
            return dz @ self.params["W"].T
        return None

    def backward_sequence(self, x, dz):
        """The same for x (batch, T, in_features): every position is one more example, so the
        positions are stacked as rows and the batch formula applies."""
        d_in = x.shape[-1]
        rows, drows = x.reshape(-1, d_in), dz.reshape(-1, self.units)
        self.grads["W"][...] = rows.T @ drows
        self.grads["b"][...] = drows.sum(axis=0)
        if self.needs_input_grad:
            return dz @ self.params["W"].T
        return None

    def describe(self):
        act = self.activation.name
        names = {"relu": "ReLU", "leaky_relu": "LeakyReLU", "sigmoid": "Sigmoid", "tanh": "Tanh",
                 "softmax": "Softmax"}
        return f"Dense {self.units}" + (f" + {names[act]}" if act in names else "")

    def get_config(self):
        init = self.init if isinstance(self.init, str) or self.init is None else None
        return {"name": self.name, "units": self.units, "activation": self.activation.name,
                "input_dim": self.input_shape[0] if self.input_shape else None, "init": init}

    def __repr__(self):
        return f"Dense({self.units}, activation={self.activation.name!r}, name={self.name!r})"
