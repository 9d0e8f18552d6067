"""Interactive widgets for the lessons (ipywidgets 8): controls above one figure that redraws fast.

=================  ================================================================================
module             what it holds
=================  ================================================================================
``base``           ``FigureWidget``: controls, one persistent figure, fast redraws, error display
``explorers``      one explorer per concept: neuron, activation, learning rate, depth, prediction,
                   flatten
``live``           ``live_training()``: loss and accuracy redrawn while ``fit`` runs, a Stop button
``playground``     ``playground()``: the TensorFlow-Playground-style lab
``health``         ``health_dashboard(history)``: per-layer output histograms and update ratios
                   over the steps ``nl.LayerHealth`` recorded
``attention``      ``attention_explorer(model, vocab)``: each head's attention map and the
                   next-token probabilities for a typed text
``progress``       ``ProgressBar()``: a callback for ``fit``, a tqdm bar per epoch
``quiz``           ``QuizWidget(quiz)``: a course quiz (``nnlessons.course.quiz``) as answer buttons,
                   Check and feedback
=================  ================================================================================

Each widget draws the scene of its topic from ``nnlessons.plots``; a lesson follows every widget
with the static ``plot_*`` figure of the same scene, re-exported here so both sit side by side.
Importing this package loads matplotlib, ipywidgets and tqdm; ``import nnlessons`` does not.
"""
from ..plots import (plot_activations, plot_attention, plot_depth, plot_flatten, plot_health_dashboard, plot_history,
                     plot_learning_rate, plot_init, plot_neuron, plot_optimizers, plot_playground,
                     plot_prediction_trace)
from .base import FigureWidget, widget_figure
from .explorers import (activation_explorer, depth_explorer, flatten_explorer, learning_rate_explorer,
                        init_explorer, neuron_explorer, optimizer_explorer, prediction_explorer)
from .attention import attention_explorer
from .health import health_dashboard
from .live import LiveTraining, live_training
from .playground import Playground, playground
from .progress import ProgressBar

__all__ = [
    "FigureWidget", "LiveTraining", "Playground", "ProgressBar", "activation_explorer", "depth_explorer",
    "flatten_explorer", "learning_rate_explorer", "live_training", "neuron_explorer", "playground",
    "prediction_explorer", "optimizer_explorer", "init_explorer", "plot_init", "widget_figure", "plot_optimizers", "plot_activations", "plot_depth", "plot_flatten",
    "plot_history", "plot_learning_rate", "plot_neuron", "plot_playground", "plot_prediction_trace",
    "health_dashboard", "plot_health_dashboard", "attention_explorer", "plot_attention",
]
