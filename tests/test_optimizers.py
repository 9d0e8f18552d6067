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
        opt.step([(w, g)])
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
    (_, updates, v), = opt.state.values()
    assert updates == 2
    np.testing.assert_allclose(v, v2, rtol=1e-14)


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
    opt.step([(w, g)])
    assert w is ref and w.dtype == np.float32
    assert not np.array_equal(w, W0.astype("float32"))


def test_state_is_kept_per_parameter_in_the_optimizer():
    opt = nl.Adam()
    a, b = np.ones(3), np.ones((2, 2))
    opt.step([(a, np.ones(3)), (b, np.full((2, 2), -1.0))])
    assert set(opt.state) == {id(a), id(b)}  # keyed by the parameter array itself
    assert opt.state[id(a)][0] is a and opt.state[id(b)][0] is b
    assert opt.state[id(a)][2].shape == (3,) and opt.state[id(b)][2].shape == (2, 2)
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


@pytest.mark.parametrize("make", [lambda: nl.SGD(lr=0.1, momentum=0.9), lambda: nl.Adam(lr=0.01)],
                         ids=["SGD momentum", "Adam"])
def test_one_optimizer_shared_by_two_models_keeps_their_moments_apart(make):
    """Moments and step counts belong to each parameter array: two models trained in turn by
    one optimizer end exactly where each would with an optimizer of its own."""
    X, y = np.random.default_rng(0).normal(size=(16, 2)), np.arange(16) % 2

    def model(opt, seed):
        return nl.Sequential([nl.Dense(2, activation="softmax", input_dim=2)], rng=seed,
                             dtype="float64").compile(loss="cross_entropy", optimizer=opt)

    shared = make()
    a, b = model(shared, 0), model(shared, 1)
    alone_a, alone_b = model(make(), 0), model(make(), 1)
    for _ in range(3):  # interleaved: a, b, a, b, ...
        for m in (a, b, alone_a, alone_b):
            m.fit(X, y, epochs=1, batch_size=4, shuffle=False, verbose=0)
    np.testing.assert_array_equal(a.layers[0].params["W"], alone_a.layers[0].params["W"])
    np.testing.assert_array_equal(b.layers[0].params["W"], alone_b.layers[0].params["W"])
    assert len(shared.state) == 2  # one entry per model: its W and b are views of one buffer


def test_a_copied_model_keeps_its_momenta_on_its_own_arrays():
    import copy
    X, y = np.random.default_rng(0).normal(size=(16, 2)), np.arange(16) % 2
    model = nl.Sequential([nl.Dense(2, activation="softmax", input_dim=2)], rng=0, dtype="float64")
    model.compile(loss="cross_entropy", optimizer=nl.Adam(lr=0.01))
    model.fit(X, y, epochs=1, batch_size=4, shuffle=False, verbose=0)
    twin = copy.deepcopy(model)
    kept = [p for p, *_ in twin.optimizer_.state.values()]  # the arrays the twin's moments follow
    assert all(any(np.shares_memory(k, p) for p in twin.params.values()) for k in kept)
    assert not any(np.shares_memory(k, p) for k in kept for p in model.params.values())
    for m in (model, twin):
        m.fit(X, y, epochs=1, batch_size=4, shuffle=False, verbose=0)
    np.testing.assert_array_equal(model.params["dense_1/W"], twin.params["dense_1/W"])


def test_adam_with_a_constant_gradient_moves_lr_per_step_and_stays_float32():
    # with g constant, m_hat = g and v_hat = g^2 at every step: each step moves by lr
    opt = nl.Adam(lr=1e-3)
    w = np.ones(2, dtype="float32")
    for _ in range(3):
        opt.step([(w, np.ones(2, dtype="float32"))])
    assert w.dtype == np.float32
    assert w[0] == pytest.approx(1 - 3e-3, rel=1e-6)
    assert opt.iterations == 3
