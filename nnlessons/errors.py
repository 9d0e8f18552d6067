"""Exceptions raised by nnlessons."""


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite during ``fit``.

    Attributes ``epoch`` and ``batch`` (both counted from 1) say where it happened.
    """

    def __init__(self, epoch, batch, loss, lr=None):
        self.epoch, self.batch, self.loss, self.lr = epoch, batch, loss, lr
        hint = (f"try a smaller learning rate (e.g. lr={lr / 10:g} instead of {lr:g})"
                if lr else "try a smaller learning rate")
        super().__init__(
            f"Training diverged: the loss became {loss} at epoch {epoch}, batch {batch}. "
            f"The weights grew too fast; {hint}, or check the inputs are scaled (e.g. pixels to 0-1).")
