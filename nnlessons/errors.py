"""Exceptions raised by nnlessons."""


class TrainingDiverged(RuntimeError):
    """The loss (or, checked once per epoch, a weight) became NaN or infinite during ``fit``.

    Attributes
    ----------
    epoch, batch : int, where it happened (both counted from 1).
    loss : float, the loss of that batch (inf or nan; for ``where='weights'`` the epoch's mean).
    layer : str or None, the first layer that went non-finite (see ``where``).
    where : 'output' (that layer's output, in forward order), 'gradient' (its gradients, in
        backward order), 'loss' (every output finite; the loss overflowed on ``layer``'s
        outputs), 'weights' (the loss still finite, the layer's weights not) or None.
    lr : float or None, the optimizer's learning rate.
    input_scale : float or None, the largest |x| of the training inputs.
    causes : list of str, the likely causes, most likely first (also in the message).
    """

    UNSCALED = 10.0  # inputs larger than this in magnitude are called unscaled

    def __init__(self, epoch, batch, loss, lr=None, input_scale=None, layer=None, where=None,
                 detail=None):
        self.epoch, self.batch, self.loss, self.lr = epoch, batch, loss, lr
        self.input_scale, self.layer, self.where = input_scale, layer, where
        if where == "weights":
            head = (f"Training diverged: the weights of layer '{layer}' became NaN or infinite by "
                    f"the end of epoch {epoch} (batch {batch}), while the loss was still "
                    f"{loss:.4g}.")
        else:
            head = (f"Training diverged: the loss became {loss} at epoch {epoch}, batch {batch}."
                    f"{_where_text(layer, where, detail)}")
        self.causes = _causes(lr, input_scale, self.UNSCALED)
        listed = " ".join(f"({i}) {c}" for i, c in enumerate(self.causes, start=1))
        super().__init__(f"{head} Likely causes, most likely first: {listed}")


def _where_text(layer, where, detail):
    if where == "output":
        return f" The first non-finite values were the outputs of layer '{layer}'."
    if where == "gradient":
        return (f" Every output was finite; the first non-finite gradients (backward runs from the "
                f"output) were those of layer '{layer}'.")
    if where == "loss":
        big = f" (they reach {detail:.3g})" if detail is not None else ""
        return (f" Every output was finite; the loss overflowed on the outputs of layer "
                f"'{layer}'{big}.")
    return ""


def _causes(lr, input_scale, unscaled):
    """The three classic causes, ordered by the evidence: unscaled inputs come first when the
    inputs are large (a smaller rate then mostly slows the divergence down)."""
    lr_hint = f"e.g. lr={lr / 10:g} instead of {lr:g}" if lr else "e.g. lr / 10"
    rate = (f"The weights grew too fast: try a smaller learning rate ({lr_hint}), or clip the "
            "gradients (e.g. SGD(lr, clipnorm=1.0)).")
    log0 = ("A log or division of 0: a loss that does not match the output (probabilities passed "
            "where logits are expected, a hand-written loss without a floor).")
    if input_scale is not None and input_scale > unscaled:
        # big inputs make big gradients for every weight they touch: no learning rate suits
        # all features at once, so a smaller one mostly just slows the divergence down
        scale = (f"The inputs reach {input_scale:.3g} in magnitude: scale them first (e.g. "
                 "nl.datasets.StandardScaler().fit(X_train), or pixels / 255), then train again. "
                 "A smaller learning rate rarely fixes unscaled inputs.")
        return [scale, rate, log0]
    scaled = (f"Unscaled inputs: unlikely here, they reach only {input_scale:.3g} in magnitude."
              if input_scale is not None else
              "Unscaled inputs: standardize each feature (nl.datasets.StandardScaler).")
    return [rate, scaled, log0]
