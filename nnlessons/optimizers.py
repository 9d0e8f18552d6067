"""Optimizers: update parameters in place from their gradients.

``step(pairs)`` takes a list of ``(param, grad)`` arrays. Per-parameter state (momentum, Adam's
moments) lives here, never in the layers, keyed by the parameter array itself: one optimizer
given the arrays of two models keeps two separate sets of moments.

Every optimizer can clip the gradients before its update (``clipnorm=``, ``clipvalue=``); see
``Optimizer.clip``. Without them a step does no clipping work at all.
"""
import copy
import math

import numpy as np

from ._validation import check_positive_number


class Optimizer:
    """Base class: the learning rate, optional gradient clipping, and per-parameter state.

    Parameters
    ----------
    lr : float > 0, the learning rate.
    clipnorm : float > 0 or None. Before each update, rescale ALL gradients of the step together
        so their global L2 norm sqrt(sum of g^2 over every array) is at most ``clipnorm``.
    clipvalue : float > 0 or None. Before each update, clip every gradient element to
        [-clipvalue, clipvalue]. With both, values are clipped first, then the norm.

    Notes: the clipping of torch.nn.utils.clip_grad_norm_: factor = clipnorm / (norm + 1e-6),
    applied only when it is < 1. Clipping works on copies: the layers' ``grads`` arrays keep the
    gradients backward computed (what a learner or ``GradientNorms`` reads after the step), and
    only the update sees the clipped ones. ``last_grad_norm`` holds the global norm of the last
    step before clipping (None without ``clipnorm``)."""

    def __init__(self, lr, clipnorm=None, clipvalue=None):
        self.lr = check_positive_number(lr, "learning rate lr")
        self.clipnorm = _check_clip(clipnorm, "clipnorm")
        self.clipvalue = _check_clip(clipvalue, "clipvalue")
        self.last_grad_norm = None
        self.state = {}  # id(param) -> [param, updates so far, buffer, ...]
        self.iterations = 0  # calls to step, for reporting; each parameter counts its own updates

    @property
    def clips(self):
        """True when this optimizer clips gradients (clipnorm or clipvalue set)."""
        return self.clipnorm is not None or self.clipvalue is not None

    def clip(self, pairs):
        """The (param, grad) pairs with clipped copies of the gradients (see the class notes).

        Each grad keeps its shape and dtype; the arrays passed in are not modified."""
        if self.clipvalue is not None:
            c = self.clipvalue
            pairs = [(p, np.clip(g, -c, c)) for p, g in pairs]
        if self.clipnorm is not None:
            norm = math.sqrt(sum(float(np.vdot(g, g)) for _, g in pairs))
            self.last_grad_norm = norm
            factor = self.clipnorm / (norm + 1e-6)
            if factor < 1:  # a NaN norm gives a NaN factor: left alone, fit reports the divergence
                pairs = [(p, g * factor) for p, g in pairs]
        return pairs

    def _clip_repr(self):
        """', clipnorm=1, clipvalue=0.5' for the settings that are on ('' when none are)."""
        return "".join(f", {k}={v:g}" for k, v in (("clipnorm", self.clipnorm),
                                                    ("clipvalue", self.clipvalue)) if v is not None)

    def step(self, pairs):
        """Update every param in place from its grad: pairs is a list of (param, grad) arrays."""
        raise NotImplementedError

    def _state_of(self, param, n):
        """(t, buffers): this is update number t of ``param`` (1 the first time), and its ``n``
        state arrays (zeros at first, shaped like ``param``). The array itself is the key, so
        two models' parameters never share moments, even through one optimizer."""
        entry = self.state.get(id(param))
        if entry is None or entry[0] is not param:  # a new array (an old id may be reused)
            entry = self.state[id(param)] = [param, 0, *(np.zeros_like(param) for _ in range(n))]
        entry[1] += 1
        return entry[1], entry[2:]

    def reset(self):
        """Forget momenta and step count (e.g. when training starts again from new weights).

        The settings (lr, clipnorm, clipvalue, ...) stay as they are."""
        self.state = {}
        self.iterations = 0
        self.last_grad_norm = None

    def __deepcopy__(self, memo):
        """A copy whose state follows the copied arrays (copy.deepcopy of a whole model); the
        settings, clipping included, are copied as they are."""
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
    w <- w - lr * g. For a constant lr these are the updates of torch.optim.SGD. ``clipnorm`` and
    ``clipvalue``: see ``Optimizer``."""

    def __init__(self, lr=0.01, momentum=0.0, nesterov=False, clipnorm=None, clipvalue=None):
        super().__init__(lr, clipnorm, clipvalue)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}.")
        if nesterov and not momentum:
            raise ValueError("nesterov=True needs a momentum, e.g. SGD(lr=0.01, momentum=0.9, "
                             "nesterov=True).")
        self.momentum, self.nesterov = float(momentum), bool(nesterov)

    def step(self, pairs):
        self.iterations += 1
        if self.clips:
            pairs = self.clip(pairs)
        if not self.momentum:
            for param, grad in pairs:
                param -= self.lr * grad
            return
        for param, grad in pairs:
            _, (v,) = self._state_of(param, 1)
            v *= self.momentum
            v -= self.lr * grad
            if self.nesterov:
                param += self.momentum * v
                param -= self.lr * grad
            else:
                param += v

    def __repr__(self):
        extra = ", nesterov=True" if self.nesterov else ""
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g}{extra}{self._clip_repr()})"


class RMSprop(Optimizer):
    """RMSprop: each parameter's step divided by a running root mean square of its gradient.

    Notes: s <- rho s + (1 - rho) g^2;  w <- w - lr * g / (sqrt(s) + eps)  (Hinton's lecture 6e).
    This is torch.optim.RMSprop's update with alpha = rho (no momentum, not centered); the
    defaults differ: rho = 0.9 here (as in the lecture and Keras), alpha = 0.99 and lr = 0.01 in
    torch. s starts at 0 and, unlike Adam's averages, is not corrected for it, so the first step
    is lr / sqrt(1 - rho) per weight (3.16 lr at rho = 0.9) in the direction of -g.
    ``clipnorm`` and ``clipvalue``: see ``Optimizer``."""

    def __init__(self, lr=1e-3, rho=0.9, eps=1e-8, clipnorm=None, clipvalue=None):
        super().__init__(lr, clipnorm, clipvalue)
        if not 0 <= rho < 1:
            raise ValueError(f"rho must be in [0, 1), got {rho!r}.")
        self.rho, self.eps = float(rho), float(eps)

    def step(self, pairs):
        self.iterations += 1
        if self.clips:
            pairs = self.clip(pairs)
        for param, grad in pairs:
            _, (s,) = self._state_of(param, 1)
            s *= self.rho
            s += (1 - self.rho) * grad**2                          # s = rho s + (1 - rho) g^2
            param -= self.lr * (grad / (np.sqrt(s) + self.eps))

    def __repr__(self):
        return f"RMSprop(lr={self.lr:g}, rho={self.rho:g}, eps={self.eps:g}{self._clip_repr()})"


class Adam(Optimizer):
    """Adam: per-parameter steps scaled by running moments of the gradient.

    Notes: m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2 (running means of g and g^2, both
    starting at 0); m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t) undo the pull towards that 0
    start; w <- w - lr * m_hat / (sqrt(v_hat) + eps) (Kingma & Ba 2015, Algorithm 1).
    ``clipnorm`` and ``clipvalue``: see ``Optimizer``."""

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, clipnorm=None, clipvalue=None):
        super().__init__(lr, clipnorm, clipvalue)
        self.beta1, self.beta2, self.eps = float(beta1), float(beta2), float(eps)

    def step(self, pairs):
        self.iterations += 1
        if self.clips:
            pairs = self.clip(pairs)
        b1, b2 = self.beta1, self.beta2  # Python floats: float32 arrays stay float32
        for param, grad in pairs:
            t, (m, v) = self._state_of(param, 2)  # this is update number t of param
            m *= b1
            m += (1 - b1) * grad                   # m = b1 m + (1 - b1) g
            v *= b2
            v += (1 - b2) * grad**2                # v = b2 v + (1 - b2) g^2
            m_hat = m / (1 - b1**t)
            v_hat = v / (1 - b2**t)
            descend(param, self.lr, m_hat, v_hat, self.eps)  # param -= lr m_hat / (sqrt(v_hat) + eps)

    def __repr__(self):
        return (f"Adam(lr={self.lr:g}, beta1={self.beta1:g}, beta2={self.beta2:g}, eps={self.eps:g}"
                f"{self._clip_repr()})")


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

    Notes: first w <- w - lr * weight_decay * w, then the Adam step of the gradient alone. Unlike
    an l2 term in the loss, the decay is not divided by Adam's sqrt(v), so every weight decays at
    the same rate. As in torch.optim.AdamW, every parameter given to the optimizer decays.
    ``clipnorm`` and ``clipvalue`` (see ``Optimizer``) clip the gradients, not the decay."""

    def __init__(self, lr=1e-3, weight_decay=1e-2, beta1=0.9, beta2=0.999, eps=1e-8, clipnorm=None,
                 clipvalue=None):
        super().__init__(lr, beta1, beta2, eps, clipnorm, clipvalue)
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
                f"beta2={self.beta2:g}, eps={self.eps:g}{self._clip_repr()})")


