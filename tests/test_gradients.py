"""Backprop agrees with centred finite differences, in float64, for every layer, activation and loss."""
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.activations import ACTIVATIONS, get_activation
from nnlessons.gradcheck import numerical_gradient
from nnlessons.losses import BinaryCrossEntropy, CrossEntropy, MeanSquaredError

TOL = 1e-6
NAMES = sorted(ACTIVATIONS)  # linear, leaky_relu, relu, sigmoid, softmax, tanh


def _away_from_kinks(shape, rng):
    """Random inputs at least 0.05 from zero, so ReLU's kink never falls inside +-eps."""
    z = rng.normal(size=shape)
    return np.where(np.abs(z) < 0.05, 0.05 * np.sign(z) + z, z)


def test_rel_error_is_zero_for_equal_arrays_and_large_for_different_ones():
    a = np.array([1.0, -2.0, 3.0])
    assert nl.rel_error(a, a) == 0.0
    assert nl.rel_error(a, a * (1 + 1e-3)) == pytest.approx(5e-4, rel=1e-3)
    assert nl.rel_error(a, -a) == 1.0


def test_numerical_gradient_of_a_known_function_and_restores_the_input():
    x = np.array([[1.0, 2.0], [-3.0, 0.5]])
    before = x.copy()
    grad = numerical_gradient(lambda: float((x ** 3).sum()), x)
    assert nl.rel_error(grad, 3 * before ** 2) < TOL
    np.testing.assert_array_equal(x, before)


@pytest.mark.parametrize("name", NAMES)
def test_activation_function_backward(name):
    rng = np.random.default_rng(1)
    f = get_activation(name)
    z = _away_from_kinks((4, 5), rng)
    r = rng.normal(size=z.shape)
    analytic = f.backward(r, f.forward(z))
    numeric = numerical_gradient(lambda: float((f.forward(z) * r).sum()), z)
    assert nl.rel_error(analytic, numeric) < TOL


@pytest.mark.parametrize("name", NAMES)
def test_dense_layer_with_each_activation(name):
    rng = np.random.default_rng(2)
    layer = nl.Dense(4, activation=name)
    layer.build((3,), rng)
    layer.params["b"][...] = rng.normal(size=4)  # non-zero bias, so b's gradient is tested too
    x = _away_from_kinks((5, 3), rng)
    assert nl.gradcheck_layer(layer, x) < TOL
    assert layer.params["W"].dtype == np.float64


@pytest.mark.parametrize("name", NAMES)
def test_activation_layer(name):
    layer = nl.Activation(name)
    layer.build((6,))
    assert nl.gradcheck_layer(layer, _away_from_kinks((3, 6), np.random.default_rng(3))) < TOL


def test_flatten_layer():
    layer = nl.Flatten()
    layer.build((2, 3, 4))
    x = np.random.default_rng(4).normal(size=(5, 2, 3, 4))
    assert layer.forward(x).shape == (5, 24)
    assert nl.gradcheck_layer(layer, x) < TOL


def test_dropout_layer_with_a_fixed_mask():
    layer = nl.Dropout(0.5)
    layer.build((20,), np.random.default_rng(5))
    layer.reuse_mask = True
    x = np.random.default_rng(6).normal(size=(8, 20))
    assert nl.gradcheck_layer(layer, x, training=True) < TOL
    dropped = layer.mask == 0
    assert 0 < dropped.mean() < 1, "the check is only meaningful when some units are dropped"
    np.testing.assert_array_equal(layer.backward(np.ones_like(x))[dropped], 0)


def test_dropout_is_the_identity_at_inference():
    layer = nl.Dropout(0.5)
    layer.build((4,), np.random.default_rng(0))
    x = np.arange(8.0).reshape(2, 4)
    np.testing.assert_array_equal(layer.forward(x, training=False), x)
    assert nl.gradcheck_layer(layer, x, training=False) < TOL


@pytest.mark.parametrize("activation", [None, "relu", "tanh"])
def test_residual_block(activation):
    rng = np.random.default_rng(7)
    block = nl.Residual([nl.Dense(5, activation="tanh"), nl.Dense(5)], activation=activation)
    block.name = "residual_1"
    block.build((5,), rng)
    for layer in block.layers:
        layer.params["b"][...] = rng.normal(size=5)
    assert set(block.params) == {"0.W", "0.b", "1.W", "1.b"}
    assert nl.gradcheck_layer(block, _away_from_kinks((4, 5), rng)) < TOL


def test_residual_backward_is_skip_plus_branch():
    block = nl.Residual([nl.Dense(3)])
    block.build((3,), np.random.default_rng(0))
    block.layers[0].params["W"][...] = 0  # branch F(x) = 0, so y = x and dx = dy exactly
    dy = np.arange(6.0, dtype="float32").reshape(2, 3)
    block.forward(np.ones((2, 3), dtype="float32"))
    np.testing.assert_array_equal(block.backward(dy), dy)


# --- losses -------------------------------------------------------------------------------------
def _probabilities(shape, rng):
    p = rng.uniform(0.1, 1.0, size=shape)
    return p / p.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("one_hot", [False, True])
def test_cross_entropy_gradient(one_hot):
    rng = np.random.default_rng(8)
    p = _probabilities((6, 4), rng)
    y = rng.integers(0, 4, size=6)
    if one_hot:
        y = np.eye(4)[y]
    loss = CrossEntropy()
    numeric = numerical_gradient(lambda: loss.value(p, y), p)
    assert nl.rel_error(loss.gradient(p, y), numeric) < TOL


