"""TrainingTrace: epoch by epoch, the loss, the accuracy and what the numbers say.

The observations come from the short rules in ``observe``: read them to see exactly why a row
says what it says."""
import math
from collections import namedtuple

import numpy as np

from ..tables import Report, Table, fmt_acc, fmt_loss, loss_chart


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


