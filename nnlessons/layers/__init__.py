"""Layers: each file holds one layer, its forward beside its backward."""
from .activation import Activation
from .base import Layer
from .dense import Dense
from .dropout import Dropout
from .flatten import Flatten
from .registry import LAYER_CLASSES, register
from .residual import Residual

for _cls in (Activation, Dense, Dropout, Flatten, Residual):
    register(_cls)

__all__ = ["Layer", "Dense", "Activation", "Flatten", "Dropout", "Residual", "LAYER_CLASSES",
           "register"]
