"""The explorer widgets and the live training dashboard, driven headless: set controls, click
buttons, then check the figure changed as it should and no callback error was swallowed."""
import io
import threading

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

import nnlessons as nl
from nnlessons import plots, widgets
from nnlessons.plots.initialisation import InitScene, activation_spread
from nnlessons.widgets.base import FigureWidget, labels_outside, png_bytes, widget_figure


@pytest.fixture(autouse=True)
def close_everything():
    yield
    ipywidgets.Widget.close_all()
    plt.close("all")


def _pixels(w):
    return np.asarray(Image.open(io.BytesIO(w.image.value)).convert("RGB"))


def _redrawn(w, action):
    """Run action() and return (render count increased, picture changed)."""
    count, before = w.render_count, _pixels(w)
    action()
    return w.render_count > count, not np.array_equal(before, _pixels(w))


def test_png_is_a_valid_image_of_the_whole_figure():
    fig = widget_figure((4, 3), dpi=50)
    fig.add_subplot().plot([0, 1], [1, 0])
    fig.canvas.draw()
    img = Image.open(io.BytesIO(png_bytes(fig.canvas)))
    assert img.size == (200, 150) and img.mode == "RGB"
    np.testing.assert_array_equal(np.asarray(img), np.asarray(fig.canvas.buffer_rgba())[..., :3])


def test_widgets_stay_out_of_pyplot():
    widgets.neuron_explorer()
    widgets.learning_rate_explorer()
    assert plt.get_fignums() == []


def test_neuron_explorer_redraws_the_neuron_output():
    w = widgets.neuron_explorer()
    assert set(w.controls) == {"w1", "w2", "bias", "activation"} and w.w1 is w.controls["w1"]
    assert _redrawn(w, lambda: setattr(w.w1, "value", 2.0)) == (True, True)
    w.bias.value = -1.0
    w.activation.value = "sigmoid"
    scene = w.scene
    _, a = nl.Neuron(2, "sigmoid", weights=[2.0, -0.5], bias=-1.0)(scene.points)
    np.testing.assert_allclose(scene.heat.get_array(), a.reshape(61, 61))
    assert "sigmoid(2.00·x₁ − 0.50·x₂ − 1.00)" in scene.title.get_text()
    assert scene.heat.get_clim() == (0, 1)
    # the dashed line is where z = 0: 2 x1 - 0.5 x2 - 1 = 0
    x1, x2 = scene.edge.get_data()
    np.testing.assert_allclose(2 * x1 - 0.5 * x2 - 1, 0, atol=1e-9)
    assert w.errors == [] and w.last_render_ms > 0


