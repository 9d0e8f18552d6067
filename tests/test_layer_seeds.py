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


LAYERS = [(lambda: nl.Conv2D(2, 3), (5, 5, 1)), (lambda: nl.SimpleRNN(3), (4, 2)),
          (lambda: nl.Dense(3), (4,)), (lambda: nl.Residual([nl.Dense(4)]), (4,))]


def weights(layer):
    return np.concatenate([p.ravel() for k, p in sorted(layer.params.items()) if "W" in k])


@pytest.mark.parametrize("make, shape", LAYERS)
def test_build_draws_its_weights_from_the_rng_it_is_given(make, shape):
    """A build that ignored ``rng`` (a fixed seed, or the global RNG) fails here."""
    seeded = [make() for _ in range(3)]
    seeded[0].build(shape, rng=0)
    seeded[1].build(shape, rng=1)
    seeded[2].build(shape, rng=np.random.default_rng(0))
    assert not np.array_equal(weights(seeded[0]), weights(seeded[1])), "seed 1 gave seed 0's weights"
    np.testing.assert_array_equal(weights(seeded[0]), weights(seeded[2]))
    gen = np.random.default_rng(7)
    before = gen.bit_generator.state["state"]["state"]
    make().build(shape, rng=gen)
    assert gen.bit_generator.state["state"]["state"] != before, "build drew nothing from the Generator"
    np.random.seed(0)
    a = make()
    a.build(shape, rng=3)
    np.random.seed(1)
    b = make()
    b.build(shape, rng=3)
    np.testing.assert_array_equal(weights(a), weights(b))  # the global RNG plays no part
