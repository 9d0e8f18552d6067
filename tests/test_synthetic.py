"""The 2-D teaching sets: shapes, dtypes, balance, reproducibility and their defining geometry."""
import numpy as np
import pytest

from nnlessons.datasets import make_blobs, make_circles, make_moons, make_spirals, make_xor

MAKERS = [make_moons, make_circles, make_spirals, make_xor, make_blobs]


@pytest.mark.parametrize("make", MAKERS)
def test_shapes_dtypes_and_reproducibility(make):
    X, y = make(n=101, rng=3)
    assert X.shape == (101, 2) and X.dtype == np.float32
    assert y.shape == (101,) and y.dtype == np.int64
    X2, y2 = make(n=101, rng=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, make(n=101, rng=4)[0])


@pytest.mark.parametrize("make", [make_moons, make_circles, make_blobs])
def test_two_classes_split_evenly_and_shuffled(make):
    X, y = make(n=200)
    assert np.bincount(y).tolist() == [100, 100]
    assert 0 < y[:100].mean() < 1  # rows are shuffled, not sorted by class


def test_spirals_have_one_arm_per_class():
    X, y = make_spirals(n=200, n_classes=4)
    assert np.bincount(y).tolist() == [50, 50, 50, 50]
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius.max() <= 1.0 + 1e-6  # angle noise moves points round, never outwards


def test_noise_free_sets_have_their_exact_geometry():
    X, y = make_circles(n=100, noise=0, factor=0.3)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1, atol=1e-6)
    np.testing.assert_allclose(radius[y == 1], 0.3, atol=1e-6)
    X, y = make_xor(n=300, noise=0)
    np.testing.assert_array_equal(y, (X[:, 0] > 0) != (X[:, 1] > 0))
    assert np.abs(X).min() >= 0.05 - 1e-6  # kept off the axes
    X, y = make_moons(n=100, noise=0)
    np.testing.assert_allclose(np.hypot(X[y == 0, 0], X[y == 0, 1]), 1, atol=1e-6)


@pytest.mark.parametrize("noise", [0.3, 2.0])
def test_blobs_are_linearly_separable_whatever_the_noise(noise):
    X, y = make_blobs(n=300, noise=noise, rng=1)
    side = X.sum(axis=1) / np.sqrt(2)
    assert (side[y == 1] >= 0.1 - 1e-6).all() and (side[y == 0] <= -0.1 + 1e-6).all()


@pytest.mark.parametrize("make", MAKERS)
def test_every_set_takes_n_noise_rng_in_that_order(make):
    X, y = make(50, 0.1, 5)
    np.testing.assert_array_equal(X, make(n=50, noise=0.1, rng=5)[0])


@pytest.mark.parametrize("make", MAKERS)
def test_bad_arguments_raise_clear_errors(make):
    with pytest.raises(ValueError, match="n="):
        make(n=0)
    with pytest.raises(ValueError, match="noise"):
        make(noise=-1)
    with pytest.raises(TypeError, match="rng"):
        make(rng="seed")


def test_spiral_and_circle_specific_errors():
    with pytest.raises(ValueError, match="n_classes"):
        make_spirals(n_classes=1)
    with pytest.raises(ValueError, match="factor"):
        make_circles(factor=1.5)
