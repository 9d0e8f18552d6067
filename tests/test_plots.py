"""nnlessons.plots, boundary, scenes and depth: every plot returns a Figure with the expected axes,
lines and images, leaves pyplot as it found it, and the package core stays free of matplotlib."""
import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

import nnlessons as nl
from nnlessons import plots
from nnlessons.plots import depth
from nnlessons.plots.boundary import class_probabilities, probability_image
from test_alt_text import FIGURES, trained  # noqa: F401  (every plot_* function, small arguments)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def digits():
    """Fake 28x28 'digits' and a tiny trained model: enough for every image plot, and fast."""
    rng = np.random.default_rng(0)
    X = rng.random((60, 784)).astype(np.float32)
    y = rng.integers(0, 10, 60)
    model = nl.Sequential([nl.Dense(16, "relu", input_dim=784), nl.Dense(8, "relu"),
                           nl.Dense(10, "softmax")], rng=0).compile()
    history = model.fit(X[:40], y[:40], epochs=3, batch_size=20, validation_data=(X[40:], y[40:]),
                        verbose=0, record_grad_norms=True)
    return X, y, model, history


def _lines(ax):
    return [line for line in ax.get_lines() if len(line.get_xdata())]


def test_import_nnlessons_loads_neither_matplotlib_nor_ipywidgets():
    code = ("import sys, nnlessons, nnlessons.traces, nnlessons.course; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_plot_history_draws_train_and_validation_curves(digits):
    fig = plots.plot_history(digits[3])
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    assert tuple(fig.get_size_inches()) == (9, 3.2)
    for ax, name in zip(fig.axes, ("loss", "accuracy")):
        assert ax.get_ylabel() == name
        assert [len(line.get_xdata()) for line in _lines(ax)] == [3, 3]


def test_plot_history_accepts_a_dict_and_draws_into_given_axes():
    fig, axes = plt.subplots(1, 1)
    assert plots.plot_history({"loss": [1.0, 0.5]}, axes=[axes]) is fig
    assert len(_lines(axes)) == 1
    with pytest.raises(ValueError, match="at least one epoch"):
        plots.plot_history({"loss": []})


def test_plot_gradient_norms_one_line_per_layer_on_a_log_scale(digits):
    fig = plots.plot_gradient_norms(digits[3])
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    assert [line.get_label() for line in _lines(ax)] == digits[3].layer_names


def test_plot_digits_frames_mistakes_in_red(digits):
    X, y = digits[0][:12], digits[1][:12]
    pred = y.copy()
    pred[[1, 5]] = (y[[1, 5]] + 1) % 10
    fig = plots.plot_digits(X, y, pred, n_cols=6)
    assert len(fig.axes) == 12 and all(len(ax.images) == 1 for ax in fig.axes)
    red = [i for i, ax in enumerate(fig.axes)
           if ax.spines["top"].get_edgecolor()[:3] == matplotlib.colors.to_rgb(plots.WRONG_COLOR)]
    assert red == [1, 5]
    assert fig.axes[1].get_title() == f"{y[1]} → {pred[1]}"


def test_plot_first_layer_weights_shows_28x28_images(digits):
    fig = plots.plot_first_layer_weights(digits[2], n=8)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 8 and shown[0].images[0].get_array().shape == (28, 28)
    np.testing.assert_allclose(shown[3].images[0].get_array(),
                               digits[2].layers[0].params["W"][:, 3].reshape(28, 28))
    with pytest.raises(ValueError, match="784"):
        plots.plot_first_layer_weights(np.zeros((10, 3)))


def test_plot_confusion_matrix_counts_pairs():
    fig = plots.plot_confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0])
    cm = fig.axes[0].images[0].get_array()
    np.testing.assert_array_equal(cm, [[1, 0, 0], [0, 1, 1], [1, 0, 2]])
    assert len(fig.axes[0].texts) == 9
    fig = plots.plot_confusion_matrix([0, 1, 1], [0, 1, 0], normalize=True)
    np.testing.assert_allclose(fig.axes[0].images[0].get_array().sum(axis=1), [1, 1])


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "leaky_relu", "linear"])
def test_plot_activation_draws_function_and_derivative(name):
    fig, ax = plt.subplots()
    assert plots.plot_activation(name, ax=ax) is fig
    f, d = _lines(ax)[:2]
    act = nl.activations.get_activation(name)
    np.testing.assert_allclose(f.get_ydata(), act.forward(f.get_xdata()))
    np.testing.assert_allclose(d.get_ydata(), act.derivative(d.get_xdata()))


