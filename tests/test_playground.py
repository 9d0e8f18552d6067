"""The playground: training steps lower the loss, every control does what it says (data sets,
spirals with three classes, architecture, learning rate, batch size, L2), divergence is shown,
Train / Step / Reset work, and the same seed gives the same session."""
import time

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnlessons.plots.playground import DATASETS, PlaygroundState, plot_playground
from nnlessons.widgets import playground


@pytest.fixture(autouse=True)
def close_everything():
    yield
    ipywidgets.Widget.close_all()
    plt.close("all")


def test_stepping_trains_and_redraws():
    pg = playground(dpi=40)
    assert pg.state.epoch == 0 and len(pg.state.X_train) == 200 and len(pg.state.X_test) == 100
    before = pg.image.value
    for _ in range(3):
        pg.step(10)
    s = pg.state
    assert s.epoch == 30 and len(s.test_loss) == 31
    assert s.train_loss[-1] < 0.8 * s.train_loss[0] and s.test_loss[-1] < s.test_loss[0]
    assert pg.image.value != before and pg.last_step_ms > 0
    line = pg.scene.train_line
    np.testing.assert_allclose(line.get_ydata(), s.train_loss)
    assert "epoch 30" in pg.status.value and pg.errors == []


def test_spirals_have_three_classes_and_are_learned():
    pg = playground(dataset="spirals", neurons=8, learning_rate=0.3, dpi=40)
    s = pg.state
    assert s.n_classes == 3 and s.model.output_shape_ == (3,)
    pg.run(60)
    assert s.train_loss[-1] < 0.6 * s.train_loss[0]
    assert s.test_accuracy[-1] > 0.6
    img = pg.scene.boundary.get_array()
    assert img.shape == (100, 100, 4)
    # all three class colours appear in the confident parts of the boundary image
    hues = {tuple(np.sign(img[i, j, :3].astype(int) - 200)) for i in range(0, 100, 5)
            for j in range(0, 100, 5)}
    assert len(hues) >= 3
    assert len(pg.scene.points) == 6 and pg.errors == []  # 3 classes x (train, test)


def test_every_data_set_can_be_chosen():
    pg = playground(dpi=40)
    for name in reversed(list(DATASETS)):  # moons (the first) last, so each one is a change
        pg.dataset.value = name
        s = pg.state
        assert s.dataset == name and s.X_train.shape == (200, 2) and s.epoch == 0
        assert s.n_classes == (3 if name == "spirals" else 2)
        assert pg.scene.ax_b.get_xlim() == pytest.approx(s.extent[:2])
    assert pg.errors == []


def test_noise_changes_the_data_and_resets():
    pg = playground(dpi=40)
    pg.step(3)
    X = pg.state.X_train.copy()
    pg.noise.value = 0.3
    assert not np.allclose(pg.state.X_train, X) and pg.state.epoch == 0
    pg.noise.value = 0.1  # back again: the same points as before
    np.testing.assert_array_equal(pg.state.X_train, X)


def test_architecture_controls_rebuild_the_network():
    pg = playground(dpi=40)
    pg.hidden_layers.value = 3
    pg.neurons.value = 6
    pg.activation.value = "relu"
    layers = pg.state.model.layers
    assert [layer.units for layer in layers] == [6, 6, 6, 2]
    assert {layer.activation.name for layer in layers[:-1]} == {"relu"}
    assert "6 neurons" in pg.scene.tile_title.get_text()
    tiles = pg.scene.tiles.get_array()
    assert np.isfinite(tiles).sum() == 6 * 25 * 25  # one 25x25 heatmap per neuron
    pg.hidden_layers.value = 0
    assert len(pg.state.model.layers) == 1 and "no hidden layer" in pg.scene.tile_title.get_text()
    pg.step(2)
    assert pg.errors == []


def test_each_hidden_layer_can_have_its_own_width():
    pg = playground(hidden_layers=2, neurons=[8, 4], dpi=40)
    assert [layer.units for layer in pg.state.model.layers] == [8, 4, 2]
    shown = [slider.layout.display != "none" for slider in pg.layer_neurons]
    assert shown == [True, True] + [False] * (len(shown) - 2)
    assert "network 2-8-4-2" in pg.status.value
    pg.layer_neurons[1].value = 2           # a bottleneck in the second layer only
    assert [layer.units for layer in pg.state.model.layers] == [8, 2, 2]
    assert pg.state.epoch == 0 and "network 2-8-2-2" in pg.status.value
    pg.hidden_layers.value = 3              # a new layer starts from the slider it shows
    assert [layer.units for layer in pg.state.model.layers] == [8, 2, 4, 2]
    assert pg.layer_neurons[2].layout.display != "none"
    renders = pg.render_count
    pg.neurons.value = 5                    # the all-layers slider sets every layer, one rebuild
    assert [slider.value for slider in pg.layer_neurons] == [5] * len(pg.layer_neurons)
    assert [layer.units for layer in pg.state.model.layers] == [5, 5, 5, 2]
    assert pg.render_count == renders + 1 and pg.errors == []


