"""Nesterov, RMSprop and AdamW against their published update rules; learning-rate schedules;
the scheduler and early-stopping callbacks."""
import math

import numpy as np
import pytest
from test_optimizers import run as apply_steps

import nnlessons as nl

W0 = np.array([[0.5, -1.0], [2.0, 0.25]])
GRADS = [np.array([[0.1, -0.2], [0.3, 0.0]]), np.array([[-0.4, 0.5], [0.05, 1.0]]),
         np.array([[0.2, 0.2], [-0.1, 0.3]])]


def run(opt, w0=W0):
    return apply_steps(opt, GRADS, w0)


def test_nesterov_matches_the_look_ahead_rule_step_by_step():
    lr, mu = 0.1, 0.9
    w, v = W0.copy(), np.zeros_like(W0)
    for g in GRADS:  # Sutskever et al. (2013), in the form torch.optim.SGD(nesterov=True) uses
        v = mu * v - lr * g
        w = w + mu * v - lr * g
    np.testing.assert_allclose(run(nl.SGD(lr=lr, momentum=mu, nesterov=True)), w, rtol=1e-14)
    heavy_ball = run(nl.SGD(lr=lr, momentum=mu))
    assert not np.allclose(heavy_ball, w), "Nesterov must differ from plain momentum"


def test_nesterov_needs_momentum():
    with pytest.raises(ValueError, match="needs a momentum"):
        nl.SGD(lr=0.1, nesterov=True)


def test_rmsprop_matches_its_rule_step_by_step():
    lr, rho, eps = 0.01, 0.9, 1e-8
    w, s = W0.copy(), np.zeros_like(W0)
    for g in GRADS:
        s = rho * s + (1 - rho) * g * g
        w = w - lr * g / (np.sqrt(s) + eps)
    np.testing.assert_allclose(run(nl.RMSprop(lr=lr, rho=rho, eps=eps)), w, rtol=1e-12)


def test_adamw_decays_the_weights_outside_the_adaptive_step():
    lr, wd, b1, b2, eps = 0.01, 0.1, 0.9, 0.999, 1e-8
    w, m, v = W0.copy(), np.zeros_like(W0), np.zeros_like(W0)
    for t, g in enumerate(GRADS, start=1):
        w = w * (1 - lr * wd)  # decoupled: not divided by sqrt(v)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w = w - lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
    np.testing.assert_allclose(run(nl.AdamW(lr=lr, weight_decay=wd)), w, rtol=1e-12)
    np.testing.assert_allclose(run(nl.AdamW(lr=lr, weight_decay=0.0)), run(nl.Adam(lr=lr)), rtol=1e-15)


def test_adamw_with_zero_gradient_only_decays():
    w = np.ones(3)
    nl.AdamW(lr=0.1, weight_decay=0.5).step([(w, np.zeros(3))])
    np.testing.assert_allclose(w, 0.95)


@pytest.mark.parametrize("opt", [nl.RMSprop(), nl.AdamW(), nl.SGD(0.1, momentum=0.9, nesterov=True)],
                         ids=repr)
def test_new_optimizers_update_in_place_in_float32(opt):
    w, g = W0.astype("float32"), GRADS[0].astype("float32")
    ref = w
    opt.step([(w, g)])
    assert w is ref and w.dtype == np.float32


def test_optimizers_by_name():
    model = nl.Sequential([nl.Dense(2, input_dim=2)])
    assert isinstance(model.compile(loss="mse", optimizer="rmsprop").optimizer_, nl.RMSprop)
    assert isinstance(model.compile(loss="mse", optimizer="AdamW").optimizer_, nl.AdamW)


@pytest.mark.parametrize("make", [lambda: nl.RMSprop(lr=0.01), lambda: nl.AdamW(lr=0.01, weight_decay=0.1),
                                  lambda: nl.SGD(lr=0.1, momentum=0.9, nesterov=True)])
def test_the_same_steps_as_pytorch_where_it_is_installed(make):
    """An independent check of the update rules; the project never depends on PyTorch."""
    torch = pytest.importorskip("torch")
    opt = make()
    w = torch.tensor(W0, requires_grad=True)
    kind = type(opt).__name__
    if kind == "RMSprop":
        ref = torch.optim.RMSprop([w], lr=opt.lr, alpha=opt.rho, eps=opt.eps)
    elif kind == "AdamW":
        ref = torch.optim.AdamW([w], lr=opt.lr, weight_decay=opt.weight_decay, eps=opt.eps)
    else:
        ref = torch.optim.SGD([w], lr=opt.lr, momentum=opt.momentum, nesterov=True)
    for g in GRADS:
        w.grad = torch.tensor(g)
        ref.step()
    np.testing.assert_allclose(run(opt), w.detach().numpy(), rtol=1e-6, atol=1e-9)


def test_schedules_have_their_closed_forms():
    s = nl.schedules
    assert [s.step_decay(0.1, drop=0.5, every=2)(t) for t in range(5)] == \
        pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    assert s.exponential(0.1, 0.9)(3) == pytest.approx(0.1 * 0.9 ** 3)
    cos = s.cosine(0.1, total=10, lr_min=0.01)
    assert cos(0) == pytest.approx(0.1) and cos(10) == pytest.approx(0.01) and cos(20) == pytest.approx(0.01)
    assert cos(5) == pytest.approx(0.01 + 0.09 * (1 + math.cos(math.pi / 2)) / 2)
    warm = s.warmup(s.constant(0.2), steps=4)
    assert [warm(t) for t in range(6)] == pytest.approx([0.05, 0.1, 0.15, 0.2, 0.2, 0.2])
    with pytest.raises(ValueError, match="drop"):
        s.step_decay(0.1, drop=2)


