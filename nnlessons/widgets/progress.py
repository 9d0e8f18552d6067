"""``ProgressBar``: fit's progress as a tqdm bar per epoch, a widget in a notebook.

    model.fit(X, y, epochs=5, verbose=0, callbacks=[widgets.ProgressBar()])

The engine's own ``fit(verbose=1)`` prints plain text (``nnlessons.callbacks.TextProgress``) and
loads no progress library; this callback is the same display drawn by tqdm (``tqdm.auto``: an
ipywidgets bar in JupyterLab, a text bar in a terminal).
"""
from tqdm.auto import tqdm

from ..callbacks import Callback, format_logs


class ProgressBar(Callback):
    """One tqdm bar per epoch: batches done out of the epoch's batches, then the epoch's loss and
    accuracy (and val_ values) beside it. ``leave=False`` removes each bar when its epoch ends."""

    def __init__(self, leave=True):
        self.leave, self.bar = bool(leave), None

    def on_train_begin(self, logs):
        self.epochs, self.total, self.epoch = logs.get("epochs"), logs.get("batches"), 1

    def on_batch_end(self, batch, logs):
        if self.bar is None:
            self.bar = tqdm(total=self.total, desc=f"epoch {self.epoch}/{self.epochs}", unit="batch",
                            leave=self.leave)
        self.bar.update(1)

    def on_epoch_end(self, epoch, logs):
        if self.bar is not None:
            self.bar.set_postfix_str(format_logs(logs))
            self.bar.close()
            self.bar = None
        self.epoch = epoch + 1

    def on_train_end(self, logs):
        if self.bar is not None:  # stopped inside an epoch
            self.bar.close()
            self.bar = None
