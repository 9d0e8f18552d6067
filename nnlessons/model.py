"""Sequential: a stack of layers trained by minibatch gradient descent.

The training loop in ``fit`` is the whole story of learning: take a batch, run it forward, measure
the loss, run the gradient backward, let the optimizer nudge every parameter. Inputs are checked
once per call, never per batch, so the loop stays as lean as a hand-written NumPy loop.
"""
import copy
import math
import os
import re
import time

import numpy as np

from ._validation import check_features, check_positive_int, check_rng, check_same_length
from .errors import TrainingDiverged
from .history import History
from .layers import Activation, Layer
from .layers.base import format_shape
from .losses import get_loss
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
            layer.build(shape, self.rng)
            layer.needs_input_grad = i > 0
            shape = tuple(layer.output_shape(shape))
        self.output_shape_ = shape
        self.built = True
        if self.dtype != np.float32:
            for layer in self.layers:
                layer.astype(self.dtype)
        return self

    def compile(self, loss="cross_entropy", optimizer="adam", l2=0.0):
        """Choose the loss ('cross_entropy', 'binary_cross_entropy', 'mse') and the optimizer
        ('adam', 'sgd' or an instance). ``l2`` adds l2/2 * sum(W^2) of every weight matrix to the
        objective (its gradient l2 * W is added in training; reported losses exclude it)."""
        loss = get_loss(loss)
        optimizer = get_optimizer(optimizer)
        if isinstance(l2, bool) or not isinstance(l2, (int, float, np.integer, np.floating)) or l2 < 0:
            raise ValueError(f"l2 must be a number >= 0, got {l2!r}.")
        owner = getattr(optimizer, "model_", None)
        if owner is not None and owner is not self:
            raise ValueError(
                f"This {type(optimizer).__name__} optimizer already trains another model, and its "
                "momenta and step count belong to that model's weights. Give each model its own "
                f"optimizer, e.g. compile(optimizer=nl.{type(optimizer).__name__}(lr={optimizer.lr:g})).")
        optimizer.model_ = self
        self.loss_, self.optimizer_, self.l2 = loss, optimizer, float(l2)
        return self

    # --- inspection ---------------------------------------------------------------------------
    @property
    def n_params(self):
        return sum(layer.n_params for layer in self.layers)

    def summary(self, print_fn=print):
        """Print a table: Layer (type) | Output Shape | Param #, then the totals."""
        self._require_built("summary")
        rows = [("Layer (type)", "Output Shape", "Param #")]
        shape = self.input_shape_
        for layer in self.layers:
            shape = layer.output_shape(shape)
            rows.append((f"{layer.name} ({type(layer).__name__})", format_shape(shape),
                         f"{layer.n_params:,}"))
        w = [max(len(r[i]) for r in rows) + 3 for i in range(3)]
        width = sum(w)
        lines = [f'Model: "{self.name}"', "_" * width,
                 "".join(c.ljust(w[i]) for i, c in enumerate(rows[0])), "=" * width]
        lines += ["".join(c.ljust(w[i]) for i, c in enumerate(r)) for r in rows[1:]]
        n_fixed = sum(getattr(layer, "n_non_trainable", 0) for layer in self.layers)
        lines += ["=" * width, f"Total params: {self.n_params + n_fixed:,}",
                  f"Trainable params: {self.n_params:,}", f"Non-trainable params: {n_fixed:,}",
                  "_" * width]
        print_fn("\n".join(lines))

    def __repr__(self):
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Sequential([{inner}])"

    # --- forward and backward -----------------------------------------------------------------
    def forward(self, x, training=False, trace=False):
        """Run x (batch, *input_shape) through every layer.

        With ``trace=True`` return the list of every layer's output and leave the model exactly as
        it was (each layer's backward cache is restored afterwards)."""
        if trace or not (self.built and isinstance(x, np.ndarray)
                         and x.shape[1:] == self.input_shape_):
            self._require_built("trace" if trace else "run forward")
            x = self._check_inputs(x)  # a clear error instead of a NumPy shape message
        if not trace:
            for layer in self.layers:
                x = layer.forward(x, training=training)
            return x
        saved = [(layer, layer.cache) for layer in self._all_layers()]
        outputs = []
        try:
            for layer in self.layers:
                x = layer.forward(x, training=False)
                outputs.append(x)
        finally:
            for layer, cache in saved:
                layer.cache = cache
        return outputs

    def backward(self, grad, fused=False):
        """Backpropagate ``grad`` = dL/d(output) (or dL/dz of the output layer when ``fused``)
        through every layer, filling each layer's ``grads``. Returns dL/dx of the first layer
        (None when it is a Dense layer: its input gradient is never needed, so it is skipped)."""
        layers = self.layers
        last = len(layers) - 1
        if fused:
            if isinstance(layers[-1], Activation):
                last -= 1  # the loss already went through the activation
            else:
                grad = layers[-1].backward_linear(grad)
                last -= 1
        for i in range(last, -1, -1):
            grad = layers[i].backward(grad)
        return grad

    def _all_layers(self):
        stack, out = list(self.layers), []
        while stack:
            layer = stack.pop()
            out.append(layer)
            stack.extend(layer.sublayers())
        return out

    # --- training -------------------------------------------------------------------------------
    def _fusable(self):
        """True when the output activation and the loss combine into dL/dz = (p - y) / N."""
        last = self.layers[-1]
        act = getattr(last, "activation", None)
        fits = isinstance(last, Activation) or hasattr(last, "backward_linear")
        return bool(self.loss_.fuses_with and fits and act is not None
                    and act.name == self.loss_.fuses_with)

    def _check_output_activation(self):
        needed = self.loss_.fuses_with
        act = getattr(self.layers[-1], "activation", None)
        if needed and (act is None or act.name != needed):
            got = act.name if act is not None else type(self.layers[-1]).__name__
            raise ValueError(f"loss '{self.loss_.name}' expects a {needed} output layer, but the last "
                             f"layer '{self.layers[-1].name}' has activation '{got}'. Use "
                             f"activation='{needed}' on the output layer.")

    def _slots(self):
        """(key, param, grad) for every trainable array, e.g. ('dense_1/W', W, dW)."""
        return [(f"{layer.name}/{k}", layer.params[k], layer.grads[k])
                for layer in self.layers for k in layer.params]

    def _check_inputs(self, X, name="X"):
        X = check_features(X, name=name, dtype=self.dtype)
        if not self.built:
            self.build(X.shape[1:])
        first = self.layers[0]
        first.check_input(X)  # the layer's own message (e.g. Conv2D asks for images)
        # then the exact shape the model was built for: MaxPool2D and SimpleRNN accept any size
        Layer.check_input(first, X)
        return X

    def _require_built(self, what):
        if not self.built:
            raise ValueError(
                f"Cannot {what}: this model has never been built, so it does not know its input size. "
                "Give the first layer its size (e.g. Dense(128, input_dim=784)), call "
                "model.build((784,)), or fit the model first.")

    def _require_compiled(self, what):
        if self.loss_ is None:
            raise ValueError(f"Cannot {what} before compile: call model.compile(loss='cross_entropy', "
                             "optimizer='adam') first.")

    def fit(self, X, y, epochs=1, batch_size=32, validation_data=None, shuffle=True,
            callbacks=(), verbose=1):
        """Train on X (N, *input_shape) and y (N,) or (N, K) for ``epochs`` passes.

        Each epoch visits every example once, in a new random order (a permutation from the model's
        rng) when ``shuffle``. ``verbose``: 0 silent, 1 a progress bar per epoch, 2 one line per epoch.
        Returns a History. After fit, each layer's ``grads`` hold the last batch's gradients."""
        self._require_compiled("fit")
        X = self._check_inputs(X)
        check_same_length(X, y)
        self._check_output_activation()
        y = self.loss_.check_targets(y, self.output_shape_[-1], self.dtype)
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise TypeError("validation_data must be a pair (X_val, y_val), got "
                                f"{type(validation_data).__name__}. Pass e.g. "
                                "validation_data=(X_test, y_test).")
            X_val, y_val = self._check_eval_data(*validation_data, names=("X_val", "y_val"))
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size")

        n = len(X)
        slots = self._slots()
        weight_slots = [(p, g) for key, p, g in slots if is_weight(key)] if self.l2 else []
        trainable = [layer for layer in self.layers if layer.trainable]
        layer_grads = [list(layer.grads.values()) for layer in trainable]
        fused = self._fusable()
        loss_fn, opt = self.loss_, self.optimizer_
        callbacks = list(callbacks or ())
        for cb in callbacks:
            cb.model = self
        history = self.history_ = History(layer.name for layer in trainable)
        self.stop_training = False
        for cb in callbacks:
            cb.on_train_begin({})

        # a diverging loss is caught below, and underflow to 0 is normal (softmax, Adam's moments)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for epoch in range(1, epochs + 1):
                start_time = time.perf_counter()
                order = self.rng.permutation(n) if shuffle else np.arange(n)
                total_loss, hits, seen = 0.0, 0, 0
                norm_sums = [0.0] * len(trainable)
                n_batches = math.ceil(n / batch_size)
                bar = _progress_bar(n_batches, epoch, epochs) if verbose == 1 else None
                for b in range(n_batches):
                    idx = order[b * batch_size:(b + 1) * batch_size]
                    xb, yb = X[idx], y[idx]
                    out = self.forward(xb, training=True)
                    loss = loss_fn.value(out, yb)
                    if not math.isfinite(loss):
                        if bar is not None:
                            bar.close()
                        raise TrainingDiverged(epoch, b + 1, loss, getattr(opt, "lr", None))
                    h = loss_fn.accuracy_hits(out, yb)
                    hits = None if h is None else hits + h
                    grad = loss_fn.fused_gradient(out, yb) if fused else loss_fn.gradient(out, yb)
                    self.backward(grad, fused=fused)
                    for param, g in weight_slots:
                        g += self.l2 * param
                    # measured now, while the gradients are still in the CPU cache
                    for i, grads in enumerate(layer_grads):
                        norm_sums[i] += math.sqrt(sum(float(np.vdot(g, g)) for g in grads))
                    opt.step(slots)

                    size = len(idx)
                    total_loss += loss * size
                    seen += size
                    if bar is not None:
                        bar.update(1)
                    for cb in callbacks:
                        cb.on_batch_end(b, {"loss": loss, "size": size})
                    if self.stop_training:
                        break

                logs = self._end_epoch(history, total_loss / seen, hits, seen,
                                       [s / (b + 1) for s in norm_sums],
                                       (X_val, y_val) if validation_data is not None else None)
                history.seconds.append(time.perf_counter() - start_time)
                if bar is not None:
                    bar.set_postfix_str(_format_logs(logs))
                    bar.close()
                elif verbose == 2:
                    print(f"epoch {epoch}/{epochs} - {_format_logs(logs)}")
                for cb in callbacks:
                    cb.on_epoch_end(epoch, logs)
                if self.stop_training:
                    break
        for cb in callbacks:
            cb.on_train_end({})
        return history

    def _end_epoch(self, history, loss, hits, seen, norms, validation):
        logs = {"loss": loss}
        history.loss.append(loss)
        if hits is not None:
            logs["accuracy"] = hits / seen
            history.accuracy.append(hits / seen)
        history.grad_norms.append(norms)
        if validation is not None:
            scores = self._score(*validation)
            history.val_loss.append(scores["loss"])
            logs["val_loss"] = scores["loss"]
            if "accuracy" in scores:
                history.val_accuracy.append(scores["accuracy"])
                logs["val_accuracy"] = scores["accuracy"]
        return logs

    # --- inference ------------------------------------------------------------------------------
    def predict(self, X, batch_size=2048):
        """Class probabilities (N, K) for a softmax output, (N, 1) for a sigmoid output
        (raw outputs for any other output layer)."""
        self._require_built("predict")
        X = self._check_inputs(X)
        batch_size = check_positive_int(batch_size, "batch_size")
        if len(X) <= batch_size:
            return self.forward(X)
        return np.concatenate([self.forward(X[i:i + batch_size])
                               for i in range(0, len(X), batch_size)])

    def predict_classes(self, X):
        """Predicted class per example (N,): argmax for softmax, p >= 0.5 for sigmoid."""
        p = self.predict(X)
        return p.argmax(axis=1) if p.shape[1] > 1 else (p[:, 0] >= 0.5).astype(int)

    def _check_eval_data(self, X, y, names=("X", "y")):
        X = self._check_inputs(X, name=names[0])
        check_same_length(X, y, *names)
        return X, self.loss_.check_targets(y, self.output_shape_[-1], self.dtype)

    def evaluate(self, X, y, batch_size=2048):
        """Mean loss and accuracy over (X, y): {'loss': float, 'accuracy': float}."""
        self._require_compiled("evaluate")
        self._require_built("evaluate")
        X, y = self._check_eval_data(X, y)
        return self._score(X, y, check_positive_int(batch_size, "batch_size"))

    def _score(self, X, y, batch_size=2048):
        total, hits = 0.0, 0
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
        """A copy of the model whose parameters have ``dtype`` (e.g. 'float64' for gradient checks)."""
        clone = copy.deepcopy(self)  # the optimizer (and its state) comes along, bound to the clone
        clone.dtype = np.dtype(dtype)
        for layer in clone.layers:
            layer.astype(clone.dtype)
        for layer in clone._all_layers():
            layer.cache = None
        return clone

    def save(self, path):
        """Save architecture and weights to one .npz file (read back with nl.load_model)."""
        from .serialization import save_model
        save_model(self, path)

    def load_weights(self, path):
        """Copy the weights saved in ``path`` into this model (architectures must match)."""
        from .serialization import load_weights
        load_weights(self, path)
        return self

    # --- traces ---------------------------------------------------------------------------------
    def data_flow(self, X, title=None):
        """The data flow table for inputs X: one row per layer, shapes in and out (nl.DataFlow)."""
        from .traces import DataFlow
        return DataFlow.from_model(self, X, title=title)

    def trace(self, x, y_true=None, class_names=None):
        """Follow one example x (*input_shape) through every layer to its prediction
        (nl.PredictionTrace); ``y_true`` is its label, when known."""
        from .traces import PredictionTrace
        return PredictionTrace(self, x, y_true=y_true, class_names=class_names)


def _format_logs(logs):
    return " - ".join(f"{k} {v:.4f}" if "loss" in k else f"{k} {v:.3f}" for k, v in logs.items())


def _progress_bar(total, epoch, epochs):
    """A tqdm bar for one epoch; None when NNLESSONS_PROGRESS=0 (set for reproducible notebooks)."""
    if os.environ.get("NNLESSONS_PROGRESS", "1") == "0":
        return None
    from tqdm.auto import tqdm  # loaded only when a progress bar is asked for
    return tqdm(total=total, desc=f"epoch {epoch}/{epochs}", unit="batch", leave=True)
