"""Scalers, flatten, one_hot and train_test_split: exact values on small hand-checked cases."""
import numpy as np
import pytest

from nnlessons.datasets import (MinMaxScaler, StandardScaler, flatten, one_hot,
                                train_test_split)

X_TRAIN = np.array([[1.0, 10.0, 5.0],
                    [3.0, 30.0, 5.0],
                    [2.0, 20.0, 5.0]], dtype=np.float32)


def test_minmax_scaler_learns_column_min_and_max_and_maps_them_to_0_and_1():
    scaler = MinMaxScaler().fit(X_TRAIN)
    np.testing.assert_array_equal(scaler.data_min_, [1, 10, 5])
    np.testing.assert_array_equal(scaler.data_max_, [3, 30, 5])
    assert scaler.n_features_in_ == 3
    out = scaler.transform(X_TRAIN)
    # the constant column is shifted to 0, never divided by zero
    np.testing.assert_allclose(out, [[0, 0, 0], [1, 1, 0], [0.5, 0.5, 0]])
    assert out.dtype == np.float32


def test_minmax_scaler_applies_training_statistics_to_test_data():
    scaler = MinMaxScaler().fit(X_TRAIN)
    out = scaler.transform(np.array([[4.0, 0.0, 6.0]]))
    np.testing.assert_allclose(out, [[1.5, -0.5, 1.0]])  # outside [0, 1]: expected


def test_standard_scaler_gives_mean_0_and_std_1_with_training_statistics():
    scaler = StandardScaler()
    out = scaler.fit_transform(X_TRAIN)
    std = np.sqrt(2 / 3)  # population std of (1, 2, 3)
    np.testing.assert_allclose(scaler.mean_, [2, 20, 5])
    np.testing.assert_allclose(scaler.scale_, [std, 10 * std, 1], rtol=1e-6)
    np.testing.assert_allclose(out[:, 0], [-1 / std, 1 / std, 0], rtol=1e-6)
    np.testing.assert_allclose(out.mean(axis=0), 0, atol=1e-6)
    np.testing.assert_allclose(out[:, :2].std(axis=0), 1, rtol=1e-6)
    np.testing.assert_allclose(scaler.transform(np.array([[2.0, 40.0, 7.0]])),
                               [[0, 20 / (10 * std), 2]], rtol=1e-6)


@pytest.mark.parametrize("cls", [MinMaxScaler, StandardScaler])
def test_inverse_transform_gives_back_the_original_values(cls):
    scaler = cls().fit(X_TRAIN)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X_TRAIN)), X_TRAIN,
                               rtol=1e-6)


@pytest.mark.parametrize("cls", [MinMaxScaler, StandardScaler])
def test_integer_input_becomes_float32(cls):
    out = cls().fit_transform(np.array([[0, 255], [255, 0]], dtype=np.uint8))
    assert out.dtype == np.float32


@pytest.mark.parametrize("cls", [MinMaxScaler, StandardScaler])
@pytest.mark.parametrize("method", ["transform", "inverse_transform"])
def test_scaler_used_before_fit_says_to_call_fit(cls, method):
    with pytest.raises(ValueError, match=r"not fitted yet.*fit\(X_train\)"):
        getattr(cls(), method)(X_TRAIN)


@pytest.mark.parametrize("cls", [MinMaxScaler, StandardScaler])
def test_scaler_refuses_data_of_another_width(cls):
    scaler = cls().fit(X_TRAIN)
    with pytest.raises(ValueError, match="X has 2 features, but this .* was fitted on 3"):
        scaler.transform(X_TRAIN[:, :2])


def test_scaler_refuses_images_and_points_to_flatten():
    with pytest.raises(ValueError, match="flatten"):
        MinMaxScaler().fit(np.zeros((2, 3, 3)))


def test_flatten_reads_each_image_row_by_row():
    images = np.arange(2 * 2 * 3).reshape(2, 2, 3)
    out = flatten(images)
    assert out.shape == (2, 6)
    np.testing.assert_array_equal(out[1], [6, 7, 8, 9, 10, 11])
    with pytest.raises(ValueError, match=r"image\[None\]"):
        flatten(np.zeros(5))


def test_one_hot_puts_a_single_one_per_row():
    out = one_hot(np.array([2, 0, 1]), 4)
    np.testing.assert_array_equal(out, [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]])
    assert out.dtype == np.float32


def test_one_hot_errors():
    with pytest.raises(ValueError, match="n_classes=4"):
        one_hot(np.array([0, 3]), 3)
    with pytest.raises(TypeError, match="integer labels"):
        one_hot(np.array([0.0, 1.0]), 2)
    with pytest.raises(ValueError, match="shape"):
        one_hot(np.zeros((2, 2), dtype=int), 2)


def test_split_sizes_and_that_rows_stay_paired_with_their_labels():
    X = np.arange(20).reshape(10, 2)
    y = np.arange(10)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, rng=0)
    assert (len(X_tr), len(X_te)) == (7, 3)
    np.testing.assert_array_equal(X_tr[:, 0] // 2, y_tr)
    np.testing.assert_array_equal(X_te[:, 0] // 2, y_te)
    assert sorted(np.concatenate([y_tr, y_te])) == list(range(10))  # a partition
    assert len(train_test_split(X, y, test_size=4)[1]) == 4


def test_split_is_reproducible_and_depends_on_the_seed():
    X, y = np.arange(100).reshape(50, 2), np.arange(50)
    a = train_test_split(X, y, rng=1)[3]
    np.testing.assert_array_equal(a, train_test_split(X, y, rng=1)[3])
    assert not np.array_equal(a, train_test_split(X, y, rng=2)[3])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_stratified_split_keeps_class_proportions_within_one_example(seed):
    rng = np.random.default_rng(seed)
    y = rng.choice(3, size=97, p=[0.6, 0.3, 0.1])
    X = np.arange(97)[:, None]
    _, _, y_tr, y_te = train_test_split(X, y, test_size=0.25, rng=seed, stratify=True)
    for c in range(3):
        share = np.mean(y == c)
        assert abs(np.sum(y_te == c) - share * len(y_te)) < 1
        assert abs(np.sum(y_tr == c) - share * len(y_tr)) < 1


def test_split_errors_name_the_fix():
    X, y = np.zeros((10, 2)), np.zeros(10)
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(X, y, test_size=1.5)
    with pytest.raises(ValueError, match="both parts"):
        train_test_split(X, y, test_size=10)
    with pytest.raises(ValueError, match="same number of examples"):
        train_test_split(X, y[:5])
    with pytest.raises(ValueError, match="argmax"):
        train_test_split(X, np.zeros((10, 2)), stratify=True)
