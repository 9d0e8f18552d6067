"""BatchNorm: gradient checks in training and inference mode, batch vs running statistics,
non-trainable buffers (counted, cast, saved and loaded), errors."""
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.layers.registry import layer_from_dict, layer_to_dict

TOL = 1e-6


def _bn(input_shape, seed=0, **kwargs):
    rng = np.random.default_rng(seed)
    layer = nl.BatchNorm(name="batch_norm_1", **kwargs)
    layer.build(input_shape, rng)
    d = input_shape[-1]
    layer.params["gamma"][...] = rng.uniform(0.5, 2.0, size=d)
    layer.params["beta"][...] = rng.normal(size=d)
    return layer


@pytest.mark.parametrize("input_shape", [(4,), (3, 3, 2)])
@pytest.mark.parametrize("training", [True, False])
def test_batchnorm_gradients(input_shape, training):
    layer = _bn(input_shape)
    layer.buffers["running_mean"][...] = 0.3
    layer.buffers["running_var"][...] = 2.0
    x = np.random.default_rng(1).normal(loc=2.0, scale=3.0, size=(5, *input_shape))
    assert nl.gradcheck_layer(layer, x, training=training) < TOL


def test_whole_model_with_batchnorm_gradients():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(8, 5)), rng.integers(0, 3, size=8)
    model = nl.Sequential([nl.Dense(6, input_dim=5), nl.BatchNorm(), nl.Activation("tanh"),
                           nl.Dense(3, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy")
    assert nl.gradcheck(model, X, y) < TOL  # inference mode: running statistics


@pytest.mark.parametrize("shape", [(64, 3), (16, 4, 4, 3)])
def test_training_output_is_standardised_per_feature(shape):
    layer = nl.BatchNorm()
    layer.build(shape[1:])
    x = np.random.default_rng(3).normal(loc=5.0, scale=4.0, size=shape).astype("float32")
    y = layer.forward(x, training=True).reshape(-1, shape[-1])
    assert y.dtype == np.float32 and y.shape[1] == 3
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(y.var(axis=0), 1, atol=1e-3)


def test_running_statistics_follow_the_batches():
    layer = nl.BatchNorm(momentum=0.9)
    layer.build((2,))
    x = np.array([[1.0, 10.0], [3.0, 14.0]], dtype="float32")  # mean (2, 12), variance (1, 4)
    layer.forward(x, training=True)
    np.testing.assert_allclose(layer.buffers["running_mean"], [0.2, 1.2], rtol=1e-6)
    np.testing.assert_allclose(layer.buffers["running_var"], [0.9 + 0.1, 0.9 + 0.4], rtol=1e-6)
    layer.forward(x, training=False)  # inference never changes them
    np.testing.assert_allclose(layer.buffers["running_mean"], [0.2, 1.2], rtol=1e-6)


def test_inference_uses_running_statistics():
    layer = _bn((3,))
    layer.buffers["running_mean"][...] = [1.0, -2.0, 0.5]
    layer.buffers["running_var"][...] = [4.0, 0.25, 1.0]
    x = np.random.default_rng(4).normal(size=(6, 3)).astype("float32")
    p, b = layer.params, layer.buffers
    expected = (p["gamma"] * (x - b["running_mean"]) / np.sqrt(b["running_var"] + layer.eps)
                + p["beta"])
    np.testing.assert_allclose(layer.forward(x), expected, rtol=1e-5)
    # one example alone gets the same output as inside the batch: no batch statistics involved
    np.testing.assert_allclose(layer.forward(x[:1]), expected[:1], rtol=1e-5)
    assert not np.allclose(layer.forward(x, training=True), expected, atol=1e-2)


def test_buffers_are_not_trainable_but_counted():
    model = nl.Sequential([nl.Dense(8, input_dim=4), nl.BatchNorm(), nl.Dense(2, activation="softmax")])
    bn = model.layers[1]
    assert set(bn.params) == {"gamma", "beta"} and set(bn.buffers) == {"running_mean", "running_var"}
    assert bn.n_params == 16 and bn.n_non_trainable == 16
    assert not any(key.startswith(bn.name + "/running") for key in model.params)
    lines = []
    model.summary(print_fn=lines.append)
    assert "Total params: 90" in lines[0]  # 40 + 16 + 18 trainable, plus 16 running statistics
    assert "Trainable params: 74" in lines[0] and "Non-trainable params: 16" in lines[0]
    model64 = model.astype("float64")
    assert model64.layers[1].buffers["running_var"].dtype == np.float64
    assert bn.buffers["running_var"].dtype == np.float32  # the original is untouched


def test_batchnorm_in_a_convnet_trains_and_round_trips(tmp_path):
    rng = np.random.default_rng(5)
    X = rng.normal(loc=3.0, size=(64, 6, 6, 1)).astype("float32")
    y = (X[:, :3].mean(axis=(1, 2, 3)) > X[:, 3:].mean(axis=(1, 2, 3))).astype(int)
    model = nl.Sequential([nl.Conv2D(4, 3, input_shape=(6, 6, 1)), nl.BatchNorm(),
                           nl.Activation("relu"), nl.Flatten(), nl.Dense(2, activation="softmax")],
                          rng=0)
    model.compile(loss="cross_entropy", optimizer=nl.Adam(0.01))
    history = model.fit(X, y, epochs=5, batch_size=16, verbose=0)
    assert history.loss[-1] < history.loss[0]
    bn = model.layers[1]
    assert np.all(bn.buffers["running_mean"] != 0)  # training moved the running statistics
    model.save(tmp_path / "bn.npz")
    loaded = nl.load_model(tmp_path / "bn.npz")
    for key, value in bn.buffers.items():
        np.testing.assert_array_equal(loaded.layers[1].buffers[key], value)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_config_round_trip_and_describe():
    layer = nl.BatchNorm(momentum=0.99, eps=1e-3)
    clone = layer_from_dict(layer_to_dict(layer))
    assert (clone.momentum, clone.eps) == (0.99, 1e-3)
    assert layer.describe() == "BatchNorm"


def test_wrong_shape_raises_a_clear_error():
    layer = _bn((4,))
    with pytest.raises(ValueError, match=r"BatchNorm layer 'batch_norm_1' expects input of shape "
                                         r"\(batch, 4\), got \(2, 5\)"):
        layer.forward(np.zeros((2, 5)))
    with pytest.raises(ValueError, match=r"expects input of shape \(batch, 4\)"):
        layer(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="no weights yet"):
        nl.BatchNorm().forward(np.zeros((2, 4)))


@pytest.mark.parametrize("kwargs, message", [({"momentum": 1.0}, "momentum must be in"),
                                             ({"momentum": -0.1}, "momentum must be in"),
                                             ({"eps": 0}, "eps must be positive")])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        nl.BatchNorm(**kwargs)