def test_plot_activation_shades_saturation_and_rejects_softmax():
    z = np.linspace(-6, 6, 401)
    regions = plots.saturated_regions(z, nl.activations.get_activation("sigmoid").derivative(z))
    assert len(regions) == 2 and regions[0][0] == -6 and regions[1][1] == 6
    assert -4 < regions[0][1] < -3  # sigmoid'(z) < 0.025 beyond |z| ~ 3.6
    with pytest.raises(ValueError, match="softmax"):
        plots.plot_activation("softmax")


def test_plot_activation_histograms_one_panel_per_layer(digits):
    fig = plots.plot_activation_histograms(digits[2], digits[0][:30])
    assert len(fig.axes) == 3
    assert all(ax.patches for ax in fig.axes)
    assert "≤ 0" in fig.axes[0].texts[0].get_text()  # share of dead ReLU outputs


def test_decision_boundary_colours_every_class():
    X = np.array([[-1.0, -1.0], [1.0, 1.0], [1.0, -1.0]], dtype=np.float32)
    model = nl.Sequential([nl.Dense(3, "softmax", input_dim=2)], rng=0)
    fig = plots.plot_decision_boundary(model, X, np.array([0, 1, 2]), resolution=20)
    ax = fig.axes[0]
    assert ax.images[0].get_array().shape == (20, 20, 4)
    points = [c for c in ax.collections if type(c).__name__ == "PathCollection"]
    assert len(points) == 1 and len(points[0].get_offsets()) == 3
    assert len(ax.collections) >= 2, "the decision boundary is drawn where the predicted class changes"
    p = np.array([[1.0, 0.0], [0.5, 0.5]])
    img = probability_image(p, (1, 2))
    assert img.dtype == np.uint8 and tuple(img[0, 1, :3]) == (255, 255, 255)  # unsure: white
    np.testing.assert_allclose(class_probabilities(np.array([[0.8]])), [[0.2, 0.8]])


def test_prediction_trace_shows_image_strips_and_probabilities(digits):
    X, y, model, _ = digits
    fig = plots.plot_prediction_trace(model, X[0], y[0])
    image_ax, strip1, strip2, bar_ax = fig.axes
    np.testing.assert_allclose(image_ax.images[0].get_array(), X[0].reshape(28, 28))
    hidden = model.forward(X[:1], trace=True)
    np.testing.assert_allclose(strip1.images[0].get_array()[0], hidden[0][0], rtol=1e-6)
    assert strip2.images[0].get_array().shape == (1, 8)
    heights = [bar.get_height() for bar in bar_ax.patches]
    np.testing.assert_allclose(heights, hidden[-1][0], rtol=1e-5)
    assert f"label {y[0]}" in bar_ax.get_title()


def test_plain_scene_functions_return_figures_with_their_panels():
    fig = plots.plot_neuron(1.0, -0.5, 0.2, "tanh")
    assert len(fig.axes) == 3 and "tanh(1.00·x₁ − 0.50·x₂ + 0.20)" in fig.axes[0].get_title()
    fig = plots.plot_activations(("relu", "tanh"), z=2.0, z_range=4.0)
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["relu", "tanh"]
    assert fig.axes[0].get_xlim() == (-4, 4)
    fig = plots.plot_learning_rate(0.3)
    assert "converged" in fig.axes[1].get_title()
    fig = depth.plot_depth(4, True, "tanh")
    assert len(fig.axes[0].collections[0].get_paths()) == 5


@pytest.mark.parametrize("lr, word", [(0.003, "crawling"), (0.3, "converged"), (0.95, "zigzagging"),
                                      (1.5, "diverging"), (5.0, "diverged")])
def test_learning_rate_runs_are_classified_and_divergence_never_raises(lr, word):
    fig = plots.plot_learning_rate(lr)
    assert f": {word}" in fig.axes[1].get_title()
    run = plots.learning_rate_run(lr)
    assert len(run["path"]) == len(run["losses"])
    assert (run["diverged_at"] is not None) == (word == "diverged")


def test_no_pyplot_figure_is_left_open_by_building_scenes_into_a_plain_figure():
    before = plt.get_fignums()
    plots.NeuronScene(Figure()).update(1.0, 1.0, 0.0, "relu")
    assert plt.get_fignums() == before