def descend(param, lr, m_hat, v_hat, eps):
    """Adam's last line, ``param -= lr * m_hat / (np.sqrt(v_hat) + eps)``, with the same numbers.

    Written in place in m_hat and v_hat (fresh arrays Adam throws away): the line as it stands
    makes four temporary arrays, and an epoch of MNIST (784-128-64-10, batch 64, as in
    benchmarks/train_mnist.py) then takes 9% longer (for the 784 x 128 weights alone, 1.2 ms
    instead of 0.42 ms a step)."""
    denominator = np.sqrt(v_hat, out=v_hat)
    denominator += eps
    m_hat *= lr
    m_hat /= denominator
    param -= m_hat


def _check_clip(value, name):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a number > 0 (or None for no clipping), got {value!r}. "
                         f"Use e.g. {name}=1.0.")
    return float(value)


OPTIMIZERS = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop, "adamw": AdamW}


def get_optimizer(optimizer):
    if isinstance(optimizer, Optimizer):
        return optimizer
    if isinstance(optimizer, str) and optimizer.lower() in OPTIMIZERS:
        return OPTIMIZERS[optimizer.lower()]()
    raise ValueError(f"Unknown optimizer {optimizer!r}. Valid names: {', '.join(sorted(OPTIMIZERS))}, "
                     "or an instance such as nl.Adam(lr=1e-3).")
