"""The single neuron of lesson 01: z = w . x + b and a = f(z), both exposed."""
import numpy as np
import pytest

import nnlessons as nl


def test_one_example_gives_the_weighted_sum_and_the_activation_as_floats():
    neuron = nl.Neuron(3, activation="relu", weights=[0.5, -1.0, 2.0], bias=0.1)
    out = neuron([1.0, 2.0, 3.0])
    assert out.z == pytest.approx(0.5 - 2.0 + 6.0 + 0.1)
    assert out.a == out.z and isinstance(out.z, float) and isinstance(out.a, float)
    z, a = neuron([0.0, 1.0, 0.0])  # unpacks like a tuple
    assert z == pytest.approx(-0.9) and a == 0.0


def test_a_batch_gives_one_z_and_a_per_example():
    neuron = nl.Neuron(2, activation="sigmoid", weights=[1.0, 1.0], bias=0.0)
    out = neuron(np.array([[0.0, 0.0], [1.0, 1.0], [-2.0, 0.0]]))
    np.testing.assert_allclose(out.z, [0.0, 2.0, -2.0])
    np.testing.assert_allclose(out.a, 1 / (1 + np.exp(-out.z)))
    assert out.z.shape == out.a.shape == (3,)


def test_random_weights_come_from_rng():
    a, b, c = nl.Neuron(4, rng=0), nl.Neuron(4, rng=0), nl.Neuron(4, rng=1)
    np.testing.assert_array_equal(a.weights, b.weights)
    assert not np.array_equal(a.weights, c.weights)
    assert a.weights.shape == (4,) and a.bias == 0.0


@pytest.mark.parametrize("x", [[1.0, 2.0], np.ones((2, 4)), np.ones((2, 3, 1)), 5.0])
def test_wrong_input_shape(x):
    with pytest.raises(ValueError, match=r"Neuron expects 3 inputs, shape \(3,\) or \(batch, 3\), got"):
        nl.Neuron(3, rng=0)(x)


def test_wrong_number_of_weights():
    with pytest.raises(ValueError, match="Neuron with 3 inputs needs 3 weights, got shape"):
        nl.Neuron(3, weights=[1.0, 2.0])


def test_repr():
    neuron = nl.Neuron(2, activation="tanh", weights=[0.5, -0.25], bias=1.0)
    assert repr(neuron) == "Neuron(weights=[0.5, -0.25], bias=1, activation='tanh')"
