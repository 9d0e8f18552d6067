"""nl.LayerHealth: activation statistics, dead and saturated units, gradient norms and the
update-to-weight ratio per layer, recorded into history.health."""
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.health import HIST_BINS


def data(n=200, features=8, scale=1.0):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, features)).astype("float32") * scale
    return X, (X[:, 0] > 0).astype(int)


def relu_net(bias=0.0):
    model = nl.Sequential([nl.Dense(32, "relu", input_dim=8), nl.Dense(2, "softmax")], rng=0)
    model.layers[0].params["b"][:] = bias
    return model.compile("cross_entropy", nl.SGD(0.1))


def test_a_large_negative_bias_kills_every_relu_unit():
    health = relu_net(bias=-20.0).fit(*data(), epochs=2, batch_size=20, verbose=0,
                                      callbacks=[nl.LayerHealth()]).health
    dense = health["dense_1"]
    assert dense["activation"] == "relu"
    assert dense["dead"] == [1.0] * 20  # every unit at 0 for every example, all along
    assert dense["mean"][-1] == 0 and dense["std"][-1] == 0
    assert dense["grad_norm"][-1] == 0 and dense["update_ratio"][-1] == 0  # nothing flows back
    healthy = relu_net().fit(*data(), epochs=1, batch_size=20, verbose=0,
                             callbacks=[nl.LayerHealth()]).health["dense_1"]
    assert max(healthy["dead"]) < 0.2
    assert np.isnan(healthy["saturated"]).all() and np.isnan(health["dense_2"]["dead"]).all()


def test_a_sigmoid_stack_fed_unscaled_inputs_saturates():
    def stack():
        layers = [nl.Dense(32, "sigmoid", input_dim=8)] + [nl.Dense(32, "sigmoid") for _ in range(3)]
        return nl.Sequential(layers + [nl.Dense(2, "softmax")], rng=0).compile("cross_entropy",
                                                                               nl.SGD(0.1))

    def saturation(scale):
        h = stack().fit(*data(scale=scale), epochs=1, batch_size=20, verbose=0,
                        callbacks=[nl.LayerHealth(every=5)])
        return h.health["dense_1"]["saturated"]

    assert min(saturation(30.0)) > 0.6  # |z| of tens: outputs pinned near 0 or 1
    assert max(saturation(1.0)) < 0.05


def test_the_update_ratio_of_plain_sgd_is_lr_times_the_gradient_norm_over_the_weight_norm():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 3)), rng.normal(size=(8, 1))
    model = nl.Sequential([nl.Dense(1, input_dim=3)], rng=0, dtype="float64")
    model.compile(loss="mse", optimizer=nl.SGD(lr=0.05))
    w0 = model.layers[0].params["W"].copy()
    health = model.fit(X, y, epochs=1, batch_size=8, verbose=0,
                       callbacks=[nl.LayerHealth()]).health
    grad = 2 / 8 * X.T @ (X @ w0 - y)  # dL/dW with b = 0 before the step
    rec = health["dense_1"]
    assert health["step"] == [1]
    assert rec["grad_norm"][0] == pytest.approx(np.linalg.norm(grad), rel=1e-12)
    assert rec["update_ratio"][0] == pytest.approx(0.05 * np.linalg.norm(grad) / np.linalg.norm(w0),
                                                   rel=1e-12)
    assert rec["activation"] == "linear" and rec["hist_range"] == (-5.0, 5.0)


def test_every_records_steps_1_1_plus_every_and_so_on_with_histograms():
    X, y = data()
    health = relu_net().fit(X, y, epochs=2, batch_size=20, verbose=0,
                            callbacks=[nl.LayerHealth(every=6)]).health
    assert health["step"] == [1, 7, 13, 19]  # global steps over both epochs (10 per epoch)
    for name, units in (("dense_1", 32), ("dense_2", 2)):
        rec = health[name]
        assert all(len(rec[k]) == 4 for k in nl.LayerHealth.KEYS)
        assert rec["hist"][0].shape == (HIST_BINS,) and rec["hist"][0].sum() == 20 * units


def test_an_activation_layer_after_a_dense_one_gives_its_outputs():
    model = nl.Sequential([nl.Dense(32, input_dim=8), nl.Activation("relu"), nl.Dense(2, "softmax")],
                          rng=0).compile("cross_entropy", nl.SGD(0.1))
    model.layers[0].params["b"][:] = -20.0
    health = model.fit(*data(), epochs=1, batch_size=50, verbose=0,
                       callbacks=[nl.LayerHealth()]).health
    assert set(health) == {"step", "dense_1", "dense_2"}  # trainable layers only
    assert health["dense_1"]["activation"] == "relu" and health["dense_1"]["dead"][0] == 1.0


def test_the_callback_changes_nothing_and_nothing_is_recorded_without_it():
    X, y = data()
    plain, watched = relu_net(), relu_net()
    h_plain = plain.fit(X, y, epochs=2, batch_size=20, verbose=0)
    h_watched = watched.fit(X, y, epochs=2, batch_size=20, verbose=0, callbacks=[nl.LayerHealth(3)])
    for key, value in plain.params.items():
        np.testing.assert_array_equal(value, watched.params[key])
    assert h_plain.loss == h_watched.loss
    assert h_plain.health == {} and len(h_watched.health["step"]) == 7