def test_layer_widths_out_of_range_are_refused_with_the_range():
    with pytest.raises(ValueError, match="between 1 and 8 per layer"):
        playground(neurons=[8, 12], dpi=40)
    with pytest.raises(ValueError, match=r"1 layer width\(s\) \(\[8\]\) for 2 hidden layers"):
        PlaygroundState(hidden_layers=2, neurons=[8])


def test_learning_rate_and_l2_keep_the_weights():
    pg = playground(dpi=40)
    pg.step(2)
    W = pg.state.model.layers[0].params["W"].copy()
    pg.learning_rate.value = 0.3
    pg.l2.value = 0.01
    model = pg.state.model
    assert model.optimizer_.lr == 0.3 and model.l2 == 0.01
    np.testing.assert_array_equal(model.layers[0].params["W"], W)
    pg.batch_size.value = 25
    pg.step(1)
    assert pg.state.batch_size == 25 and pg.state.epoch == 3 and pg.errors == []


def test_l2_shrinks_the_weights():
    def weight_norm(l2):
        s = PlaygroundState(l2=l2, learning_rate=0.3)
        s.step(40)
        return sum(float(np.sum(layer.params["W"] ** 2)) for layer in s.model.layers)
    assert weight_norm(0.1) < 0.5 * weight_norm(0.0)


def test_divergence_is_shown_and_reset_recovers():
    pg = playground(learning_rate=10.0, activation="linear", neurons=8, dpi=40)
    pg.step(20)
    s = pg.state
    assert s.diverged and "Diverged" in pg.status.value
    epoch = s.epoch
    pg.step(5)  # nothing happens until Reset
    assert s.epoch == epoch and pg.errors == []
    pg.learning_rate.value = 0.03
    pg.reset_button.click()
    assert not s.diverged and s.epoch == 0
    pg.step_button.click()
    assert s.epoch == 1 and pg.errors == []


def test_train_toggle_runs_in_the_background_until_paused():
    pg = playground(dpi=40)
    pg.train_button.value = True
    assert pg.train_button.description == "Pause"
    deadline = time.time() + 20
    while pg.state.epoch < 20 and time.time() < deadline:
        time.sleep(0.02)
    pg.stop()
    epoch = pg.state.epoch
    assert epoch >= 20 and pg.train_button.description == "Train"
    time.sleep(0.1)
    assert pg.state.epoch == epoch and pg.errors == []


def test_controls_can_change_while_training_runs():
    pg = playground(dpi=40)
    pg.train_button.value = True
    for i in range(12):
        time.sleep(0.03)
        pg.l2.value = (0.0, 0.001, 0.01)[i % 3]
        if i % 4 == 0:
            pg.neurons.value = (6, 8, 3)[i // 4]
    pg.dataset.value = "spirals"
    pg.stop()
    assert pg.state.dataset == "spirals" and pg.state.widths == [3, 3]
    assert pg.state.model.layers[0].units == 3 and pg.errors == []


def test_the_same_seed_gives_the_same_session():
    a, b = PlaygroundState(rng=3), PlaygroundState(rng=3)
    for s in (a, b):
        s.step(3)
        s.reset()
        s.step(2)
    assert a.train_loss == b.train_loss
    assert PlaygroundState(rng=4).train_loss != a.train_loss


def test_plot_playground_static_figure():
    fig = plot_playground(dataset="xor", epochs=5, hidden_layers=1, neurons=3)
    ax_b, ax_l, ax_n = fig.axes
    assert ax_b.images[0].get_array().shape == (100, 100, 4)
    assert len(ax_l.get_lines()[0].get_xdata()) == 6  # epochs 0..5
    assert "epoch 5" in ax_l.get_title()
    assert "3 neurons" in ax_n.get_title()
    assert tuple(fig.get_size_inches()) == (9.6, 4.4)


def test_every_control_label_is_shown_whole():
    """JupyterLab cuts a description longer than its description_width ("laye…"): each slider
    of the per-layer row and the activation menu give their label the room it needs."""
    w = playground(hidden_layers=3)
    for slider in w.layer_neurons:
        assert slider.style.description_width == "initial", slider.description
    assert w.activation.style.description_width == "initial"
    w.close()
