"""SimpleRNN: backpropagation through time against finite differences, shapes, parameter counts,
a forward pass worked out by hand, errors, and a small sequence task inside Sequential."""
import math

import numpy as np
import pytest

import nnlessons as nl
from nnlessons.gradcheck import numerical_gradient, rel_error
from nnlessons.layers.registry import layer_from_dict, layer_to_dict

TOL = 1e-6


def _rnn(units=4, input_shape=(5, 3), seed=0, **kwargs):
    rng = np.random.default_rng(seed)
    layer = nl.SimpleRNN(units, name="simple_rnn_1", **kwargs)
    layer.build(input_shape, rng)
    layer.params["b"][...] = rng.normal(scale=0.5, size=units)  # so b's gradient is tested
    return layer


@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "linear"])
def test_simple_rnn_gradients_through_time(return_sequences, activation):
    layer = _rnn(return_sequences=return_sequences, activation=activation)
    x = np.random.default_rng(1).normal(size=(3, 5, 3))
    assert nl.gradcheck_layer(layer, x) < TOL


def test_gradient_reaches_the_first_step():
    layer = _rnn()
    x = np.random.default_rng(2).normal(size=(2, 5, 3))
    layer.forward(x)
    dx = layer.backward(np.ones((2, 4)))
    assert np.abs(dx[:, 0]).sum() > 0  # only h_T is used, yet x_1 still gets a gradient via Wh


def test_whole_rnn_model_gradients():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(6, 4, 2)), rng.integers(0, 3, size=6)
    model = nl.Sequential([nl.SimpleRNN(5, input_shape=(4, 2)), nl.Dense(3, activation="softmax")],
                          rng=0)
    model.compile(loss="cross_entropy")
    assert nl.gradcheck(model, X, y) < TOL


@pytest.mark.parametrize("return_sequences, out", [(False, (8,)), (True, (7, 8))])
def test_simple_rnn_shapes_and_parameter_count(return_sequences, out):
    layer = nl.SimpleRNN(8, return_sequences=return_sequences)
    layer.build((7, 3), np.random.default_rng(0))
    assert layer.output_shape((7, 3)) == out
    assert {k: v.shape for k, v in layer.params.items()} == {"Wx": (3, 8), "Wh": (8, 8), "b": (8,)}
    assert layer.n_params == 3 * 8 + 8 * 8 + 8
    x = np.zeros((2, 7, 3), dtype="float32")
    y = layer.forward(x)
    assert y.shape == (2, *out) and y.dtype == np.float32
    assert layer.backward(np.ones_like(y)).shape == x.shape


def test_recurrent_weights_start_orthogonal():
    layer = nl.SimpleRNN(16)
    layer.build((3, 2), np.random.default_rng(0))
    wh = layer.params["Wh"].astype(float)
    np.testing.assert_allclose(wh @ wh.T, np.eye(16), atol=1e-5)


def test_forward_by_hand():
    layer = _rnn(units=1, input_shape=(3, 1))
    layer.params["Wx"][...] = 0.5
    layer.params["Wh"][...] = -1.0
    layer.params["b"][...] = 0.1
    x = np.array([1.0, 2.0, -1.0], dtype="float32").reshape(1, 3, 1)
    h1 = math.tanh(0.5 * 1 + 0.1)
    h2 = math.tanh(0.5 * 2 - h1 + 0.1)
    h3 = math.tanh(0.5 * -1 - h2 + 0.1)
    np.testing.assert_allclose(layer.forward(x), [[h3]], rtol=1e-6)
    layer.return_sequences = True
    np.testing.assert_allclose(layer.forward(x)[0, :, 0], [h1, h2, h3], rtol=1e-6)


def test_forward_matches_the_step_by_step_definition():
    layer = _rnn(units=3, input_shape=(6, 2), return_sequences=True)
    layer.astype("float64")
    x = np.random.default_rng(4).normal(size=(2, 6, 2))
    p = layer.params
    h = np.zeros((2, 3))
    for t in range(6):
        h = np.tanh(x[:, t] @ p["Wx"] + h @ p["Wh"] + p["b"])
        np.testing.assert_allclose(layer.forward(x)[:, t], h, rtol=1e-12)


def test_describe_and_config_round_trip():
    layer = nl.SimpleRNN(8, return_sequences=True, input_shape=(10, 1))
    assert layer.describe() == "SimpleRNN 8 + tanh, sequences"
    assert layer_from_dict(layer_to_dict(layer)).get_config() == layer.get_config()


def test_wrong_rank_raises_a_clear_error():
    with pytest.raises(ValueError, match=r"SimpleRNN layer 'rnn' expects sequences of shape "
                                         r"\(batch, timesteps, features\), got \(batch, 20\); for one "
                                         r"feature per step use X\.reshape\(-1, 20, 1\)"):
        nl.Sequential([nl.SimpleRNN(4, input_shape=(20,), name="rnn")])
    layer = _rnn()
    with pytest.raises(ValueError, match="expects sequences of shape"):
        layer.forward(np.zeros((2, 15)))
    with pytest.raises(ValueError, match="expects sequences of shape"):
        layer(np.zeros((2, 15)))
    with pytest.raises(ValueError, match="built for 3 features per step"):
        layer.forward(np.zeros((2, 5, 4)))
    with pytest.raises(ValueError, match="no weights yet"):
        nl.SimpleRNN(4).forward(np.zeros((2, 5, 3)))