def test_on_batch_begin_runs_before_each_step_only_for_callbacks_that_have_it():
    X, y = data()
    model = relu_net()
    seen = []
    hook = nl.LambdaCallback(on_batch_begin=lambda b, logs: seen.append(
        (b, logs["size"], model.layers[0].params["W"][0, 0].copy())))
    model.fit(X, y, epochs=1, batch_size=64, shuffle=False, verbose=0, callbacks=[hook])
    assert [(b, size) for b, size, _ in seen] == [(0, 64), (1, 64), (2, 64), (3, 8)]
    assert seen[0][2] != seen[1][2]  # each call sees the weights before its own step
    assert not nl.callbacks.hooks_batch_begin(nl.GradientNorms())
    assert nl.callbacks.hooks_batch_begin(nl.LayerHealth()) and nl.callbacks.hooks_batch_begin(hook)

    class DuckTyped:  # not a Callback subclass, and without on_batch_begin: still fine
        def on_train_begin(self, logs):
            self.batches = 0

        def on_batch_end(self, batch, logs):
            self.batches += 1

        def on_epoch_end(self, epoch, logs):
            pass

        def on_train_end(self, logs):
            pass

    assert not nl.callbacks.hooks_batch_begin(DuckTyped())
    duck = DuckTyped()
    model.fit(X, y, epochs=1, batch_size=64, verbose=0, callbacks=[duck])
    assert duck.batches == 4


def test_the_steps_before_a_divergence_are_kept():
    model = relu_net().compile("cross_entropy", nl.SGD(1e4))
    with pytest.raises(nl.TrainingDiverged) as err:
        model.fit(*data(), epochs=3, batch_size=20, verbose=0, callbacks=[nl.LayerHealth()])
    steps = model.history_.health["step"]
    failed_at = (err.value.epoch - 1) * 10 + err.value.batch  # 10 batches per epoch
    assert steps == list(range(1, failed_at))  # every step up to the one that failed


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_every_must_be_a_positive_whole_number(bad):
    with pytest.raises(ValueError, match="every must be a whole number of steps >= 1"):
        nl.LayerHealth(every=bad)


# --- the figure and the dashboard ------------------------------------------------------------------
@pytest.fixture
def run():
    X, y = data()
    model = nl.Sequential([nl.Dense(32, "relu", input_dim=8), nl.Dense(16, "sigmoid"),
                           nl.Dense(2, "softmax")], rng=0).compile("cross_entropy", nl.SGD(0.1))
    model.layers[0].params["b"][:16] = -20.0  # half the ReLU units dead from the start
    return model.fit(X, y, epochs=2, batch_size=20, verbose=0, callbacks=[nl.LayerHealth(every=2)])


def test_plot_health_draws_one_line_per_layer_in_four_panels(run):
    import matplotlib.pyplot as plt
    from nnlessons import plots
    fig = plots.plot_health(run)
    std, tail, grad, ratio = fig.axes
    assert len(std.lines) == 3 and len(grad.lines) == 3
    assert [line.get_label() for line in tail.lines] == ["dense_1 dead", "dense_2 saturated"]
    np.testing.assert_allclose(tail.lines[0].get_ydata(), 0.5)
    assert grad.get_yscale() == ratio.get_yscale() == "log"
    assert any(np.allclose(line.get_ydata(), 1e-3) for line in ratio.lines)  # the guide line
    text = plots.description(fig)
    assert text.startswith("Layer health over 10 recorded steps (steps 1 to 19) for 3 layers")
    assert "dense_1 (relu): output std" in text and "dead share 0.5 to 0.5" in text
    with pytest.raises(ValueError, match=r"callbacks=\[nl.LayerHealth\(\)\]"):
        plots.plot_health(nl.History())
    plt.close("all")


def test_the_health_dashboard_slides_over_the_recorded_steps(run):
    import ipywidgets
    from nnlessons import plots, widgets
    w = widgets.health_dashboard(run)
    assert list(w.step.options) == run.health["step"] and w.step.value == 19
    first = w.image.value
    w.step.value = 5
    assert w.errors == [] and w.image.value != first
    scene = w.scene
    counts = run.health["dense_2"]["hist"][2]  # step 5 is the third recorded step
    np.testing.assert_allclose([p.get_height() for p in scene.bars["dense_2"]], counts / counts.sum())
    assert len(scene.lines["dense_1"].get_xdata()) == 3  # the update ratio so far
    assert "Layer health at step 5 of 19" in scene.describe()
    static = plots.plot_health_dashboard(run, step=5)
    assert plots.description(static) == scene.describe()
    ipywidgets.Widget.close_all()


def test_nine_layers_get_nine_different_looks():
    from nnlessons.plots.health import _style
    looks = [(s["color"], str(s["ls"])) for s in map(_style, range(64))]
    assert len(set(looks)) == 64