def test_activation_explorer_shows_the_chosen_functions_and_slopes():
    w = widgets.activation_explorer()
    assert set(w.controls) == {"activations", "z"}
    assert _redrawn(w, lambda: setattr(w.activations, "value", ("sigmoid", "linear"))) == (True, True)
    visible = {name for name, (f, d) in w.scene.lines.items() if f.get_visible()}
    assert visible == {"sigmoid", "linear"}
    assert [t.get_text() for t in w.scene.legend.get_texts()] == ["linear", "sigmoid"]
    assert _redrawn(w, lambda: setattr(w.z, "value", 4.0)) == (True, True)
    dot = w.scene.dots["sigmoid"][1]
    np.testing.assert_allclose(dot.get_ydata(), [0.25 * (1 - np.tanh(2.0) ** 2)], rtol=1e-6)
    assert "sigmoid 0.0177" in w.scene.title.get_text()
    # the thick "flat" overlay covers sigmoid's saturated ends, not its middle
    flat = w.scene.flat["sigmoid"][1].get_ydata()
    assert np.isfinite(flat[0]) and np.isnan(flat[len(flat) // 2])
    w.activations.value = ()
    assert w.scene.legend is None and w.errors == []


def test_learning_rate_explorer_shows_crawling_converging_and_divergence():
    w = widgets.learning_rate_explorer(lr=0.01)
    assert "crawling" in w.scene.title.get_text()
    w.lr.value = 0.3
    assert "converged" in w.scene.title.get_text()
    w.lr.value = 5.0  # the loss overflows: shown, not raised
    assert "diverged" in w.scene.title.get_text()
    assert len(w.scene.path.get_xdata()) < 26
    assert w.errors == []


def test_depth_explorer_shows_vanishing_gradients_and_skips_fixing_them():
    w = widgets.depth_explorer(depth=12, activation="sigmoid")
    norms = w.scene.run["grad_norms"]
    assert len(norms) == 13 and norms[0] / norms[-2] < 1e-5
    assert len(w.scene.bars.get_paths()) == 13
    w.skip.value = True
    norms = w.scene.run["grad_norms"]
    assert norms[0] / norms[-2] > 1e-2
    w.depth.value = 3
    assert len(w.scene.bars.get_paths()) == 4
    top = w.scene.bars.get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx(w.scene.run["grad_norms"][0], rel=1e-6)
    assert "final loss" in w.scene.loss_title.get_text() and w.errors == []


@pytest.fixture(scope="module")
def mnist_like():
    rng = np.random.default_rng(1)
    X = rng.random((30, 784)).astype(np.float32)
    y = rng.integers(0, 10, 30)
    model = nl.Sequential([nl.Dense(12, "relu", input_dim=784), nl.Dense(10, "softmax")], rng=0)
    return model, X, y


def test_prediction_explorer_follows_the_slider_and_jumps_to_mistakes(mnist_like):
    model, X, y = mnist_like
    w = widgets.prediction_explorer(model, X, y)
    assert _redrawn(w, lambda: setattr(w.index, "value", 7)) == (True, True)
    np.testing.assert_allclose(w.scene.image.get_array(), X[7].reshape(28, 28))
    p = model.predict(X[7:8])[0]
    np.testing.assert_allclose([bar.get_height() for bar in w.scene.bars], p, rtol=1e-5)
    wrong = np.flatnonzero(model.predict_classes(X) != y)
    w.next_mistake.click()
    assert w.index.value == wrong[wrong > 7][0]
    assert "misclassified" in w.status.value and w.errors == []


def test_callback_errors_are_shown_and_kept_not_swallowed(caplog):
    w = widgets.neuron_explorer()

    def broken(**values):
        raise RuntimeError("scene exploded")

    w._update = broken
    w.w1.value = 0.3  # must not raise: ipywidgets would swallow it
    assert len(w.errors) == 1 and "scene exploded" in w.errors[0]
    assert "scene exploded" in w.error_box.value
    assert "scene exploded" in caplog.text


def test_control_names_may_not_hide_widget_attributes():
    scene = plots.NeuronScene(widget_figure((4, 3)))
    with pytest.raises(ValueError, match="layout"):
        FigureWidget(scene, {"layout": ipywidgets.FloatSlider()})


def _data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2)).astype(np.float32)
    return X, (X[:, 0] > 0).astype(int)


def _model():
    return nl.Sequential([nl.Dense(4, "tanh", input_dim=2), nl.Dense(2, "softmax")], rng=0).compile()


def test_live_training_redraws_every_epoch_while_fit_runs():
    X, y = _data()
    live = widgets.live_training(min_interval=0)
    assert live.render_count == 1  # the empty axes
    history = _model().fit(X, y, epochs=4, batch_size=16, validation_data=(X, y), callbacks=[live],
                           verbose=0)
    assert live.render_count == 1 + 1 + 5  # the run's axes, every epoch, then once at the end
    assert live.logs["loss"] == pytest.approx(history.loss)
    assert len(live.logs["val_accuracy"]) == 4
    assert len(live.scene.lines["val_loss"].get_xdata()) == 4
    assert "done: 4 epochs" in live.status.value and live.errors == []
    assert live.stop_button.disabled


def test_live_training_stop_button_stops_fit_after_the_current_batch():
    X, y = _data()
    live = widgets.live_training(min_interval=0)
    click = nl.LambdaCallback(on_epoch_end=lambda epoch, logs: epoch == 2 and live.stop_button.click())
    history = _model().fit(X, y, epochs=10, batch_size=16, callbacks=[live, click], verbose=0)
    assert len(history) == 2  # clicked during epoch 2's end: fit stops before epoch 3
    assert "stopped after epoch 2" in live.status.value


def test_live_training_in_the_background_can_be_stopped():
    X, y = _data(256)
    live = widgets.live_training(min_interval=0)
    started = threading.Event()
    gate = nl.LambdaCallback(on_epoch_end=lambda epoch, logs: started.set())
    thread = live.fit(_model(), X, y, epochs=10_000, batch_size=8, callbacks=[gate])
    assert started.wait(10)
    live.stop_button.click()
    history = live.wait(10)
    assert not thread.is_alive() and 1 <= len(history) < 10_000 and live.errors == []


