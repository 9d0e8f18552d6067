"""Flatten: (batch, d1, d2, ...) -> (batch, d1 * d2 * ...)."""
import numpy as np

from .base import Layer
from .registry import register


@register
class Flatten(Layer):
    """Reshape each example into one row. x (batch, *shape) -> y (batch, prod(shape)).

    Pass ``input_shape=(28, 28)`` when it is the first layer of a model."""

    def __init__(self, input_shape=None, name=None):
        super().__init__(name=name, input_shape=input_shape)

    def output_shape(self, input_shape):
        return (int(np.prod(input_shape)),)

    def forward(self, x, training=False):
        self.cache = x.shape
        return x.reshape(len(x), -1)

    def backward(self, dy):
        return dy.reshape(self.cache)

    def get_config(self):
        return {"name": self.name, "input_shape": list(self.input_shape) if self.input_shape else None}
