"""A transformer block (pre-norm): two residual branches on one stream of vectors.

    x = x + Attention(LayerNorm(x))          positions exchange information (causal)
    x = x + MLP(LayerNorm(x))                each position thinks on its own: Dense(r * D) + ReLU,
                                             then Dense(D) back to the stream's width
The stream x (batch, T, D) keeps its shape from block to block; each branch adds to it, so the
identity path of lesson 13 (Skip connections) runs from the embeddings to the output. "Pre-norm"
normalises what enters a branch, not the stream itself (as GPT-2 does), which keeps that path clean.
"""
from .attention import CausalSelfAttention
from .base import format_shape
from .block import Block
from .dense import Dense
from .layernorm import LayerNorm
from .registry import register
from .residual import Residual


@register
class TransformerBlock(Block):
    """Pre-norm transformer block: causal self-attention, then a two-layer MLP, each in a Residual.

    Parameters
    ----------
    heads : int, attention heads (the width D must be a multiple). mlp_ratio : int, the MLP's
    hidden width is mlp_ratio * D. activation : the MLP's activation ('relu' by default).
    skip : False removes both identity paths (an ablation: the same layers without the stream).

    Shapes: x (batch, T, D) -> y (batch, T, D). ``attention_`` is the attention's probabilities
    (batch, heads, T, T) from the last forward pass; ``branches`` the two Residual blocks.
    """

    def __init__(self, heads=1, mlp_ratio=4, activation="relu", skip=True, name=None):
        super().__init__(name=name)
        self.heads, self.mlp_ratio, self.mlp_activation = heads, int(mlp_ratio), activation
        self.skip = bool(skip)
        self.branches = []

    def build(self, input_shape, rng=None):
        if len(input_shape) != 2:
            raise ValueError(f"TransformerBlock '{self.name}' expects a stream of shape (batch, T, D), "
                             f"got {format_shape(input_shape)}. Put an Embedding first.")
        d = input_shape[-1]
        self.branches = [
            Residual([LayerNorm(), CausalSelfAttention(self.heads)], skip=self.skip,
                     name=f"{self.name}.attention"),
            Residual([LayerNorm(), Dense(self.mlp_ratio * d, activation=self.mlp_activation),
                      Dense(d)], skip=self.skip, name=f"{self.name}.mlp")]
        for branch in self.branches:
            branch.build(input_shape, rng)
        super().build(input_shape, rng)

    def sublayers(self):
        return self.branches

    @property
    def attention_(self):
        return self.branches[0].layers[1].attention_ if self.branches else None

    def forward(self, x, training=False):
        """x (batch, T, D) -> y (batch, T, D): attention branch, then MLP branch, each added."""
        for branch in self.branches:
            x = branch.forward(x, training=training)
        return x

    def backward(self, dy):
        """dy (batch, T, D) -> dx (batch, T, D); each Residual adds its skip's gradient."""
        for branch in reversed(self.branches):
            branch.needs_input_grad = True
            dy = branch.backward(dy)
        return dy

    def describe(self):
        return f"TransformerBlock {self.heads} head" + "s" * (self.heads != 1)

    def get_config(self):
        return {"name": self.name, "heads": self.heads, "mlp_ratio": self.mlp_ratio,
                "activation": self.mlp_activation, "skip": self.skip}
