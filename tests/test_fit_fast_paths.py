"""fit's shortcuts do exactly what the textbook lines beside them do.

- A built model keeps its parameters in one buffer (``nnlessons/_flat.py``) so an optimizer
  updates them in one call: training is bit for bit what one pair per array gives, for every
  optimizer, and falls back to one pair per array whenever the buffer is not safe (a layer that
  replaces its gradient arrays, an array assigned by hand, an unpickled model).
- fit lists the (param, grad) pairs once per epoch, and again after a batch callback.
- The epoch's loss and accuracy are measured a chunk of batches at a time from a buffer of
  outputs: the same numbers as measuring each batch's output.
"""
import copy
import pickle

import numpy as np
import pytest

import nnlessons as nl
from nnlessons.callbacks import Callback
from nnlessons.layers import Layer


def _data(n=40, d=4):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, d)).astype("float32")
    return X, (X[:, 0] > 0).astype(int)


def _model(optimizer=None, dtype="float32"):
    return nl.Sequential([nl.Dense(5, "sigmoid", input_dim=4), nl.Dense(2, "softmax")],
                         rng=0, dtype=dtype).compile("cross_entropy", optimizer or nl.SGD(lr=0.5))


def _unflatten(model):
    """The same model updated one array at a time (the textbook pairs)."""
    model._flat = None
    return model


OPTIMIZERS = {"SGD": lambda: nl.SGD(lr=0.5), "momentum": lambda: nl.SGD(lr=0.1, momentum=0.9),
              "nesterov": lambda: nl.SGD(lr=0.1, momentum=0.9, nesterov=True),
              "RMSprop": lambda: nl.RMSprop(lr=0.01), "Adam": lambda: nl.Adam(lr=0.01),
              "clipvalue": lambda: nl.Adam(lr=0.01, clipvalue=0.05)}


@pytest.mark.parametrize("make", OPTIMIZERS.values(), ids=OPTIMIZERS.keys())
def test_one_buffer_trains_bit_for_bit_as_one_pair_per_array(make):
    X, y = _data()
    flat, plain = _model(make()), _unflatten(_model(make()))
    assert len(flat.param_grad_pairs()) == 1 and len(plain.param_grad_pairs()) == 4
    for m in (flat, plain):
        m.fit(X, y, epochs=3, batch_size=8, verbose=0)
    for key, p in flat.params.items():
        np.testing.assert_array_equal(p, plain.params[key])
    np.testing.assert_array_equal(flat.history_.loss, plain.history_.loss)


def test_the_layers_arrays_are_views_that_training_moves():
    m = _model()
    W = m.layers[0].params["W"]  # a reference taken after build stays the live array
    before = W.copy()
    m.fit(*_data(), epochs=1, batch_size=8, verbose=0)
    assert m.layers[0].params["W"] is W and not np.array_equal(W, before)
    assert W.shape == (4, 5) and W.flags.c_contiguous


def _every_layer_with_parameters():
    """One small model per built-in layer that has parameters, with data for it."""
    rng = np.random.default_rng(0)
    images = rng.normal(size=(6, 6, 6, 1)).astype("float32")
    labels = np.arange(6) % 2
    ids = rng.integers(0, 7, size=(6, 5))
    yield "Dense", [nl.Dense(3, "relu", input_dim=4), nl.Dense(2, "softmax")], \
        rng.normal(size=(6, 4)).astype("float32"), labels
    yield "Conv2D", [nl.Conv2D(2, 3, input_shape=(6, 6, 1)), nl.Flatten(),
                     nl.Dense(2, "softmax")], images, labels
    yield "BatchNorm", [nl.Dense(3, input_dim=4), nl.BatchNorm(), nl.Dense(2, "softmax")], \
        rng.normal(size=(6, 4)).astype("float32"), labels
    yield "sequence layers", [nl.Embedding(7, 4, input_length=5), nl.PositionEmbedding(5),
                              nl.LayerNorm(), nl.CausalSelfAttention(heads=2),
                              nl.TransformerBlock(heads=2), nl.SimpleRNN(3),
                              nl.Dense(2, "softmax")], ids, labels
    yield "Residual", [nl.Dense(4, "relu", input_dim=4),
                       nl.Residual([nl.Dense(4, "relu"), nl.Dense(4)]), nl.Dense(2, "softmax")], \
        rng.normal(size=(6, 4)).astype("float32"), labels


@pytest.mark.parametrize("name, layers, X, y", list(_every_layer_with_parameters()),
                         ids=[case[0] for case in _every_layer_with_parameters()])
def test_every_built_in_layer_writes_its_gradients_in_place(name, layers, X, y):
    """What ``grads_in_place = True`` promises, checked on each built-in layer that says it."""
    m = nl.Sequential(layers, rng=0)
    m.compile("cross_entropy", nl.SGD(lr=0.1))
    if not m.built:
        m.build(X.shape[1:])
    leaves = [layer for layer in m._all_layers() if layer.params and not layer.sublayers()]
    assert all(layer.grads_in_place for layer in leaves)
    arrays = [(layer, k, layer.params[k], layer.grads[k]) for layer in leaves for k in layer.params]
    m.fit(X, y, epochs=2, batch_size=3, verbose=0)
    for layer, k, p, g in arrays:
        assert layer.params[k] is p and layer.grads[k] is g, f"{layer.name}/{k} was replaced"
    assert len(m.param_grad_pairs()) == 1