def test_warmup_climbs_to_the_schedules_start_then_follows_it_from_there():
    # as its docstring says: up to schedule(0) (not schedule(steps)), then schedule(t - steps)
    warm = nl.schedules.warmup(lambda t: 1.0 / (t + 1), steps=4)
    assert [warm(t) for t in range(7)] == pytest.approx([0.25, 0.5, 0.75, 1.0, 1.0, 0.5, 1 / 3])


def test_rmsprop_has_no_bias_correction_so_its_first_step_is_lr_over_sqrt_1_minus_rho():
    for rho in (0.9, 0.99):
        w, g = np.array([1.0, -2.0]), np.array([0.5, -40.0])
        nl.RMSprop(lr=0.1, rho=rho, eps=0.0).step([(w, g)])
        np.testing.assert_allclose(w, [1.0, -2.0] - 0.1 / math.sqrt(1 - rho) * np.sign(g))


def moons_model(seed=0, opt=None):
    X, y = nl.datasets.make_moons(n=120, rng=seed)
    return X, y, nl.mlp(2, [8], 2, rng=seed).compile("cross_entropy", opt or nl.SGD(0.1))


@pytest.mark.parametrize("per, steps", [("epoch", 4), ("batch", 4 * 4)])
def test_the_scheduler_sets_the_rate_before_each_epoch_or_batch(per, steps):
    X, y, model = moons_model()
    seen = []
    spy = nl.LambdaCallback(on_batch_end=lambda b, logs: seen.append(model.optimizer_.lr))
    sched = nl.LearningRateScheduler(lambda t: 0.1 / (t + 1), per=per)
    model.fit(X, y, epochs=4, batch_size=30, verbose=0, callbacks=[spy, sched], shuffle=False)
    # the spy runs before the scheduler in each hook: it sees the rate the batch was trained with
    expected = ([0.1 / (e + 1) for e in range(4) for _ in range(4)] if per == "epoch"
                else [0.1 / (t + 1) for t in range(steps)])
    assert seen == pytest.approx(expected)


def test_the_scheduler_rejects_a_bad_schedule():
    X, y, model = moons_model()
    with pytest.raises(TypeError, match="function of the step"):
        nl.LearningRateScheduler(0.1)
    with pytest.raises(ValueError, match="learning rate nan"):
        model.fit(X, y, verbose=0, callbacks=[nl.LearningRateScheduler(lambda t: float("nan"))])


def test_early_stopping_stops_after_patience_and_restores_the_best_weights():
    X, y, model = moons_model(opt=nl.SGD(0.5))
    val = [0.5, 0.4, 0.45, 0.41, 0.6, 0.3]  # best at epoch 2, then 2 epochs without improvement
    snapshots = {}

    class Fake(nl.Callback):  # replaces the measured val_loss by the sequence above
        def on_epoch_end(self, epoch, logs):
            logs["val_loss"] = val[epoch - 1]
            snapshots[epoch] = model.layers[0].params["W"].copy()

    stop = nl.EarlyStopping(monitor="val_loss", patience=2)
    history = model.fit(X, y, epochs=6, verbose=0, callbacks=[Fake(), stop])
    assert len(history) == 4 and stop.stopped_epoch == 4 and stop.best_epoch == 2
    assert stop.best == 0.4 and model.stop_training
    np.testing.assert_array_equal(model.layers[0].params["W"], snapshots[2])


def test_early_stopping_on_accuracy_maximises_and_names_missing_keys():
    assert nl.EarlyStopping(monitor="val_accuracy").mode == "max"
    X, y, model = moons_model()
    with pytest.raises(ValueError, match="validation_split"):
        model.fit(X, y, epochs=2, verbose=0, callbacks=[nl.EarlyStopping()])


def test_early_stopping_on_real_validation_data_ends_early():
    X, y = nl.datasets.make_moons(n=200, noise=0.3, rng=1)
    model = nl.mlp(2, [64, 64], 2, rng=0).compile("cross_entropy", nl.Adam(0.05))
    stop = nl.EarlyStopping(patience=3)
    history = model.fit(X, y, epochs=200, validation_split=0.3, verbose=0, callbacks=[stop])
    assert len(history) < 200 and stop.stopped_epoch == len(history)
    assert stop.best == min(history.val_loss)


def test_fit_tells_its_callbacks_how_many_epochs_and_batches_it_will_run():
    seen = []
    cb = nl.callbacks.LambdaCallback(on_train_begin=lambda logs: seen.append(dict(logs)))
    model = nl.Sequential([nl.Dense(2, activation="softmax", input_dim=3)], rng=0)
    model.compile(loss="cross_entropy", optimizer=nl.SGD(lr=0.1))
    X = np.random.default_rng(0).normal(size=(8, 3)).astype("float32")
    model.fit(X, np.arange(8) % 2, epochs=3, batch_size=4, callbacks=[cb], verbose=0)
    assert seen == [{"epochs": 3, "batches": 2}]  # 8 examples in batches of 4
