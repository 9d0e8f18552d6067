"""nl.lr_range_test on a quadratic whose best and largest stable rates are known in closed form,
and plots.plot_lr_range."""
import numpy as np
import pytest

import nnlessons as nl


@pytest.fixture(scope="module")
def quadratic():
    """Linear regression on standardized, correlated inputs: MSE is a quadratic in (W, b) with
    Hessian H = 2/N A^T A, A = [X 1]. Full-batch gradient descent diverges above 2 / lambda_max,
    and the constant rate that contracts fastest is 2 / (lambda_max + lambda_min)."""
    rng = np.random.default_rng(0)
    n, d = 512, 5
    Z = rng.normal(size=(n, d))
    Z[:, 1] += 0.8 * Z[:, 0]
    X = (Z - Z.mean(axis=0)) / Z.std(axis=0)
    y = X @ rng.normal(size=d) + 0.5 + 0.1 * rng.normal(size=n)
    A = np.column_stack([X, np.ones(n)])
    lam = np.linalg.eigvalsh(2 / n * A.T @ A)
    return X, y, 2 / lam[-1], 2 / (lam[-1] + lam[0])


def linear(seed=0, optimizer=None):
    return nl.Sequential([nl.Dense(1, input_dim=5)], rng=seed, dtype="float64").compile(
        "mse", optimizer or nl.SGD(0.01))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_full_batch_the_range_sits_below_the_divergence_rate_within_3x_of_the_best(quadratic, seed):
    X, y, diverges, best = quadratic  # 0.613 and 0.498 here
    r = nl.lr_range_test(linear(seed), X, y, start=1e-4, stop=10, batch_size=len(X), rng=seed)
    low, high = r.suggested
    assert low < high < diverges
    assert best / 3 < high <= best
    assert r.stopped == "blow-up" and r.minimum > diverges  # the blow-up shows only later


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_with_mini_batches_of_32_the_range_stays_below_divergence_within_10x_of_the_best(quadratic,
                                                                                         seed):
    X, y, diverges, best = quadratic
    low, high = nl.lr_range_test(linear(seed), X, y, start=1e-4, stop=10, rng=seed).suggested
    assert best / 10 < high < diverges and low < high


def test_rates_grow_exponentially_and_the_test_stops_at_4x_the_minimum(quadratic):
    X, y, _, _ = quadratic
    r = nl.lr_range_test(linear(), X, y, start=1e-4, stop=10, steps=100)
    ratios = r.rates[1:] / r.rates[:-1]
    np.testing.assert_allclose(ratios, (10 / 1e-4) ** (1 / 99), rtol=1e-12)
    assert r.rates[0] == 1e-4 and len(r.rates) == len(r.losses) == len(r.smoothed) < 100
    running_min = np.minimum.accumulate(r.smoothed)
    assert r.smoothed[-1] > 4 * running_min[-2]  # stopped at the first step past 4x the minimum
    assert (r.smoothed[:-1] <= 4 * running_min[:-1]).all()
    calm = nl.lr_range_test(linear(), X, y, start=1e-4, stop=1e-2, steps=50)
    assert calm.stopped is None and len(calm.rates) == 50 and calm.rates[-1] == pytest.approx(1e-2)


def test_the_model_and_its_optimizer_are_left_unchanged(quadratic):
    X, y, _, _ = quadratic
    model = linear(optimizer=nl.SGD(0.01, momentum=0.9))
    model.fit(X, y, epochs=1, verbose=0)
    params = {k: v.copy() for k, v in model.params.items()}
    state, rng_state = len(model.optimizer_.state), model.rng.bit_generator.state
    nl.lr_range_test(model, X, y, steps=50)
    for key, value in params.items():
        np.testing.assert_array_equal(model.params[key], value)
    assert model.optimizer_.lr == 0.01 and len(model.optimizer_.state) == state
    assert model.rng.bit_generator.state == rng_state


def test_a_loss_that_overflows_ends_the_test():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3)).astype("float32") * 1e3  # unscaled: the loss overflows fast
    model = nl.Sequential([nl.Dense(1, input_dim=3)], rng=0).compile("mse", nl.SGD(0.01))
    r = nl.lr_range_test(model, X, X.sum(axis=1), start=1e-3, stop=1e3, steps=100)
    assert r.stopped in ("not finite", "blow-up") and np.isfinite(r.losses).all()


def test_bad_arguments(quadratic):
    X, y, _, _ = quadratic
    with pytest.raises(ValueError, match="stop must be larger than start"):
        nl.lr_range_test(linear(), X, y, start=1.0, stop=0.1)
    with pytest.raises(ValueError, match="steps must be at least 2"):
        nl.lr_range_test(linear(), X, y, steps=1)


def test_plot_lr_range_shades_the_suggested_range_on_a_log_axis(quadratic):
    import matplotlib.pyplot as plt
    from nnlessons import plots
    X, y, _, _ = quadratic
    r = nl.lr_range_test(linear(), X, y, start=1e-4, stop=10)
    fig = plots.plot_lr_range(r)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and len(ax.patches) == 1  # the shaded range
    span = ax.patches[0]
    assert (span.get_x(), span.get_x() + span.get_width()) == pytest.approx(r.suggested)
    text = plots.description(fig)
    assert text.startswith(f"Learning-rate range test over {len(r.rates)} steps") and "shaded" in text
    with pytest.raises(TypeError, match="nl.lr_range_test"):
        plots.plot_lr_range({"rates": [1]})
    plt.close("all")
