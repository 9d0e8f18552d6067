"""MaxPool2D: gradient checks, shapes (with cropping), known values, gradient to the argmax, errors."""
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.layers.registry import layer_from_dict, layer_to_dict

TOL = 1e-6


def _pool(pool_size=2, input_shape=(4, 4, 1)):
    layer = nl.MaxPool2D(pool_size, name="max_pool2d_1")
    layer.build(input_shape)
    return layer


@pytest.mark.parametrize("pool_size, input_shape", [(2, (4, 6, 3)), (2, (5, 7, 2)), ((2, 3), (4, 6, 1)),
                                                     (3, (6, 6, 2))])
def test_maxpool_gradients(pool_size, input_shape):
    layer = _pool(pool_size, input_shape)
    # distinct values at least 0.01 apart, so no +-eps nudge can change which entry is the max
    x = np.random.default_rng(0).permutation(np.prod(input_shape) * 2) * 0.01
    assert nl.gradcheck_layer(layer, x.reshape(2, *input_shape)) < TOL


@pytest.mark.parametrize("pool_size, input_shape, out", [
    (2, (28, 28, 8), (14, 14, 8)),
    (2, (13, 13, 4), (6, 6, 4)),   # floor: the last row and column are dropped
    (3, (28, 28, 1), (9, 9, 1)),
    ((2, 4), (8, 8, 2), (4, 2, 2)),
])
def test_maxpool_output_shape(pool_size, input_shape, out):
    layer = _pool(pool_size, input_shape)
    assert layer.output_shape(input_shape) == out
    x = np.random.default_rng(1).normal(size=(3, *input_shape)).astype("float32")
    y = layer.forward(x)
    assert y.shape == (3, *out) and y.dtype == np.float32
    assert layer.backward(np.ones_like(y)).shape == x.shape
    assert layer.n_params == 0 and not layer.trainable


def test_maxpool_known_values():
    x = np.array([[1, 3, 2, 0],
                  [4, 2, 1, 1],
                  [0, 0, 5, 6],
                  [7, 1, 8, 2]], dtype=float).reshape(1, 4, 4, 1)
    layer = _pool()
    np.testing.assert_array_equal(layer.forward(x)[0, :, :, 0], [[4, 2], [7, 8]])
    dx = layer.backward(np.array([[10.0, 20.0], [30.0, 40.0]]).reshape(1, 2, 2, 1))
    np.testing.assert_array_equal(dx[0, :, :, 0], [[0, 0, 20, 0],
                                                   [10, 0, 0, 0],
                                                   [0, 0, 0, 0],
                                                   [30, 0, 40, 0]])


def test_channels_are_pooled_separately():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 6, 4, 3))
    layer = _pool(2, (6, 4, 3))
    y = layer.forward(x)
    for c in range(3):
        expected = x[:, :, :, c].reshape(2, 3, 2, 2, 2).max(axis=(2, 4))
        np.testing.assert_array_equal(y[:, :, :, c], expected)


def test_gradient_goes_to_one_entry_per_window_even_with_ties():
    x = np.zeros((1, 4, 4, 2))  # every window is a four-way tie, like ReLU zeros
    x[0, 1, 1, 1] = 1.0
    layer = _pool()
    layer.forward(x)
    dx = layer.backward(np.ones((1, 2, 2, 2)))
    assert dx.sum() == 8  # each of the 8 outputs passes on exactly its own gradient
    np.testing.assert_array_equal(dx[0, ::2, ::2, 0], np.ones((2, 2)))  # ties: the first entry wins
    assert dx[0, 1, 1, 1] == 1 and dx[0, 0, 0, 1] == 0  # the strict max wins its window


def test_cropped_rows_and_columns_get_no_gradient():
    layer = _pool(2, (5, 5, 1))
    x = np.random.default_rng(3).normal(size=(2, 5, 5, 1)) + 10
    layer.forward(x)
    dx = layer.backward(np.ones((2, 2, 2, 1)))
    assert not dx[:, 4, :].any() and not dx[:, :, 4].any()
    assert dx.sum() == 8


def test_config_round_trip_and_describe():
    layer = nl.MaxPool2D((2, 3))
    assert layer.describe() == "MaxPool2D 2x3"
    assert layer_from_dict(layer_to_dict(layer)).pool_size == (2, 3)