def test_optimizer_paths_use_the_engine_and_show_what_momentum_does():
    from nnlessons.plots.optimizers import bowl, optimizer_path, valley
    for f in (bowl, valley):  # each surface's gradient against centred differences
        w, eps = np.array([0.3, -0.7]), 1e-6
        numeric = [(f(w + e)[0] - f(w - e)[0]) / (2 * eps) for e in np.eye(2) * eps]
        np.testing.assert_allclose(f(w)[1], numeric, rtol=1e-6)
    plain = optimizer_path("sgd", 0.03, surface="bowl")
    heavy = optimizer_path("momentum", 0.03, surface="bowl")
    assert plain["path"].shape == (61, 2) and plain["losses"][-1] < plain["losses"][0]
    assert heavy["losses"][-1] < plain["losses"][-1]  # the slow direction speeds up with momentum
    blown = optimizer_path("sgd", 0.2, surface="bowl")  # beyond 2 / 20 on the steep axis
    assert len(blown["path"]) < 61 and blown["losses"][-1] > 1e6
    with pytest.raises(ValueError, match="choose one of"):
        optimizer_path("lbfgs", 0.1)


def test_plot_optimizers_draws_one_path_and_one_curve_per_optimizer():
    fig = plots.plot_optimizers(["sgd", "adam"], steps=20)
    ax_s, ax_l = fig.axes[:2]
    assert len([line for line in ax_l.lines if line.get_label().startswith(("sgd", "adam"))]) == 2
    assert ax_l.get_yscale() == "log" and "contours" in ax_s.get_title()
    plt.close(fig)


def test_activation_spread_fades_explodes_or_holds_as_the_variance_argument_says():
    from nnlessons.plots.initialisation import activation_spread
    small, _ = activation_spread("normal 0.01", "relu", depth=10)
    large, _ = activation_spread("normal 1.0", "relu", depth=10)
    he, _ = activation_spread("he", "relu", depth=10)
    glorot, _ = activation_spread("glorot", "relu", depth=10)
    assert small[-1] < 1e-8 and large[-1] > 1e6  # each layer multiplies the spread by a constant
    assert 0.5 < he[-1] / he[0] < 2  # He's scale keeps it for ReLU ...
    assert glorot[-1] / glorot[0] < 0.1  # ... Glorot's (half of He's variance here) fades
    normed, last = activation_spread("normal 0.01", "tanh", depth=10, batchnorm=True)
    # Dense -> BatchNorm -> tanh: every tanh gets inputs of spread 1, so its outputs have the
    # spread of tanh(z) for a standard normal z, about 0.63, at every layer
    np.testing.assert_allclose(normed, 0.63, atol=0.01)
    assert last.shape == (256, 128)


def test_plot_init_draws_one_line_per_starting_scale():
    fig = plots.plot_init(activation="tanh", depth=6)
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines if not line.get_label().startswith("_")] == \
        ["normal 0.01", "normal 1.0", "glorot", "he"]
    assert ax.get_yscale() == "log" and "6 tanh layers" in ax.get_title()
    plt.close(fig)


def _small_texts(fig, minimum=8.0):
    """(text, size) of every visible text in ``fig`` (legends, titles, labels, ticks, notes)
    smaller than ``minimum`` points."""
    from matplotlib.text import Text
    return [(t.get_text(), t.get_fontsize()) for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and t.get_fontsize() < minimum]


def test_importing_plots_sets_legends_to_at_least_8_pt():
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties
    size = FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points()
    assert size >= 8


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_text_in_every_package_figure_is_at_least_8_pt(name, trained):  # noqa: F811
    fig = FIGURES[name](trained)
    fig.canvas.draw()
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends
    assert all(t.get_fontsize() >= 8 for legend in legends for t in legend.get_texts())
    assert _small_texts(fig) == []


def test_a_crowded_confusion_matrix_keeps_its_numbers_at_8_pt():
    y = np.arange(48) % 12
    assert _small_texts(plots.plot_confusion_matrix(y, y[::-1])) == []


def test_every_text_in_every_explorer_is_at_least_8_pt():
    from nnlessons import widgets
    rng = np.random.default_rng(0)
    X = rng.random((4, 784)).astype(np.float32)
    model = nl.Sequential([nl.Dense(8, "relu", input_dim=784), nl.Dense(10, "softmax")], rng=0)
    built = [widgets.neuron_explorer(), widgets.activation_explorer(),
             widgets.learning_rate_explorer(), widgets.optimizer_explorer(),
             widgets.init_explorer(depth=4), widgets.depth_explorer(depth=2, epochs=1),
             widgets.prediction_explorer(model, X, np.arange(4)), widgets.flatten_explorer(X),
             widgets.live_training(), widgets.playground()]
    for w in built:
        assert _small_texts(w.figure) == [], type(w).__name__
        w.close()
