"""One buffer for a model's parameters and one for their gradients: a speed trick for the update.

An optimizer updates each (param, grad) pair with a few NumPy calls. For a small network at a
small batch those calls cost more than their arithmetic: 784-30-10 has four arrays, and plain SGD
spends about 7 microseconds on ``param -= lr * grad`` four times, 4.7 on one buffer
(``benchmarks/step_overhead.py`` measures the whole step). So ``Sequential`` copies its layers'
arrays into one buffer and gives each layer views into it: ``layer.params['W']`` is still an array
of its own shape that backward writes in place, and the optimizer gets one pair, the same
elementwise arithmetic on every number.

Every layer with parameters must say it may (``Layer.grads_in_place``: backward writes into its
``grads`` arrays and never replaces them); a model with a layer that does not (a learner's own)
keeps one pair per array. So does a model whose layer no longer holds the view made here (someone
assigned a new array): ``pairs()`` then returns None, and one pair per array is always right.
The buffer is made when the model is built (``Sequential.build``, and again by ``add`` on a built
model, ``astype``): an array taken from a layer before that is a copy that training leaves alone.
"""
import numpy as np


class FlatParams:
    """The arrays of ``layers`` (leaf layers with ``params`` and ``grads`` dicts) moved into one
    parameter buffer P (n,) and one gradient buffer G (n,) of ``dtype``, n the number of
    parameters; each layer keeps views of its own shapes. ``pairs()`` is [(P, G)], or None."""

    def __init__(self, layers, dtype):
        self.entries = [(layer, key) for layer in layers for key in layer.params]
        total = sum(layer.params[key].size for layer, key in self.entries)
        self.P = np.empty(total, dtype=dtype)
        self.G = np.zeros(total, dtype=dtype)
        self.views = []
        offset = 0
        for layer, key in self.entries:
            shape, n = layer.params[key].shape, layer.params[key].size
            p, g = self.P[offset:offset + n].reshape(shape), self.G[offset:offset + n].reshape(shape)
            p[...] = layer.params[key]
            g[...] = layer.grads[key]
            layer.params[key], layer.grads[key] = p, g
            self.views.append((p, g))
            offset += n

    def pairs(self):
        """[(P, G)] while every layer still holds the views made here; otherwise None."""
        P, G = self.P, self.G
        for (layer, key), (p, g) in zip(self.entries, self.views):
            if (layer.params.get(key) is not p or layer.grads.get(key) is not g
                    or p.base is not P or g.base is not G):  # an unpickled copy owns its arrays
                return None
        return [(P, G)]

    def seed_copies(self, memo):
        """Before ``copy.deepcopy`` of the model: put copies of the two buffers, and views into
        them standing for the layers' arrays, into ``memo``, so the copy's arrays are again views
        of one buffer (and an optimizer's copied state follows them)."""
        P, G = memo.setdefault(id(self.P), self.P.copy()), memo.setdefault(id(self.G), self.G.copy())
        offset = 0
        for p, g in self.views:
            memo[id(p)] = P[offset:offset + p.size].reshape(p.shape)
            memo[id(g)] = G[offset:offset + g.size].reshape(g.shape)
            offset += p.size


def gather(layers, dtype):
    """A FlatParams over the leaf ``layers`` of a model, or None when it would not help or not be
    safe: fewer than two parameter arrays, an array of another dtype, or a layer with parameters
    that does not declare ``grads_in_place``."""
    layers = [layer for layer in layers if not layer.sublayers() and layer.params]
    arrays = [a for layer in layers for d in (layer.params, layer.grads) for a in d.values()]
    if (sum(len(layer.params) for layer in layers) < 2 or any(a.dtype != dtype for a in arrays)
            or not all(getattr(layer, "grads_in_place", False) for layer in layers)):
        return None
    return FlatParams(layers, dtype)