class ReplacesItsGradients(Layer):
    """A learner's own dense layer whose backward assigns new gradient arrays."""

    def build(self, input_shape, rng=None):
        self.params = {"W": np.full((input_shape[0], 2), 0.1, dtype="float32")}
        self.grads = {"W": np.zeros_like(self.params["W"])}
        super().build(input_shape, rng)

    def output_shape(self, input_shape):
        return (2,)

    def forward(self, x, training=False):
        self.cache = x
        return x @ self.params["W"]

    def backward(self, dy):
        self.grads = {"W": self.cache.T @ dy}  # a new array every step
        return dy @ self.params["W"].T


def test_a_layer_without_grads_in_place_keeps_one_pair_per_array_and_trains():
    X, y = _data()
    m = nl.Sequential([nl.Dense(3, input_dim=4), ReplacesItsGradients(), nl.Activation("softmax")],
                      rng=0).compile("cross_entropy", nl.SGD(lr=0.5))
    assert m._flat is None and len(m.param_grad_pairs()) == 3
    before = m.layers[1].params["W"].copy()
    m.fit(X, y, epochs=2, batch_size=8, verbose=0)
    assert not np.array_equal(m.layers[1].params["W"], before)


def test_an_array_assigned_by_hand_is_the_one_trained():
    X, y = _data()
    m, reference = _model(), _unflatten(_model())
    for model in (m, reference):
        model.layers[0].params["W"] = np.full((4, 5), 0.2, dtype="float32")
    new = m.layers[0].params["W"]
    assert len(m.param_grad_pairs()) == 4  # the buffer no longer holds every array
    for model in (m, reference):
        model.fit(X, y, epochs=2, batch_size=8, verbose=0)
    assert m.layers[0].params["W"] is new
    for key, p in m.params.items():
        np.testing.assert_array_equal(p, reference.params[key])


def test_copies_keep_their_own_buffer_and_unpickled_models_train_their_own_arrays():
    X, y = _data()
    m = _model(nl.Adam(lr=0.01))
    m.fit(X, y, epochs=1, batch_size=8, verbose=0)
    twin, thawed = copy.deepcopy(m), pickle.loads(pickle.dumps(m))
    assert len(twin.param_grad_pairs()) == 1
    assert not any(np.shares_memory(p, q) for p in twin.params.values() for q in m.params.values())
    assert len(thawed.param_grad_pairs()) == 4  # its arrays are its own, not views of a buffer
    for model in (m, twin, thawed):
        model.fit(X, y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    for key, p in m.params.items():
        np.testing.assert_array_equal(p, twin.params[key])  # the copy kept its Adam moments


def test_an_unpickled_model_updates_the_arrays_its_layers_hold():
    X, y = _data()
    m = pickle.loads(pickle.dumps(_model()))
    W = m.layers[0].params["W"]
    before = W.copy()
    m.fit(X, y, epochs=1, batch_size=8, verbose=0)
    assert m.layers[0].params["W"] is W and not np.array_equal(W, before)


def test_astype_gives_a_float64_copy_its_own_buffer():
    m = _model()
    m64 = m.astype("float64")
    assert len(m64.param_grad_pairs()) == 1 and m64.param_grad_pairs()[0][0].dtype == np.float64
    assert _model(dtype="float64").param_grad_pairs()[0][0].dtype == np.float64


def test_fit_steps_as_train_step_does():
    X, y = _data()
    fitted, by_hand = _model(nl.Adam(lr=0.01)), _model(nl.Adam(lr=0.01))
    fitted.fit(X, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
    for _ in range(2):
        for i in range(0, len(X), 8):
            by_hand.train_step(X[i:i + 8], y[i:i + 8])
    for key, p in fitted.params.items():
        np.testing.assert_array_equal(p, by_hand.params[key])


class NewArrays(Callback):
    """Gives the first layer new weight arrays after the first batch."""

    def on_batch_end(self, batch, logs):
        if batch == 0:
            layer = self.model.layers[0]
            layer.params["W"] = layer.params["W"].copy()
            layer.grads["W"] = np.zeros_like(layer.grads["W"])
            self.swapped = layer.params["W"].copy()


def test_fit_updates_arrays_a_callback_swapped_in():
    X, y = _data()
    m, cb = _model(), NewArrays()
    m.fit(X, y, epochs=1, batch_size=8, callbacks=[cb], verbose=0)
    assert not np.array_equal(m.layers[0].params["W"], cb.swapped)  # the new array trained on


@pytest.mark.parametrize("batch_size, n", [(8, 40), (7, 1000), (10, 645)])
def test_the_epoch_meter_reports_the_mean_over_every_batch_output(batch_size, n):
    """The reported epoch loss is the example-weighted mean of each batch's loss before its
    step (to float32 rounding)."""
    X, y = _data(n)
    m = _model()
    losses = []

    class Watch(Callback):
        def on_batch_end(self, batch, logs):
            losses.append((logs["loss"], logs["size"]))

    history = m.fit(X, y, epochs=1, batch_size=batch_size, callbacks=[Watch()], verbose=0)
    total = sum(loss * size for loss, size in losses)
    assert history.loss[0] == pytest.approx(total / n, rel=1e-6)
