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
    """Stochastic gradient descent with optional momentum (heavy ball, or Nesterov's).

    Notes: v <- momentum * v - lr * g;  then w <- w + v, or with ``nesterov`` w <- w + momentum * v
    - lr * g (the step looks ahead along the velocity; Sutskever et al. 2013). With momentum = 0:
    w <- w - lr * g. For a constant lr these are the updates of torch.optim.SGD."""

    def __init__(self, lr=0.01, momentum=0.0, nesterov=False):
        super().__init__(lr)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}.")
        if nesterov and not momentum:
            raise ValueError("nesterov=True needs a momentum, e.g. SGD(lr=0.01, momentum=0.9, "
                             "nesterov=True).")
        self.momentum, self.nesterov = float(momentum), bool(nesterov)

    def step(self, pairs):
        self.iterations += 1
        for param, grad in pairs:
            if self.momentum:
                _, (v,) = self._state_of(param, 1)
                v *= self.momentum
                v -= self.lr * grad
                if self.nesterov:
                    param += self.momentum * v
                    param -= self.lr * grad
                else:
                    param += v
            else:
                param -= self.lr * grad

    def __repr__(self):
        extra = ", nesterov=True" if self.nesterov else ""
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g}{extra})"


class RMSprop(Optimizer):
    """RMSprop: each parameter's step divided by a running root mean square of its gradient.

    Notes: s <- rho s + (1 - rho) g^2;  w <- w - lr * g / (sqrt(s) + eps)  (Hinton's lecture 6e).
    This is torch.optim.RMSprop's update with alpha = rho (no momentum, not centered); the
    defaults differ: rho = 0.9 here (as in the lecture and Keras), alpha = 0.99 and lr = 0.01 in
    torch. s starts at 0 and, unlike Adam's averages, is not corrected for it, so the first step
    is lr / sqrt(1 - rho) per weight (3.16 lr at rho = 0.9) in the direction of -g."""

    def __init__(self, lr=1e-3, rho=0.9, eps=1e-8):
        super().__init__(lr)
        if not 0 <= rho < 1:
            raise ValueError(f"rho must be in [0, 1), got {rho!r}.")
        self.rho, self.eps = float(rho), float(eps)

    def step(self, pairs):
        self.iterations += 1
        for param, grad in pairs:
            _, (s, tmp) = self._state_of(param, 2)
            s *= self.rho
            np.multiply(grad, grad, out=tmp)
            tmp *= 1 - self.rho
            s += tmp
            np.sqrt(s, out=tmp)
            tmp += self.eps
            np.divide(grad, tmp, out=tmp)
            tmp *= self.lr
            param -= tmp

    def __repr__(self):
        return f"RMSprop(lr={self.lr:g}, rho={self.rho:g}, eps={self.eps:g})"


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


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

    Notes: first w <- w - lr * weight_decay * w, then the Adam step of the gradient alone. Unlike
    an l2 term in the loss, the decay is not divided by Adam's sqrt(v), so every weight decays at
    the same rate. As in torch.optim.AdamW, every parameter given to the optimizer decays."""

    def __init__(self, lr=1e-3, weight_decay=1e-2, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr, beta1, beta2, eps)
        if isinstance(weight_decay, bool) or not weight_decay >= 0:
            raise ValueError(f"weight_decay must be a number >= 0, got {weight_decay!r}.")
        self.weight_decay = float(weight_decay)

    def step(self, pairs):
        if self.weight_decay:
            for param, _ in pairs:
                param *= 1 - self.lr * self.weight_decay
        super().step(pairs)

    def __repr__(self):
        return (f"AdamW(lr={self.lr:g}, weight_decay={self.weight_decay:g}, beta1={self.beta1:g}, "
                f"beta2={self.beta2:g}, eps={self.eps:g})")


OPTIMIZERS = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop, "adamw": AdamW}


def get_optimizer(optimizer):
    if isinstance(optimizer, Optimizer):
        return optimizer
    if isinstance(optimizer, str) and optimizer.lower() in OPTIMIZERS:
        return OPTIMIZERS[optimizer.lower()]()
    raise ValueError(f"Unknown optimizer {optimizer!r}. Valid names: {', '.join(sorted(OPTIMIZERS))}, "
                     "or an instance such as nl.Adam(lr=1e-3).")