def test_wrong_rank_raises_a_clear_error():
    with pytest.raises(ValueError, match=r"MaxPool2D layer 'max_pool2d_1' expects images of shape "
                                         r"\(batch, height, width, channels\), got \(batch, 784\).*"
                                         r"if a Flatten or Dense layer comes before it"):
        nl.Sequential([nl.Flatten(input_shape=(28, 28)), nl.MaxPool2D(name="max_pool2d_1")])
    with pytest.raises(ValueError, match="expects images of shape"):
        _pool().forward(np.zeros((2, 16)))
    with pytest.raises(ValueError, match=r"got \(batch, 4, 4\); add a channel axis"):
        _pool()(np.zeros((2, 4, 4)))


def test_pool_larger_than_input():
    with pytest.raises(ValueError, match="pools 3x3 windows, larger than its 2x2 input"):
        _pool(3, (2, 2, 1))


@pytest.mark.parametrize("pool_size", [0, -2, (2, 0), "2", True, (2, 2, 2)])
def test_bad_pool_size(pool_size):
    with pytest.raises(ValueError, match="pool_size must be a positive int"):
        nl.MaxPool2D(pool_size)


# --- stride (CS231n's pool and stride) ---------------------------------------------------------
@pytest.mark.parametrize("pool_size, stride, input_shape", [
    (3, 2, (7, 7, 2)),        # overlapping windows: an entry can win two of them
    (2, 1, (4, 5, 3)),
    (2, 3, (8, 7, 2)),        # gaps between windows: those entries get no gradient
    ((2, 3), (1, 2), (5, 7, 1)),
    (2, 2, (6, 6, 2)),        # the default, given explicitly
    ((1, 2), None, (5, 7, 2)), ((3, 1), None, (7, 4, 2)), (1, None, (3, 3, 2)),  # one-wide windows
])
def test_maxpool_gradients_with_a_stride(pool_size, stride, input_shape):
    layer = nl.MaxPool2D(pool_size, stride=stride, name="max_pool2d_1")
    layer.build(input_shape)
    x = np.random.default_rng(4).permutation(np.prod(input_shape) * 2) * 0.01
    assert nl.gradcheck_layer(layer, x.reshape(2, *input_shape)) < TOL


@pytest.mark.parametrize("pool_size, stride, input_shape, out", [
    (3, 2, (7, 7, 2), (3, 3, 2)),     # (7 - 3) // 2 + 1
    (3, 2, (8, 8, 2), (3, 3, 2)),     # floor: the last column is dropped
    (2, 1, (4, 5, 3), (3, 4, 3)),
    (2, 3, (8, 7, 2), (3, 2, 2)),
    (2, None, (13, 13, 4), (6, 6, 4)),
])
def test_maxpool_output_shape_with_a_stride(pool_size, stride, input_shape, out):
    layer = nl.MaxPool2D(pool_size, stride=stride)
    layer.build(input_shape)
    assert layer.output_shape(input_shape) == out
    x = np.random.default_rng(5).normal(size=(3, *input_shape)).astype("float32")
    y = layer.forward(x)
    assert y.shape == (3, *out) and y.dtype == np.float32
    dx = layer.backward(np.ones_like(y))
    assert dx.shape == x.shape and dx.dtype == np.float32 and dx.sum() == y.size


def test_overlapping_windows_known_values():
    x = np.array([[1, 2, 0],
                  [0, 9, 0],
                  [3, 0, 4]], dtype=float).reshape(1, 3, 3, 1)
    layer = nl.MaxPool2D(2, stride=1)
    layer.build((3, 3, 1))
    np.testing.assert_array_equal(layer.forward(x)[0, :, :, 0], [[9, 9], [9, 9]])
    dx = layer.backward(np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 2, 1))
    np.testing.assert_array_equal(dx[0, :, :, 0], [[0, 0, 0], [0, 10, 0], [0, 0, 0]])  # the sum


