"""Preparing data for a network: scaling, flattening, one-hot labels and the data splits.

A scaler learns its statistics from the training data only (``fit``) and then applies the very
same numbers to any other data (``transform``): test data must never leak into the statistics.
"""
import math
import numbers

import numpy as np

from .._validation import check_features, check_fraction, check_rng, check_same_length


def _as_float(X):
    """Floats keep their precision; integers (e.g. uint8 pixels) become float32."""
    return X if np.issubdtype(X.dtype, np.floating) else X.astype(np.float32)


class _Scaler:
    """Shared fit/transform plumbing. A subclass learns its statistics in ``_fit(X)`` and says
    through ``_shift_scale()`` how to use them: transform(X) = (X - shift) / scale."""

    def fit(self, X):
        """Learn the per-column statistics of X (n_rows, n_features); returns self."""
        X = _as_float(self._check(X, "fit"))
        self.n_features_in_ = X.shape[1]
        self._fit(X)
        return self

    def transform(self, X):
        """Scale X (n_rows, n_features) with the statistics learned by ``fit``."""
        X = _as_float(self._check_fitted(X, "transform"))
        shift, scale = self._shift_scale()
        return ((X - shift) / scale).astype(X.dtype, copy=False)

    def fit_transform(self, X):
        """``fit(X)`` then ``transform(X)``: use on training data only."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X):
        """Undo ``transform``: give back values in the original units."""
        X = _as_float(self._check_fitted(X, "inverse_transform"))
        shift, scale = self._shift_scale()
        return (X * scale + shift).astype(X.dtype, copy=False)

    def _check(self, X, method):
        name = type(self).__name__
        X = check_features(X, name="X")
        if X.ndim != 2:
            raise ValueError(f"{name}.{method} expects a table of shape (n_rows, n_features), got "
                             f"shape {X.shape}. Flatten images first: nl.datasets.flatten(X).")
        return X

    def _check_fitted(self, X, method):
        name = type(self).__name__
        if not hasattr(self, "n_features_in_"):
            raise ValueError(f"This {name} is not fitted yet, so it has no statistics to {method} "
                             f"with. Call scaler.fit(X_train) (or fit_transform(X_train)) first, "
                             f"then scaler.{method}(X_test).")
        X = self._check(X, method)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but this {name} was fitted on "
                             f"{self.n_features_in_} features. Pass data with the same columns "
                             "as the training data.")
        return X

    def __repr__(self):
        return f"{type(self).__name__}()"


class MinMaxScaler(_Scaler):
    """Scale each column to [0, 1]: x' = (x - min) / (max - min), min and max from training data.

    Learned attributes: ``data_min_``, ``data_max_`` (n_features,), ``n_features_in_``.
    A column with max == min is only shifted (divided by 1), so it becomes 0, never NaN.
    Test data may fall slightly outside [0, 1]; that is expected.
    """

    def _fit(self, X):
        self.data_min_ = X.min(axis=0)
        self.data_max_ = X.max(axis=0)

    def _shift_scale(self):
        span = self.data_max_ - self.data_min_
        return self.data_min_, np.where(span > 0, span, 1).astype(span.dtype)


class StandardScaler(_Scaler):
    """Give each column mean 0 and standard deviation 1: x' = (x - mean) / std, with the mean and
    std of the training data.

    Learned attributes: ``mean_``, ``scale_`` (the standard deviation, 1 where it is 0),
    ``n_features_in_``.
    """

    def _fit(self, X):
        self.mean_ = X.mean(axis=0)
        std = X.std(axis=0)
        self.scale_ = np.where(std > 0, std, 1).astype(std.dtype)

    def _shift_scale(self):
        return self.mean_, self.scale_


def flatten(images):
    """Turn each example into one row: (n, d1, d2, ...) -> (n, d1 * d2 * ...), e.g. 28 x 28 -> 784.

    Row i of the result holds image i read row by row. A view when possible (no copy).
    """
    images = np.asarray(images)
    if images.ndim < 2:
        raise ValueError(f"flatten expects a batch of examples of shape (n, ...), got a "
                         f"{images.ndim}-D array of shape {images.shape}. For one image use "
                         "image[None] to add the batch axis.")
    return images.reshape(len(images), -1)


def scale_pixels(images):
    """Pixel values 0-255 (integers, e.g. uint8) -> float32 values 0-1, same shape (n, ...).

    The same numbers as ``images.astype("float32") / 255``, made in one new array instead of
    two: the division runs in place, so all 70,000 MNIST digits take about 210 MB, not twice that.
    """
    images = np.asarray(images)
    if not np.issubdtype(images.dtype, np.integer):
        raise TypeError(f"scale_pixels expects pixel values 0-255 as integers (uint8, as "
                        f"load_mnist gives them), got dtype {images.dtype}: these may be scaled "
                        "already. Pass the images as loaded, or divide floats yourself.")
    out = images.astype(np.float32)  # the one new array
    out /= 255
    return out


def one_hot(y, n_classes):
    """Labels (n,) in 0..n_classes-1 -> float32 rows (n, n_classes) with a single 1 per row."""
    y = np.asarray(y)
    if not isinstance(n_classes, numbers.Integral) or isinstance(n_classes, bool) or n_classes < 1:
        raise ValueError(f"one_hot needs n_classes as a positive int, got {n_classes!r}.")
    if y.ndim != 1:
        raise ValueError(f"one_hot expects labels of shape (n,), got shape {y.shape}.")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"one_hot expects integer labels, got dtype {y.dtype}. "
                        "Convert them with y.astype(int).")
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"one_hot got labels from {y.min()} to {y.max()}, but "
                         f"n_classes={n_classes} allows only 0..{n_classes - 1}. Pass "
                         f"n_classes={int(y.max()) + 1} or fix the labels.")
    out = np.zeros((len(y), n_classes), dtype=np.float32)
    out[np.arange(len(y)), y] = 1
    return out


def stratified_indices(y, n, rng):
    """Sorted indices (n,) of n examples of labels y (N,) whose class proportions match y's (to
    within one per class); ``rng`` a Generator picks which examples of each class."""
    if n >= len(y):
        return np.arange(len(y))
    classes, counts = np.unique(y, return_counts=True)
    quota = np.floor(counts * n / len(y)).astype(int)
    remainder = counts * n / len(y) - quota
    quota[np.argsort(-remainder, kind="stable")[: n - quota.sum()]] += 1
    picks = [rng.permutation(np.flatnonzero(y == c))[:q] for c, q in zip(classes, quota)]
    return np.sort(np.concatenate(picks))


def train_val_split(X, y, val_size=0.1, rng=0, stratify=False):
    """Hold out a validation part of the training data, every example keeping its place.

    This is the split ``fit(validation_split=...)`` makes (with the model's rng, stratified for
    classification). Unlike ``train_test_split`` nothing is shuffled: both parts keep the order
    of X, and ``fit`` shuffles the training part every epoch anyway.

    Parameters
    ----------
    X : array (n, ...); y : array (n,) or (n, k), split the same way.
    val_size : fraction in (0, 1): ceil(val_size * n) examples are held out.
    rng : seed or Generator that picks them.
    stratify : keep each class's share in both parts (to within one example); the class of a
        row of y (n, k) is its argmax, of y (n, 1) its value.

    Returns
    -------
    X_train, X_val, y_train, y_val.
    """
    X, y = np.asarray(X), np.asarray(y)
    check_same_length(X, y)
    check_fraction(val_size, "val_size")
    n = len(X)
    n_val = math.ceil(val_size * n)
    if n_val >= n:
        raise ValueError(f"Holding out {val_size!r} of {n} examples for validation leaves no "
                         "training data. Use a smaller fraction or more data.")
    rng = check_rng(rng)
    if stratify:
        labels = y.argmax(axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(len(y))
        held = stratified_indices(labels, n_val, rng)
    else:
        held = rng.permutation(n)[:n_val]
    is_val = np.zeros(n, dtype=bool)
    is_val[held] = True
    return X[~is_val], X[is_val], y[~is_val], y[is_val]


def train_test_split(X, y, test_size=0.2, rng=0, stratify=False):
    """Split examples at random into a training part and a held-out test part.

    Parameters
    ----------
    X : array (n, ...); y : array (n,) or (n, k), split the same way.
    test_size : fraction in (0, 1) (the test part gets ceil(test_size * n) rows) or a row count.
    rng : seed or Generator for the shuffle.
    stratify : keep each class's share the same in both parts (to within one example); y must
        then hold class labels (n,).

    Returns
    -------
    X_train, X_test, y_train, y_test, each in a random order.
    """
    X, y = np.asarray(X), np.asarray(y)
    check_same_length(X, y)
    n = len(X)
    if isinstance(test_size, numbers.Integral) and not isinstance(test_size, bool):
        n_test = int(test_size)
    elif isinstance(test_size, numbers.Real) and 0 < test_size < 1:
        n_test = math.ceil(test_size * n)
    else:
        raise ValueError(f"test_size must be a fraction between 0 and 1 or a number of rows, got "
                         f"{test_size!r}. Use e.g. test_size=0.2.")
    if not 0 < n_test < n:
        raise ValueError(f"test_size={test_size!r} leaves {n_test} of {n} rows for testing; both "
                         "parts need at least one row. Use a smaller test_size or more data.")
    rng = check_rng(rng)
    if stratify:
        if y.ndim != 1:
            raise ValueError(f"stratify=True needs class labels of shape (n,), got shape "
                             f"{y.shape}. Pass y.argmax(axis=1) for one-hot labels.")
        is_test = np.zeros(n, dtype=bool)
        is_test[stratified_indices(y, n_test, rng)] = True
        test = rng.permutation(np.flatnonzero(is_test))
        train = rng.permutation(np.flatnonzero(~is_test))
    else:
        order = rng.permutation(n)
        test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def train_val_test_split(X, y, val_size=0.1, test_size=0.2, rng=0, stratify=False):
    """Split examples into training, validation and test parts, the three a lesson needs.

    Choose epochs, depth and every other setting by the validation score; open the test part
    once, at the very end, to report how the chosen model does on data it never influenced.

    Parameters
    ----------
    X : array (n, ...); y : array (n,) or (n, k), split the same way.
    val_size, test_size : fractions of all n examples (each part gets ceil(size * n) rows) or row
        counts.
    rng : seed or Generator; stratify : keep each class's share in all three parts.

    Returns
    -------
    X_train, X_val, X_test, y_train, y_val, y_test.
    """
    X, y = np.asarray(X), np.asarray(y)
    n = len(X)
    n_val = val_size if isinstance(val_size, numbers.Integral) and not isinstance(val_size, bool) \
        else math.ceil(val_size * n) if isinstance(val_size, numbers.Real) and 0 < val_size < 1 \
        else None
    if n_val is None:
        raise ValueError(f"val_size must be a fraction between 0 and 1 or a number of rows, got "
                         f"{val_size!r}. Use e.g. val_size=0.1.")
    rng = check_rng(rng)
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size, rng, stratify)
    if not 0 < n_val < len(X_rest):
        raise ValueError(f"val_size={val_size!r} leaves {len(X_rest) - n_val} of {len(X_rest)} rows "
                         "for training after the test part; use smaller parts or more data.")
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, int(n_val), rng, stratify)
    return X_train, X_val, X_test, y_train, y_val, y_test
