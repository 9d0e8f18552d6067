"""Residual block: y = f(x + F(x)), where F is a short stack of layers.

Backward: the gradient reaches x along two paths, the identity (skip) and the branch F, and the
two are added: dx = g + dF/dx^T g, with g = f'(.) dy. The identity term is why gradients survive
in very deep residual networks."""

from ..activations import get_activation
from .base import format_shape
from .block import Block
from .registry import layer_from_dict, layer_to_dict, register


@register
class Residual(Block):
    """A skip connection around ``layers``. Shapes: x (batch, d) -> y (batch, d).

    Parameters
    ----------
    layers : list of layers whose output shape equals their input shape (e.g. Dense(d)).
    activation : applied after the addition (None = linear).
    skip : False removes the identity path (y = f(F(x))): the same layers and weights without
        the skip, to measure what the skip does (an ablation).
    """

    def __init__(self, layers, activation=None, skip=True, name=None):
        super().__init__(name=name)
        self.skip = bool(skip)
        self.layers = list(layers)
        if not self.layers:
            raise ValueError("Residual needs at least one layer inside, e.g. Residual([Dense(64)]).")
        self.activation = get_activation(activation)

    def build(self, input_shape, rng=None):
        shape = tuple(input_shape)
        for i, layer in enumerate(self.layers):
            if layer.name is None:
                layer.name = f"{self.name}.{i}"
            layer.build(shape, rng)
            shape = layer.output_shape(shape)
        if shape != tuple(input_shape):
            raise ValueError(
                f"Residual block '{self.name}' must give back its input shape "
                f"{format_shape(input_shape)} so it can add x + F(x), but its layers output "
                f"{format_shape(shape)}. Make the last inner layer Dense({input_shape[-1]}).")
        super().build(input_shape, rng)

    def sublayers(self):
        return self.layers

    def forward(self, x, training=False):
        h = x
        for layer in self.layers:
            h = layer.forward(h, training=training)
        y = self.activation.forward(x + h if self.skip else h)
        self.cache = y
        return y

    def backward(self, dy):
        g = self.activation.backward(dy, self.cache)
        dh = g
        for layer in reversed(self.layers):
            dh = layer.backward(dh)
        return g + dh if self.skip else dh  # skip path + branch path

    def describe(self):
        inner = " → ".join(layer.describe() for layer in self.layers)
        act = "" if self.activation.name == "linear" else f", {self.activation.name}"
        return f"Residual [{inner}]{act}"

    def get_config(self):
        return {"name": self.name, "activation": self.activation.name, "skip": self.skip,
                "layers": [layer_to_dict(layer) for layer in self.layers]}

    @classmethod
    def from_config(cls, config):
        """The inner layers are configs of their own: rebuilt first, then the block."""
        return cls(**{**config, "layers": [layer_from_dict(d) for d in config["layers"]]})
