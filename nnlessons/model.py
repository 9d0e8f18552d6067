"""Sequential: a stack of layers trained by minibatch gradient descent.

Training is a few short pieces, read from the bottom up:

- ``forward(X)``, then ``backward_loss(out, y)``: the loss's gradient back through every layer;
- ``update()``: the optimizer nudges every parameter along its gradient;
- ``loss_and_grads(X, y)`` and ``train_step(X, y)``: those for one batch, with its loss measured;
- ``fit``: the story of an epoch: shuffle, cut into batches, step on each, report.

Inputs are checked once per call (``check_data``), never per batch, and the reported loss and
accuracy are measured from the steps' outputs a chunk of batches at a time (``meters``), so the
loop stays as lean as a hand-written NumPy loop. Anything measured only for a lesson (gradient
norms, live plots) is a callback that runs when asked for.
"""
import contextlib
import copy
import math
import os
import re
import time
from dataclasses import dataclass

import numpy as np

from . import _flat, serialization
from .tables import Table
from ._validation import (check_features, check_l2, check_output_activation, check_positive_int,
                          check_rng, check_same_length, check_validation_data, require_built,
                          require_compiled)
from .callbacks import Callback, GradientNorms, TextProgress, format_logs
from .datasets.preprocessing import train_val_split
from .errors import TrainingDiverged
from .health import find_divergence, first_non_finite_weights
from .history import History
from .layers import Layer
from .layers.base import format_shape
from .layers.registry import layer_from_dict
from .losses import get_loss
from .meters import BatchLogs, EpochMeter
from .optimizers import get_optimizer


def _snake(name):
    """Keras' rule: 'Dense' -> 'dense', 'MaxPool2D' -> 'max_pool2d', 'SimpleRNN' -> 'simple_rnn'."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def is_weight(key):
    """True for weight matrices ('dense_1/W', 'simple_rnn_1/Wx', 'residual_1/0.W'), which l2
    penalises; biases and BatchNorm's gamma/beta are left alone."""
    return key.rsplit("/", 1)[-1].rsplit(".", 1)[-1].startswith("W")


