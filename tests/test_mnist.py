"""The shipped MNIST: what the loader returns, and clear errors for missing or damaged files.

Damaged files are built in a temporary folder from the shipped ones (decompress, change, recompress).
"""
import gzip
import shutil

import numpy as np
import pytest

import nnlessons as nl
from nnlessons.datasets import DataFileError
from nnlessons.datasets.mnist import DATA_DIR, FILES

TEST_LABELS = "t10k-labels-idx1-ubyte.gz"


@pytest.fixture
def mnist_copy(tmp_path):
    for name in FILES:
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def rewrite(folder, name, change):
    """Decompress ``name``, apply ``change(bytearray)`` and write it back gzip-compressed."""
    raw = bytearray(gzip.decompress((folder / name).read_bytes()))
    change(raw)
    (folder / name).write_bytes(gzip.compress(bytes(raw), compresslevel=1))


def test_shipped_data_shapes_dtypes_and_ranges():
    (X_train, y_train), (X_test, y_test) = nl.datasets.load_mnist()
    assert X_train.shape == (60000, 28, 28) and X_test.shape == (10000, 28, 28)
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    for a in (X_train, y_train, X_test, y_test):
        assert a.dtype == np.uint8
        assert not a.flags.writeable  # shared by every caller, so read-only
    assert X_train.max() == 255 and X_train.min() == 0
    np.testing.assert_array_equal(np.unique(y_train), np.arange(10))
    np.testing.assert_array_equal(np.unique(y_test), np.arange(10))
    # well-known facts about MNIST: the first training digit is a 5, the first test digit a 7
    assert y_train[0] == 5 and y_test[0] == 7
    assert np.bincount(y_train).tolist()[:2] == [5923, 6742]


def test_second_load_is_served_from_the_cache():
    first = nl.datasets.load_mnist()
    second = nl.datasets.load_mnist()
    assert first[0][0] is second[0][0]


def test_stratified_subsets_keep_class_proportions_and_are_reproducible():
    (X, y), (Xt, yt) = nl.datasets.load_mnist(n_train=1000, n_test=200, rng=0)
    assert X.shape == (1000, 28, 28) and y.shape == (1000,) and Xt.shape == (200, 28, 28)
    full = np.bincount(nl.datasets.load_mnist()[0][1]) / 60000
    assert np.abs(np.bincount(y, minlength=10) - 1000 * full).max() <= 1
    (X2, y2), _ = nl.datasets.load_mnist(n_train=1000, n_test=200, rng=0)
    np.testing.assert_array_equal(X, X2)
    (X3, _), _ = nl.datasets.load_mnist(n_train=1000, n_test=200, rng=1)
    assert not np.array_equal(X, X3)


def test_path_loads_the_same_files_from_another_folder(mnist_copy):
    (X, y), (Xt, yt) = nl.datasets.load_mnist(path=mnist_copy)
    (X0, y0), (Xt0, yt0) = nl.datasets.load_mnist()
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(yt, yt0)
    assert X is not X0


def test_a_missing_file(mnist_copy):
    (mnist_copy / TEST_LABELS).unlink()
    with pytest.raises(DataFileError, match=f"MNIST file missing: expected {TEST_LABELS} in .*copy"):
        nl.datasets.load_mnist(path=mnist_copy)


def test_an_empty_folder(tmp_path):
    with pytest.raises(ValueError, match="MNIST file missing"):
        nl.datasets.load_mnist(path=tmp_path)


def test_a_truncated_gzip_file(mnist_copy):
    data = (mnist_copy / TEST_LABELS).read_bytes()
    (mnist_copy / TEST_LABELS).write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFileError, match="cannot be decompressed.*truncated or corrupt"):
        nl.datasets.load_mnist(path=mnist_copy)


def test_a_file_that_is_not_gzip(mnist_copy):
    (mnist_copy / TEST_LABELS).write_bytes(b"<html>404 Not Found</html>")
    with pytest.raises(DataFileError, match="cannot be decompressed"):
        nl.datasets.load_mnist(path=mnist_copy)


def test_a_complete_gzip_of_a_truncated_file(mnist_copy):
    rewrite(mnist_copy, TEST_LABELS, lambda raw: raw.__delitem__(slice(5000, None)))
    with pytest.raises(DataFileError, match="has 5,000 bytes after decompression, expected 10,008"):
        nl.datasets.load_mnist(path=mnist_copy)


def test_flipped_bytes_with_the_right_size_fail_the_checksum(mnist_copy):
    def flip(raw):
        raw[100] ^= 0xFF
    rewrite(mnist_copy, TEST_LABELS, flip)
    with pytest.raises(DataFileError, match="right size but the wrong SHA-256 checksum"):
        nl.datasets.load_mnist(path=mnist_copy)


def test_a_bad_idx_header(mnist_copy):
    def wrong_type(raw):
        raw[2] = 0x0D  # float32 elements instead of unsigned bytes
    rewrite(mnist_copy, TEST_LABELS, wrong_type)
    with pytest.raises(DataFileError, match="wrong SHA-256"):
        nl.datasets.load_mnist(path=mnist_copy)
    with pytest.raises(DataFileError, match=r"not an IDX file of unsigned bytes \(header 00000d01"):
        nl.datasets.load_mnist(path=mnist_copy, verify=False)


def test_an_idx_header_whose_sizes_do_not_match_the_data(mnist_copy):
    def fewer_labels(raw):
        raw[4:8] = (9999).to_bytes(4, "big")
    rewrite(mnist_copy, TEST_LABELS, fewer_labels)
    with pytest.raises(DataFileError, match=r"IDX header promises 10,007 bytes for shape \(9999,\), "
                                            r"file has 10,008"):
        nl.datasets.load_mnist(path=mnist_copy, verify=False)


def test_files_swapped_by_name(mnist_copy):
    """Test labels where training labels should be: sizes tell them apart."""
    shutil.copy(DATA_DIR / TEST_LABELS, mnist_copy / "train-labels-idx1-ubyte.gz")
    with pytest.raises(DataFileError, match="train-labels.*expected 60,008"):
        nl.datasets.load_mnist(path=mnist_copy)


def test_a_small_network_learns_mnist():
    """Integration: the documented recipe on a 6,000-image subset reaches 90% test accuracy."""
    (X, y), (Xt, yt) = nl.datasets.load_mnist(n_train=6000, n_test=1000, rng=0)
    X = X.reshape(len(X), -1).astype("float32") / 255
    Xt = Xt.reshape(len(Xt), -1).astype("float32") / 255
    model = nl.Sequential([nl.Dense(64, activation="relu", input_dim=784),
                           nl.Dense(10, activation="softmax")], rng=0)
    model.compile(loss="cross_entropy", optimizer=nl.Adam(lr=1e-3))
    history = model.fit(X, y, epochs=2, batch_size=64, validation_data=(Xt, yt), verbose=0)
    assert history.val_accuracy[-1] > 0.9
    assert model.evaluate(Xt, yt)["accuracy"] == pytest.approx(history.val_accuracy[-1])
