"""The explorers: one control panel above one figure per concept (ipywidgets 8).

Every widget function returns the widget: an ``ipywidgets.VBox`` whose controls are attributes
(``w = neuron_explorer(); w.w1.value = 2.0``) and also a dict ``w.controls``; ``w.figure`` is its
matplotlib Figure, ``w.errors`` the errors its callbacks raised (see nnlessons.widgets.base for how
it redraws). Widgets do not render on GitHub or nbviewer, so a lesson follows each one with a
static figure drawn by the same code with fixed values:

===========================================  ==================================================
widget                                       static figure
===========================================  ==================================================
``neuron_explorer()``                        ``plot_neuron(w1, w2, bias, activation)``
``activation_explorer()``                    ``plot_activations(activations, z)``
``learning_rate_explorer()``                 ``plot_learning_rate(lr, steps)``
``depth_explorer()``                         ``plot_depth(depth, skip, activation)``
``prediction_explorer(model, X, y)``         ``plot_prediction_trace(model, X[i], y[i])``
``live_training()``                          ``plot_history(history)``
``flatten_explorer(X, y)``                   ``plot_flatten(X[i], y[i])``
``playground()``                             ``plot_playground(dataset=..., epochs=...)``
===========================================  ==================================================

The static functions live in ``nnlessons.plots``; ``nnlessons.widgets`` re-exports them beside the
widgets. Importing this module loads matplotlib and ipywidgets; ``import nnlessons`` does not.
"""
import html

import ipywidgets as widgets
import numpy as np

from ..plots.activation import ActivationScene
from ..plots.depth import DepthScene
from ..plots.flatten import FlattenScene
from ..plots.learning_rate import LearningRateScene
from ..plots.initialisation import INITS, InitScene
from ..plots.neuron import NeuronScene
from ..plots.optimizers import IGNORES_MOMENTUM, OPTIMIZERS, SURFACES, OptimizerScene
from ..plots.prediction_trace import PASS_THROUGH, TraceScene, guess_image_shape
from ..plots.style import ACTIVATION_NAMES
from .base import FigureWidget, widget_figure


_WIDE = {"description_width": "initial"}


def _slider(description, value, lo, hi, step, **kwargs):
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                               style=_WIDE, **kwargs)


def _log_slider(description, value, lo, hi, step=0.05):
    """A FloatLogSlider from about ``lo`` to ``hi`` whose grid of exponents passes through
    ``value`` exactly: a browser snaps the handle to the grid, so a grid starting at 10^-3 would
    show 0.03 as 0.0316 (10^-1.5). The ends move inwards to the nearest grid points."""
    start = np.log10(value)
    below = int(np.floor((start - np.log10(lo)) / step + 1e-9))
    above = int(np.floor((np.log10(hi) - start) / step + 1e-9))
    return widgets.FloatLogSlider(value=value, base=10, min=start - below * step,
                                  max=start + above * step, step=step, description=description,
                                  readout_format=".3g", style=_WIDE)


def neuron_explorer(w1=1.0, w2=-0.5, bias=0.0, activation="relu", dpi=80):
    """Sliders for one neuron's two weights and bias, and its activation; shows its output over
    the input plane. Controls: ``w1``, ``w2``, ``bias``, ``activation``."""
    controls = {"w1": _slider("w₁", w1, -3, 3, 0.05), "w2": _slider("w₂", w2, -3, 3, 0.05),
                "bias": _slider("bias b", bias, -3, 3, 0.05),
                "activation": widgets.Dropdown(options=ACTIVATION_NAMES, value=activation,
                                               description="activation")}
    return FigureWidget(NeuronScene(widget_figure((9, 3.6), dpi)), controls)


def activation_explorer(activations=("relu", "sigmoid", "tanh"), z=1.0, z_range=6.0, dpi=80):
    """Pick activations; see each function, its slope, and where the slope vanishes.
    Controls: ``activations`` (multiple choice), ``z`` (the probe point)."""
    controls = {
        "activations": widgets.SelectMultiple(options=ACTIVATION_NAMES, value=tuple(activations),
                                              rows=len(ACTIVATION_NAMES), description="show"),
        "z": _slider("probe z", z, -z_range, z_range, 0.1),
    }
    return FigureWidget(ActivationScene(widget_figure((9, 3.4), dpi), z_range), controls)


def learning_rate_explorer(lr=0.1, steps=25, dpi=80):
    """A learning-rate slider (log scale) for gradient descent fitting a line: too small crawls,
    too large zigzags and diverges (drawn up to the overflow, never an error). Control: ``lr``."""
    controls = {"lr": widgets.FloatLogSlider(value=lr, base=10, min=-3, max=1, step=0.05,
                                             description="learning rate", readout_format=".3g",
                                             style=_WIDE)}
    return FigureWidget(LearningRateScene(widget_figure((9, 3.6), dpi), steps), controls)


