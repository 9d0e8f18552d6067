"""Loss functions: each gives the mean loss over the batch and its gradient.

``value(out, y)`` returns a float; ``gradient(out, y)`` returns dL/d(out). When the output layer's
activation matches the loss (softmax with cross-entropy, sigmoid with binary cross-entropy) the
model asks for ``fused_gradient`` instead: dL/dz = (p - y) / N with respect to the logits z, which
is simpler, cheaper and never divides by a probability.
"""
import numpy as np


def _one_hot(labels, n_classes, dtype):
    out = np.zeros((len(labels), n_classes), dtype=dtype)
    out[np.arange(len(labels)), labels] = 1
    return out


class Loss:
    name = "base"
    fuses_with = None  # name of the output activation whose backward this loss can absorb
    # True when finite outputs always give a finite loss (a floored log of probabilities), so
    # fit can watch for divergence in the outputs instead of measuring the loss every batch
    bounded = False
    # True when the loss is a mean over examples, so an epoch's mean loss can be measured over
    # any grouping of its batches (not so for a mean over counted positions)
    example_mean = True

    def check_targets(self, y, n_outputs, dtype="float32"):
        """Validate targets once per fit/evaluate call; return them in the form the loss uses
        (float targets in the model's ``dtype``, so float64 gradient checks stay float64)."""
        return y

    def value(self, out, y):
        raise NotImplementedError

    def gradient(self, out, y):
        raise NotImplementedError

    def fused_gradient(self, out, y):
        raise NotImplementedError

    def accuracy_hits(self, out, y):
        """Number of correct predictions in the batch, or None when accuracy does not apply."""
        return None

    def __repr__(self):
        return f"{type(self).__name__}()"


class CrossEntropy(Loss):
    """L = -mean_i log p_{i, y_i}. Labels: integers (N,) in 0..K-1, or one-hot rows (N, K)."""
    name = "cross_entropy"
    fuses_with = "softmax"
    bounded = True

    def check_targets(self, y, n_outputs, dtype="float32"):
        y = np.asarray(y)
        if y.ndim == 2:
            if y.shape[1] == 1 and n_outputs > 1:
                raise ValueError(f"cross_entropy got labels of shape {y.shape}, a column. Pass integer "
                                 f"labels of shape (N,) (y.ravel()) or one-hot rows (N, {n_outputs}).")
            if y.shape[1] != n_outputs:
                raise ValueError(f"cross_entropy got one-hot labels with {y.shape[1]} columns but the "
                                 f"model outputs {n_outputs} classes. Use one_hot(y, {n_outputs}).")
            if not np.issubdtype(y.dtype, np.number) or not np.isfinite(y).all() or (y < 0).any() \
                    or not np.allclose(y.sum(axis=1), 1, atol=1e-3):
                raise ValueError("cross_entropy one-hot labels must be non-negative rows that sum to 1.")
            return y.astype(dtype, copy=False)
        if y.ndim != 1:
            raise ValueError(f"cross_entropy expects labels of shape (N,) or one-hot (N, K), "
                             f"got shape {y.shape}.")
        if not np.issubdtype(y.dtype, np.integer):
            if np.issubdtype(y.dtype, np.floating) and np.isfinite(y).all() and (y == np.round(y)).all():
                hint = "Convert them with y.astype(int)."
            else:
                hint = "Class labels must be whole numbers 0..K-1."
            raise TypeError(f"cross_entropy expects integer class labels, got dtype {y.dtype}. {hint}")
        if y.size and (y.min() < 0 or y.max() >= n_outputs):
            raise ValueError(f"Labels must lie in 0..{n_outputs - 1} for a model with {n_outputs} "
                             f"outputs, got labels from {y.min()} to {y.max()}. Check the label "
                             "encoding or the size of the output layer.")
        return y.astype(np.intp, copy=False)

    def value(self, p, y):
        tiny = np.finfo(p.dtype).tiny  # log(0) can never occur
        if y.ndim == 1:
            return float(-np.log(np.maximum(p[np.arange(len(y)), y], tiny)).mean())
        return float(-(y * np.log(np.maximum(p, tiny))).sum(axis=1).mean())

    def gradient(self, p, y):
        tiny = np.finfo(p.dtype).tiny
        target = _one_hot(y, p.shape[1], p.dtype) if y.ndim == 1 else y
        return -target / np.maximum(p, tiny) / len(p)

    def fused_gradient(self, p, y):
        dz = p.copy()
        if y.ndim == 1:
            dz[np.arange(len(y)), y] -= 1
        else:
            dz -= y
        dz /= len(p)
        return dz

    def accuracy_hits(self, p, y):
        labels = y if y.ndim == 1 else y.argmax(axis=1)
        return int(np.count_nonzero(p.argmax(axis=1) == labels))


