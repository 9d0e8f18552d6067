"""Layers: each file holds one layer, its forward beside its backward. Each layer class carries
``@register`` (registry.py), so a saved model names it and ``nl.load_model`` rebuilds it."""
from .activation import Activation
from .attention import CausalSelfAttention
from .base import Layer
from .batchnorm import BatchNorm
from .block import Block
from .conv2d import Conv2D
from .dense import Dense
from .dropout import Dropout
from .embedding import Embedding, PositionEmbedding
from .flatten import Flatten
from .layernorm import LayerNorm
from .maxpool2d import MaxPool2D
from .registry import LAYER_CLASSES, register
from .residual import Residual
from .simple_rnn import SimpleRNN
from .transformer import TransformerBlock

__all__ = ["Layer", "Block", "Dense", "Activation", "Flatten", "Dropout", "Residual", "LAYER_CLASSES",
           "register", "Conv2D", "MaxPool2D", "SimpleRNN", "BatchNorm",
           "LayerNorm", "Embedding", "PositionEmbedding", "CausalSelfAttention",
           "TransformerBlock"]
