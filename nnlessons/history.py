"""What ``fit`` records, one value per epoch."""


class History:
    """Per-epoch training record.

    Attributes
    ----------
    loss, accuracy : list of float, training values averaged over the epoch's batches.
    val_loss, val_accuracy : list of float, on ``validation_data`` at the end of each epoch (empty without it).
    grad_norms : list of list of float, per epoch the mean L2 norm of each trainable layer's gradient
        (filled only by ``fit(record_grad_norms=True)``, see ``callbacks.GradientNorms``).
    layer_names : names of those trainable layers, in the same order.
    health : dict, per-layer statistics over recorded steps (filled only by ``nl.LayerHealth``;
        {} without it; see ``health.LayerHealth``).
    seconds : wall-clock time per epoch (varies from run to run; not shown in the repr).
    """

    METRICS = ("loss", "accuracy", "val_loss", "val_accuracy")

    def __init__(self, layer_names=()):
        self.loss, self.accuracy, self.val_loss, self.val_accuracy = [], [], [], []
        self.grad_norms, self.seconds = [], []
        self.health = {}
        self.layer_names = list(layer_names)

    def record(self, logs, seconds):
        """Append one epoch: the values in ``logs`` (any of METRICS) and its duration."""
        for key in self.METRICS:
            if key in logs:
                getattr(self, key).append(logs[key])
        self.seconds.append(seconds)

    @property
    def epochs(self):
        return list(range(1, len(self.loss) + 1))

    def as_dict(self):
        return {k: getattr(self, k) for k in self.METRICS if getattr(self, k)}

    def __len__(self):
        return len(self.loss)

    def __repr__(self):
        parts = [f"{k}={[round(v, 4) for v in vals]}" for k, vals in self.as_dict().items()]
        return f"History({len(self)} epochs, " + ", ".join(parts) + ")"