@pytest.mark.parametrize("kwargs, error", [({"units": 0}, ValueError), ({"units": 2.0}, ValueError),
                                           ({"units": 4, "return_sequences": "yes"}, TypeError),
                                           ({"units": 4, "activation": "swish"}, ValueError)])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        nl.SimpleRNN(**kwargs)


def _sign_of_sum_task(n, seed):
    """Is the sum of 8 numbers positive? The answer needs the whole sequence."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 8, 1)).astype("float32")
    return X, (X.sum(axis=(1, 2)) > 0).astype(int)


def test_rnn_learns_a_sequence_task_and_round_trips(tmp_path):
    X, y = _sign_of_sum_task(256, 0)
    model = nl.Sequential([nl.SimpleRNN(8, input_shape=(8, 1)), nl.Dense(2, activation="softmax")],
                          rng=0)
    model.compile(loss="cross_entropy", optimizer=nl.Adam(0.01))
    history = model.fit(X, y, epochs=10, batch_size=32, verbose=0)
    assert history.loss[-1] < 0.5 * history.loss[0]
    X_test, y_test = _sign_of_sum_task(200, 1)
    assert model.evaluate(X_test, y_test)["accuracy"] > 0.8
    model.save(tmp_path / "rnn.npz")
    loaded = nl.load_model(tmp_path / "rnn.npz")
    np.testing.assert_array_equal(loaded.predict(X_test), model.predict(X_test))


# --- an initial state h0 ------------------------------------------------------------------------------
@pytest.mark.parametrize("return_sequences", [False, True])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "linear"])
def test_gradients_with_an_initial_state(return_sequences, activation):
    """Finite differences in float64 for dL/dh0, dL/dx and every weight, with L = sum(y * R)."""
    layer = _rnn(return_sequences=return_sequences, activation=activation)
    layer.astype("float64")
    rng = np.random.default_rng(5)
    x, h0 = rng.normal(size=(3, 5, 3)), rng.normal(size=(3, 4))
    r = rng.normal(size=layer.forward(x, h0=h0).shape)

    def objective():
        return float((layer.forward(x, h0=h0) * r).sum())

    layer.forward(x, h0=h0)
    dx = layer.backward(r)
    analytic = {"h0": layer.dh0.copy(), "x": dx, **{k: g.copy() for k, g in layer.grads.items()}}
    numeric = {"h0": numerical_gradient(objective, h0), "x": numerical_gradient(objective, x),
               **{k: numerical_gradient(objective, p) for k, p in layer.params.items()}}
    for key in analytic:
        assert rel_error(analytic[key], numeric[key]) < TOL, key
    assert layer.dh0.shape == (3, 4) and layer.dh0.dtype == np.float64


def test_dh0_of_the_zero_state_is_still_the_gradient():
    layer = _rnn()
    layer.astype("float64")
    x = np.random.default_rng(6).normal(size=(2, 5, 3))
    layer.forward(x)
    layer.backward(np.ones((2, 4)))
    h0 = np.zeros((2, 4))
    numeric = numerical_gradient(lambda: float(layer.forward(x, h0=h0).sum()), h0)
    assert rel_error(layer.dh0, numeric) < TOL


def test_initial_state_carries_a_sequence_on():
    """Reading x in two halves, the second from the first's last state, gives the whole reading."""
    layer = _rnn(return_sequences=True, input_shape=(6, 3))
    x = np.random.default_rng(7).normal(size=(2, 6, 3)).astype("float32")
    whole = layer.forward(x)
    first = layer.forward(x[:, :3])
    second = layer.forward(x[:, 3:], h0=first[:, -1])
    np.testing.assert_allclose(np.concatenate([first, second], axis=1), whole, rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(layer.forward(x, h0=np.zeros((2, 4))), whole)  # zeros: the default


def test_initial_state_of_the_wrong_shape_says_expected_received_and_fix():
    layer = _rnn()
    with pytest.raises(ValueError, match=r"SimpleRNN layer 'simple_rnn_1' needs an initial state h0 of "
                                         r"shape \(batch, units\) = \(2, 4\) for this batch, got "
                                         r"\(4,\)\. Pass one state per sequence"):
        layer.forward(np.zeros((2, 5, 3), dtype="float32"), h0=np.zeros(4))


def test_initial_state_matches_pytorch():
    torch = pytest.importorskip("torch")
    layer = _rnn(units=4, input_shape=(6, 3), return_sequences=True)
    layer.astype("float64")
    rng = np.random.default_rng(8)
    x, h0 = rng.normal(size=(2, 6, 3)), rng.normal(size=(2, 4))
    y = layer.forward(x, h0=h0)
    dy = rng.normal(size=y.shape)
    dx = layer.backward(dy)
    rnn = torch.nn.RNN(3, 4, batch_first=True, dtype=torch.float64)
    with torch.no_grad():  # PyTorch: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)
        rnn.weight_ih_l0.copy_(torch.tensor(layer.params["Wx"].T))
        rnn.weight_hh_l0.copy_(torch.tensor(layer.params["Wh"].T))
        rnn.bias_ih_l0.copy_(torch.tensor(layer.params["b"]))
        rnn.bias_hh_l0.zero_()
    tx = torch.tensor(x, requires_grad=True)
    th0 = torch.tensor(h0[None], requires_grad=True)
    ty, _ = rnn(tx, th0)
    ty.backward(torch.tensor(dy))
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.dh0, th0.grad.numpy()[0], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads["Wh"], rnn.weight_hh_l0.grad.numpy().T, rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_allclose(layer.grads["Wx"], rnn.weight_ih_l0.grad.numpy().T, rtol=1e-10,
                               atol=1e-12)
