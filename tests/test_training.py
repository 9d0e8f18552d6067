"""The training loop: determinism, shuffling, gradients after fit, callbacks, history, traces, copies."""
import numpy as np
import pytest

import nnlessons as nl


def blobs(n=300, seed=0):
    """Three well-separated Gaussian blobs in 4-D: an easy problem any working network learns."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    centers = np.array([[3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0]], dtype=float)
    return (centers[y] + rng.normal(size=(n, 4))).astype("float32"), y


def small_model(rng=0, **compile_args):
    model = nl.Sequential([nl.Dense(16, activation="relu", input_dim=4),
                           nl.Dense(3, activation="softmax")], rng=rng)
    model.compile(**{"loss": "cross_entropy", "optimizer": nl.Adam(lr=0.01), **compile_args})
    return model


class Recorder(nl.Layer):
    """Identity layer that remembers every training batch it sees (to watch fit's batching)."""

    def __init__(self):
        super().__init__()
        self.batches = []

    def forward(self, x, training=False):
        if training:
            self.batches.append(x.copy())
        return x

    def backward(self, dy):
        return dy


def test_the_network_learns_an_easy_problem():
    X, y = blobs()
    model = small_model()
    history = model.fit(X, y, epochs=5, batch_size=32, verbose=0)
    assert history.loss[-1] < history.loss[0]
    assert model.evaluate(X, y)["accuracy"] > 0.95


def test_same_rng_gives_bit_identical_weights_after_an_epoch():
    X, y = blobs()
    weights = []
    for seed in (0, 0, 1):
        model = small_model(rng=seed)
        model.fit(X, y, epochs=1, batch_size=16, verbose=0)
        weights.append([layer.params["W"].copy() for layer in model.layers])
    for a, b in zip(weights[0], weights[1]):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(weights[0][0], weights[2][0])


def test_a_generator_rng_works_like_a_seed():
    X, y = blobs()
    a = small_model(rng=np.random.default_rng(5))
    b = small_model(rng=5)
    for model in (a, b):
        model.fit(X, y, epochs=1, verbose=0)
    np.testing.assert_array_equal(a.layers[0].params["W"], b.layers[0].params["W"])


def test_shuffle_visits_every_example_once_per_epoch_in_a_new_order():
    n = 50
    X = np.zeros((n, 2), dtype="float32")
    X[:, 0] = np.arange(n)  # the first feature is the example's index
    y = np.arange(n) % 2
    recorder = Recorder()
    model = nl.Sequential([recorder, nl.Dense(2, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy", optimizer="sgd")
    model.fit(X, y, epochs=2, batch_size=8, verbose=0)
    assert [len(b) for b in recorder.batches] == [8] * 6 + [2] + [8] * 6 + [2]
    seen = np.concatenate([b[:, 0] for b in recorder.batches]).astype(int)
    first, second = seen[:n], seen[n:]
    np.testing.assert_array_equal(np.sort(first), np.arange(n))   # a permutation: no repeats
    np.testing.assert_array_equal(np.sort(second), np.arange(n))
    assert not np.array_equal(first, np.arange(n)) and not np.array_equal(first, second)


def test_no_shuffle_keeps_the_data_order():
    X = np.zeros((10, 2), dtype="float32")
    X[:, 0] = np.arange(10)
    recorder = Recorder()
    model = nl.Sequential([recorder, nl.Dense(2, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy", optimizer="sgd")
    model.fit(X, np.arange(10) % 2, batch_size=4, shuffle=False, verbose=0)
    np.testing.assert_array_equal(np.concatenate(recorder.batches)[:, 0], np.arange(10))


def test_after_fit_grads_hold_the_last_batch_gradients():
    X, y = blobs(n=10)
    model = small_model()
    snapshot = {}

    def remember_weights(batch, logs):
        if batch == 1:  # the last-but-one batch: these weights produce the last batch's gradients
            snapshot.update({layer.name: {k: v.copy() for k, v in layer.params.items()}
                             for layer in model.layers})

    model.fit(X, y, epochs=1, batch_size=4, shuffle=False, verbose=0,
              callbacks=[nl.LambdaCallback(on_batch_end=remember_weights)])
    clone = model.astype("float32")
    for layer in clone.layers:
        for k in layer.params:
            layer.params[k][...] = snapshot[layer.name][k]
    out = clone.forward(X[8:], training=True)
    clone.backward(clone.loss_.fused_gradient(out, y[8:]), fused=True)
    for layer, expected in zip(model.layers, clone.layers):
        for k in layer.grads:
            np.testing.assert_allclose(layer.grads[k], expected.grads[k], rtol=1e-6, atol=1e-8)
            assert np.abs(layer.grads[k]).sum() > 0


def test_history_has_one_value_per_epoch_and_a_grad_norm_per_trainable_layer():
    X, y = blobs()
    model = nl.Sequential([nl.Dense(8, activation="relu", input_dim=4), nl.Dropout(0.1),
                           nl.Dense(3, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy", optimizer="adam")
    history = model.fit(X, y, epochs=3, batch_size=50, validation_data=(X[:60], y[:60]), verbose=0,
                        record_grad_norms=True)
    assert len(history) == 3 and history.epochs == [1, 2, 3]
    for values in (history.loss, history.accuracy, history.val_loss, history.val_accuracy):
        assert len(values) == 3 and all(isinstance(v, float) for v in values)
    assert history.layer_names == ["dense_1", "dense_2"]
    assert len(history.grad_norms) == 3
    assert all(len(norms) == 2 and all(v > 0 for v in norms) for norms in history.grad_norms)
    assert history.val_accuracy[-1] == pytest.approx(model.evaluate(X[:60], y[:60])["accuracy"])
    assert "3 epochs" in repr(history)


def test_history_loss_is_the_mean_of_the_batch_losses():
    X, y = blobs(n=100)
    model = small_model()
    losses, sizes = [], []
    model.fit(X, y, epochs=1, batch_size=30, verbose=0, callbacks=[nl.LambdaCallback(
        on_batch_end=lambda b, logs: (losses.append(logs["loss"]), sizes.append(logs["size"])))])
    assert sizes == [30, 30, 30, 10]
    assert model.history_.loss[0] == pytest.approx(np.dot(losses, sizes) / 100)


def test_epoch_loss_and_accuracy_are_the_batch_means_over_many_chunks():
    """fit measures the reported numbers 64 batches at a time; they are still the means over
    every batch of the loss and accuracy at the weights that batch saw."""
    X, y = blobs(n=700)
    model = small_model()
    losses, right = [], []

    def batch_end(b, logs):  # shuffle=False: batch b is rows 5b to 5b + 4
        losses.append(logs["loss"])
        out = model.layers[-1].cache[1]  # the output of this batch, before the step moved it
        right.append(int((out.argmax(axis=1) == y[5 * b:5 * b + 5]).sum()))
    model.fit(X, y, epochs=1, batch_size=5, shuffle=False, verbose=0,
              callbacks=[nl.LambdaCallback(on_batch_end=batch_end)])
    assert len(losses) == 140  # two chunks of 64 and 12 batches more
    assert model.history_.loss[0] == pytest.approx(np.mean(losses), rel=1e-6)
    assert model.history_.accuracy[0] == sum(right) / 700


def test_no_loss_is_measured_per_batch_unless_a_callback_reads_it(monkeypatch):
    X, y = blobs(n=700)
    model = small_model()
    calls = []
    value = type(model.loss_).value
    monkeypatch.setattr(type(model.loss_), "value",
                        lambda self, out, t: calls.append(len(t)) or value(self, out, t))
    sizes = []
    model.fit(X, y, epochs=1, batch_size=5, shuffle=False, verbose=0,
              callbacks=[nl.LambdaCallback(on_batch_end=lambda b, logs: sizes.append(logs["size"]))])
    assert len(sizes) == 140 and calls == [320, 320, 60]  # one measurement per 64 batches


def test_callbacks_are_called_in_order_and_can_stop_training():
    X, y = blobs(n=64)
    calls = []

    class Spy(nl.Callback):
        def on_train_begin(self, logs):
            calls.append("begin")

        def on_batch_end(self, batch, logs):
            calls.append(("batch", batch))

        def on_epoch_end(self, epoch, logs):
            calls.append(("epoch", epoch, sorted(logs)))
            if epoch == 2:
                self.model.stop_training = True

        def on_train_end(self, logs):
            calls.append("end")

    model = small_model()
    history = model.fit(X, y, epochs=5, batch_size=32, validation_data=(X, y), callbacks=[Spy()],
                        verbose=0)
    keys = ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert calls == ["begin", ("batch", 0), ("batch", 1), ("epoch", 1, keys),
                     ("batch", 0), ("batch", 1), ("epoch", 2, keys), "end"]
    assert len(history) == 2


def test_verbose_0_prints_nothing_and_verbose_2_one_line_per_epoch(capsys):
    X, y = blobs(n=40)
    small_model().fit(X, y, epochs=2, verbose=0)
    assert capsys.readouterr().out == ""
    small_model().fit(X, y, epochs=2, verbose=2)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith("epoch 1/2 - loss ")


def test_trace_returns_every_layer_output_and_changes_nothing():
    X, y = blobs(n=20)
    model = nl.Sequential([nl.Dense(8, activation="relu", input_dim=4), nl.Dropout(0.5),
                           nl.Residual([nl.Dense(8)], activation="relu"),
                           nl.Dense(3, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy", optimizer="adam")
    model.fit(X, y, epochs=1, batch_size=8, verbose=0)
    every = model._all_layers()
    caches = [layer.cache for layer in every]
    weights = [{k: v.copy() for k, v in layer.params.items()} for layer in model.layers]
    grads = [{k: v.copy() for k, v in layer.grads.items()} for layer in model.layers]
    rng_state = model.rng.bit_generator.state

    outputs = model.forward(X[:5], trace=True)

    assert [o.shape for o in outputs] == [(5, 8), (5, 8), (5, 8), (5, 3)]
    np.testing.assert_array_equal(outputs[1], outputs[0])  # dropout is off outside training
    assert all(layer.cache is cache for layer, cache in zip(every, caches))
    for layer, w, g in zip(model.layers, weights, grads):
        for k in w:
            np.testing.assert_array_equal(layer.params[k], w[k])
            np.testing.assert_array_equal(layer.grads[k], g[k])
    assert model.rng.bit_generator.state == rng_state
    np.testing.assert_allclose(outputs[-1], model.predict(X[:5]), rtol=1e-6)


def test_trace_of_a_single_example_needs_a_batch_axis():
    model = small_model()
    outputs = model.forward(np.ones((1, 4)), trace=True)
    assert outputs[0].shape == (1, 16) and outputs[0].dtype == np.float32


def test_astype_float64_copy_leaves_the_original_untouched():
    X, y = blobs(n=20)
    model = small_model()
    model.fit(X, y, epochs=1, verbose=0)
    w = model.layers[0].params["W"].copy()
    copy64 = model.astype("float64")
    assert copy64 is not model and copy64.dtype == np.float64
    assert copy64.layers[0].params["W"].dtype == np.float64
    np.testing.assert_array_equal(copy64.layers[0].params["W"], w.astype("float64"))
    copy64.layers[0].params["W"][...] = 0
    copy64.fit(X, y, epochs=1, verbose=0)
    assert model.layers[0].params["W"].dtype == np.float32
    np.testing.assert_array_equal(model.layers[0].params["W"], w)
    assert copy64.predict(X).dtype == np.float64


def test_float64_models_keep_float64_regression_targets():
    X = np.array([[0.1], [0.2], [0.3]])
    y = np.array([0.1, 0.7, 0.3])  # not exactly representable in float32
    model = nl.Sequential([nl.Dense(1, input_dim=1, init="zeros")], dtype="float64")
    model.compile(loss="mse", optimizer="sgd")
    assert model.evaluate(X, y)["loss"] == pytest.approx(np.mean(y ** 2), rel=1e-15)


def test_l2_penalty_shrinks_the_weights():
    X, y = blobs()
    plain, decayed = small_model(), small_model(l2=0.1)
    for model in (plain, decayed):
        model.fit(X, y, epochs=3, verbose=0)
    assert (np.linalg.norm(decayed.layers[0].params["W"])
            < 0.9 * np.linalg.norm(plain.layers[0].params["W"]))


def test_one_hot_labels_train_like_integer_labels():
    X, y = blobs(n=64)
    a, b = small_model(), small_model()
    a.fit(X, y, epochs=1, verbose=0)
    b.fit(X, np.eye(3)[y], epochs=1, verbose=0)
    np.testing.assert_allclose(a.layers[0].params["W"], b.layers[0].params["W"], rtol=1e-5, atol=1e-7)


def test_binary_classification_with_sigmoid_output():
    X, y = blobs()
    y = (y == 0).astype(int)
    model = nl.Sequential([nl.Dense(8, activation="tanh", input_dim=4),
                           nl.Dense(1, activation="sigmoid")], rng=0)
    model.compile(loss="binary_cross_entropy", optimizer=nl.Adam(lr=0.01))
    model.fit(X, y.reshape(-1, 1), epochs=5, verbose=0)
    assert model.evaluate(X, y)["accuracy"] > 0.95
    assert set(np.unique(model.predict_classes(X))) <= {0, 1}


def test_mse_regression_reports_no_accuracy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 3)).astype("float32")
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3
    model = nl.Sequential([nl.Dense(1, input_dim=3)], rng=0)
    model.compile(loss="mse", optimizer=nl.SGD(lr=0.1))
    history = model.fit(X, y, epochs=30, batch_size=20, verbose=0)
    assert history.accuracy == [] and "accuracy" not in model.evaluate(X, y)
    assert history.loss[-1] < 1e-3
    np.testing.assert_allclose(model.layers[0].params["W"][:, 0], [1.0, -2.0, 0.5], atol=0.02)


def test_fit_accepts_integer_and_float64_inputs_without_changing_them():
    X, y = blobs(n=30)
    X64 = X.astype("float64")
    before = X64.copy()
    small_model().fit(X64, y, verbose=0)
    np.testing.assert_array_equal(X64, before)
    small_model().fit(np.round(X).astype(int), y, verbose=0)


def test_verbose_1_shows_a_progress_bar_per_epoch(capsys, monkeypatch):
    monkeypatch.delenv("NNLESSONS_PROGRESS", raising=False)
    X, y = blobs(n=40)
    small_model().fit(X, y, epochs=2, batch_size=20, verbose=1)
    err = capsys.readouterr().err
    assert "epoch 1/2" in err and "epoch 2/2" in err and "loss" in err


def test_fit_is_bit_identical_to_a_plain_numpy_training_loop():
    """fit adds nothing to the arithmetic: the same loop written out by hand, with the same rng
    draws, gives exactly the same weights after two epochs of Adam."""
    X, y = blobs(n=200)
    model = nl.Sequential([nl.Dense(16, activation="relu", input_dim=4),
                           nl.Dense(3, activation="softmax")], rng=3)
    model.compile(loss="cross_entropy", optimizer=nl.Adam(lr=0.01))
    model.fit(X, y, epochs=2, batch_size=32, verbose=0)

    rng = np.random.default_rng(3)
    W1 = rng.normal(0, np.sqrt(2 / 4), size=(4, 16)).astype("float32")  # He for ReLU
    limit = np.sqrt(6 / (16 + 3))
    W2 = rng.uniform(-limit, limit, size=(16, 3)).astype("float32")     # Glorot for softmax
    b1, b2 = np.zeros(16, "float32"), np.zeros(3, "float32")
    params = [W1, b1, W2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = 0
    for epoch in range(2):
        order = rng.permutation(len(X))
        for i in range(0, len(X), 32):
            idx = order[i:i + 32]
            xb, yb = X[idx], y[idx]
            h = np.maximum(xb @ W1 + b1, 0)
            z = h @ W2 + b2
            e = np.exp(z - z.max(axis=1, keepdims=True))
            p = e / e.sum(axis=1, keepdims=True)
            dz = p.copy()
            dz[np.arange(len(idx)), yb] -= 1
            dz /= len(idx)
            dh = (dz @ W2.T) * (h > 0)
            grads = [xb.T @ dh, dh.sum(axis=0), h.T @ dz, dz.sum(axis=0)]
            t += 1
            for param, g, m_, v_ in zip(params, grads, m, v):  # Adam as in the paper
                m_[...] = 0.9 * m_ + (1 - 0.9) * g
                v_[...] = 0.999 * v_ + (1 - 0.999) * g**2
                m_hat = m_ / (1 - 0.9**t)
                v_hat = v_ / (1 - 0.999**t)
                param -= 0.01 * m_hat / (np.sqrt(v_hat) + 1e-8)
    for layer, (W, b) in zip(model.layers, [(W1, b1), (W2, b2)]):
        np.testing.assert_array_equal(layer.params["W"], W)
        np.testing.assert_array_equal(layer.params["b"], b)
