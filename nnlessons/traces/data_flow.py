"""DataFlow: how the data changes shape, stage by stage, on its way into and through a model."""
from collections import namedtuple

import numpy as np

from ..tables import Report, Table, before_after, describe, describe_shape
from ..layers.embedding import Embedding


Stage = namedtuple("Stage", "name operation shape_in shape_out example")


def describe_sequence(x, unit="features"):
    """Arrays of a sequence model: ids (4, 10) -> '4 sequences × 10 positions', vectors
    (4, 10, 16) -> '4 sequences × 10 positions × 16 features' (``unit`` names the last axis);
    anything else (after a Flatten, say) as ``describe_shape`` writes it."""
    x = np.asarray(x)
    head = f"{x.shape[0]} sequence" + ("" if x.shape[0] == 1 else "s")
    if x.ndim == 2 and np.issubdtype(x.dtype, np.integer):
        return f"{head} × {x.shape[1]} positions"
    if x.ndim == 3:
        return f"{head} × {x.shape[1]} positions × {x.shape[2]} {unit}"
    return describe_shape(x.shape, unit)


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
        # a model that starts with an Embedding reads sequences of ids: say positions, not pixels
        sequences = isinstance(model.layers[0], Embedding)
        for i, (layer, after) in enumerate(zip(model.layers, outputs)):
            unit = "features"
            if i == len(model.layers) - 1:  # name the outputs the way the cards do
                act = getattr(getattr(layer, "activation", None), "name", "")
                unit = "classes" if act == "softmax" else "outputs"
            shape_in, shape_out = ((describe_sequence(before), describe_sequence(after, unit))
                                   if sequences else
                                   (describe_shape(before.shape), describe_shape(after.shape, unit)))
            flow.stages.append(Stage(layer.name, layer.describe(), shape_in, shape_out,
                                     before_after(before, after)))
            before = after
        return flow

    def tables(self):
        rows = [[str(i), s.name, s.shape_in, s.operation, s.shape_out, s.example]
                for i, s in enumerate(self.stages, 1)]
        return [Table(f"Data flow: {self.title} ({len(rows)} stages)",
                      ["#", "Stage", "In", "Operation", "Out", "Example (row 0)"], rows, right={0})]