def test_live_training_shows_divergence_from_a_background_fit():
    X, y = _data()
    live = widgets.live_training(min_interval=0)
    model = nl.Sequential([nl.Dense(2, "softmax", input_dim=2)], rng=0).compile(
        optimizer=nl.SGD(lr=1e30))
    live.fit(model, X * 1e10, y, epochs=5, batch_size=64)
    live.wait(10)
    assert "TrainingDiverged" in live.errors[0] and "diverged" in live.error_box.value


def test_flatten_explorer_shows_the_chosen_image_and_its_row():
    from nnlessons import widgets
    rng = np.random.default_rng(0)
    X = (rng.random((3, 28, 28)) > 0.7).astype("float32")
    w = widgets.flatten_explorer(X, y=np.array([4, 1, 7]))
    w.index.value = 2
    assert w.errors == []
    np.testing.assert_array_equal(w.scene.row.get_ydata(), X[2].reshape(-1))
    np.testing.assert_array_equal(w.scene.image.get_array(), X[2])
    assert "label 7" in w.scene.title.get_text()
    assert f"{int((X[2] > 0).sum())} are not zero" in w.scene.row_title.get_text()
    plt.close(w.figure)


def test_plot_flatten_scales_raw_pixels_to_0_1():
    from nnlessons import widgets
    x = np.zeros((28, 28), dtype=np.uint8)
    x[3, 5] = 255
    fig = widgets.plot_flatten(x, 3)
    line = fig.axes[1].lines[-1]
    assert line.get_ydata().max() == 1.0 and line.get_ydata().argmax() == 3 * 28 + 5
    plt.close(fig)


def test_a_widget_that_cannot_run_says_what_to_do_instead_of_showing_its_repr():
    w = widgets.neuron_explorer()
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "run this cell" in bundle["text/plain"] and "static figure" in bundle["text/plain"]
    assert "children=" not in bundle["text/plain"]
    w.close()


def test_optimizer_explorer_redraws_the_path_for_each_control():
    w = widgets.optimizer_explorer()
    first = w.scene.run["path"].copy()
    w.optimizer.value = "adam"
    assert not np.array_equal(w.scene.run["path"], first)
    w.surface.value = "valley"
    assert w.scene.surface == "valley" and "adam" in w.scene.title.get_text()
    w.lr.value = 0.5
    w.momentum.value = 0.5
    assert w.errors == [] and w.render_count >= 5
    w.close()


def test_init_explorer_follows_its_controls():
    w = widgets.init_explorer(depth=8)
    w.init.value = "normal 0.01"
    assert "normal 0.01, relu" in w.scene.title.get_text()
    w.batchnorm.value = True
    assert "batch norm" in w.scene.title.get_text()
    w.activation.value = "tanh"
    assert w.errors == [] and w.render_count >= 4
    w.close()


def test_a_widget_placeholder_breaks_between_words_only():
    w = widgets.optimizer_explorer()
    text = w._repr_mimebundle_()["text/plain"]
    lines = text.splitlines()
    assert len(lines) > 1 and max(map(len, lines)) <= FigureWidget.PLACEHOLDER_WIDTH
    assert " ".join(lines) == f"FigureWidget {FigureWidget.PLACEHOLDER}"  # no word cut in two


def test_optimizer_explorer_moves_the_minimum_star_with_the_surface():
    w = widgets.optimizer_explorer(surface="bowl")
    stars = [line for line in w.scene.ax_s.get_lines() if line.get_marker() == "*"]
    assert len(stars) == 1 and stars[0].get_xydata().tolist() == [[0.0, 0.0]]
    w.surface.value = "valley"
    stars = [line for line in w.scene.ax_s.get_lines() if line.get_marker() == "*"]
    assert len(stars) == 1 and stars[0].get_xydata().tolist() == [[1.0, 1.0]]
    assert w.errors == []


@pytest.mark.parametrize("start, other", [("bowl", "valley"), ("valley", "bowl")])
def test_optimizer_explorer_keeps_its_axis_labels_inside_after_a_surface_change(start, other):
    w = widgets.optimizer_explorer(surface=start)
    assert labels_outside(w.figure) == []
    w.surface.value = other
    assert labels_outside(w.figure) == [] and w.errors == []
    w.surface.value = start
    assert labels_outside(w.figure) == []


