"""nnlessons: neural networks by hand in NumPy, for learning how they really work.

    import nnlessons as nl
    model = nl.Sequential([nl.Dense(128, activation="relu", input_dim=784),
                           nl.Dense(10, activation="softmax")], rng=0)

Importing this package loads NumPy only; plots, widgets and progress bars load when used.
"""
from . import activations, datasets, initializers, losses, optimizers
from .callbacks import Callback, LambdaCallback
from .errors import TrainingDiverged
from .gradcheck import gradcheck, gradcheck_layer, rel_error
from .history import History
from .layers import Activation, Dense, Dropout, Flatten, Layer, Residual
from .layers import BatchNorm, Conv2D, MaxPool2D, SimpleRNN
from .losses import BinaryCrossEntropy, CrossEntropy, MeanSquaredError
from .model import Sequential
from .neuron import Neuron
from .optimizers import SGD, Adam
from .serialization import load_model
from .traces import DataFlow, PredictionTrace, TrainingTrace

__version__ = "0.1.0"

__all__ = ["Sequential", "Dense", "Activation", "Flatten", "Dropout", "Residual", "Layer", "Neuron",
           "Conv2D", "MaxPool2D", "SimpleRNN", "BatchNorm",
           "SGD", "Adam", "CrossEntropy", "BinaryCrossEntropy", "MeanSquaredError", "History",
           "Callback", "LambdaCallback", "TrainingDiverged", "gradcheck", "gradcheck_layer",
           "rel_error", "load_model", "datasets", "activations", "initializers", "losses",
           "optimizers", "DataFlow", "TrainingTrace", "PredictionTrace"]
