"""Conv2D: gradient checks, shapes, parameter counts, a hand-made edge filter, errors, and a small
convolutional network trained, saved and loaded inside Sequential."""
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.layers.registry import layer_from_dict, layer_to_dict

TOL = 1e-6


def _conv_by_loops(x, W, b, stride=1, pad=((0, 0), (0, 0))):
    """The definition, one output pixel at a time:
    y[n, i, j, f] = sum over (di, dj, c) of x[n, i*s + di, j*s + dj, c] W[di, dj, c, f], plus b[f]."""
    x = np.pad(x, ((0, 0), *pad, (0, 0)))
    n, h, w, _ = x.shape
    kh, kw, _, f = W.shape
    ho, wo = (h - kh) // stride + 1, (w - kw) // stride + 1
    y = np.zeros((n, ho, wo, f))
    for i in range(ho):
        for j in range(wo):
            patch = x[:, i * stride:i * stride + kh, j * stride:j * stride + kw, :]
            y[:, i, j, :] = np.tensordot(patch, W, axes=([1, 2, 3], [0, 1, 2])) + b
    return y


def _built(layer, input_shape, seed=0):
    rng = np.random.default_rng(seed)
    layer.name = layer.name or "conv2d_1"
    layer.build(input_shape, rng)
    layer.params["b"][...] = rng.normal(size=layer.params["b"].shape)  # so b's gradient is tested
    return layer


# --- gradient checks ----------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, input_shape", [
    ({"filters": 3, "kernel_size": 3}, (5, 6, 2)),
    ({"filters": 2, "kernel_size": (2, 3), "stride": 2, "padding": "same"}, (5, 7, 2)),
    ({"filters": 2, "kernel_size": 3, "stride": 2}, (6, 6, 1)),  # last row/column never used
    ({"filters": 3, "kernel_size": 3, "padding": "same", "activation": "tanh"}, (4, 4, 2)),
])
def test_conv2d_gradients(kwargs, input_shape):
    layer = _built(nl.Conv2D(**kwargs), input_shape)
    x = np.random.default_rng(1).normal(size=(2, *input_shape))
    assert nl.gradcheck_layer(layer, x) < TOL
    assert layer.params["W"].dtype == layer.grads["W"].dtype == np.float64


