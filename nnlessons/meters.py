"""What fit reports while it trains: each epoch's mean loss and accuracy, and each batch's logs.

A training step needs the gradient of the loss, not its value (with softmax and cross-entropy the
gradient is just (p - y) / N). The value is only reported, so it is measured from the outputs the
steps produced, a chunk of batches at a time: one measurement over 64 batches costs about as much
as one over a single batch of 10 (``benchmarks/step_overhead.py``).
"""
from collections.abc import MutableMapping

import numpy as np


class EpochMeter:
    """The mean loss and accuracy over an epoch's batches, from each batch's output and targets.

    ``add(out, y)`` after every step; ``logs()`` at the end of the epoch gives
    {'loss': mean loss, 'accuracy': share right} (no 'accuracy' for a loss without one). Each
    output is the one its batch gave before the step moved the weights, as a per-batch loss is."""

    CHUNK = 64  # batches measured together; their outputs are all that is kept meanwhile

    def __init__(self, loss):
        self.loss = loss
        # a mean over examples can be taken over a chunk at once; any other mean batch by batch
        self.chunk = self.CHUNK if loss.example_mean else 1
        self.outs, self.targets = [], []
        self.total, self.hits, self.seen = 0.0, 0, 0

    def add(self, out, y):
        self.outs.append(out)
        self.targets.append(y)
        if len(self.outs) == self.chunk:
            self._measure()

    def _measure(self):
        if len(self.outs) == 1:
            out, y = self.outs[0], self.targets[0]
        else:
            out, y = np.concatenate(self.outs), np.concatenate(self.targets)
        self.total += self.loss.value(out, y) * len(y)
        hits = self.loss.accuracy_hits(out, y)
        self.hits = None if hits is None or self.hits is None else self.hits + hits
        self.seen += len(y)
        self.outs, self.targets = [], []

    def logs(self):
        if self.outs:
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
