"""The three traces the lessons read, each computed from a real run:

- ``DataFlow``: how the data changes shape, stage by stage, on its way into and through a model;
- ``TrainingTrace``: epoch by epoch, the loss, the accuracy and what the numbers say;
- ``PredictionTrace``: one example followed layer by layer to its predicted class.

Each is shown as a plain-text table (``repr``, stable for nbval) or an HTML one (JupyterLab), both
from the same ``Table`` (see ``_table.py``). The observations of a training trace come from the
short rules in ``observe`` below: read them to see exactly why a row says what it says.
"""
import math
from collections import namedtuple

import numpy as np

from ._table import (Report, Table, before_after, describe, describe_shape, fmt_acc, fmt_loss,
                     fmt_num, loss_chart)

# --- data flow ----------------------------------------------------------------------------------
Stage = namedtuple("Stage", "name operation shape_in shape_out example")


class DataFlow(Report):
    """A pipeline's stages as they run: for each, the shape in, the operation, the shape out and
    the first values of row 0 before and after.

        flow = nl.DataFlow("First neural network", unit="columns")
        X = flow.record("Load data", "load the MNIST digits", X)
        X = flow.step("Normalize", "scale pixels 0–255 to 0–1", lambda X: X / 255, X)
        X = flow.step("Flatten", "turn each image into one row", nl.datasets.flatten, X)

    ``unit`` names the columns of 2-D data ('features', 'columns'); 3-D data counts pixels.
    """

    def __init__(self, title="Data flow", unit="features"):
        self.title, self.unit, self.stages = title, unit, []

    def record(self, name, operation, before, after=None, example=None, names=None):
        """Add a stage that turned ``before`` into ``after`` (default: unchanged, e.g. loading).

        ``names`` labels the arrays of a tuple ``after``, e.g. ('Training', 'Test'), and shows
        only those. Returns ``after``."""
        after = before if after is None else after
        if names and not isinstance(after, (tuple, list)):
            raise TypeError(f"names={names!r} labels the parts of a tuple result (e.g. the arrays "
                            f"from train_test_split), but this stage gave one "
                            f"{type(after).__name__}. Leave names out.")
        shown = after[:len(names)] if names else after
        if example is None:
            first = shown[0] if isinstance(shown, (tuple, list)) else shown
            example = before_after(before, first)
        self.stages.append(Stage(name, operation, describe(before, self.unit),
                                 describe(shown, self.unit, names), example))
        return after

    def step(self, name, operation, fn, *inputs, example=None, names=None):
        """Run ``fn(*inputs)`` and record it as a stage whose input is ``inputs[0]``; return the
        result. Labels and settings can follow as further inputs."""
        if not callable(fn):
            raise TypeError(f"DataFlow.step needs a function to run, got {type(fn).__name__}. "
                            "Use flow.step(name, operation, fn, X), or flow.record(name, "
                            "operation, X) for a stage that only shows data.")
        return self.record(name, operation, inputs[0] if inputs else None, fn(*inputs),
                           example=example, names=names)

    @classmethod
    def from_model(cls, model, X, title=None):
        """One stage per layer of ``model`` for the inputs X (batch, *input_shape)."""
        outputs = model.forward(X, trace=True)
        flow = cls(title or f"{model.name} on {len(X)} rows")
        before = np.asarray(X)
        for i, (layer, after) in enumerate(zip(model.layers, outputs)):
            unit = "features"
            if i == len(model.layers) - 1:  # name the outputs the way the cards do
                act = getattr(getattr(layer, "activation", None), "name", "")
                unit = "classes" if act == "softmax" else "outputs"
            flow.stages.append(Stage(layer.name, layer.describe(), describe_shape(before.shape),
                                     describe_shape(after.shape, unit),
                                     before_after(before, after)))
            before = after
        return flow

    def tables(self):
        rows = [[str(i), s.name, s.shape_in, s.operation, s.shape_out, s.example]
                for i, s in enumerate(self.stages, 1)]
        return [Table(f"Data flow: {self.title} ({len(rows)} stages)",
                      ["#", "Stage", "In", "Operation", "Out", "Example (row 0)"], rows, right={0})]


