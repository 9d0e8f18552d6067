"""Input checks shared by the public entry points.

Every check raises a ``ValueError`` or ``TypeError`` that says what was expected, what was received
and how to fix it. They run once per call to ``fit``/``predict``/``evaluate``, never per batch.
"""
import numbers

import numpy as np

from .randomness import check_rng  # noqa: F401  (public in randomness; engine modules import it here)


def check_features(X, name="X", dtype=None, finite=True):
    """Check that ``X`` is a finite, numeric array of shape (batch, ...) and return it as an array.

    Parameters
    ----------
    X : array-like, shape (batch, *features)
    dtype : optional dtype to cast to (no copy when it already has it).
    finite : also reject NaN and inf (skipped where a lesson may feed them on purpose).
    """
    if isinstance(X, (list, tuple)):
        try:
            X = np.asarray(X)
        except ValueError:
            raise ValueError(f"{name} is a ragged list: every example must have the same number of "
                             "features. Check the rows' lengths.") from None
    if not isinstance(X, np.ndarray):
        raise TypeError(f"{name} must be a NumPy array of shape (batch, features), "
                        f"got {type(X).__name__}. Convert it with np.asarray({name}).")
    if X.dtype == bool or not np.issubdtype(X.dtype, np.number):
        raise TypeError(f"{name} must hold numbers (float or int), got dtype {X.dtype}. "
                        f"Convert it with {name}.astype('float32').")
    if np.issubdtype(X.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got dtype {X.dtype}.")
    if X.ndim < 2:
        raise ValueError(f"{name} must have shape (batch, features), got a {X.ndim}-D array of shape "
                         f"{X.shape}. For one example use {name}.reshape(1, -1); for one feature "
                         f"use {name}.reshape(-1, 1).")
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty (shape {X.shape}); it needs at least one example.")
    if finite and np.issubdtype(X.dtype, np.floating) and not np.isfinite(X).all():
        n_nan = int(np.isnan(X).sum())
        n_inf = int(np.isinf(X).sum())
        raise ValueError(f"{name} contains {n_nan} NaN and {n_inf} infinite values; expected only "
                         "finite numbers. Remove or impute them (e.g. np.nan_to_num) before training.")
    if dtype is not None and X.dtype != dtype:
        with np.errstate(over="ignore"):
            cast = X.astype(dtype)
        if finite and np.issubdtype(cast.dtype, np.floating) and not np.isfinite(cast).all():
            raise ValueError(f"{name} holds values too large for {np.dtype(dtype).name} (largest "
                             f"magnitude {np.abs(X).max():.3g}). Rescale it, e.g. standardise each "
                             "feature to mean 0 and standard deviation 1.")
        X = cast
    return X


def check_same_length(X, y, x_name="X", y_name="y"):
    if not hasattr(y, "__len__") or isinstance(y, (str, bytes)):
        raise TypeError(f"{y_name} must be an array with one label (or target) per example, got "
                        f"{type(y).__name__}. Pass e.g. {y_name} = np.array([0, 1, 1, ...]).")
    if len(X) != len(y):
        raise ValueError(f"{x_name} and {y_name} must have the same number of examples, got "
                         f"len({x_name}) = {len(X)} and len({y_name}) = {len(y)}. "
                         "Check that you split features and labels the same way.")


def check_positive_int(value, name, meaning=None):
    """``value`` as an int >= 1, or a ValueError naming ``name`` (and what it means, when given)."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)) or value < 1:
        what = f" ({meaning})" if meaning else ""
        raise ValueError(f"{name} must be a positive int{what}, got {value!r}.")
    return int(value)


def check_positive_number(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}.")
    return float(value)