def test_binary_cross_entropy_gradient():
    rng = np.random.default_rng(9)
    p = rng.uniform(0.05, 0.95, size=(7, 1))
    y = rng.integers(0, 2, size=(7, 1)).astype(float)
    loss = BinaryCrossEntropy()
    numeric = numerical_gradient(lambda: loss.value(p, y), p)
    assert nl.rel_error(loss.gradient(p, y), numeric) < TOL


def test_mse_gradient():
    rng = np.random.default_rng(10)
    out, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    loss = MeanSquaredError()
    numeric = numerical_gradient(lambda: loss.value(out, y), out)
    assert nl.rel_error(loss.gradient(out, y), numeric) < TOL


@pytest.mark.parametrize("one_hot", [False, True])
def test_fused_softmax_cross_entropy_is_p_minus_y_over_n(one_hot):
    rng = np.random.default_rng(11)
    z = rng.normal(size=(6, 4))
    y = rng.integers(0, 4, size=6)
    target = np.eye(4)[y]
    if one_hot:
        y = target
    softmax, loss = get_activation("softmax"), CrossEntropy()
    numeric = numerical_gradient(lambda: loss.value(softmax.forward(z), y), z)
    p = softmax.forward(z)
    fused = loss.fused_gradient(p, y)
    np.testing.assert_allclose(fused, (p - target) / 6, rtol=0, atol=1e-15)
    assert nl.rel_error(fused, numeric) < TOL


def test_fused_sigmoid_binary_cross_entropy_is_p_minus_y_over_n():
    rng = np.random.default_rng(12)
    z = rng.normal(size=(8, 1)) * 2
    y = rng.integers(0, 2, size=(8, 1)).astype(float)
    sigmoid, loss = get_activation("sigmoid"), BinaryCrossEntropy()
    numeric = numerical_gradient(lambda: loss.value(sigmoid.forward(z), y), z)
    p = sigmoid.forward(z)
    fused = loss.fused_gradient(p, y)
    np.testing.assert_allclose(fused, (p - y) / 8, rtol=0, atol=1e-15)
    assert nl.rel_error(fused, numeric) < TOL


# --- whole models ---------------------------------------------------------------------------------
def _classification_data(n=12, d=5, k=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.integers(0, k, size=n)


@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_whole_model_softmax_cross_entropy(l2):
    X, y = _classification_data()
    model = nl.Sequential([nl.Dense(8, activation="tanh", input_dim=5),
                           nl.Dense(6, activation="sigmoid"),
                           nl.Dense(3, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy", optimizer="sgd", l2=l2)
    errors = nl.gradcheck(model, X, y, details=True)
    assert set(errors) == {f"dense_{i}/{k}" for i in (1, 2, 3) for k in "Wb"}
    assert max(errors.values()) < TOL
    assert nl.gradcheck(model, X, y) == max(errors.values())


def test_whole_model_with_separate_softmax_activation_layer_and_one_hot_labels():
    X, y = _classification_data(seed=1)
    model = nl.Sequential([nl.Dense(7, activation="leaky_relu", input_dim=5), nl.Dense(3),
                           nl.Activation("softmax")], rng=1)
    model.compile(loss="cross_entropy", l2=0.05)
    assert model.fuses_output()
    assert nl.gradcheck(model, X, np.eye(3)[y]) < TOL


def test_whole_model_sigmoid_binary_cross_entropy():
    X, y = _classification_data(k=2, seed=2)
    model = nl.Sequential([nl.Dense(6, activation="relu", input_dim=5),
                           nl.Dense(1, activation="sigmoid")], rng=2)
    model.compile(loss="binary_cross_entropy", l2=0.01)
    assert nl.gradcheck(model, X, y) < TOL


def test_whole_model_mse_regression():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(10, 4)), rng.normal(size=(10, 2))
    model = nl.Sequential([nl.Dense(6, activation="tanh", input_dim=4), nl.Dense(2)], rng=3)
    model.compile(loss="mse")
    assert nl.gradcheck(model, X, y) < TOL


def test_whole_model_with_flatten_residual_and_dropout():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(6, 3, 4)), rng.integers(0, 4, size=6)
    model = nl.Sequential([nl.Flatten(input_shape=(3, 4)), nl.Dense(8, activation="tanh"),
                           nl.Residual([nl.Dense(8, activation="tanh"), nl.Dense(8)], activation="tanh"),
                           nl.Dropout(0.3), nl.Dense(4, activation="softmax")], rng=4)
    model.compile(loss="cross_entropy", l2=0.02)
    errors = nl.gradcheck(model, X, y, details=True)
    assert "residual_1/0.W" in errors and "residual_1/1.b" in errors
    assert max(errors.values()) < TOL


def test_gradcheck_reports_a_wrong_backward():
    class BrokenTanh(nl.activations.Tanh):
        def backward(self, da, a):
            return da * (1 - a)  # should be 1 - a^2

    X, y = _classification_data(seed=5)
    model = nl.Sequential([nl.Dense(6, activation=BrokenTanh(), input_dim=5),
                           nl.Dense(3, activation="softmax")], rng=5)
    model.compile(loss="cross_entropy")
    assert nl.gradcheck(model, X, y) > 1e-2


def test_gradcheck_leaves_the_float32_model_untouched():
    X, y = _classification_data()
    model = nl.Sequential([nl.Dense(4, activation="relu", input_dim=5),
                           nl.Dense(3, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy")
    before = [layer.params["W"].copy() for layer in model.layers]
    nl.gradcheck(model, X, y)
    for layer, w in zip(model.layers, before):
        assert layer.params["W"].dtype == np.float32
        np.testing.assert_array_equal(layer.params["W"], w)
