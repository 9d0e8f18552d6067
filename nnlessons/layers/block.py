"""A block: a layer made of layers (Residual, TransformerBlock).

A block owns no arrays of its own. Its ``params``, ``grads`` and ``buffers`` are its inner layers',
keyed by position ('0.W', '1.b', ...), read afresh on every access, so the optimizer, the saved file
and the summary see the block as one layer while each inner layer keeps its own arrays."""
from .base import Layer


def gather(layers, attr):
    """{'i.key': array} over the ``attr`` dicts ('params', 'grads' or 'buffers') of ``layers``."""
    return {f"{i}.{k}": v for i, layer in enumerate(layers) for k, v in getattr(layer, attr, {}).items()}


class Block(Layer):
    """Base class of a layer made of layers: subclasses return them from ``sublayers()``."""

    @property
    def params(self):
        return gather(self.sublayers(), "params")

    @property
    def grads(self):
        return gather(self.sublayers(), "grads")

    @property
    def buffers(self):
        """Non-trainable arrays of the inner layers (e.g. BatchNorm running statistics)."""
        return gather(self.sublayers(), "buffers")

    @property
    def n_non_trainable(self):
        return sum(getattr(layer, "n_non_trainable", 0) for layer in self.sublayers())

    def astype(self, dtype):
        for layer in self.sublayers():
            layer.astype(dtype)
