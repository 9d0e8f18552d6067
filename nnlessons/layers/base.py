"""The layer interface every layer follows.

A layer is configured in ``__init__`` (arguments only), creates its weights in
``build(input_shape, rng)``, and then maps ``forward(x, training=False) -> y`` and
``backward(dy) -> dx``. ``params`` and ``grads`` are dicts with the same keys and shapes.
Shapes exclude the batch axis: ``input_shape`` is e.g. ``(784,)`` or ``(28, 28, 1)``.
"""
from types import MappingProxyType

import numpy as np

from .._validation import check_features


def format_shape(shape):
    return "(batch, " + ", ".join(str(s) for s in shape) + ")"


class Layer:
    """Base class. Subclasses override ``forward``, ``backward`` and, when the shape changes,
    ``output_shape``; layers with weights also override ``build``, which sets ``self.params`` and
    ``self.grads``. Until then a layer has none (an empty, read-only dict)."""

    params = grads = MappingProxyType({})
    # True when backward writes into the arrays of ``grads`` and never assigns new ones (every
    # built-in layer with parameters): Sequential may then keep them in one buffer (``_flat``)
    grads_in_place = False

    def __init__(self, name=None, input_shape=None):
        self.name = name
        self.input_shape = tuple(input_shape) if input_shape is not None else None
        self.built = False
        self.cache = None
        # Sequential sets this to False on the first layer: nothing upstream needs dx.
        self.needs_input_grad = True

    # --- construction -------------------------------------------------------------------------
    def build(self, input_shape, rng=None):
        """Create weights for inputs of shape (batch, *input_shape)."""
        self.input_shape = tuple(input_shape)
        self.built = True

    def output_shape(self, input_shape):
        """Shape of the output (without batch axis) for an input of shape ``input_shape``."""
        return tuple(input_shape)

    @property
    def n_params(self):
        """Number of trainable numbers in the layer."""
        return int(sum(p.size for p in self.params.values()))

    @property
    def trainable(self):
        return bool(self.params)

    def sublayers(self):
        """Layers nested inside this one (Residual has some); used to save and restore state."""
        return []

    def describe(self):
        """Short text for tables, e.g. 'Dense 128 + ReLU'."""
        return type(self).__name__

    def get_config(self):
        """Arguments that rebuild this layer (used by save/load)."""
        return {"name": self.name}

    @classmethod
    def from_config(cls, config):
        """The layer ``get_config()`` described: ``cls(**config)``. A layer whose config holds
        other layers (Residual) rebuilds them first."""
        return cls(**config)

    # --- computation ---------------------------------------------------------------------------
    def forward(self, x, training=False):
        raise NotImplementedError

    def backward(self, dy):
        raise NotImplementedError

    # --- the fused output gradient ---------------------------------------------------------------
    def fused_activation(self):
        """Name of the activation this layer applies last, when ``backward_fused`` can start
        below it; None otherwise. The model fuses when this is the activation its loss absorbs
        (``Loss.fuses_with``: softmax for cross-entropy, sigmoid for binary cross-entropy)."""
        return None

    def backward_fused(self, dz):
        """Backward from dz = dL/dz (batch, units), the gradient *before* the output activation,
        which the loss has already gone through (dz = (p - y) / N). Returns dL/dx."""
        raise NotImplementedError(f"{type(self).__name__} cannot start backward below its "
                                  "activation; fused_activation() is None for it.")

    def __call__(self, x, training=False):
        """``forward`` with checks, for calling a layer by hand: ``Dense(3)(x)``.

        Sequential calls ``forward`` directly: it checks the data once per ``fit``, not per batch."""
        x = check_features(x, name="x", finite=False)
        if not self.built and type(self).build is not Layer.build:
            raise ValueError(
                f"{type(self).__name__} layer '{self.name}' is not built, so it has no weights yet. "
                f"Call layer.build({tuple(x.shape[1:])}, rng=0) first, or put it in a Sequential model.")
        self.check_input(x)
        return self.forward(x, training=training)

    # --- helpers --------------------------------------------------------------------------------
    def check_input(self, x):
        """Raise a clear error if ``x`` does not have shape (batch, *input_shape)."""
        if self.input_shape is not None and tuple(x.shape[1:]) != self.input_shape:
            if len(self.input_shape) == 1 and np.prod(x.shape[1:]) == self.input_shape[0]:
                fix = "Flatten each example first: X.reshape(len(X), -1)."
            else:
                fix = ("Check that the data has the same features as the data the layer was built "
                       "for (the first layer's input_dim or input_shape).")
            raise ValueError(
                f"{type(self).__name__} layer '{self.name}' expects input of shape "
                f"{format_shape(self.input_shape)}, got {tuple(x.shape)}. {fix}")

    def astype(self, dtype):
        """Cast params and grads to ``dtype`` in place (used by ``Sequential.astype``)."""
        for key in self.params:
            self.params[key] = self.params[key].astype(dtype)
            self.grads[key] = np.zeros_like(self.params[key])
        for layer in self.sublayers():
            layer.astype(dtype)

    def __repr__(self):
        return f"{type(self).__name__}(name={self.name!r})"