class BinaryCrossEntropy(Loss):
    """L = -mean[y log p + (1 - y) log(1 - p)] for a sigmoid output p (N, 1); labels 0/1, (N,) or (N, 1)."""
    name = "binary_cross_entropy"
    fuses_with = "sigmoid"
    bounded = True

    def check_targets(self, y, n_outputs, dtype="float32"):
        y = np.asarray(y)
        if n_outputs != 1:
            raise ValueError(f"binary_cross_entropy needs a model with one output (Dense(1, "
                             f"activation='sigmoid')), but it has {n_outputs}. For several classes "
                             "use loss='cross_entropy' with a softmax output.")
        if y.ndim == 2 and y.shape[1] == 1:
            y = y[:, 0]
        if y.ndim != 1:
            raise ValueError(f"binary_cross_entropy expects labels of shape (N,) or (N, 1), got {y.shape}.")
        if not np.issubdtype(y.dtype, np.number) and y.dtype != bool:
            raise TypeError(f"binary_cross_entropy expects 0/1 labels, got dtype {y.dtype}.")
        bad = ~np.isin(y, (0, 1))
        if bad.any():
            raise ValueError(f"binary_cross_entropy expects labels 0 or 1, got {np.unique(y[bad])[:5]}. "
                             "Map your two classes to 0 and 1 first.")
        return y.reshape(-1, 1).astype(dtype)

    def value(self, p, y):
        eps = np.finfo(p.dtype).eps
        q = np.clip(p, eps, 1 - eps)
        return float(-(y * np.log(q) + (1 - y) * np.log(1 - q)).mean())

    def gradient(self, p, y):
        eps = np.finfo(p.dtype).eps
        q = np.clip(p, eps, 1 - eps)
        return ((q - y) / (q * (1 - q)) / len(p)).astype(p.dtype)

    def fused_gradient(self, p, y):
        return (p - y) / p.dtype.type(len(p))

    def accuracy_hits(self, p, y):
        return int(((p >= 0.5) == (y >= 0.5)).sum())


class MeanSquaredError(Loss):
    """L = mean over batch of sum_k (out_k - y_k)^2 / K  (the mean of all squared errors)."""
    name = "mse"

    def check_targets(self, y, n_outputs, dtype="float32"):
        y = np.asarray(y)
        if not np.issubdtype(y.dtype, np.number) or np.issubdtype(y.dtype, np.complexfloating):
            raise TypeError(f"mse expects real numeric targets, got dtype {y.dtype}. "
                            "Convert them with y.astype('float32').")
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        if y.ndim != 2:
            raise ValueError(f"mse expects targets of shape (N,) or (N, outputs), got {y.shape}.")
        if y.shape[1] != n_outputs:
            raise ValueError(f"mse targets have {y.shape[1]} columns but the model has {n_outputs} "
                             "outputs; they must match.")
        y = y.astype(dtype)
        if not np.isfinite(y).all():
            raise ValueError("mse targets contain NaN or infinite values; remove or impute them.")
        return y

    def value(self, out, y):
        return float(((out - y) ** 2).mean())

    def gradient(self, out, y):
        return (2 / out.size) * (out - y)


class SequenceCrossEntropy(CrossEntropy):
    """Cross-entropy at every position of a sequence: L = -mean over positions of log p[n, t, y[n, t]].

    Shapes: p (N, T, V) from a softmax over the last axis; y (N, T) integer labels in 0..V-1, or
    -1 at a position with nothing to predict (padding after a word's end), which is left out of
    the mean and gets no gradient. Each counted position is one classification, so this is
    CrossEntropy over those rows, and its gradient is (p - one_hot(y)) / (number counted).
    """
    name = "sequence_cross_entropy"
    stratify = False  # a held-out split draws whole sequences, not classes
    example_mean = False  # a mean over the counted positions, which vary from batch to batch
    IGNORE = -1

    def check_targets(self, y, n_outputs, dtype="float32"):
        y = np.asarray(y)
        if y.ndim != 2:
            raise ValueError(f"sequence_cross_entropy expects labels of shape (N, T), one class per "
                             f"position (-1 for none), got shape {y.shape}. For one label per "
                             "example use loss='cross_entropy'.")
        counted = y[y != self.IGNORE] if np.issubdtype(y.dtype, np.number) else y.reshape(-1)
        super().check_targets(counted.reshape(-1), n_outputs, dtype)
        return y.astype(np.intp, copy=False)

    def _counted(self, p, y):
        keep = (y != self.IGNORE).reshape(-1)
        return p.reshape(-1, p.shape[-1])[keep], y.reshape(-1)[keep], keep

    def value(self, p, y):
        rows, labels, _ = self._counted(p, y)
        return super().value(rows, labels)

    def gradient(self, p, y):
        rows, labels, keep = self._counted(p, y)
        grad = np.zeros((keep.size, p.shape[-1]), dtype=p.dtype)
        grad[keep] = super().gradient(rows, labels)
        return grad.reshape(p.shape)

    def fused_gradient(self, p, y):
        rows, labels, keep = self._counted(p, y)
        dz = np.zeros((keep.size, p.shape[-1]), dtype=p.dtype)
        dz[keep] = super().fused_gradient(rows, labels)
        return dz.reshape(p.shape)

    def accuracy_hits(self, p, y):
        """Right positions / counted positions per sequence: the model divides hits by the number
        of sequences, so accuracy comes out as the share of counted positions predicted right."""
        counted = np.count_nonzero(y != self.IGNORE)
        right = np.count_nonzero((p.argmax(axis=-1) == y) & (y != self.IGNORE))
        return float(right / counted * len(y)) if counted else 0.0


LOSSES = {cls.name: cls for cls in (CrossEntropy, BinaryCrossEntropy, MeanSquaredError,
                                    SequenceCrossEntropy)}


def get_loss(name):
    if isinstance(name, Loss):
        return name
    if isinstance(name, str) and name.lower() in LOSSES:
        return LOSSES[name.lower()]()
    raise ValueError(f"Unknown loss {name!r}. Valid names: {', '.join(sorted(LOSSES))}.")