# --- training trace -----------------------------------------------------------------------------
Observation = namedtuple("Observation", "epoch kind text")

DIVERGING = 1.5      # loss above 1.5 x its best so far: training is blowing up
FLAT = 0.005         # the loss moved by less than 0.5 % in an epoch: no real progress
SMALL = 0.05         # the loss fell by less than 5 %: gains are slowing
PLATEAU_EPOCHS = 3   # that many flat epochs in a row make a plateau
OVERFIT_EPOCHS = 2   # val loss above its best for that many epochs while training loss falls


def observe(loss, val_loss=()):
    """One observation per epoch, derived from the numbers only. Rules, first match wins:
    diverging, recovering, overfitting, plateau, largest drop, improving, converging, rising,
    flat. ``loss`` and ``val_loss`` are lists with one value per epoch (val_loss may be empty)."""
    drops = [a - b if math.isfinite(a - b) else 0.0 for a, b in zip(loss, loss[1:])]
    biggest = 1 + int(np.argmax(drops)) if drops and max(drops) > 0 else None  # index into loss
    notes = [Observation(1, "start", f"starting point: loss {fmt_loss(loss[0])}")]
    flat_run = 0
    for e in range(1, len(loss)):
        prev, now = loss[e - 1], loss[e]
        finite = [v for v in loss[:e] if math.isfinite(v)]
        best = min(finite) if finite else math.inf
        change = (prev - now) / prev if math.isfinite(prev) and prev > 0 else 0.0  # > 0: fell
        flat_run = flat_run + 1 if abs(change) < FLAT else 0
        overfit = _overfitting(loss, val_loss, e)
        if not math.isfinite(now) or now > DIVERGING * best:
            kind, text = "diverging", (f"loss {fmt_loss(now)} is far above its best "
                                       f"{fmt_loss(best)}: diverging (lower the learning rate)")
        elif not math.isfinite(prev):
            kind, text = "recovering", f"loss is finite again: {fmt_loss(now)}"
        elif overfit:
            kind, text = "overfitting", overfit
        elif flat_run >= PLATEAU_EPOCHS:
            kind, text = "plateau", f"loss flat for {flat_run} epochs (each change < 0.5%): plateau"
        elif e == biggest:
            kind, text = "largest_drop", (f"largest drop: loss fell {fmt_loss(prev - now)} "
                                          f"({change:.0%})")
        elif change >= SMALL:
            kind, text = "improving", f"loss fell {fmt_loss(prev - now)} ({change:.0%})"
        elif change >= FLAT:
            kind, text = "converging", (f"gains slowing: loss fell only {fmt_loss(prev - now)} "
                                        f"({change:.1%}), converging")
        elif change <= -FLAT:
            kind, text = "rising", f"loss rose {fmt_loss(now - prev)} ({-change:.1%})"
        else:
            kind, text = "flat", "loss barely moved (< 0.5%)"
        notes.append(Observation(e + 1, kind, text))
    return notes


def _overfitting(loss, val_loss, e):
    """Text if validation loss has stayed above its best for OVERFIT_EPOCHS epochs while the
    training loss kept falling below where it was at that best; otherwise None."""
    if len(val_loss) <= e:
        return None
    best_at = int(np.argmin(val_loss[:e + 1]))
    if e - best_at >= OVERFIT_EPOCHS and loss[e] < loss[best_at] < math.inf \
            and val_loss[e] > val_loss[best_at]:
        return (f"val loss {fmt_loss(val_loss[e])} is above its best {fmt_loss(val_loss[best_at])} "
                f"(epoch {best_at + 1}) while training loss fell: overfitting")
    return None


