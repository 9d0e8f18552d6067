"""What fit reports while it trains: each epoch's mean loss and accuracy, and each batch's logs.

A training step needs the gradient of the loss, not its value (with softmax and cross-entropy the
gradient is just (p - y) / N). The value is only reported, so it is measured from the outputs the
steps produced, a chunk of batches at a time: one measurement over 64 batches costs about as much
as one over a single batch of 10 (``benchmarks/step_overhead.py``).
"""
from collections.abc import MutableMapping

import numpy as np


class EpochMeter:
    """The mean loss and accuracy over an epoch's batches, from each batch's output.

    ``EpochMeter(loss, targets, batch_size)``: ``targets`` are the epoch's targets in the order
    its batches visit them (``y[order]``). ``add(out)`` after every step, with the batch's output
    before the step moved the weights (as a per-batch loss is); ``logs()`` at the end of the epoch
    gives {'loss': mean loss, 'accuracy': share right} (no 'accuracy' for a loss without one).

    The outputs are copied into a buffer that holds ``CHUNK`` batches and measured when it is
    full: the same numbers, bit for bit, as measuring those batches' outputs concatenated."""

    CHUNK = 64  # batches measured together

    def __init__(self, loss, targets, batch_size):
        self.loss, self.targets = loss, targets
        # a mean over examples can be taken over a chunk at once; any other mean batch by batch
        self.capacity = batch_size * (self.CHUNK if loss.example_mean else 1)
        self.buffer = None  # (capacity, *output shape), made at the first add
        self.filled = 0     # rows of the buffer that hold outputs not yet measured
        self.seen = 0       # rows measured so far, which are also where the buffer's targets start
        self.total, self.hits = 0.0, 0

    def add(self, out):
        """Keep a copy of ``out`` (batch, *outputs), the next rows of the epoch, for measuring."""
        if self.buffer is None:
            self.buffer = np.empty((self.capacity, *out.shape[1:]), dtype=out.dtype)
        elif self.filled + len(out) > self.capacity:
            self._measure()
        self.buffer[self.filled:self.filled + len(out)] = out
        self.filled += len(out)

    def _measure(self):
        out = self.buffer[:self.filled]
        y = self.targets[self.seen:self.seen + self.filled]
        self.total += self.loss.value(out, y) * len(y)
        hits = self.loss.accuracy_hits(out, y)
        self.hits = None if hits is None or self.hits is None else self.hits + hits
        self.seen += self.filled
        self.filled = 0

    def logs(self):
        if self.filled:
            self._measure()
        logs = {"loss": self.total / self.seen}
        if self.hits is not None:
            logs["accuracy"] = self.hits / self.seen
        return logs


class BatchLogs(MutableMapping):
    """The logs ``on_batch_end`` receives, a dict to its callbacks: 'size', and 'loss', measured
    only when a callback reads it (most read neither). A callback may add keys of its own."""

    def __init__(self, loss, out, y):
        self._loss, self._out, self._y = loss, out, y
        self._logs = {"size": len(y)}

    def __getitem__(self, key):
        if key == "loss" and "loss" not in self._logs:
            self._logs["loss"] = self._loss.value(self._out, self._y)
        return self._logs[key]

    def __setitem__(self, key, value):
        self._logs[key] = value

    def __delitem__(self, key):
        self[key]  # noqa: B018  (measured first, so deleting 'loss' deletes a value)
        del self._logs[key]

    def __iter__(self):
        return iter(["loss", *(k for k in self._logs if k != "loss")])

    def __len__(self):
        return len(self._logs) + ("loss" not in self._logs)

    def copy(self):
        return dict(self)

    def __repr__(self):
        return repr(dict(self))
