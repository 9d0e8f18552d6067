"""Gradient clipping by global norm and by value, in every optimizer."""
import copy

import numpy as np
import pytest

import nnlessons as nl

W0 = np.array([[0.5, -1.0], [2.0, 0.25]])
B0 = np.array([0.1, -0.3])
# two gradient arrays of one step: global norm sqrt(3^2 + 4^2) = 5
GW = np.array([[3.0, 0.0], [0.0, 0.0]])
GB = np.array([0.0, 4.0])


def step(opt, gw=GW, gb=GB):
    w, b = W0.copy(), B0.copy()
    gw, gb = gw.copy(), gb.copy()
    opt.step([(w, gw), (b, gb)])
    return w, b, gw, gb


def test_clipnorm_rescales_all_gradients_together_norm_5_to_1():
    w, b, gw, gb = step(nl.SGD(lr=1.0, clipnorm=1.0))
    factor = 1.0 / (5.0 + 1e-6)  # torch's clip_grad_norm_ rule
    np.testing.assert_allclose(w, W0 - factor * GW, rtol=1e-14)
    np.testing.assert_allclose(b, B0 - factor * GB, rtol=1e-14)
    step_norm = np.sqrt(((W0 - w) ** 2).sum() + ((B0 - b) ** 2).sum())
    assert step_norm == pytest.approx(1.0, rel=1e-6)  # direction kept, length 1
    # the gradients backward computed are left as they were (copies are clipped)
    np.testing.assert_array_equal(gw, GW)
    np.testing.assert_array_equal(gb, GB)


def test_clipnorm_above_the_norm_changes_nothing():
    plain = step(nl.SGD(lr=0.1))
    clipped = step(nl.SGD(lr=0.1, clipnorm=10.0))
    for a, b in zip(plain, clipped):
        np.testing.assert_array_equal(a, b)


def test_clipnorm_records_the_norm_before_clipping():
    opt = nl.SGD(lr=0.1, clipnorm=1.0)
    step(opt)
    assert opt.last_grad_norm == pytest.approx(5.0)
    assert nl.SGD(lr=0.1).last_grad_norm is None


def test_clipvalue_clips_each_element():
    w, b, gw, _ = step(nl.SGD(lr=1.0, clipvalue=2.0))
    np.testing.assert_allclose(w, W0 - np.clip(GW, -2, 2))
    np.testing.assert_allclose(b, B0 - np.clip(GB, -2, 2))
    np.testing.assert_array_equal(gw, GW)


def test_value_first_then_norm():
    # by value: (2, 0, 0, 0 | 0, 2), norm sqrt(8); then scaled to norm 1
    w, b, _, _ = step(nl.SGD(lr=1.0, clipvalue=2.0, clipnorm=1.0))
    factor = 1.0 / (np.sqrt(8.0) + 1e-6)
    np.testing.assert_allclose(w, W0 - factor * np.clip(GW, -2, 2), rtol=1e-14)
    np.testing.assert_allclose(b, B0 - factor * np.clip(GB, -2, 2), rtol=1e-14)


@pytest.mark.parametrize("make", [nl.SGD, nl.Adam, nl.RMSprop, nl.AdamW])
def test_every_optimizer_clips_the_same_gradients(make):
    """Clipping with norm 1 equals giving the unclipped optimizer the rescaled gradients."""
    clipped = step(make(lr=0.01, clipnorm=1.0))
    factor = 1.0 / (5.0 + 1e-6)
    by_hand = step(make(lr=0.01), GW * factor, GB * factor)
    np.testing.assert_allclose(clipped[0], by_hand[0], rtol=1e-12)
    np.testing.assert_allclose(clipped[1], by_hand[1], rtol=1e-12)


@pytest.mark.parametrize("make", [nl.SGD, nl.Adam])
def test_clipping_keeps_float32_and_updates_in_place(make):
    w, g = W0.astype("float32"), (GW * 100).astype("float32")
    ref = w
    make(lr=0.1, clipnorm=1.0, clipvalue=50.0).step([(w, g)])
    assert w is ref and w.dtype == np.float32


def test_repr_shows_clipping_only_when_set():
    assert "clip" not in repr(nl.Adam())
    assert repr(nl.SGD(0.1, clipnorm=1)) == "SGD(lr=0.1, momentum=0, clipnorm=1)"
    assert repr(nl.AdamW(clipvalue=0.5)).endswith("eps=1e-08, clipvalue=0.5)")
    assert "clipnorm=2" in repr(nl.RMSprop(clipnorm=2.0))


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), True, "1"])
@pytest.mark.parametrize("name", ["clipnorm", "clipvalue"])
def test_non_positive_clip_settings_are_refused(name, bad):
    with pytest.raises(ValueError, match=f"{name} must be a number > 0"):
        nl.Adam(**{name: bad})


def test_copies_and_reset_keep_the_clip_settings():
    opt = nl.Adam(lr=0.01, clipnorm=1.0, clipvalue=0.5)
    step(opt)
    twin = copy.deepcopy(opt)
    opt.reset()
    for o in (opt, twin):
        assert (o.clipnorm, o.clipvalue) == (1.0, 0.5)
    model = nl.Sequential([nl.Dense(2, input_dim=2)]).compile("mse", nl.SGD(0.1, clipnorm=1.0))
    assert model.astype("float64").optimizer_.clipnorm == 1.0


def test_fit_with_clipnorm_survives_a_rate_that_diverges_without_it():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 3))
    y = X @ np.array([[1.0], [-2.0], [0.5]])

    def run(opt):
        model = nl.Sequential([nl.Dense(1, input_dim=3)], rng=0).compile("mse", opt)
        return model.fit(X, y, epochs=20, batch_size=16, verbose=0)

    with pytest.raises(nl.TrainingDiverged):
        run(nl.SGD(lr=1.5))
    history = run(nl.SGD(lr=1.5, clipnorm=0.5))
    assert np.isfinite(history.loss[-1])


@pytest.mark.parametrize("clip", [{"clipnorm": 1.0}, {"clipvalue": 0.3},
                                  {"clipnorm": 0.5, "clipvalue": 1.0}], ids=str)
def test_the_same_clipping_as_pytorch_where_it_is_installed(clip):
    """torch.nn.utils.clip_grad_value_ then clip_grad_norm_, then a plain SGD step."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    arrays = [rng.normal(size=(4, 3)), rng.normal(size=3)]
    grads = [rng.normal(size=(4, 3)) * 2, rng.normal(size=3) * 2]
    ts = [torch.tensor(a, requires_grad=True) for a in arrays]
    for t, g in zip(ts, grads):
        t.grad = torch.tensor(g)
    if "clipvalue" in clip:
        torch.nn.utils.clip_grad_value_(ts, clip["clipvalue"])
    if "clipnorm" in clip:
        torch.nn.utils.clip_grad_norm_(ts, clip["clipnorm"])
    torch.optim.SGD(ts, lr=0.1).step()
    ours = [a.copy() for a in arrays]
    nl.SGD(lr=0.1, **clip).step(list(zip(ours, [g.copy() for g in grads])))
    for a, t in zip(ours, ts):
        np.testing.assert_allclose(a, t.detach().numpy(), rtol=1e-12, atol=1e-14)