class TrainingTrace(Report):
    """Epoch by epoch: loss ↓, accuracy ↑ (and their validation values), an observation, a chart.

    Parameters
    ----------
    history : a History from ``fit``, or a dict with 'loss' and optionally 'accuracy',
        'val_loss', 'val_accuracy' (lists with one value per epoch).
    epochs : optional list of the epochs (from 1) to list in the table; default all.
    """

    def __init__(self, history, epochs=None, title="Training trace"):
        record = history.as_dict() if hasattr(history, "as_dict") else dict(history)
        self.loss = [float(v) for v in record.get("loss", [])]
        if not self.loss:
            raise ValueError("TrainingTrace needs a history with at least one epoch of 'loss', got "
                             f"keys {sorted(record)}. Pass the History that model.fit returns.")
        self.columns = {}
        for key in ("accuracy", "val_loss", "val_accuracy"):
            values = [float(v) for v in record.get(key) or []]
            if values and len(values) != len(self.loss):
                raise ValueError(f"history '{key}' has {len(values)} values but 'loss' has "
                                 f"{len(self.loss)}; every list needs one value per epoch.")
            self.columns[key] = values
        n = len(self.loss)
        self.epochs = list(range(1, n + 1)) if epochs is None else [int(e) for e in epochs]
        if any(not 1 <= e <= n for e in self.epochs):
            raise ValueError(f"epochs must lie in 1..{n} for a history of {n} epochs, got "
                             f"{epochs}.")
        self.title = title
        self.observations = observe(self.loss, self.columns["val_loss"])

    def kinds(self):
        """The observation kinds that occur, e.g. {'start', 'largest_drop', 'overfitting'}."""
        return {o.kind for o in self.observations}

    def tables(self):
        header = ["Epoch", "Loss ↓"]
        formats = [("accuracy", "Accuracy ↑", fmt_acc), ("val_loss", "Val loss ↓", fmt_loss),
                   ("val_accuracy", "Val accuracy ↑", fmt_acc)]
        present = [(key, fmt) for key, name, fmt in formats if self.columns[key]]
        header += [name for key, name, _ in formats if self.columns[key]] + ["Observation"]
        rows = [[str(e), fmt_loss(self.loss[e - 1])]
                + [fmt(self.columns[key][e - 1]) for key, fmt in present]
                + [self.observations[e - 1].text] for e in self.epochs]
        chart = [""] + loss_chart(self.loss, self.columns["val_loss"])
        return [Table(f"{self.title}: {len(self.loss)} epochs", header, rows, chart,
                      right=set(range(len(header) - 1)))]

    def compare(self, card_rows, title="The card says / we measured"):
        """Lay a card's illustrative rows (epoch, loss, accuracy) beside the measured ones.

        ``card_rows``: e.g. [(1, 0.85, 0.55), (5, 0.45, 0.75)]; accuracy may be left out."""
        rows = []
        for item in card_rows:
            if len(item) not in (2, 3) or int(item[0]) != item[0] or item[0] < 1:
                raise ValueError(f"Each card row must be (epoch, loss) or (epoch, loss, accuracy) "
                                 f"with epoch counted from 1, got {item!r}.")
            epoch, card_loss, card_acc = int(item[0]), item[1], item[2] if len(item) == 3 else None
            ours = epoch <= len(self.loss)
            acc = self.columns["accuracy"]
            rows.append([str(epoch), f"{card_loss:g}",
                         fmt_loss(self.loss[epoch - 1] if ours else None),
                         "—" if card_acc is None else f"{card_acc:g}",
                         fmt_acc(acc[epoch - 1] if ours and acc else None)])
        return Table(title, ["Epoch", "Card loss", "Measured loss", "Card accuracy",
                             "Measured accuracy"], rows, right={0, 1, 2, 3, 4})


# --- prediction trace ---------------------------------------------------------------------------
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
    of units a ReLU set to zero and the three strongest units. Built by ``model.trace(x)``.
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
