"""Exceptions raised by nnlessons."""


class TrainingDiverged(RuntimeError):
    """The loss became NaN or infinite during ``fit``.

    Attributes ``epoch`` and ``batch`` (both counted from 1) say where it happened.
    """

    UNSCALED = 10.0  # inputs larger than this in magnitude are called unscaled

    def __init__(self, epoch, batch, loss, lr=None, input_scale=None):
        self.epoch, self.batch, self.loss, self.lr = epoch, batch, loss, lr
        self.input_scale = input_scale
        where = f"Training diverged: the loss became {loss} at epoch {epoch}, batch {batch}."
        if input_scale is not None and input_scale > self.UNSCALED:
            # big inputs make big gradients for every weight they touch: no learning rate suits
            # all features at once, so a smaller one mostly just slows the divergence down
            fix = (f"The inputs reach {input_scale:.3g} in magnitude: scale them first (e.g. "
                   "nl.datasets.StandardScaler().fit(X_train), or pixels / 255), then train again. "
                   "A smaller learning rate rarely fixes unscaled inputs.")
        else:
            lr_hint = f"e.g. lr={lr / 10:g} instead of {lr:g}" if lr else "e.g. lr / 10"
            fix = f"The weights grew too fast: try a smaller learning rate ({lr_hint})."
        super().__init__(f"{where} {fix}")
