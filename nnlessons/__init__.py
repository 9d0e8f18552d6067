"""nnlessons: neural networks by hand in NumPy, for learning how they really work.

    import nnlessons as nl
    model = nl.Sequential([nl.Dense(128, activation="relu", input_dim=784),
                           nl.Dense(10, activation="softmax")], rng=0)

Importing this package loads NumPy only; plots and widgets load when used, and ``fit`` shows its
progress as plain text (``widgets.ProgressBar`` is the tqdm bar).

Where things are: the engine sits at the top (activations, initializers, losses, optimizers,
model, callbacks, schedules, history, gradcheck, serialization, neuron, errors, randomness,
tables, ``layers/``, ``datasets/``; for diagnosing training: health, sanity, lr_range);
the teaching machinery has rooms of its own below it: ``traces/`` (tables of a run),
``plots/`` (figures), ``widgets/`` (interactive figures) and ``course/`` (cli, lessons, slides,
site, quizzes, exercises, editions, grading). Imports flow one way: engine <- traces <- plots <-
widgets <- course; README's "Where things are" gives each room's libraries and the rule on
private names, and tests/test_architecture.py checks them.
"""
from . import activations, autograd, datasets, initializers, losses, optimizers, sampling, schedules
from .callbacks import Callback, EarlyStopping, GradientNorms, LambdaCallback, LearningRateScheduler
from .errors import TrainingDiverged
from .gradcheck import gradcheck, gradcheck_layer, rel_error
from .health import LayerHealth
from .history import History
from .layers import Activation, Dense, Dropout, Flatten, Layer, Residual
from .layers import BatchNorm, Conv2D, LayerNorm, MaxPool2D, SimpleRNN
from .layers import CausalSelfAttention, Embedding, PositionEmbedding, TransformerBlock
from .lr_range import LRRangeResult, lr_range_test
from .losses import BinaryCrossEntropy, CrossEntropy, MeanSquaredError, SequenceCrossEntropy
from .mlp import mlp
from .model import Sequential, load_model
from .neuron import Neuron
from .optimizers import SGD, Adam, AdamW, RMSprop
from .sanity import SanityReport, sanity_check
from .seeds import Spread, binomial_interval, over_seeds, paired_difference
from .traces import DataFlow, PredictionTrace, TrainingTrace

__version__ = "0.1.0"

__all__ = ["Sequential", "Dense", "Activation", "Flatten", "Dropout", "Residual", "Layer", "Neuron",
           "Conv2D", "MaxPool2D", "SimpleRNN", "BatchNorm", "LayerNorm", "Embedding",
           "PositionEmbedding", "CausalSelfAttention", "TransformerBlock", "SequenceCrossEntropy", "sampling",
           "SGD", "Adam", "RMSprop", "AdamW", "EarlyStopping", "LearningRateScheduler", "schedules", "CrossEntropy", "BinaryCrossEntropy", "MeanSquaredError", "History",
           "Callback", "LambdaCallback", "GradientNorms", "LayerHealth", "sanity_check", "SanityReport", "lr_range_test", "LRRangeResult", "TrainingDiverged", "gradcheck", "gradcheck_layer",
           "rel_error", "load_model", "mlp", "over_seeds", "Spread", "paired_difference", "binomial_interval", "datasets", "activations", "initializers", "losses",
           "optimizers", "autograd", "DataFlow", "TrainingTrace", "PredictionTrace"]
