"""PredictionTrace: one example followed layer by layer to its predicted class."""
from collections import namedtuple

import numpy as np

from ..tables import Report, Table, fmt_acc, fmt_num


LayerView = namedtuple("LayerView", "name operation shape min mean max zeroed strongest")


def _view(name, operation, a, relu):
    """Summary of one layer's output a (*shape) for one example."""
    flat = a.ravel()
    top = np.argsort(-flat, kind="stable")[:3]
    zeroed = f"{np.mean(flat == 0):.0%} ({int(np.sum(flat == 0))} of {flat.size})" if relu else "—"
    return LayerView(name, operation, " × ".join(map(str, a.shape)), float(flat.min()),
                     float(flat.mean()), float(flat.max()), zeroed,
                     ", ".join(f"#{i} {fmt_num(flat[i])}" for i in top))


class PredictionTrace(Report):
    """One example followed through every layer of a model, then its class probabilities.

    Per layer: its name and operation, the output shape, min / mean / max of the output, the share
    of units a ReLU set to zero and the three strongest units. Built by ``nl.PredictionTrace(model, x)``.
    Attributes: ``layers`` (LayerView per row), ``probabilities`` (K,) or None when the output is
    not a softmax or sigmoid, ``predicted``, ``top3`` [(class, p)], ``y_true``.
    """

    def __init__(self, model, x, y_true=None, class_names=None):
        x = np.asarray(x)
        if model.built and x.shape != model.input_shape_:
            hint = (" Pass X[0], not X[:1]." if x.shape == (1,) + model.input_shape_ else "")
            raise ValueError(f"trace takes one example of shape {model.input_shape_}, got shape "
                             f"{x.shape}.{hint}")
        outputs = [out[0] for out in model.forward(x[None], trace=True)]
        self.layers = [_view("input", "the example", x, relu=False)]
        for layer, out in zip(model.layers, outputs):
            relu = getattr(getattr(layer, "activation", None), "name", "") == "relu"
            self.layers.append(_view(layer.name, layer.describe(), out, relu))
        act = getattr(getattr(model.layers[-1], "activation", None), "name", "")
        out = outputs[-1].astype(np.float64)
        if act == "softmax":
            self.probabilities = out
        elif act == "sigmoid" and out.size == 1:
            self.probabilities = np.array([1 - out[0], out[0]])
        else:
            self.probabilities = None
        if y_true is not None and np.ndim(y_true) != 0:
            raise ValueError(f"y_true is the class of this one example (an int), got an array of "
                             f"shape {np.shape(y_true)}. Pass y[0], or y[0].argmax() if one-hot.")
        self.y_true = None if y_true is None else int(y_true)
        self.class_names, self.predicted, self.top3 = class_names, None, []
        if self.probabilities is not None:
            order = np.argsort(-self.probabilities, kind="stable")
            self.predicted = int(order[0])
            self.top3 = [(int(k), float(self.probabilities[k])) for k in order[:3]]
            k = len(self.probabilities)
            if self.y_true is not None and not 0 <= self.y_true < k:
                raise ValueError(f"y_true must be a class 0..{k - 1}, got {y_true!r}.")
            if class_names is not None and len(class_names) != k:
                raise ValueError(f"class_names has {len(class_names)} names for {k} classes.")

    def _name(self, k):
        return str(k) if self.class_names is None else f"{self.class_names[k]} ({k})"

    def tables(self):
        rows = [[v.name, v.operation, v.shape, fmt_num(v.min), fmt_num(v.mean), fmt_num(v.max),
                 v.zeroed, v.strongest] for v in self.layers]
        tables = [Table(f"Prediction trace: {len(self.layers) - 1} layers",
                        ["Layer", "Operation", "Output shape", "Min", "Mean", "Max",
                         "Zeroed by ReLU", "Strongest units"], rows, right={3, 4, 5})]
        if self.probabilities is not None:
            ranks = {k: f"top {i}" for i, (k, _) in enumerate(self.top3, 1)}
            shown = range(len(self.probabilities)) if len(self.probabilities) <= 10 else \
                sorted(set(ranks) | ({self.y_true} if self.y_true is not None else set()))
            rows = []
            for k in shown:
                notes = [ranks.get(k), "true label" if k == self.y_true else None]
                rows.append([self._name(k), fmt_acc(self.probabilities[k]),
                             "█" * round(20 * self.probabilities[k]),
                             ", ".join(n for n in notes if n)])
            verdict = f"predicted {self._name(self.predicted)} with p = {fmt_acc(self.top3[0][1])}"
            if self.y_true is not None:
                verdict += (f"; true label {self._name(self.y_true)}: "
                            + ("correct" if self.y_true == self.predicted else "wrong"))
            tables.append(Table("Class probabilities", ["Class", "Probability", "", "Rank"], rows,
                                [verdict], right={1}))
        return tables