def test_whole_conv_model_gradients():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(4, 6, 6, 1)), rng.integers(0, 3, size=4)
    model = nl.Sequential([nl.Conv2D(2, 3, activation="tanh", input_shape=(6, 6, 1)),
                           nl.MaxPool2D(2), nl.Flatten(), nl.Dense(3, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy")
    errors = nl.gradcheck(model, X, y, details=True)
    conv, dense = model.layers[0].name, model.layers[-1].name
    assert set(errors) == {f"{conv}/W", f"{conv}/b", f"{dense}/W", f"{dense}/b"}
    assert max(errors.values()) < TOL


# --- shapes, parameters, values -------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, out", [
    ({}, (26, 26, 8)),
    ({"padding": "same"}, (28, 28, 8)),
    ({"stride": 2}, (13, 13, 8)),
    ({"stride": 2, "padding": "same"}, (14, 14, 8)),
    ({"kernel_size": (5, 1)}, (24, 28, 8)),
])
def test_conv2d_output_shape(kwargs, out):
    layer = nl.Conv2D(8, **{"kernel_size": 3, **kwargs})
    layer.build((28, 28, 1), np.random.default_rng(0))
    assert layer.output_shape((28, 28, 1)) == out
    x = np.zeros((3, 28, 28, 1), dtype="float32")
    y = layer.forward(x)
    assert y.shape == (3, *out) and y.dtype == np.float32
    assert layer.backward(np.ones_like(y)).shape == x.shape


def test_conv2d_parameter_counts():
    layer = nl.Conv2D(8, 3)
    layer.build((28, 28, 1), np.random.default_rng(0))
    assert layer.n_params == 80  # 3 * 3 * 1 * 8 weights + 8 biases
    assert layer.params["W"].shape == (3, 3, 1, 8) and layer.params["b"].shape == (8,)
    wide = nl.Conv2D(16, 5)
    wide.build((32, 32, 3), np.random.default_rng(0))
    assert wide.n_params == 5 * 5 * 3 * 16 + 16


def test_conv2d_relu_uses_he_initialisation():
    layer = nl.Conv2D(64, 3, activation="relu")
    layer.build((8, 8, 16), np.random.default_rng(0))
    std = float(layer.params["W"].std())
    assert std == pytest.approx(np.sqrt(2 / (3 * 3 * 16)), rel=0.05)


def test_vertical_edge_filter_on_a_tiny_image():
    image = np.zeros((1, 5, 5, 1))
    image[0, :, 3:, 0] = 1.0  # dark left, bright right: a vertical edge between columns 2 and 3
    edge = np.array([[1.0, 0.0, -1.0]] * 3)[:, :, None, None]  # (3, 3, 1, 1)
    layer = nl.Conv2D(1, 3)
    layer.build((5, 5, 1), np.random.default_rng(0))
    layer.params["W"][...] = edge
    y = layer.forward(image.astype("float32"))
    expected = _conv_by_loops(image, edge, np.zeros(1))
    np.testing.assert_allclose(y, expected, atol=1e-6)
    # the filter fires only where the window straddles the edge (bright on its right: -3)
    np.testing.assert_array_equal(expected[0, :, :, 0], [[0, -3, -3]] * 3)


@pytest.mark.parametrize("stride, padding", [(1, "valid"), (2, "valid"), (1, "same"), (2, "same")])
def test_conv2d_matches_the_loop_definition(stride, padding):
    rng = np.random.default_rng(3)
    layer = _built(nl.Conv2D(4, 3, stride=stride, padding=padding), (7, 6, 2))
    layer.astype("float64")
    x = rng.normal(size=(2, 7, 6, 2))
    (pt, pb), (pl, pr) = layer._pads
    expected = _conv_by_loops(x, layer.params["W"], layer.params["b"], stride, ((pt, pb), (pl, pr)))
    np.testing.assert_allclose(layer.forward(x), expected, rtol=1e-12, atol=1e-12)


def test_first_layer_skips_the_input_gradient():
    layer = nl.Conv2D(2, 3)
    layer.build((5, 5, 1), np.random.default_rng(0))
    layer.needs_input_grad = False
    y = layer.forward(np.ones((2, 5, 5, 1), dtype="float32"))
    assert layer.backward(np.ones_like(y)) is None
    np.testing.assert_allclose(layer.grads["b"], [18, 18])  # 2 images x 3 x 3 outputs


def test_describe_config_round_trip_and_repr():
    layer = nl.Conv2D(8, (3, 5), stride=2, padding="same", activation="relu", input_shape=(28, 28, 1))
    assert layer.describe() == "Conv2D 8 3x5 + ReLU"
    clone = layer_from_dict(layer_to_dict(layer))
    assert clone.get_config() == layer.get_config()
    assert "Conv2D(8, (3, 5)" in repr(layer)


# --- errors -------------------------------------------------------------------------------------------
def test_flat_images_raise_a_clear_error_with_the_fix():
    model = nl.Sequential([nl.Conv2D(8, 3, name="conv2d_1"), nl.Flatten(),
                           nl.Dense(10, activation="softmax")])
    model.compile()
    X = np.zeros((4, 784), dtype="float32")
    with pytest.raises(ValueError, match=r"Conv2D layer 'conv2d_1' expects images of shape "
                                         r"\(batch, height, width, channels\), got \(batch, 784\); "
                                         r"reshape with X\.reshape\(-1, 28, 28, 1\)"):
        model.fit(X, np.zeros(4, dtype=int), verbose=0)


def test_images_without_a_channel_axis_raise_a_clear_error():
    with pytest.raises(ValueError, match=r"got \(batch, 28, 28\); add a channel axis with "
                                         r"X\.reshape\(-1, 28, 28, 1\)"):
        nl.Sequential([nl.Conv2D(8, 3, input_shape=(28, 28))])


def test_forward_checks_rank_and_shape():
    layer = nl.Conv2D(2, 3, name="c")
    with pytest.raises(ValueError, match="no weights yet"):
        layer.forward(np.zeros((1, 5, 5, 1)))
    layer.build((5, 5, 1), np.random.default_rng(0))
    with pytest.raises(ValueError, match="expects images of shape"):
        layer.forward(np.zeros((1, 25)))
    with pytest.raises(ValueError, match=r"built for images of shape \(batch, 5, 5, 1\)"):
        layer.forward(np.zeros((1, 5, 5, 3)))
    with pytest.raises(ValueError, match=r"got \(batch, 25\); reshape with X\.reshape\(-1, 5, 5, 1\)"):
        layer(np.zeros((1, 25)))  # calling the layer by hand gives the same message


def test_kernel_larger_than_input():
    with pytest.raises(ValueError, match="5x5 kernel, larger than its 4x4 input.*padding='same'"):
        nl.Conv2D(2, 5).build((4, 4, 1), np.random.default_rng(0))
    nl.Conv2D(2, 5, padding="same").build((4, 4, 1), np.random.default_rng(0))  # allowed


@pytest.mark.parametrize("kwargs, message", [
    ({"filters": 0, "kernel_size": 3}, "filters must be a positive int"),
    ({"filters": 2.5, "kernel_size": 3}, "filters must be a positive int"),
    ({"filters": 4, "kernel_size": 0}, "kernel_size must be a positive int"),
    ({"filters": 4, "kernel_size": (3, 3, 3)}, "kernel_size must be a positive int"),
    ({"filters": 4, "kernel_size": 3, "stride": 0}, "stride must be a positive int"),
    ({"filters": 4, "kernel_size": 3, "padding": "full"}, "padding must be 'valid' or 'same'"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        nl.Conv2D(**kwargs)


# --- inside Sequential ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mnist_images():
    (X, y), (X_test, y_test) = nl.datasets.load_mnist(n_train=300, n_test=100)
    scale = np.float32(1 / 255)
    return X.reshape(-1, 28, 28, 1) * scale, y, X_test.reshape(-1, 28, 28, 1) * scale, y_test


def _small_convnet(seed=0):
    model = nl.Sequential([nl.Conv2D(4, 3, activation="relu", input_shape=(28, 28, 1)),
                           nl.MaxPool2D(2), nl.Flatten(), nl.Dense(10, activation="softmax")], rng=seed)
    return model.compile(loss="cross_entropy", optimizer=nl.Adam(3e-3))


def test_small_convnet_learns_mnist_digits(mnist_images):
    X, y, X_test, y_test = mnist_images
    model = _small_convnet()
    assert model.output_shape_ == (10,)
    assert model.n_params == 40 + 13 * 13 * 4 * 10 + 10
    history = model.fit(X, y, epochs=3, batch_size=32, verbose=0)
    assert history.loss[-1] < 0.6 * history.loss[0]
    assert model.layers[0].params["W"].dtype == np.float32
    assert model.evaluate(X_test, y_test)["accuracy"] > 0.5


def test_convnet_save_and_load_round_trip(mnist_images, tmp_path):
    X, y, X_test, _ = mnist_images
    model = _small_convnet(seed=1)
    model.fit(X[:64], y[:64], epochs=1, verbose=0)
    path = tmp_path / "convnet.npz"
    model.save(path)
    loaded = nl.load_model(path)
    assert [type(layer).__name__ for layer in loaded.layers] == ["Conv2D", "MaxPool2D", "Flatten",
                                                               "Dense"]
    np.testing.assert_array_equal(loaded.predict(X_test), model.predict(X_test))


@pytest.mark.parametrize("layer, input_shape", [(nl.Conv2D(3, 3), (5, 5, 2)),
                                                (nl.SimpleRNN(3), (4, 2)),
                                                (nl.BatchNorm(), (5, 5, 2))])
def test_new_layers_fill_their_gradients_in_place(layer, input_shape):
    """fit hands the optimizer (and the gradient-norm history) references to these arrays once."""
    layer.build(input_shape, np.random.default_rng(0))
    before = {k: id(g) for k, g in layer.grads.items()}
    y = layer.forward(np.random.default_rng(1).normal(size=(2, *input_shape)).astype("float32"),
                      training=True)
    layer.backward(np.random.default_rng(2).normal(size=y.shape).astype("float32"))
    assert {k: id(g) for k, g in layer.grads.items()} == before
    assert all(np.abs(g).sum() > 0 for g in layer.grads.values())
    assert all(g.dtype == np.float32 for g in layer.grads.values())


# --- CS231n conventions: integer padding and stride ----------------------------------------------
@pytest.mark.parametrize("kwargs, input_shape", [
    ({"filters": 3, "kernel_size": 3, "padding": 1}, (5, 6, 2)),
    ({"filters": 2, "kernel_size": 3, "padding": 1, "stride": 2}, (7, 5, 1)),  # one channel
    ({"filters": 2, "kernel_size": (3, 2), "padding": (2, 1), "stride": (1, 2)}, (4, 6, 3)),
    ({"filters": 2, "kernel_size": 4, "padding": 1, "stride": 2, "activation": "relu"}, (6, 8, 2)),
    ({"filters": 3, "kernel_size": 3, "padding": 0, "activation": "sigmoid"}, (12, 12, 1)),
])
def test_conv2d_gradients_with_integer_padding_and_stride(kwargs, input_shape):
    layer = _built(nl.Conv2D(**kwargs), input_shape)
    x = np.random.default_rng(4).normal(size=(2, *input_shape))
    assert nl.gradcheck_layer(layer, x) < TOL


@pytest.mark.parametrize("padding, stride, kernel, out", [
    (1, 1, 3, (28, 28, 8)),      # (28 + 2 - 3) / 1 + 1
    (1, 2, 4, (14, 14, 8)),      # (28 + 2 - 4) / 2 + 1
    (0, 1, 5, (24, 24, 8)),
    ((2, 0), 1, 5, (28, 24, 8)),
    (3, 3, 7, (10, 10, 8)),      # (28 + 6 - 7) / 3 + 1
])
def test_integer_padding_follows_the_cs231n_formula(padding, stride, kernel, out):
    layer = nl.Conv2D(8, kernel, stride=stride, padding=padding)
    layer.build((28, 28, 1), np.random.default_rng(0))
    assert layer.output_shape((28, 28, 1)) == out
    x = np.random.default_rng(1).normal(size=(2, 28, 28, 1)).astype("float32")
    y = layer.forward(x)
    assert y.shape == (2, *out) and y.dtype == np.float32
    assert layer.backward(np.ones_like(y)).shape == x.shape


@pytest.mark.parametrize("padding, stride", [(1, 1), (2, 2), ((1, 0), 1), (0, 2)])
def test_integer_padding_matches_the_loop_definition(padding, stride):
    layer = _built(nl.Conv2D(3, 3, stride=stride, padding=padding), (7, 7, 2))
    layer.astype("float64")
    x = np.random.default_rng(5).normal(size=(2, 7, 7, 2))
    p = (padding, padding) if isinstance(padding, int) else padding
    expected = _conv_by_loops(x, layer.params["W"], layer.params["b"], stride,
                              ((p[0], p[0]), (p[1], p[1])))
    np.testing.assert_allclose(layer.forward(x), expected, rtol=1e-12, atol=1e-12)


def test_padding_same_as_integer_padding_for_odd_kernels():
    same, one = nl.Conv2D(4, 3, padding="same"), nl.Conv2D(4, 3, padding=1)
    for layer in (same, one):
        layer.build((9, 9, 2), np.random.default_rng(0))
    x = np.random.default_rng(6).normal(size=(3, 9, 9, 2)).astype("float32")
    np.testing.assert_array_equal(same.forward(x), one.forward(x))


def test_sizes_that_do_not_fit_the_stride_say_expected_received_and_fix():
    layer = nl.Conv2D(4, 3, stride=2, padding=1, name="conv2d_1")
    with pytest.raises(ValueError, match=r"Conv2D layer 'conv2d_1' does not fit its input height: "
                                         r"expected \(H \+ 2P - K\) to be a multiple of the stride "
                                         r"S = 2, got \(28 \+ 2\*1 - 3\) = 27\. Use an input height "
                                         r"of 29, stride=1, or padding='valid'"):
        layer.build((28, 28, 1), np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"input width: expected \(W \+ 2P - K\).*"
                                         r"\(8 \+ 2\*0 - 3\) = 5\. Use padding=2 in width"):
        nl.Conv2D(4, 3, stride=3, padding=(1, 0)).build((7, 8, 1), np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"larger than its 2x2 input with padding 1: expected "
                                         r"K <= H \+ 2P in height, got 5 > 2 \+ 2\*1"):
        nl.Conv2D(4, 5, padding=1).build((2, 2, 1), np.random.default_rng(0))
    with pytest.raises(ValueError, match="does not fit its input height"):
        nl.Sequential([nl.Conv2D(4, 3, stride=2, padding=1, input_shape=(28, 28, 1))])


@pytest.mark.parametrize("padding", [-1, (1, -1), 1.5, (1, 2, 3), True, "full", None])
def test_bad_padding(padding):
    with pytest.raises(ValueError, match=r"padding must be 'valid' or 'same', or the number of zero "
                                         r"rows and columns added on each side"):
        nl.Conv2D(4, 3, padding=padding)


@pytest.mark.parametrize("padding", [2, (1, 0), "same", "valid"])
def test_padding_config_round_trip(padding):
    layer = nl.Conv2D(4, 3, stride=2, padding=padding, input_shape=(9, 9, 1))
    clone = layer_from_dict(layer_to_dict(layer))
    assert clone.get_config() == layer.get_config() and clone.padding == layer.padding
    assert repr(clone) == repr(layer)


def test_integer_padding_model_saves_and_loads(tmp_path):
    model = nl.Sequential([nl.Conv2D(2, 3, stride=2, padding=1, input_shape=(9, 9, 1)),
                           nl.Flatten(), nl.Dense(3, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy")
    x = np.random.default_rng(0).normal(size=(4, 9, 9, 1)).astype("float32")
    model.save(tmp_path / "m.npz")
    np.testing.assert_array_equal(nl.load_model(tmp_path / "m.npz").predict(x), model.predict(x))


# --- the fast helpers compute the textbook lines -----------------------------------------------------
@pytest.mark.parametrize("shape, kernel, stride", [
    ((2, 9, 11, 1), (3, 3), (1, 1)),   # few channels: gathered by kernel offset
    ((2, 9, 11, 8), (3, 3), (1, 1)),   # many channels: one patch per row
    ((3, 10, 9, 1), (3, 2), (2, 3)),
    ((3, 10, 9, 5), (2, 3), (3, 2)),
])
def test_im2col_and_col2im_equal_their_textbook_lines(shape, kernel, stride):
    from numpy.lib.stride_tricks import sliding_window_view

    from nnlessons._im2col import col2im, im2col
    rng = np.random.default_rng(7)
    x = rng.normal(size=shape)
    (kh, kw), (sh, sw) = kernel, stride
    windows = sliding_window_view(x, kernel, axis=(1, 2))[:, ::sh, ::sw]
    n, ho, wo, c = windows.shape[:4]
    textbook = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * ho * wo, kh * kw * c)
    np.testing.assert_array_equal(im2col(x, kernel, stride, (ho, wo)), textbook)
    W, dz = rng.normal(size=(kh, kw, c, 4)), rng.normal(size=(n, ho, wo, 4))
    dcols = (dz.reshape(-1, 4) @ W.reshape(-1, 4).T).reshape(n, ho, wo, kh, kw, c)
    expected = np.zeros_like(x)
    for i in range(kh):
        for j in range(kw):
            expected[:, i:i + sh * (ho - 1) + 1:sh, j:j + sw * (wo - 1) + 1:sw] += dcols[:, :, :, i, j]
    np.testing.assert_allclose(col2im(dz, W, x.shape, stride), expected, rtol=1e-12, atol=1e-12)


# --- PyTorch parity (where PyTorch is installed; never a dependency) ----------------------------------
@pytest.mark.parametrize("kwargs, input_shape", [
    ({"kernel_size": 3, "padding": 1}, (8, 8, 1)),
    ({"kernel_size": 3, "padding": 1, "stride": 2}, (9, 7, 3)),
    ({"kernel_size": (5, 3), "padding": (2, 0), "stride": (1, 2)}, (10, 9, 4)),
    ({"kernel_size": 3}, (28, 28, 8)),
])
def test_conv2d_matches_pytorch(kwargs, input_shape):
    torch = pytest.importorskip("torch")
    layer = _built(nl.Conv2D(5, **kwargs), input_shape)
    layer.astype("float64")
    rng = np.random.default_rng(8)
    x = rng.normal(size=(3, *input_shape))
    y = layer.forward(x)
    dy = rng.normal(size=y.shape)
    dx = layer.backward(dy)
    tx = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)       # channels first
    tw = torch.tensor(layer.params["W"].transpose(3, 2, 0, 1), requires_grad=True)
    tb = torch.tensor(layer.params["b"], requires_grad=True)
    ty = torch.nn.functional.conv2d(tx, tw, tb, stride=layer.stride,
                                    padding=tuple(p for p, _ in layer._pads))
    ty.backward(torch.tensor(dy.transpose(0, 3, 1, 2)))
    np.testing.assert_allclose(y, ty.detach().numpy().transpose(0, 2, 3, 1), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(dx, tx.grad.numpy().transpose(0, 2, 3, 1), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(layer.grads["W"], tw.grad.numpy().transpose(2, 3, 1, 0), rtol=1e-10,
                               atol=1e-10)
    np.testing.assert_allclose(layer.grads["b"], tb.grad.numpy(), rtol=1e-10, atol=1e-10)


def test_add_bias_and_column_sums_equal_their_textbook_lines():
    from nnlessons._im2col import add_bias, column_sums
    rng = np.random.default_rng(9)
    b = rng.normal(size=5).astype("float32")
    for z in (rng.normal(size=(3, 4, 6, 5)).astype("float32"),
              rng.normal(size=(5, 6, 4, 3)).astype("float32").T):  # not contiguous: z += b
        expected = z + b
        add_bias(z, b)
        np.testing.assert_array_equal(z, expected)
    dz = rng.normal(size=(50, 5))
    np.testing.assert_allclose(column_sums(dz), dz.sum(axis=0), rtol=1e-12)
