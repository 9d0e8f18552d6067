"""Layers built by hand take an int seed, as the base class's error message suggests."""
import numpy as np
import pytest

import nnlessons as nl


@pytest.mark.parametrize("make, shape", [(lambda: nl.Conv2D(2, 3), (5, 5, 1)),
                                         (lambda: nl.SimpleRNN(3), (4, 2)),
                                         (lambda: nl.Dense(3), (4,))])
def test_build_with_an_int_seed_is_reproducible(make, shape):
    a, b = make(), make()
    a.build(shape, rng=0)
    b.build(shape, rng=0)
    for key in a.params:
        np.testing.assert_array_equal(a.params[key], b.params[key])
