"""Optimizers: update parameters in place from their gradients.

``step(pairs)`` takes a list of ``(param, grad)`` arrays. Per-parameter state (momentum, Adam's
moments) lives here, never in the layers, keyed by the parameter array itself: one optimizer
given the arrays of two models keeps two separate sets of moments.
"""
import copy
import math

import numpy as np

from ._arrays import aligned_zeros
from ._validation import check_positive_number


class Optimizer:
    def __init__(self, lr):
        self.lr = check_positive_number(lr, "learning rate lr")
        self.state = {}  # id(param) -> [param, updates so far, buffer, ...]
        self.iterations = 0  # calls to step, for reporting; each parameter counts its own updates

    def step(self, pairs):
        """Update every param in place from its grad: pairs is a list of (param, grad) arrays."""
        raise NotImplementedError

    def _state_of(self, param, n):
        """(t, buffers): this is update number t of ``param`` (1 the first time), and its ``n``
        state arrays (zeros at first, shaped like ``param``). The array itself is the key, so
        two models' parameters never share moments, even through one optimizer."""
        entry = self.state.get(id(param))
        if entry is None or entry[0] is not param:  # a new array (an old id may be reused)
            entry = self.state[id(param)] = [param, 0, *(aligned_zeros(param.shape, param.dtype)
                                                         for _ in range(n))]
        entry[1] += 1
        return entry[1], entry[2:]

    def reset(self):
        """Forget momenta and step count (e.g. when training starts again from new weights)."""
        self.state = {}
        self.iterations = 0

    def __deepcopy__(self, memo):
        """A copy whose state follows the copied arrays (copy.deepcopy of a whole model)."""
        clone = copy.copy(self)
        clone.state = {}
        for param, t, *buffers in self.state.values():
            param = copy.deepcopy(param, memo)
            clone.state[id(param)] = [param, t, *(b.copy() for b in buffers)]
        return clone


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum.

    Notes: v <- momentum * v - lr * g;  w <- w + v.  With momentum = 0: w <- w - lr * g."""

    def __init__(self, lr=0.01, momentum=0.0):
        super().__init__(lr)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}.")
        self.momentum = float(momentum)

    def step(self, pairs):
        self.iterations += 1
        for param, grad in pairs:
            if self.momentum:
                _, (v,) = self._state_of(param, 1)
                v *= self.momentum
                v -= self.lr * grad
                param += v
            else:
                param -= self.lr * grad

    def __repr__(self):
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g})"


class Adam(Optimizer):
    """Adam: per-parameter steps scaled by running moments of the gradient.

    Notes: m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
    w <- w - lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)."""

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)

    def step(self, pairs):
        self.iterations += 1
        b1, b2 = self.beta1, self.beta2
        for param, grad in pairs:
            t, (m, v, tmp) = self._state_of(param, 3)  # tmp: scratch space, so no step allocates
            # Python floats, so float32 arrays stay float32 (a NumPy float64 would upcast the loop)
            lr_t = self.lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            eps_t = self.eps * math.sqrt(1 - b2 ** t)  # as adding eps to the bias-corrected sqrt(v)
            m *= b1
            np.multiply(grad, 1 - b1, out=tmp)
            m += tmp
            v *= b2
            np.multiply(grad, grad, out=tmp)
            tmp *= 1 - b2
            v += tmp
            np.sqrt(v, out=tmp)
            tmp += eps_t
            np.divide(m, tmp, out=tmp)
            tmp *= lr_t
            param -= tmp

    def __repr__(self):
        return f"Adam(lr={self.lr:g}, beta1={self.beta1:g}, beta2={self.beta2:g}, eps={self.eps:g})"


OPTIMIZERS = {"sgd": SGD, "adam": Adam}


def get_optimizer(optimizer):
    if isinstance(optimizer, Optimizer):
        return optimizer
    if isinstance(optimizer, str) and optimizer.lower() in OPTIMIZERS:
        return OPTIMIZERS[optimizer.lower()]()
    raise ValueError(f"Unknown optimizer {optimizer!r}. Valid names: {', '.join(sorted(OPTIMIZERS))}, "
                     "or an instance such as nl.Adam(lr=1e-3).")
