"""Figures for the lessons: each ``plot_*`` function takes data or a model and returns a Figure.

One module per figure topic; each holds its run (when the figure needs one), its scene (the
figure built once, then ``update(...)``-d by a widget) and its ``plot_*`` function:

=====================  =========================================================================
module                 what it draws
=====================  =========================================================================
``style``              the colour-blind-safe palette and figure helpers (no figure of its own)
``alt_text``           ``describe(fig, text)``: a figure's text alternative, for screen readers and
                       the website's ``<img alt>``
``history``            loss / accuracy per epoch, gradient norms per layer, the live scene
``digits``             image grids, first-layer weights, the confusion matrix
``activation``         f(z) with f'(z), per-layer output histograms, the activation scene
``neuron``             one neuron over the input plane
``learning_rate``      gradient descent on a line fit for one learning rate
``initialisation``     the signal's spread layer by layer for each starting scale of the weights
``optimizers``         SGD, momentum, Nesterov, RMSprop and Adam paths on 2-D loss surfaces
``flatten``            an image becoming one row of numbers
``graph``              a computation graph of autograd Values, with data and gradients
``boundary``           a 2-D classifier's class probabilities over the plane
``prediction_trace``   one example's trip through a model, layer by layer
``depth``              gradient norm per layer in deep networks, with and without skips
``playground``         the TensorFlow-Playground-style lab: state, run and figure
``health``             per-layer health over steps (``nl.LayerHealth``): output spread, dead and
                       saturated units, gradient norms, update ratios; the health dashboard scene
``lr_range``           the learning-rate range test: loss against a growing rate, range shaded
``spread``             results over seeds: a dot per seed, the mean and its 95% interval; two
                       runs with the same seeds compared seed by seed
=====================  =========================================================================

How figures are shown: when you do not pass ``ax=`` (or ``axes=``), a function makes its figure at
an explicit ``figsize``, draws, and returns the Figure with a text alternative generated from its
data (``description(fig)``; given ``ax``, it adds to the figure's). It never calls ``plt.show()``,
never changes rcParams and keeps no reference to the figure. In a notebook, end the cell with ``plt.show()``; in
scripts and tests, ``plt.close(fig)`` when done. Widgets draw into their own
``matplotlib.figure.Figure`` instead, outside pyplot (see ``nnlessons.widgets``).

Importing this package loads matplotlib (``import nnlessons`` does not) and sets two rcParams:
``axes.prop_cycle`` to the colour-blind-safe ``SERIES_COLORS``, so a lesson's own figures use the
same palette as the package's, and ``legend.fontsize`` to 10 pt, so no legend is smaller than
8 pt (``style.use_palette(False)`` undoes both).
"""
from .alt_text import describe, description
from .activation import ActivationScene, plot_activation, plot_activation_histograms, plot_activations
from .activation import saturated_regions
from .attention import AttentionScene, attention_maps, plot_attention
from .boundary import plot_decision_boundary
from .depth import DepthScene, depth_run, plot_depth
from .digits import plot_confusion_matrix, plot_digits, plot_first_layer_weights
from .flatten import FlattenScene, plot_flatten
from .graph import draw_graph
from .health import HealthScene, plot_health, plot_health_dashboard
from .history import HistoryScene, plot_gradient_norms, plot_history
from .learning_rate import LearningRateScene, learning_rate_run, plot_learning_rate
from .lr_range import plot_lr_range
from .initialisation import InitScene, activation_spread, plot_init
from .neuron import NeuronScene, plot_neuron
from .optimizers import OptimizerScene, optimizer_path, plot_optimizers
from .playground import PlaygroundScene, PlaygroundState, plot_playground
from .prediction_trace import TraceScene, plot_prediction_trace
from .spread import plot_paired, plot_spread
from .style import CLASS_COLORS, CLASS_MARKERS, SERIES_COLORS, TRAIN_COLOR, VAL_COLOR, WRONG_COLOR
from .style import use_palette

use_palette()  # C0, C1, ... in a lesson's own figures: the same colour-blind-safe colours

__all__ = [
    "plot_activation", "plot_activation_histograms", "plot_activations", "plot_confusion_matrix",
    "plot_decision_boundary", "plot_depth", "plot_digits", "plot_first_layer_weights",
    "plot_flatten", "plot_gradient_norms", "plot_history", "plot_learning_rate", "plot_neuron",
    "plot_playground", "plot_prediction_trace", "plot_spread", "plot_paired", "draw_graph", "plot_optimizers",
    "optimizer_path", "OptimizerScene", "plot_init", "activation_spread", "InitScene", "saturated_regions", "depth_run",
    "learning_rate_run", "ActivationScene", "DepthScene", "FlattenScene", "HistoryScene",
    "LearningRateScene", "NeuronScene", "PlaygroundScene", "PlaygroundState", "TraceScene",
    "CLASS_COLORS", "CLASS_MARKERS", "SERIES_COLORS", "TRAIN_COLOR", "VAL_COLOR", "WRONG_COLOR",
    "describe", "description", "use_palette", "plot_health", "plot_health_dashboard", "HealthScene",
    "plot_lr_range", "plot_attention", "attention_maps", "AttentionScene",
]
