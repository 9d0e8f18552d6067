"""Callbacks: hooks that ``fit`` calls so live plots, dashboards and measurements can follow
training. Nothing here runs unless it is passed to ``fit``.

Set ``model.stop_training = True`` inside a hook to stop after the current batch."""
import math
import sys
import time

import numpy as np

from .serialization import model_arrays  # every array a saved model holds: params and buffers


class Callback:
    """Override any of these; ``self.model`` is set by ``fit`` before training starts."""
    model = None

    def on_train_begin(self, logs):
        """logs has 'epochs': the number of epochs fit was asked for."""

    def on_batch_begin(self, batch, logs):
        """Before the batch's step (weights not yet moved); batch counts from 0 within the epoch,
        logs has 'size'. ``fit`` calls it only for callbacks that override it."""

    def on_batch_end(self, batch, logs):
        """batch counts from 0 within the epoch; logs has 'loss' and 'size'."""

    def on_epoch_end(self, epoch, logs):
        """epoch counts from 1; logs has 'loss', 'accuracy' and the val_ values when present."""

    def on_train_end(self, logs):
        pass


def hooks_batch_begin(callback):
    """True when ``callback`` has an ``on_batch_begin`` of its own (fit skips the others)."""
    hook = getattr(type(callback), "on_batch_begin", None)  # duck-typed callbacks may lack it
    return ("on_batch_begin" in getattr(callback, "__dict__", {})
            or (hook is not None and hook is not Callback.on_batch_begin))


class LambdaCallback(Callback):
    """Build a callback from plain functions: LambdaCallback(on_epoch_end=lambda e, logs: print(e))."""

    def __init__(self, on_batch_end=None, on_epoch_end=None, on_train_begin=None, on_train_end=None,
                 on_batch_begin=None):
        for name, fn in (("on_batch_end", on_batch_end), ("on_epoch_end", on_epoch_end),
                         ("on_train_begin", on_train_begin), ("on_train_end", on_train_end),
                         ("on_batch_begin", on_batch_begin)):
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


class LearningRateScheduler(Callback):
    """Set the optimizer's learning rate from ``schedule(t)`` before each epoch (``per="epoch"``,
    t = epochs done) or each batch (``per="batch"``, t = batches done), e.g.
    ``LearningRateScheduler(nl.schedules.cosine(0.1, total=30))``. ``self.rates`` lists every rate
    it set, in order."""

    def __init__(self, schedule, per="epoch"):
        if not callable(schedule):
            raise TypeError(f"schedule must be a function of the step, such as "
                            f"nl.schedules.cosine(0.1, 30), got {type(schedule).__name__}.")
        if per not in ("epoch", "batch"):
            raise ValueError(f"per must be 'epoch' or 'batch', got {per!r}.")
        self.schedule, self.per, self.rates = schedule, per, []

    def _set(self, t):
        lr = float(self.schedule(t))
        if not lr >= 0 or not math.isfinite(lr):
            raise ValueError(f"the schedule gave learning rate {lr} at step {t}; it must be a "
                             "finite number >= 0.")
        self.model.optimizer_.lr = lr
        self.rates.append(lr)

    def on_train_begin(self, logs):
        self.t = 0
        self._set(0)

    def on_batch_end(self, batch, logs):
        if self.per == "batch":
            self.t += 1
            self._set(self.t)

    def on_epoch_end(self, epoch, logs):
        if self.per == "epoch":
            self._set(epoch)


class EarlyStopping(Callback):
    """Stop when ``monitor`` (a key of the epoch logs, 'val_loss' by default) has not improved by
    more than ``min_delta`` for ``patience`` epochs; with ``restore_best_weights`` put back the
    weights of the best epoch when training ends. After fit: ``best_epoch``, ``best``,
    ``stopped_epoch`` (None if it never stopped training early)."""

    def __init__(self, monitor="val_loss", patience=3, min_delta=0.0, restore_best_weights=True,
                 mode="auto"):
        if mode == "auto":
            mode = "max" if "acc" in monitor else "min"
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min', 'max' or 'auto', got {mode!r}.")
        self.monitor, self.patience, self.min_delta = monitor, int(patience), float(min_delta)
        self.restore_best_weights, self.mode = restore_best_weights, mode

    def on_train_begin(self, logs):
        self.best, self.best_epoch, self.stopped_epoch, self.wait = None, None, None, 0
        self._best_weights = None

    def _improved(self, value):
        if self.best is None:
            return True
        return (value < self.best - self.min_delta if self.mode == "min"
                else value > self.best + self.min_delta)

    def on_epoch_end(self, epoch, logs):
        if self.monitor not in logs:
            raise ValueError(f"EarlyStopping watches '{self.monitor}', but the epoch logs have only "
                             f"{sorted(logs)}. Give fit validation data (validation_split=0.1) or "
                             "monitor another key.")
        value = logs[self.monitor]
        if self._improved(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best_weights:
                self._best_weights = [a.copy() for _, a in model_arrays(self.model)]
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs):
        if self.restore_best_weights and self._best_weights is not None:
            for (_, target), saved in zip(model_arrays(self.model), self._best_weights):
                target[...] = saved


def format_logs(logs):
    """'loss 0.3012 - accuracy 0.912 - val_loss ...': losses with 4 decimals, the rest with 3."""
    return " - ".join(f"{k} {v:.4f}" if "loss" in k else f"{k} {v:.3f}" for k, v in logs.items())


class TextProgress(Callback):
    """What ``fit(verbose=1)`` shows, in plain text: per epoch one line on ``stream`` (stderr by
    default), redrawn in place at most every ``every`` seconds while the batches run, and ending
    with the epoch's numbers::

        epoch 3/5: 100% 60/60 batches, 0.41 s, 146 batch/s - loss 0.3012 - accuracy 0.912

    No progress library: a carriage return redraws the line, in a terminal as in a notebook.
    (``nnlessons.widgets.ProgressBar`` is the same as a tqdm bar.)"""

    def __init__(self, stream=None, every=0.2):
        self.stream, self.every = stream, float(every)

    def on_train_begin(self, logs):
        self.epochs, self.total = logs.get("epochs"), logs.get("batches")
        self.epoch = 1
        self._start_epoch()

    def _start_epoch(self):
        self.done, self.start = 0, time.perf_counter()
        self.shown = self.start

    def _line(self, epoch):
        total = self.total or self.done
        seconds = time.perf_counter() - self.start
        rate = f", {self.done / seconds:.0f} batch/s" if seconds > 0 else ""
        percent = f"{100 * self.done // total}% " if total else ""
        return (f"epoch {epoch}/{self.epochs}: {percent}{self.done}/{total} batches, "
                f"{seconds:.2f} s{rate}")

    def _write(self, text, end=""):
        stream = self.stream or sys.stderr
        stream.write("\r" + text + end)
        stream.flush()

    def on_batch_end(self, batch, logs):
        self.done += 1
        now = time.perf_counter()
        if now - self.shown >= self.every:
            self.shown = now
            self._write(self._line(self.epoch))

    def on_epoch_end(self, epoch, logs):
        self._write(f"{self._line(epoch)} - {format_logs(logs)}", end="\n")
        self.epoch = epoch + 1
        self._start_epoch()
