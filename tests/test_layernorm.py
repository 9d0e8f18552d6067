"""LayerNorm: gradient checks in float64, per-example standardisation, independence from the
batch (the same in training and at inference), save/load, errors."""
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.layers import LayerNorm
from nnlessons.layers.registry import layer_from_dict, layer_to_dict

TOL = 1e-6


def _ln(input_shape, seed=0, **kwargs):
    rng = np.random.default_rng(seed)
    layer = LayerNorm(name="layer_norm_1", **kwargs)
    layer.build(input_shape, rng)
    d = input_shape[-1]
    layer.params["gamma"][...] = rng.uniform(0.5, 2.0, size=d)
    layer.params["beta"][...] = rng.normal(size=d)
    return layer


@pytest.mark.parametrize("input_shape", [(4,), (3, 5)])
@pytest.mark.parametrize("training", [True, False])
def test_layernorm_gradients(input_shape, training):
    layer = _ln(input_shape)
    x = np.random.default_rng(1).normal(loc=2.0, scale=3.0, size=(5, *input_shape))
    assert nl.gradcheck_layer(layer, x, training=training) < TOL


def test_whole_model_with_layernorm_gradients():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(8, 5)), rng.integers(0, 3, size=8)
    model = nl.Sequential([nl.Dense(6, input_dim=5), LayerNorm(), nl.Activation("tanh"),
                           nl.Dense(3, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy")
    assert nl.gradcheck(model, X, y) < TOL


@pytest.mark.parametrize("shape", [(6, 16), (4, 3, 16)])
def test_output_is_standardised_per_example(shape):
    layer = LayerNorm()
    layer.build(shape[1:])
    x = np.random.default_rng(3).normal(loc=5.0, scale=4.0, size=shape).astype("float32")
    y = layer.forward(x, training=True)
    assert y.dtype == np.float32 and y.shape == shape
    np.testing.assert_allclose(y.mean(axis=-1), 0, atol=1e-5)
    np.testing.assert_allclose(y.var(axis=-1), 1, atol=1e-3)


def test_hand_worked_example():
    layer = LayerNorm(eps=1e-8)
    layer.build((4,))
    # mean 2.5, variance 1.25: x_hat = (x - 2.5) / sqrt(1.25)
    y = layer.forward(np.array([[1.0, 2.0, 3.0, 4.0]]))
    np.testing.assert_allclose(y, [[-1.5, -0.5, 0.5, 1.5]] / np.sqrt(1.25), rtol=1e-6)


def test_an_example_does_not_depend_on_its_batch_or_the_mode():
    layer = _ln((8,))
    x = np.random.default_rng(4).normal(size=(256, 8)).astype("float32")
    alone = layer.forward(x[:1], training=True)
    np.testing.assert_allclose(layer.forward(x[:2], training=True)[:1], alone, rtol=1e-6)
    np.testing.assert_allclose(layer.forward(x, training=True)[:1], alone, rtol=1e-6)
    np.testing.assert_allclose(layer.forward(x[:1], training=False), alone, rtol=1e-6)


def test_params_and_save_load(tmp_path):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(32, 6)).astype("float32")
    y = (X[:, 0] > X[:, 1]).astype(int)
    model = nl.Sequential([nl.Dense(8, input_dim=6), LayerNorm(), nl.Activation("relu"),
                           nl.Dense(2, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy", optimizer=nl.SGD(0.1))
    history = model.fit(X, y, epochs=5, batch_size=8, verbose=0)
    assert history.loss[-1] < history.loss[0]
    ln = model.layers[1]
    assert set(ln.params) == {"gamma", "beta"} and ln.n_params == 16
    model.save(tmp_path / "ln.npz")
    loaded = nl.load_model(tmp_path / "ln.npz")
    assert isinstance(loaded.layers[1], LayerNorm)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_config_round_trip_and_describe():
    layer = LayerNorm(eps=1e-3)
    clone = layer_from_dict(layer_to_dict(layer))
    assert clone.eps == 1e-3 and layer.describe() == "LayerNorm"
    assert repr(layer) == "LayerNorm(eps=0.001, name=None)"


def test_wrong_shape_raises_a_clear_error():
    layer = _ln((4,))
    with pytest.raises(ValueError, match=r"LayerNorm layer 'layer_norm_1' expects input of shape "
                                         r"\(batch, 4\), got \(2, 5\)"):
        layer.forward(np.zeros((2, 5)))
    with pytest.raises(ValueError, match=r"expects input of shape \(batch, 4\)"):
        layer(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="no weights yet"):
        LayerNorm().forward(np.zeros((2, 4)))


def test_bad_eps():
    with pytest.raises(ValueError, match="eps must be positive"):
        LayerNorm(eps=0)
