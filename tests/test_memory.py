"""Memory a lesson keeps alive (issue 24, section 3: every lesson under 512 MB): inference leaves
no buffers behind, pixels become floats in one array. benchmarks/lesson_budget.py measures the
lessons themselves."""
import numpy as np

import nnlessons as nl


def cnn():
    model = nl.Sequential([nl.Conv2D(4, 3, activation="relu", input_shape=(8, 8, 1)),
                           nl.MaxPool2D(2), nl.Flatten(), nl.Dense(3, activation="softmax")], rng=0)
    return model.compile(loss="cross_entropy", optimizer="adam")


def test_predict_and_evaluate_give_every_layer_its_training_cache_back():
    rng = np.random.default_rng(0)
    X, y = rng.random((40, 8, 8, 1), dtype=np.float32), rng.integers(0, 3, 40)
    model = cnn()
    model.fit(X[:8], y[:8], epochs=1, batch_size=8, verbose=0)
    caches = [layer.cache for layer in model._all_layers()]
    before = model.predict(X)

    model.predict(X, batch_size=16)   # several batches
    model.evaluate(X, y, batch_size=7)
    model.predict_classes(X)

    assert all(layer.cache is cache for layer, cache in zip(model._all_layers(), caches))
    assert len(model.layers[0].cache[0]) == 8 * 6 * 6  # im2col rows of the 8 training images
    np.testing.assert_array_equal(model.predict(X), before)


def test_fit_with_validation_data_ends_with_the_last_training_batch_in_the_caches():
    rng = np.random.default_rng(1)
    X, y = rng.random((30, 8, 8, 1), dtype=np.float32), rng.integers(0, 3, 30)
    model = cnn()
    model.fit(X[:10], y[:10], epochs=1, batch_size=4, validation_data=(X[10:], y[10:]), verbose=0)
    assert model.layers[0].cache[2].shape == (2, 6, 6, 4)  # the last batch: 10 = 4 + 4 + 2


def test_scale_pixels_gives_the_numbers_of_astype_then_divide_in_one_array():
    images = np.arange(256, dtype=np.uint8).reshape(4, 8, 8)
    out = nl.datasets.scale_pixels(images)
    assert out.dtype == np.float32 and out.shape == (4, 8, 8)
    np.testing.assert_array_equal(out, images.astype("float32") / 255)
    assert out[0, 0, 0] == 0 and out[-1, -1, -1] == 1
    assert not np.shares_memory(out, images)


def test_scale_pixels_refuses_floats_that_may_be_scaled_already():
    import pytest
    with pytest.raises(TypeError, match="expects pixel values 0-255 as integers"):
        nl.datasets.scale_pixels(np.zeros((2, 3), dtype=np.float32))


def test_the_mnist_cache_alone_keeps_no_pixels_alive():
    import gc
    import weakref
    (X, y), _ = nl.datasets.load_mnist()
    assert nl.datasets.load_mnist()[0][0] is X  # served from memory while X is held
    ref = weakref.ref(X)
    del X, y
    (X_small, _), _ = nl.datasets.load_mnist(n_train=100, n_test=10, rng=0)
    gc.collect()
    assert ref() is None and X_small.shape == (100, 28, 28)
