"""Properties that hold for any input (hypothesis): activations stay finite and in range, losses
stay finite and non-negative, without a single NumPy warning.

Underflow is the one floating-point event allowed: sigmoid(-1000) and softmax of a logit 1e4 below
the maximum are 0 to every digit a float holds, and returning 0 is the correct result. NumPy
ignores underflow by default and the activations leave it so (an errstate per call costs a
training step about 2 microseconds), so ``strict`` raises on every other event.
"""
import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnlessons.activations import get_activation
from nnlessons.losses import BinaryCrossEntropy, CrossEntropy, MeanSquaredError

fast = settings(max_examples=50, deadline=None)  # per test, so other test files keep their profile

any_float = st.floats(allow_nan=False, allow_infinity=False, width=64)
big_logits = st.floats(-1e4, 1e4, allow_nan=False)
floats64 = arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)), elements=any_float)
floats32 = arrays(np.float32, st.tuples(st.integers(1, 6), st.integers(1, 6)),
                  elements=st.floats(allow_nan=False, allow_infinity=False, width=32))
logits = arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)), elements=big_logits)


class strict:
    """Turn every NumPy floating-point event but underflow (NumPy's default: ignore), and every
    warning, into an error."""

    def __enter__(self):
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("error")
        self._errstate = np.errstate(all="raise", under="ignore")
        self._errstate.__enter__()

    def __exit__(self, *exc):
        self._errstate.__exit__(*exc)
        return self._warnings.__exit__(*exc)


@fast
@given(st.one_of(floats64, floats32))
def test_sigmoid_is_finite_and_in_0_1_for_any_float(z):
    with strict():
        a = get_activation("sigmoid").forward(z)
    assert a.dtype == z.dtype and np.isfinite(a).all()
    assert ((a >= 0) & (a <= 1)).all()


def test_sigmoid_of_plus_minus_1000():
    with strict():
        a = get_activation("sigmoid").forward(np.array([-1000.0, 0.0, 1000.0]))
        a32 = get_activation("sigmoid").forward(np.array([-1000.0, 1000.0], dtype="float32"))
    np.testing.assert_array_equal(a, [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(a32, [0.0, 1.0])


@fast
@given(any_float)
def test_sigmoid_symmetry(z):
    f = get_activation("sigmoid").forward
    with strict():
        assert abs(f(np.array(z)) + f(np.array(-z)) - 1) < 1e-15


@fast
@given(logits)
def test_softmax_rows_are_probabilities_even_for_huge_logits(z):
    with strict():
        p = get_activation("softmax").forward(z)
    assert np.isfinite(p).all() and (p >= 0).all() and (p <= 1).all()
    np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-12)
    rows = np.arange(len(z))
    np.testing.assert_array_equal(p[rows, z.argmax(axis=1)], p.max(axis=1))  # largest logit wins


@fast
@given(logits, st.floats(-1e3, 1e3))
def test_softmax_ignores_a_shift_of_the_logits(z, c):
    f = get_activation("softmax").forward
    with strict():
        shifted, p = f(z + c), f(z)
    np.testing.assert_allclose(shifted, p, atol=1e-9)


def test_softmax_of_logits_like_1e4():
    with strict():
        p = get_activation("softmax").forward(np.array([[1e4, 0.0, -1e4], [1e4, 1e4, 0.0]]))
    np.testing.assert_array_equal(p, [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])


@fast
@given(floats64)
def test_relu_is_non_negative_and_keeps_positives(z):
    with strict():
        a = get_activation("relu").forward(z)
    assert (a >= 0).all()
    np.testing.assert_array_equal(a[z > 0], z[z > 0])


@fast
@given(floats64)
def test_leaky_relu_keeps_the_sign(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise"):  # 0.01 * tiny may underflow to 0
            a = get_activation("leaky_relu").forward(z)
    assert (np.sign(a) == np.sign(z)).all() or (np.abs(z[np.sign(a) != np.sign(z)]) < 1e-300).all()


@fast
@given(floats64)
def test_tanh_is_odd_and_bounded(z):
    f = get_activation("tanh").forward
    with strict():
        a, mirrored = f(z), f(-z)
    np.testing.assert_array_equal(mirrored, -a)
    assert (np.abs(a) <= 1).all()


@fast
@given(floats64)
def test_linear_is_the_identity(z):
    np.testing.assert_array_equal(get_activation("linear").forward(z), z)


# --- losses ---------------------------------------------------------------------------------------
probability_rows = arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 5)),
                          elements=st.floats(0, 1)).filter(lambda p: (p.sum(axis=1) > 0).all())


@fast
@given(probability_rows, st.data())
def test_cross_entropy_is_finite_and_non_negative_even_with_exact_zeros(p, data):
    p = p / p.sum(axis=1, keepdims=True)
    y = np.array(data.draw(st.lists(st.integers(0, p.shape[1] - 1), min_size=len(p), max_size=len(p))))
    loss = CrossEntropy()
    with strict():
        value = loss.value(p, y)
        one_hot = loss.value(p, np.eye(p.shape[1])[y])
        grad = loss.gradient(p, y)
    assert np.isfinite(value) and value >= 0
    assert np.isclose(value, one_hot, rtol=1e-12)
    assert np.isfinite(grad).all()


def test_cross_entropy_of_a_certain_right_answer_is_zero_and_a_certain_wrong_one_is_finite():
    loss = CrossEntropy()
    p = np.array([[1.0, 0.0], [0.0, 1.0]])
    with strict():
        assert loss.value(p, np.array([0, 1])) == 0
        wrong = loss.value(p, np.array([1, 0]))
    assert np.isfinite(wrong) and wrong > 700  # -log(smallest positive float64)


def _binary_labels(data, n):
    return np.array(data.draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)),
                    dtype=float).reshape(-1, 1)


@fast
@given(arrays(np.float64, st.tuples(st.integers(1, 8), st.just(1)), elements=st.floats(0, 1)),
       st.data())
def test_binary_cross_entropy_is_finite_and_non_negative_even_at_exact_0_and_1(p, data):
    y = _binary_labels(data, len(p))
    loss = BinaryCrossEntropy()
    with strict():
        value = loss.value(p, y)
        grad = loss.gradient(p, y)
    assert np.isfinite(value) and value >= 0 and np.isfinite(grad).all()


# away from 0 and 1, so that 1 - p is computed without losing digits
@fast
@given(arrays(np.float64, st.tuples(st.integers(1, 8), st.just(1)), elements=st.floats(0.01, 0.99)),
       st.data())
def test_binary_cross_entropy_is_symmetric_in_the_two_classes(p, data):
    y = _binary_labels(data, len(p))
    loss = BinaryCrossEntropy()
    assert np.isclose(loss.value(p, y), loss.value(1 - p, 1 - y), rtol=1e-12)


@fast
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 4)), elements=st.floats(-1e3, 1e3)),
       st.data())
def test_mse_is_non_negative_zero_only_at_the_target_and_symmetric(out, data):
    y = data.draw(arrays(np.float64, out.shape, elements=st.floats(-1e3, 1e3)))
    loss = MeanSquaredError()
    value = loss.value(out, y)
    assert value >= 0 and value == loss.value(y, out)
    assert loss.value(y, y) == 0