class Sequential:
    """Layers applied one after another: y = layer_n(... layer_1(x)).

    Parameters
    ----------
    layers : list of Layer. Give the first one its input size (``Dense(..., input_dim=784)`` or
        ``Flatten(input_shape=(28, 28))``) to build the model at once; otherwise it is built by
        ``build(input_shape)`` or the first ``fit``.
    rng : int, numpy.random.Generator or None. Drives weight initialisation, shuffling and dropout.
    dtype : 'float32' (default, for training) or 'float64' (for gradient checks).
    """

    def __init__(self, layers=(), rng=None, dtype="float32", name="sequential"):
        self.layers = []
        self.rng = check_rng(rng)
        self.dtype = np.dtype(dtype)
        self.name = name
        self.loss_ = None
        self.optimizer_ = None
        self.l2 = 0.0
        self.built = False
        self.stop_training = False
        self.history_ = None
        self.input_shape_ = self.output_shape_ = None
        self._flat = None  # the parameters in one buffer, once built (see param_grad_pairs)
        for layer in layers:
            self.add(layer)

    # --- construction -----------------------------------------------------------------------
    def add(self, layer):
        """Append a layer (building it at once if the model is already built)."""
        if not isinstance(layer, Layer):
            raise TypeError(f"Sequential takes layers such as nl.Dense(64), got {type(layer).__name__}.")
        self._name_layer(layer)
        self.layers.append(layer)
        if self.built:
            layer.build(self.output_shape_, self.rng)
            if self.dtype != np.float32:  # layers build in float32, like the model's default
                layer.astype(self.dtype)
            self.output_shape_ = layer.output_shape(self.output_shape_)
            self._flat = _flat.gather(self._all_layers(), self.dtype)
        elif len(self.layers) == 1 and layer.input_shape is not None:
            self.build(layer.input_shape)

    def _name_layer(self, layer):
        taken = {other.name for other in self.layers}
        if layer.name is None or layer.name in taken:
            base = _snake(type(layer).__name__)
            i = 1
            while f"{base}_{i}" in taken:
                i += 1
            layer.name = f"{base}_{i}"

    def build(self, input_shape):
        """Create every layer's weights for inputs of shape (batch, *input_shape)."""
        shape = tuple(int(s) for s in input_shape)
        self.input_shape_ = shape
        for i, layer in enumerate(self.layers):
            if i > 0 and layer.input_shape is not None and tuple(layer.input_shape) != shape:
                raise ValueError(f"Layer '{layer.name}' was declared with input shape "
                                 f"{format_shape(layer.input_shape)} but the layer before it outputs "
                                 f"{format_shape(shape)}.")
            layer.needs_input_grad = i > 0  # set first: Dense reads it to tell images from sequences
            layer.build(shape, self.rng)
            shape = tuple(layer.output_shape(shape))
        self.output_shape_ = shape
        self.built = True
        if self.dtype != np.float32:
            for layer in self.layers:
                layer.astype(self.dtype)
        self._flat = _flat.gather(self._all_layers(), self.dtype)
        return self

    def compile(self, loss="cross_entropy", optimizer="adam", l2=0.0):
        """Choose the loss ('cross_entropy', 'binary_cross_entropy', 'mse') and the optimizer
        ('adam', 'sgd' or an instance). ``l2`` adds l2/2 * sum(W^2) of every weight matrix to the
        objective (its gradient l2 * W is added in training; reported losses exclude it)."""
        self.loss_, self.optimizer_, self.l2 = get_loss(loss), get_optimizer(optimizer), check_l2(l2)
        return self

    # --- inspection ---------------------------------------------------------------------------
    @property
    def n_params(self):
        return sum(layer.n_params for layer in self.layers)

    @property
    def params(self):
        """Every trainable array by name, e.g. {'dense_1/W': W, 'dense_1/b': b, ...}."""
        return {f"{layer.name}/{k}": p for layer in self.layers for k, p in layer.params.items()}

    @property
    def grads(self):
        """The gradient of each array in ``params``, under the same names and shapes."""
        return {f"{layer.name}/{k}": g for layer in self.layers for k, g in layer.grads.items()}

    def penalty(self):
        """The l2 term of the objective: l2/2 * sum(W^2) over every weight matrix (0 without l2)."""
        if not self.l2:
            return 0.0
        return 0.5 * self.l2 * sum(float((p * p).sum()) for k, p in self.params.items() if is_weight(k))

    def summary(self, print_fn=print):
        """Print a table: Layer (type) | Output Shape | Param #, then the totals."""
        require_built(self, "summary")
        rows, shape = [], self.input_shape_
        for layer in self.layers:
            shape = layer.output_shape(shape)
            rows.append((f"{layer.name} ({type(layer).__name__})", format_shape(shape),
                         f"{layer.n_params:,}"))
        n_fixed = sum(getattr(layer, "n_non_trainable", 0) for layer in self.layers)
        totals = [f"Total params: {self.n_params + n_fixed:,}", f"Trainable params: {self.n_params:,}",
                  f"Non-trainable params: {n_fixed:,}"]
        table = Table(f'Model: "{self.name}"', ["Layer (type)", "Output Shape", "Param #"], rows,
                      notes=totals)
        print_fn(table.to_ruled_text())

    def __repr__(self):
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Sequential([{inner}])"

    # --- forward and backward -----------------------------------------------------------------
    def forward(self, x, training=False, trace=False):
        """Run x (batch, *input_shape) through every layer.

        With ``trace=True`` return the list of every layer's output and leave the model exactly as
        it was (each layer's backward cache is restored afterwards)."""
        if not trace and isinstance(x, np.ndarray) and x.shape[1:] == self.input_shape_:
            for layer in self.layers:  # (input_shape_ is None until the model is built)
                x = layer.forward(x, training)
            return x
        require_built(self, "trace" if trace else "run forward")
        x = self._check_inputs(x)  # a clear error instead of a NumPy shape message
        if not trace:
            return self.forward(x, training)
        outputs = []
        with self._caches_kept():
            for layer in self.layers:
                x = layer.forward(x, training=False)
                outputs.append(x)
        return outputs

    @contextlib.contextmanager
    def _caches_kept(self):
        """Run forward passes that only look (trace, predict, evaluate), then give every layer
        back the backward cache it had: the next backward still sees the last training batch, and
        a prediction over thousands of rows keeps none of its buffers alive afterwards (lesson 14's
        fifteen trained models held about 500 MB of im2col buffers from evaluate)."""
        saved = [(layer, layer.cache) for layer in self._all_layers()]
        try:
            yield
        finally:
            for layer, cache in saved:
                layer.cache = cache

    def backward(self, grad, fused=False):
        """Backpropagate ``grad`` = dL/d(output) through every layer, filling each layer's
        ``grads``; with ``fused``, ``grad`` is dL/dz, the gradient before the output activation
        (see ``Layer.backward_fused``). Returns dL/dx of the first layer, or None when that layer
        skips it (nothing upstream needs it)."""
        layers = self.layers
        if fused:
            grad = layers[-1].backward_fused(grad)
            layers = layers[:-1]
        for layer in reversed(layers):
            grad = layer.backward(grad)
        return grad

    def fuses_output(self):
        """True when the loss absorbs the output activation, so backward starts from
        dL/dz = (p - y) / N (softmax + cross-entropy, sigmoid + binary cross-entropy)."""
        wanted = self.loss_.fuses_with
        return wanted is not None and self.layers[-1].fused_activation() == wanted

    def backward_loss(self, out, y, fused=None):
        """Backpropagate the loss of the model's output ``out`` (batch, outputs) for targets y:
        fills every layer's ``grads`` with the gradient of the objective (mean loss +
        ``penalty()``). Only the loss's gradient is needed, never its value. ``fused``: whether
        the loss absorbs the output activation; None asks ``fuses_output()`` (fit asks once)."""
        if fused is None:
            fused = self.fuses_output()
        if fused:
            self.backward(self.loss_.fused_gradient(out, y), fused=True)
        else:
            self.backward(self.loss_.gradient(out, y))
        if self.l2:
            grads = self.grads  # built once, not once per weight matrix
            for key, param in self.params.items():
                if is_weight(key):
                    grads[key] += self.l2 * param

    def update(self):
        """Let the optimizer move every parameter along its gradient (one step)."""
        self.optimizer_.step(self.param_grad_pairs())

    def param_grad_pairs(self):
        """Every trainable array with its gradient: [(param, grad), ...], what optimizers take.

        A speed trick: once built, the layers' arrays are views into one buffer (``_flat``), and
        that buffer with the gradients' buffer is the one pair returned; the optimizer does the
        same arithmetic on every number in one NumPy call instead of one per array."""
        flat = self._flat.pairs() if self._flat is not None else None
        return flat or [(p, g) for layer in self.layers
                        for p, g in zip(layer.params.values(), layer.grads.values())]

    def loss_and_grads(self, X, y, training=True):
        """One forward and backward pass over a batch: fills every layer's ``grads`` with the
        gradient of the objective (mean loss + ``penalty()``).

        X (batch, *input_shape) and y come from ``check_data``. Returns (loss, out): the mean loss
        over the batch (a float, without the penalty) and the model's output (batch, outputs)."""
        out = self.forward(X, training=training)
        self.backward_loss(out, y)
        return self.loss_.value(out, y), out

    def train_step(self, X, y):
        """One step of gradient descent on one batch: forward, loss, backward, update.

        X and y come from ``check_data``. Returns (loss, out) as ``loss_and_grads`` does; the
        parameters have moved. Raises nothing itself: ``fit`` checks the loss is finite."""
        loss, out = self.loss_and_grads(X, y, training=True)
        self.update()
        return loss, out

    def _all_layers(self):
        stack, out = list(self.layers), []
        while stack:
            layer = stack.pop()
            out.append(layer)
            stack.extend(layer.sublayers())
        return out

    # --- checks at the door ---------------------------------------------------------------------
    def check_data(self, X, y, names=("X", "y"), what="train"):
        """Check X and y once and return them as training uses them: X (N, *input_shape) in the
        model's dtype, y in the loss's form (integer labels, or float targets (N, outputs))."""
        require_compiled(self, what)
        X = self._check_inputs(X, name=names[0])
        check_same_length(X, y, *names)
        return X, self.loss_.check_targets(y, self.output_shape_[-1], self.dtype)

    def _check_inputs(self, X, name="X"):
        X = check_features(X, name=name, dtype=self.dtype)
        if not self.built:
            self.build(X.shape[1:])
        first = self.layers[0]
        first.check_input(X)  # the layer's own message (e.g. Conv2D asks for images)
        # then the exact shape the model was built for: MaxPool2D and SimpleRNN accept any size
        Layer.check_input(first, X)
        return X

    # --- training -------------------------------------------------------------------------------
    def fit(self, X, y, epochs=1, batch_size=32, validation_data=None, validation_split=None,
            shuffle=True, callbacks=(), verbose=1, record_grad_norms=False):
        """Train on X (N, *input_shape) and y (N,) or (N, K) for ``epochs`` passes.

        Each epoch visits every example once, in a new random order (a permutation from the model's
        rng) when ``shuffle``. Validation, scored after every epoch (``history.val_loss``, ...):
        ``validation_split=0.1`` holds out that share of X, y (``datasets.train_val_split`` with
        the model's rng, stratified by class for classification) and trains on the rest;
        ``validation_data=(X_val, y_val)`` is a held-out set made by hand. Never pass the test set
        here: choices made by watching it make its score optimistic. ``verbose``: 0 silent, 1 a
        progress line per epoch (plain text, stderr), 2 one line per epoch (stdout);
        ``widgets.ProgressBar()`` is a tqdm bar as a callback. ``record_grad_norms`` fills
        ``history.grad_norms`` (see ``callbacks.GradientNorms``).
        Returns a History. After fit, each layer's ``grads`` hold the last batch's gradients."""
        X, y, validation_data = self._check_fit_data(X, y, validation_data, validation_split)
        run = Run(epochs=check_positive_int(epochs, "epochs"),
                  batch_size=check_positive_int(batch_size, "batch_size"), shuffle=shuffle)
        run.n_batches = math.ceil(len(X) / run.batch_size)
        history = self.history_ = History(layer.name for layer in self.layers if layer.trainable)
        self._begin(run, callbacks, record_grad_norms, verbose)
        # a diverging loss is caught below, and underflow to 0 is normal (softmax, Adam's moments)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for epoch in range(1, run.epochs + 1):
                logs, seconds = self._run_epoch(X, y, epoch, run)
                self._check_weights(epoch, logs, X, run)
                if validation_data is not None:
                    logs.update({f"val_{k}": v for k, v in self._score(*validation_data).items()})
                history.record(logs, seconds)
                if verbose == 2:
                    print(f"epoch {epoch}/{run.epochs} - {format_logs(logs)}")
                for cb in run.callbacks:
                    cb.on_epoch_end(epoch, logs)
                if self.stop_training:
                    break
        for cb in run.callbacks:
            cb.on_train_end({})
        return history

    def _run_epoch(self, X, y, epoch, run):
        """One pass over the data in batches: (logs, seconds), the logs holding the mean loss and
        accuracy over the epoch's batches."""
        start = time.perf_counter()
        order = self.rng.permutation(len(X)) if run.shuffle else np.arange(len(X))
        meter = EpochMeter(self.loss_, y[order], run.batch_size)
        pairs = self.param_grad_pairs()  # what update() steps on, listed once per epoch
        fused, bounded, size = self.fuses_output(), self.loss_.bounded, run.batch_size
        for b in range(run.n_batches):
            idx = order[b * size:(b + 1) * size]
            xb, yb = X[idx], y[idx]
            if run.batch_begin:
                for cb in run.batch_begin:
                    cb.on_batch_begin(b, {"size": len(idx)})
                pairs = self.param_grad_pairs()  # a callback may have given a layer new arrays
            out = self.forward(xb, training=True)  # the step: forward, backward, update
            self.backward_loss(out, yb, fused)
            self.optimizer_.step(pairs)  # = self.update()
            # a bounded loss (a floored log) is finite wherever the output is: one dot product
            # tells, without measuring the loss
            if not (bounded and math.isfinite(np.vdot(out, out))):
                self._check_loss(out, yb, epoch, b, X)
            meter.add(out)  # the loss and accuracy of this batch, measured later
            if run.batch_end:
                logs = BatchLogs(self.loss_, out, yb)
                for cb in run.batch_end:
                    cb.on_batch_end(b, logs)
                pairs = self.param_grad_pairs()
            if self.stop_training:
                break
        return meter.logs(), time.perf_counter() - start

    def _check_loss(self, out, y, epoch, b, X):
        """Raise TrainingDiverged when the loss of batch b (its output ``out`` before the step)
        is NaN or inf, naming the layer where the numbers first went wrong."""
        loss = self.loss_.value(out, y)
        if not math.isfinite(loss):
            layer, where, detail = find_divergence(self)  # only now: healthy steps pay nothing
            raise TrainingDiverged(epoch, b + 1, loss, getattr(self.optimizer_, "lr", None),
                                   input_scale=float(np.abs(X).max()), layer=layer,
                                   where=where, detail=detail)

    def _check_fit_data(self, X, y, validation_data, validation_split):
        X, y = self.check_data(X, y, what="fit")
        check_output_activation(self)
        check_validation_data(validation_data, validation_split)
        if validation_split is not None:
            stratify = self.loss_.fuses_with is not None and getattr(self.loss_, "stratify", True)
            X, X_val, y, y_val = train_val_split(X, y, validation_split, self.rng, stratify)
            return X, y, (X_val, y_val)
        if validation_data is not None:
            validation_data = self.check_data(*validation_data, names=("X_val", "y_val"))
        return X, y, validation_data

    def _begin(self, run, callbacks, record_grad_norms, verbose):
        """The callbacks of this fit, in ``run``, told that training begins (epochs, batches)."""
        callbacks = ([GradientNorms()] if record_grad_norms else []) + list(callbacks or ())
        if verbose == 1 and os.environ.get("NNLESSONS_PROGRESS", "1") != "0":
            callbacks.append(TextProgress())  # last: only a display (off in notebooks' tests)
        run.callbacks = callbacks
        run.batch_begin = [cb for cb in callbacks if _hooks(cb, "on_batch_begin")]  # usually none
        run.batch_end = [cb for cb in callbacks if _hooks(cb, "on_batch_end")]
        self.stop_training = False
        for cb in callbacks:
            cb.model = self
            cb.on_train_begin({"epochs": run.epochs, "batches": run.n_batches})

    def _check_weights(self, epoch, logs, X, run):
        """Once per epoch: a finite loss can hide weights that the last update made NaN."""
        layer = first_non_finite_weights(self)
        if layer is not None:
            raise TrainingDiverged(epoch, run.n_batches, logs["loss"],
                                   getattr(self.optimizer_, "lr", None),
                                   input_scale=float(np.abs(X).max()), layer=layer, where="weights")

    # --- inference ------------------------------------------------------------------------------
    def predict(self, X, batch_size=2048):
        """Class probabilities (N, K) for a softmax output, (N, 1) for a sigmoid output
        (raw outputs for any other output layer)."""
        require_built(self, "predict")
        X = self._check_inputs(X)
        batch_size = check_positive_int(batch_size, "batch_size")
        with self._caches_kept():
            if len(X) <= batch_size:
                return self.forward(X)
            return np.concatenate([self.forward(X[i:i + batch_size])
                                   for i in range(0, len(X), batch_size)])

    def predict_classes(self, X):
        """Predicted class per example (N,): argmax for softmax, p >= 0.5 for sigmoid."""
        p = self.predict(X)
        return p.argmax(axis=1) if p.shape[1] > 1 else (p[:, 0] >= 0.5).astype(int)

    def evaluate(self, X, y, batch_size=2048):
        """Mean loss and accuracy over (X, y): {'loss': float, 'accuracy': float}."""
        require_compiled(self, "evaluate")
        require_built(self, "evaluate")
        X, y = self.check_data(X, y, what="evaluate")
        return self._score(X, y, check_positive_int(batch_size, "batch_size"))

    def _score(self, X, y, batch_size=2048):
        total, hits = 0.0, 0
        with self._caches_kept():
            for i in range(0, len(X), batch_size):
                out = self.forward(X[i:i + batch_size])
                yb = y[i:i + batch_size]
                total += self.loss_.value(out, yb) * len(out)
                h = self.loss_.accuracy_hits(out, yb)
                hits = None if h is None or hits is None else hits + h
        scores = {"loss": total / len(X)}
        if hits is not None:
            scores["accuracy"] = hits / len(X)
        return scores

    # --- copies and files -----------------------------------------------------------------------
    def astype(self, dtype):
        """A copy of the model whose parameters have ``dtype`` (e.g. 'float64' for gradient checks).

        The copy gets its own optimizer with the same settings and a fresh state (no momenta)."""
        clone = copy.deepcopy(self)
        clone.dtype = np.dtype(dtype)
        for layer in clone.layers:
            layer.astype(clone.dtype)
        for layer in clone._all_layers():
            layer.cache = None
        if clone.built:
            clone._flat = _flat.gather(clone._all_layers(), clone.dtype)
        if clone.optimizer_ is not None:
            clone.optimizer_.reset()  # its moments belong to arrays that astype just replaced
        return clone

    def __deepcopy__(self, memo):
        """``copy.deepcopy(model)``: every attribute copied, the parameter buffer's views too."""
        if self._flat is not None:
            self._flat.seed_copies(memo)
        clone = object.__new__(type(self))
        memo[id(self)] = clone
        for key, value in self.__dict__.items():
            setattr(clone, key, copy.deepcopy(value, memo))
        return clone

    def save(self, path):
        """Save architecture and weights to one .npz file (read back with nl.load_model)."""
        require_built(self, "save")
        serialization.write_model(self, path)

    def load_weights(self, path):
        """Copy the weights saved in ``path`` into this model (architectures must match)."""
        require_built(self, "load weights")
        _, arrays = serialization.read_model(path)
        serialization.copy_arrays(self, arrays, path)
        return self


def load_model(path):
    """Rebuild a model saved with ``model.save(path)``; compiled with its loss when one was saved."""
    config, arrays = serialization.read_model(path)
    model = Sequential([layer_from_dict(d) for d in config["layers"]], dtype=config["dtype"],
                       name=config.get("name", "sequential"))
    if not model.built:
        model.build(config["input_shape"])
    serialization.copy_arrays(model, arrays, path)
    if config.get("loss"):
        model.compile(loss=config["loss"])
    return model



@dataclass
class Run:
    """The settings of one call to ``fit``, which every epoch reads."""
    epochs: int
    batch_size: int
    shuffle: bool
    n_batches: int = 0
    callbacks: list = None     # every callback of this fit, in the order they are called
    batch_begin: list = None   # those with an on_batch_begin of their own (usually none)
    batch_end: list = None     # those with an on_batch_end


def _hooks(callback, name):
    """True when ``callback`` has a hook ``name`` of its own, not Callback's empty one (fit calls
    only those, so a callback that watches epochs costs the batches nothing)."""
    hook = getattr(type(callback), name, None)  # duck-typed callbacks may lack it
    return (name in getattr(callback, "__dict__", {})
            or (hook is not None and hook is not getattr(Callback, name)))
