"""nl.sanity_check: the initial loss against the chance loss, overfitting one small batch, and
the gradient check, on copies of the learner's model."""
import math

import numpy as np
import pytest

import nnlessons as nl


def data(n=200, k=4, rng=0):
    rng = np.random.default_rng(rng)
    X = rng.normal(size=(n, 16)).astype("float32")
    return X, (X @ rng.normal(size=(16, k))).argmax(axis=1)


def model(optimizer=None, k=4):
    return nl.Sequential([nl.Dense(32, "relu", input_dim=16), nl.Dense(k, "softmax")], rng=0).compile(
        "cross_entropy", optimizer or nl.Adam(0.01))


def check(m, X, y, **kw):
    printed = []
    report = nl.sanity_check(m, X, y, print_fn=printed.append, **kw)
    assert printed == [str(report)] and all(len(line) <= 100 for line in report.lines)
    return report


def test_a_healthy_model_passes_every_check():
    report = check(model(), *data())
    assert report.ok and report.initial_ok and report.overfit_ok and report.gradcheck_ok
    assert report.chance_loss == pytest.approx(math.log(4))
    assert report.chance_loss < report.initial_loss < 2 * report.chance_loss  # 1.84 vs 1.39
    assert report.overfit_loss < 0.05 * math.log(4) == pytest.approx(report.overfit_threshold)
    assert report.gradcheck_error < 1e-5
    assert report.lines[0].startswith("pass initial loss") and "= log 4 (uniform over 4 classes)" \
        in report.lines[0]


def test_a_final_layer_scaled_100x_starts_far_above_log_k():
    m = model()
    m.layers[-1].params["W"] *= 100
    report = check(m, *data())
    assert not report.initial_ok and not report.ok
    assert report.initial_loss > 10 * math.log(4)
    assert report.lines[0].startswith("FAIL initial loss")


def test_random_labels_are_not_caught_a_small_batch_is_memorised_anyway():
    X, y = data()
    report = check(model(), X, np.random.default_rng(5).permutation(y))
    assert report.overfit_ok and report.ok  # as documented: shuffled labels show on validation only


def test_dead_relus_and_a_tiny_rate_cannot_overfit_the_batch():
    dead = model()
    dead.layers[0].params["b"][:] = -20.0
    assert not check(dead, *data()).overfit_ok
    slow = check(model(nl.SGD(1e-5)), *data())
    assert not slow.overfit_ok and slow.initial_ok and slow.gradcheck_ok


def test_a_diverging_copy_fails_the_overfit_check_and_says_so():
    report = check(model(nl.SGD(1e4)), *data())
    assert not report.overfit_ok and report.overfit_loss == math.inf
    assert "diverged at step" in report.overfit_note and "diverged at step" in report.lines[1]


def test_the_learners_model_is_left_exactly_as_it_was():
    m, (X, y) = model(nl.Adam(0.01)), data()
    m.fit(X, y, epochs=1, batch_size=50, verbose=0)  # some momenta to keep
    params = {k: v.copy() for k, v in m.params.items()}
    state, rng_state = len(m.optimizer_.state), m.rng.bit_generator.state
    check(m, X, y)
    for key, value in params.items():
        np.testing.assert_array_equal(m.params[key], value)
    assert len(m.optimizer_.state) == state and m.rng.bit_generator.state == rng_state


def test_binary_and_regression_baselines():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 5)).astype("float32")
    binary = nl.Sequential([nl.Dense(8, "tanh", input_dim=5), nl.Dense(1, "sigmoid")], rng=0)
    report = check(binary.compile("binary_cross_entropy", nl.Adam(0.02)), X, (X[:, 0] > 0).astype(int))
    assert report.chance_loss == pytest.approx(math.log(2)) and "log 2 (p = 0.5" in report.baseline
    y = (X @ rng.normal(size=5)).astype("float32")
    regression = nl.Sequential([nl.Dense(8, "tanh", input_dim=5), nl.Dense(1)], rng=0)
    report = check(regression.compile("mse", nl.Adam(0.02)), X, y)
    assert report.chance_loss == pytest.approx(float(np.mean(y.astype("float32") ** 2)), rel=1e-6)
    assert report.baseline.startswith("mean(y^2)") and report.ok


def test_bad_arguments():
    with pytest.raises(ValueError, match="before compile"):
        nl.sanity_check(nl.Sequential([nl.Dense(2, input_dim=3)]), np.ones((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match="steps"):
        nl.sanity_check(model(), *data(), steps=0)


def _stack(activation, depth, rng=0):
    layers = [nl.Dense(16, activation=activation, input_dim=20)]
    layers += [nl.Dense(16, activation=activation) for _ in range(depth - 1)]
    return nl.Sequential(layers + [nl.Dense(3, activation="softmax")], rng=rng).compile(
        loss="cross_entropy", optimizer=nl.SGD(0.1))


def test_gradients_too_small_for_finite_differences_are_left_out_not_failed():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(200, 20)).astype("float32"), rng.integers(0, 3, 200)
    dead = _stack("relu", 2)
    for layer in dead.layers[:2]:
        layer.params["b"][...] = -20                        # every ReLU dead: gradients exactly 0
    report = nl.sanity_check(dead, X, y, print_fn=None)
    assert report.gradcheck_ok and not report.overfit_ok
    assert "dense_1/W" in report.gradcheck_left_out and "too small to check" in str(report)
    deep = nl.sanity_check(_stack("sigmoid", 8), X, y, print_fn=None)   # gradients of ~1e-9 early on
    assert deep.gradcheck_ok and not deep.overfit_ok       # backprop is right; learning is not


def test_the_gradient_checks_default_still_counts_every_entry():
    assert nl.rel_error([0.0, 1.0], [1e-11, 1.0]) == 1.0
    assert nl.rel_error([0.0, 1.0], [1e-11, 1.0], atol=1e-6) == 0.0