@pytest.mark.parametrize("pool_size, stride", [(2, None), (3, None), ((2, 3), None), (3, 2), (2, 1)])
def test_maxpool_equals_the_textbook_windows(pool_size, stride):
    from numpy.lib.stride_tricks import sliding_window_view
    layer = nl.MaxPool2D(pool_size, stride=stride)
    x = np.random.default_rng(6).integers(0, 4, size=(3, 9, 8, 5)).astype("float32")  # many ties
    layer.build(x.shape[1:])
    (ph, pw), (sh, sw) = layer.pool_size, layer.stride
    windows = sliding_window_view(x, (ph, pw), axis=(1, 2))[:, ::sh, ::sw]
    y = layer.forward(x)
    np.testing.assert_array_equal(y, windows.max(axis=(4, 5))[:, :y.shape[1], :y.shape[2]])
    dy = np.random.default_rng(7).normal(size=y.shape).astype("float32")
    dx = layer.backward(dy)
    # each window passes its gradient to exactly one entry, and that entry holds the max
    ho, wo = y.shape[1:3]
    for i in range(ho):
        for j in range(wo):
            alone = np.zeros_like(dy)
            alone[:, i, j] = 1
            layer.forward(x)
            got = layer.backward(alone)[:, i * sh:i * sh + ph, j * sw:j * sw + pw]
            assert (got.sum(axis=(1, 2)) == 1).all() and (np.abs(got).sum(axis=(1, 2)) == 1).all()
            np.testing.assert_array_equal((got * x[:, i * sh:i * sh + ph, j * sw:j * sw + pw])
                                          .sum(axis=(1, 2)), y[:, i, j])
    assert dx.shape == x.shape


def test_stride_config_round_trip_describe_and_old_configs():
    layer = nl.MaxPool2D(3, stride=2)
    assert layer.describe() == "MaxPool2D 3x3, stride 2x2"
    assert nl.MaxPool2D(2).describe() == "MaxPool2D 2x2"
    clone = layer_from_dict(layer_to_dict(layer))
    assert clone.stride == (2, 2) and clone.get_config() == layer.get_config()
    old = layer_from_dict({"class": "MaxPool2D", "config": {"name": "p", "pool_size": [2, 3]}})
    assert old.stride == (2, 3)  # a model saved before strides existed loads as it was


@pytest.mark.parametrize("stride", [0, (1, 0), "2", True])
def test_bad_stride(stride):
    with pytest.raises(ValueError, match="MaxPool2D stride must be a positive int"):
        nl.MaxPool2D(2, stride=stride)


@pytest.mark.parametrize("pool_size, stride, input_shape", [
    (2, None, (8, 8, 3)), (3, 2, (9, 9, 2)), (2, 1, (5, 6, 4)), ((2, 3), (2, 1), (7, 8, 2)),
    (2, None, (7, 9, 3)),
])
def test_maxpool_matches_pytorch(pool_size, stride, input_shape):
    torch = pytest.importorskip("torch")
    layer = nl.MaxPool2D(pool_size, stride=stride)
    layer.build(input_shape)
    rng = np.random.default_rng(8)
    x = rng.normal(size=(2, *input_shape))
    y = layer.forward(x)
    dy = rng.normal(size=y.shape)
    dx = layer.backward(dy)
    tx = torch.tensor(x.transpose(0, 3, 1, 2), requires_grad=True)
    ty = torch.nn.functional.max_pool2d(tx, layer.pool_size, layer.stride)
    ty.backward(torch.tensor(dy.transpose(0, 3, 1, 2)))
    np.testing.assert_array_equal(y, ty.detach().numpy().transpose(0, 2, 3, 1))
    np.testing.assert_allclose(dx, tx.grad.numpy().transpose(0, 2, 3, 1), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("pool_size, stride", [(2, None), ((2, 3), None), (3, None), (2, 1)])
def test_ties_go_to_the_first_entry_row_by_row_as_np_argmax(pool_size, stride):
    """The fast path (tiles) and the general one agree with np.argmax on every tie pattern."""
    from numpy.lib.stride_tricks import sliding_window_view
    layer = nl.MaxPool2D(pool_size, stride=stride)
    x = np.random.default_rng(10).integers(0, 3, size=(4, 7, 9, 3)).astype("float64")
    x[0, :2, :2, 0] = [[0, 5], [5, 0]]  # column 0's max in row 1, column 1's in row 0: (0, 1) wins
    layer.build(x.shape[1:])
    y = layer.forward(x)
    dx = layer.backward(np.ones_like(y))
    (ph, pw), (sh, sw) = layer.pool_size, layer.stride
    windows = sliding_window_view(x, (ph, pw), axis=(1, 2))[:, ::sh, ::sw][:, :y.shape[1], :y.shape[2]]
    first = windows.reshape(*windows.shape[:4], -1).argmax(axis=-1)
    expected = np.zeros_like(x)
    for k in range(ph * pw):
        i, j = divmod(k, pw)
        expected[:, i:i + sh * (y.shape[1] - 1) + 1:sh, j:j + sw * (y.shape[2] - 1) + 1:sw] += first == k
    np.testing.assert_array_equal(dx, expected)
    if pool_size == 2 and stride is None:
        np.testing.assert_array_equal(dx[0, :2, :2, 0], [[0, 1], [0, 0]])
