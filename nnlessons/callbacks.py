"""Callbacks: hooks that ``fit`` calls so live plots and dashboards can follow training.

Set ``model.stop_training = True`` inside a hook to stop after the current batch."""


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
