"""Activation as a layer of its own: y = f(x), elementwise (softmax: over the last axis)."""
from ..activations import get_activation
from .base import Layer
from .registry import register


@register
class Activation(Layer):
    """Apply an activation function. Shapes: x (batch, ...) -> y (same shape)."""

    def __init__(self, activation, name=None):
        super().__init__(name=name)
        self.activation = get_activation(activation)

    def forward(self, x, training=False):
        y = self.activation.forward(x)
        self.cache = y
        return y

    def backward(self, dy):
        return self.activation.backward(dy, self.cache)

    def fused_activation(self):
        return self.activation.name

    def backward_fused(self, dz):
        return dz  # the loss already went through the activation: nothing is left to do here

    def describe(self):
        return f"Activation {self.activation.name}"

    def get_config(self):
        return {"name": self.name, "activation": self.activation.name}

    def __repr__(self):
        return f"Activation({self.activation.name!r}, name={self.name!r})"