def optimizer_explorer(optimizer="momentum", lr=0.03, momentum=0.9, surface="bowl", steps=60,
                       dpi=80):
    """An optimizer, its learning rate and momentum, on a 2-D loss surface (an elongated bowl or a
    curved valley): the path its steps take and the loss per step. Controls: ``optimizer``,
    ``lr`` (log scale, starting at ``lr`` exactly), ``momentum`` (disabled, with the reason in
    ``momentum_note``, for the optimizers that ignore it), ``surface``."""
    controls = {
        "optimizer": widgets.Dropdown(options=OPTIMIZERS, value=optimizer, description="optimizer"),
        "lr": _log_slider("learning rate", lr, 1e-3, 1.0),
        "momentum": _slider("momentum", momentum, 0.0, 0.99, 0.01),
        "surface": widgets.Dropdown(options=list(SURFACES), value=surface, description="surface"),
    }
    note = widgets.HTML(layout=widgets.Layout(align_self="center"))
    w = FigureWidget(OptimizerScene(widget_figure((10, 4), dpi), surface, steps), controls,
                     {"momentum_note": note})

    def follow_optimizer(_=None):
        reason = IGNORES_MOMENTUM.get(w.optimizer.value)
        w.momentum.disabled = reason is not None
        w.momentum.tooltip = f"{w.optimizer.value}: {reason}" if reason else None
        note.value = (f"<i>momentum off: {html.escape(reason)}</i>"
                      if reason else "")

    w.optimizer.observe(lambda change: w.safely(follow_optimizer, change), names="value")
    follow_optimizer()
    return w


def init_explorer(init="he", activation="relu", batchnorm=False, depth=20, dpi=80):
    """The starting scale of the weights (normal 0.01, normal 1.0, Glorot, He), the activation and
    batch norm on/off: the spread of each layer's outputs through ``depth`` layers, and the last
    layer's outputs. Controls: ``init``, ``activation``, ``batchnorm``."""
    controls = {
        "init": widgets.Dropdown(options=INITS, value=init, description="init"),
        "activation": widgets.Dropdown(options=["relu", "tanh", "sigmoid", "linear"],
                                       value=activation, description="activation", style=_WIDE),
        "batchnorm": widgets.Checkbox(value=batchnorm, description="batch norm"),
    }
    return FigureWidget(InitScene(widget_figure((10, 3.6), dpi), depth), controls)


def depth_explorer(depth=10, skip=False, activation="sigmoid", epochs=8, dpi=80):
    """Depth slider, skip connections on/off, activation: trains briefly on spirals and shows
    each layer's gradient norm and the loss. Controls: ``depth``, ``skip``, ``activation``."""
    controls = {
        "depth": widgets.IntSlider(value=depth, min=1, max=DepthScene.MAX_DEPTH,
                                   description="hidden layers", style=_WIDE,
                                   continuous_update=False),
        "skip": widgets.Checkbox(value=skip, description="skip connections"),
        "activation": widgets.Dropdown(options=("sigmoid", "tanh", "relu"), value=activation,
                                       description="activation"),
    }
    return FigureWidget(DepthScene(widget_figure((9, 3.4), dpi), epochs), controls)


def prediction_explorer(model, X, y=None, class_names=None, image_shape="auto", index=0, dpi=80):
    """A slider over the examples X (N, ...) showing each one, every layer's activations and the
    predicted probabilities. Controls: ``index``; button ``next_mistake`` (when y is given)."""
    X = np.asarray(X)
    if image_shape == "auto":
        image_shape = guess_image_shape(X[0])
    n_rows = sum(type(layer).__name__ not in PASS_THROUGH for layer in model.layers)
    fig = widget_figure((9, max(2.6, 0.75 * n_rows + 1.2)), dpi)
    scene = TraceScene(fig, model, image_shape, class_names)
    controls = {"index": widgets.IntSlider(value=index, min=0, max=len(X) - 1, description="example",
                                           style=_WIDE)}
    buttons = {}
    if y is not None:
        buttons["next_mistake"] = widgets.Button(description="next mistake", icon="forward")

    def update(index):
        return scene.update(X[index], None if y is None else y[index])

    w = FigureWidget(scene, controls, buttons, update=update)
    if y is not None:
        wrong = np.flatnonzero(model.predict_classes(X) != np.asarray(y))

        def next_mistake(_):
            later = wrong[wrong > w.index.value]
            if len(wrong):
                w.index.value = int(later[0] if len(later) else wrong[0])
            w.status.value = f"{len(wrong)} of {len(X)} examples are misclassified."

        w.next_mistake.on_click(lambda b: w.safely(next_mistake, b))
    return w


def flatten_explorer(X, y=None, index=0, dpi=80):
    """A slider over images X (N, 28, 28) or rows (N, 784): each image beside the flat row of
    pixels the network receives. Control: ``index``."""
    X = np.asarray(X)
    scene = FlattenScene(widget_figure((9, 2.8), dpi))
    controls = {"index": widgets.IntSlider(value=index, min=0, max=len(X) - 1, description="image",
                                           style=_WIDE)}

    def update(index):
        return scene.update(X[index], None if y is None else y[index])

    return FigureWidget(scene, controls, update=update)
