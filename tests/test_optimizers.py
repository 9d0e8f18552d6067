"""Optimizer steps against their closed forms."""
import numpy as np
import pytest

import nnlessons as nl

W0 = np.array([[0.5, -1.0], [2.0, 0.25]])
G1 = np.array([[0.1, -0.2], [0.3, 0.0]])
G2 = np.array([[-0.4, 0.5], [0.05, 1.0]])


def run(opt, grads, w0=W0):
    """Apply opt to one parameter for each gradient in turn; return the parameter."""
    w, g = w0.copy(), np.zeros_like(w0)
    for grad in grads:
        g[...] = grad
        opt.step([("layer/W", w, g)])
    return w


def test_sgd_one_step():
    np.testing.assert_allclose(run(nl.SGD(lr=0.1), [G1]), W0 - 0.1 * G1, rtol=1e-15)


def test_sgd_momentum_two_steps():
    lr, mu = 0.1, 0.9
    v1 = -lr * G1
    w1 = W0 + v1
    v2 = mu * v1 - lr * G2
    w2 = w1 + v2
    opt = nl.SGD(lr=lr, momentum=mu)
    np.testing.assert_allclose(run(opt, [G1, G2]), w2, rtol=1e-14)
    np.testing.assert_allclose(opt.state["layer/W"], v2, rtol=1e-14)


def test_adam_first_two_steps_with_bias_correction():
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    w = W0.copy()
    m = v = np.zeros_like(W0)
    for t, g in enumerate([G1, G2], start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1 ** t)
        v_hat = v / (1 - b2 ** t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    np.testing.assert_allclose(run(nl.Adam(lr=lr), [G1, G2]), w, rtol=1e-12)


def test_adam_first_step_moves_each_weight_by_lr_times_the_sign_of_its_gradient():
    # after one step m_hat = g and v_hat = g^2, so the step is lr * g / (|g| + eps)
    w = run(nl.Adam(lr=0.01), [G1])
    expected = W0 - 0.01 * np.sign(G1) * np.abs(G1) / (np.abs(G1) + 1e-8)
    np.testing.assert_allclose(w, expected, rtol=1e-12)
    assert w[1, 1] == W0[1, 1]  # zero gradient, no move


@pytest.mark.parametrize("opt", [nl.SGD(lr=0.1), nl.SGD(lr=0.1, momentum=0.5), nl.Adam()],
                         ids=repr)
def test_updates_are_in_place_and_keep_float32(opt):
    w = W0.astype("float32")
    g = G1.astype("float32")
    ref = w
    opt.step([("dense_1/W", w, g)])
    assert w is ref and w.dtype == np.float32
    assert not np.array_equal(w, W0.astype("float32"))


def test_state_is_kept_per_parameter_in_the_optimizer():
    opt = nl.Adam()
    a, b = np.ones(3), np.ones((2, 2))
    opt.step([("dense_1/W", a, np.ones(3)), ("dense_2/W", b, np.full((2, 2), -1.0))])
    assert set(opt.state) == {"dense_1/W", "dense_2/W"}
    assert opt.state["dense_1/W"][0].shape == (3,) and opt.state["dense_2/W"][0].shape == (2, 2)
    assert opt.iterations == 1
    opt.reset()
    assert opt.state == {} and opt.iterations == 0


def test_optimizer_by_name():
    model = nl.Sequential([nl.Dense(2, input_dim=2)])
    assert isinstance(model.compile(loss="mse", optimizer="sgd").optimizer_, nl.SGD)
    assert isinstance(model.compile(loss="mse", optimizer="ADAM").optimizer_, nl.Adam)
    assert model.compile(loss="mse", optimizer="adam").optimizer_.lr == 1e-3


def test_a_model_trained_by_sgd_follows_the_update_rule():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 1))
    model = nl.Sequential([nl.Dense(1, input_dim=3)], rng=0, dtype="float64")
    model.compile(loss="mse", optimizer=nl.SGD(lr=0.05))
    w0 = model.layers[0].params["W"].copy()
    model.fit(X, y, epochs=1, batch_size=8, verbose=0)
    # linear regression: dL/dW = 2/N X^T (Xw + b - y), with b = 0 before the step
    grad = 2 / 8 * X.T @ (X @ w0 - y)
    np.testing.assert_allclose(model.layers[0].params["W"], w0 - 0.05 * grad, rtol=1e-12)


def test_optimizer_state_is_not_shared_between_two_models():
    """Reusing one optimizer object for a second model must not carry momenta across."""
    opt = nl.SGD(lr=0.1, momentum=0.9)
    X, y = np.ones((4, 2)), np.array([0, 1, 0, 1])
    first = nl.Sequential([nl.Dense(2, activation="softmax", input_dim=2)], rng=0)
    first.compile(loss="cross_entropy", optimizer=opt)
    first.fit(X, y, verbose=0)
    second = nl.Sequential([nl.Dense(2, activation="softmax", input_dim=2)], rng=0)
    with pytest.raises(ValueError, match="already trains another model"):
        second.compile(loss="cross_entropy", optimizer=opt)


def test_adam_with_a_constant_gradient_moves_lr_per_step_and_stays_float32():
    # with g constant, m_hat = g and v_hat = g^2 at every step: each step moves by lr
    opt = nl.Adam(lr=1e-3)
    w = np.ones(2, dtype="float32")
    for _ in range(3):
        opt.step([("w", w, np.ones(2, dtype="float32"))])
    assert w.dtype == np.float32
    assert w[0] == pytest.approx(1 - 3e-3, rel=1e-6)
    assert opt.iterations == 3
