"""Callbacks: hooks that ``fit`` calls so live plots, dashboards and measurements can follow
training. Nothing here runs unless it is passed to ``fit``.

Set ``model.stop_training = True`` inside a hook to stop after the current batch."""
import math

import numpy as np


class Callback:
    """Override any of these; ``self.model`` is set by ``fit`` before training starts."""
    model = None

    def on_train_begin(self, logs):
        pass

    def on_batch_end(self, batch, logs):
        """batch counts from 0 within the epoch; logs has 'loss' and 'size'."""

    def on_epoch_end(self, epoch, logs):
        """epoch counts from 1; logs has 'loss', 'accuracy' and the val_ values when present."""

    def on_train_end(self, logs):
        pass


class LambdaCallback(Callback):
    """Build a callback from plain functions: LambdaCallback(on_epoch_end=lambda e, logs: print(e))."""

    def __init__(self, on_batch_end=None, on_epoch_end=None, on_train_begin=None, on_train_end=None):
        for name, fn in (("on_batch_end", on_batch_end), ("on_epoch_end", on_epoch_end),
                         ("on_train_begin", on_train_begin), ("on_train_end", on_train_end)):
            if fn is not None:
                setattr(self, name, fn)


class GradientNorms(Callback):
    """Each trainable layer's gradient norm, averaged over an epoch's batches, appended to
    ``model.history_.grad_norms`` (one list per epoch, in ``history.layer_names`` order).

    Notes: the norm of a layer is sqrt(sum of g^2 over all its gradient arrays), read after the
    backward pass (l2 term included). ``fit(record_grad_norms=True)`` adds one of these."""

    def on_train_begin(self, logs):
        self.layers = [layer for layer in self.model.layers if layer.trainable]
        self._start_epoch()

    def _start_epoch(self):
        self.sums, self.batches = [0.0] * len(self.layers), 0

    def on_batch_end(self, batch, logs):
        for i, layer in enumerate(self.layers):
            self.sums[i] += math.sqrt(sum(float(np.vdot(g, g)) for g in layer.grads.values()))
        self.batches += 1

    def on_epoch_end(self, epoch, logs):
        self.model.history_.grad_norms.append([s / self.batches for s in self.sums])
        self._start_epoch()
