"""augment_images: seeded, vectorised shifts and rotations that move pixels where the maths says."""
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.datasets import augment_images


def dot_image(y, x, n=1, size=15):
    img = np.zeros((n, size, size), dtype=np.float32)
    img[:, y, x] = 1.0
    return img


def centroid(img):
    ys, xs = np.mgrid[0:img.shape[0], 0:img.shape[1]]
    return np.array([(ys * img).sum(), (xs * img).sum()]) / img.sum()


def draws(n, max_shift, max_rotation, seed):
    """The angles and shifts augment_images draws for n images from this seed, in its order."""
    rng = np.random.default_rng(seed)
    angle = np.deg2rad(rng.uniform(-max_rotation, max_rotation, n))
    dy, dx = rng.uniform(-max_shift, max_shift, (2, n))
    return angle, dy, dx


def test_no_shift_and_no_rotation_is_the_identity():
    (X, _), _ = nl.datasets.load_mnist(n_train=20, n_test=10)
    np.testing.assert_array_equal(augment_images(X, max_shift=0, max_rotation=0), X)


def test_a_shift_moves_a_dot_by_the_drawn_amount():
    X = dot_image(7, 7, n=5)
    out = augment_images(X, rng=3, max_shift=2.0, max_rotation=0.0)
    _, dy, dx = draws(5, 2.0, 0.0, 3)
    for k in range(5):
        np.testing.assert_allclose(centroid(out[k]), [7 + dy[k], 7 + dx[k]], atol=1e-6)
        assert out[k].sum() == pytest.approx(1.0, abs=1e-6)  # bilinear keeps the ink


def test_a_rotation_turns_a_dot_about_the_centre():
    X = dot_image(7, 11, n=4)  # 4 pixels right of the centre (7, 7)
    out = augment_images(X, rng=5, max_shift=0.0, max_rotation=30.0)
    angle, _, _ = draws(4, 0.0, 30.0, 5)
    for k in range(4):
        py, px = 0.0, 4.0
        expected = [7 + np.cos(angle[k]) * py - np.sin(angle[k]) * px,
                    7 + np.sin(angle[k]) * py + np.cos(angle[k]) * px]
        np.testing.assert_allclose(centroid(out[k]), expected, atol=0.05)


def test_seeded_shapes_dtypes_and_flat_input():
    (X, _), _ = nl.datasets.load_mnist(n_train=30, n_test=10)
    a, b = augment_images(X, rng=1), augment_images(X, rng=1)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, augment_images(X, rng=2))
    assert a.shape == X.shape and a.dtype == np.float32 and a.min() >= 0
    flat = augment_images(X.reshape(30, -1).astype(np.float64), rng=1)
    assert flat.shape == (30, 784) and flat.dtype == np.float64
    np.testing.assert_allclose(flat.reshape(30, 28, 28), a, atol=1e-3)
    with pytest.raises(ValueError, match="not a square image"):
        augment_images(np.zeros((2, 10)))
    with pytest.raises(ValueError, match="expects images"):
        augment_images(np.zeros(5))