def test_optimizer_explorer_starts_at_the_learning_rate_the_lesson_names():
    w = widgets.optimizer_explorer()
    assert w.lr.value == 0.03 and f"{w.lr.value:{w.lr.readout_format}}" == "0.03"
    # the browser snaps the handle to min + k * step: 0.03 must be on that grid, not 0.0316
    k = (np.log10(0.03) - w.lr.min) / w.lr.step
    assert k == pytest.approx(round(k), abs=1e-9)
    assert 1e-3 <= 10 ** w.lr.min < 1.1e-3 and 0.9 < 10 ** w.lr.max <= 1.0
    w.lr.value = 0.5
    assert "lr 0.5" in w.scene.title.get_text() and w.errors == []


def test_momentum_slider_is_disabled_with_a_reason_for_optimizers_that_ignore_it():
    w = widgets.optimizer_explorer(optimizer="momentum")
    assert not w.momentum.disabled and w.momentum_note.value == ""
    for name in ("sgd", "rmsprop", "adam"):
        w.optimizer.value = name
        assert w.momentum.disabled and "momentum off" in w.momentum_note.value
        assert name in w.momentum.tooltip
    w.optimizer.value = "nesterov"
    assert not w.momentum.disabled and w.momentum_note.value == "" and w.errors == []
    assert widgets.optimizer_explorer(optimizer="adam").momentum.disabled


def test_live_training_epoch_axis_runs_to_the_epochs_asked_for():
    X, y = _data()
    live = widgets.live_training(min_interval=0)
    _model().fit(X, y, epochs=30, batch_size=32, callbacks=[live], verbose=0)
    assert live.epochs == 30
    assert live.scene.ax_loss.get_xlim() == (0.5, 30.5) == live.scene.ax_acc.get_xlim()
    live.fit(_model(), X, y, epochs=12, batch_size=32)
    live.wait(20)
    assert live.scene.ax_loss.get_xlim() == (0.5, 12.5) and live.errors == []
    fixed = widgets.live_training(min_interval=0, epochs=50)
    _model().fit(X, y, epochs=3, batch_size=32, callbacks=[fixed], verbose=0)
    assert fixed.scene.ax_loss.get_xlim() == (0.5, 50.5)


def test_live_training_keeps_the_loss_label_inside_as_the_loss_axis_grows():
    live = widgets.live_training(min_interval=0)
    live.model = _model()
    live.on_train_begin({})
    for epoch, loss in enumerate([0.9, 3.0, 45.0, 1500.0, 250_000.0], start=1):
        live.on_epoch_end(epoch, {"loss": loss, "accuracy": 0.5})
        assert labels_outside(live.figure) == [], loss
    assert live.scene.ax_loss.get_ylim()[1] > 250_000 and live.errors == []


@pytest.mark.parametrize("init, activation", [("normal 0.01", "relu"), ("normal 1.0", "relu"),
                                              ("he", "relu"), ("normal 1.0", "tanh")])
def test_init_explorer_title_counts_outputs_as_the_lessons_table_does(init, activation):
    # the lesson's table: np.mean(last == 0) for relu, np.mean(np.abs(last) > 0.99) for tanh
    _, last = activation_spread(init, activation, depth=20)
    share = np.mean(last == 0) if activation == "relu" else np.mean(np.abs(last) > 0.99)
    w = widgets.init_explorer(init=init, activation=activation)
    assert f"for {share:.3f} of layer 20's outputs" in w.scene.hist_title.get_text()
    assert f"{share:.3f}" in w.scene.describe() and w.errors == []
    if (init, activation) == ("normal 0.01", "relu"):  # outputs near 1e-22 are not 0: 0.455
        assert "0.455" in w.scene.hist_title.get_text()


def test_init_histogram_leaves_outputs_beyond_the_axis_out_and_says_how_many():
    rng = np.random.default_rng(0)
    outputs = np.concatenate([rng.standard_normal(990), np.full(10, 50.0), [np.inf]])
    density, outside = InitScene.histogram(outputs)  # std about 5: 50 is 10 std out
    counts = density * np.diff(InitScene.BINS) * outputs.size
    assert outside == pytest.approx(11 / 1001) and counts.sum() == 990
    assert counts[-1] == 0  # no pile in the edge bin
    w = widgets.init_explorer(init="he", activation="relu")
    edge = w.scene.bars[-1].get_height()
    assert edge < 0.2 and "lie beyond ±4 std" in w.scene.hist_title.get_text()
