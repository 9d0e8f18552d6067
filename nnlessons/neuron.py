"""One artificial neuron: z = w . x + b, then a = f(z). Where every network starts."""
from collections import namedtuple

import numpy as np

from ._validation import check_rng
from .activations import get_activation

NeuronOutput = namedtuple("NeuronOutput", ["z", "a"])


class Neuron:
    """A single neuron with ``n_inputs`` weights, one bias and an activation.

    Calling it returns ``NeuronOutput(z, a)``: the weighted sum and the activated output.
    x may be one example (n_inputs,) giving scalars, or a batch (batch, n_inputs) giving (batch,).
    """

    def __init__(self, n_inputs, activation="relu", rng=None, weights=None, bias=0.0):
        self.n_inputs = int(n_inputs)
        self.activation = get_activation(activation)
        if weights is None:
            weights = check_rng(rng).normal(0.0, 1.0 / np.sqrt(self.n_inputs), size=self.n_inputs)
        self.weights = np.asarray(weights, dtype=float)
        if self.weights.shape != (self.n_inputs,):
            raise ValueError(f"Neuron with {self.n_inputs} inputs needs {self.n_inputs} weights, got "
                             f"shape {self.weights.shape}.")
        self.bias = float(bias)

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        if x.shape[-1:] != (self.n_inputs,) or x.ndim > 2:
            raise ValueError(f"Neuron expects {self.n_inputs} inputs, shape ({self.n_inputs},) or "
                             f"(batch, {self.n_inputs}), got shape {x.shape}.")
        z = x @ self.weights + self.bias
        a = self.activation.forward(np.asarray(z))
        if x.ndim == 1:
            return NeuronOutput(float(z), float(a))
        return NeuronOutput(z, a)

    def __repr__(self):
        w = ", ".join(f"{v:.3g}" for v in self.weights)
        return f"Neuron(weights=[{w}], bias={self.bias:.3g}, activation={self.activation.name!r})"
