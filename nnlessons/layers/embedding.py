"""Embedding: a table of learned vectors, one row per token id, y[n, t] = W[ids[n, t]].

Looking up row i is the same as multiplying a one-hot vector by W, so the gradient of W is the
one-hot products summed: every position that used id i adds its dy to row i (np.add.at, because
an id can repeat within a batch and plain indexing would keep only one of the additions).
"""
import numpy as np

from .._validation import check_positive_int, check_rng
from .base import Layer, format_shape
from .registry import register


@register
class Embedding(Layer):
    """Token ids -> vectors.

    Parameters
    ----------
    vocab : int, the number of different ids (ids run from 0 to vocab - 1).
    dim : int, the length of each vector.
    input_length : int, optional, the sequence length T (needed on the first layer only).
    std : float, the standard deviation of the initial N(0, std^2) vectors (1.0, as PyTorch).

    Shapes: ids (batch, T) of whole numbers -> y (batch, T, dim); W (vocab, dim).
    No gradient flows to the ids (they are not numbers one can nudge); put it first.
    """

    grads_in_place = True  # backward writes into grads' arrays (see Layer)

    def __init__(self, vocab, dim, input_length=None, std=1.0, name=None):
        super().__init__(name=name, input_shape=(input_length,) if input_length is not None else None)
        self.vocab = check_positive_int(vocab, "Embedding vocab")
        self.dim = check_positive_int(dim, "Embedding dim")
        self.std = float(std)

    def build(self, input_shape, rng=None):
        if len(input_shape) != 1:
            raise ValueError(f"Embedding layer '{self.name}' expects ids of shape (batch, T), got "
                             f"inputs of shape {format_shape(input_shape)}. Pass one id per position.")
        W = check_rng(rng).normal(0.0, self.std, size=(self.vocab, self.dim))
        self.params = {"W": W.astype("float32")}
        self.grads = {"W": np.zeros_like(self.params["W"])}
        super().build(input_shape, rng)

    def output_shape(self, input_shape):
        return (input_shape[0], self.dim)

    def forward(self, x, training=False):
        """ids (batch, T) -> y (batch, T, dim)."""
        ids = self.as_ids(x)
        self.cache = ids
        return self.params["W"][ids]

    def backward(self, dy):
        """dy (batch, T, dim) -> None; fills grads['W'] (rows of repeated ids add up)."""
        ids = self.cache
        self.grads["W"][...] = 0
        np.add.at(self.grads["W"], ids, dy)
        return None

    def as_ids(self, x):
        """x as integer ids, or a clear error: whole numbers in [0, vocab)."""
        x = np.asarray(x)
        if not np.issubdtype(x.dtype, np.integer):
            whole = np.issubdtype(x.dtype, np.floating) and np.isfinite(x).all() and \
                np.all(x == np.round(x))
            if not whole:
                raise TypeError(f"Embedding layer '{self.name}' expects whole-number ids, got an "
                                f"array of {x.dtype} that is not all whole numbers. Encode each "
                                "token as an integer id first (e.g. with a vocabulary dict).")
        ids = x.astype(np.intp, copy=False)
        low, high = int(ids.min()), int(ids.max())
        if low < 0 or high >= self.vocab:
            bad = low if low < 0 else high
            raise ValueError(f"Embedding layer '{self.name}' has {self.vocab} rows (ids 0 to "
                             f"{self.vocab - 1}), got id {bad}. Make vocab larger than the largest "
                             "id, or check the encoding.")
        return ids

    def check_input(self, x):
        if self.input_shape is not None and tuple(x.shape[1:]) != self.input_shape:
            raise ValueError(f"Embedding layer '{self.name}' expects ids of shape "
                             f"{format_shape(self.input_shape)}, got {tuple(x.shape)}.")

    def describe(self):
        return f"Embedding {self.vocab} x {self.dim}"

    def get_config(self):
        return {"name": self.name, "vocab": self.vocab, "dim": self.dim, "std": self.std,
                "input_length": self.input_shape[0] if self.input_shape else None}


@register
class PositionEmbedding(Layer):
    """Adds a learned vector for each position: y[n, t] = x[n, t] + P[t].

    Learned rather than sinusoidal: it is the same lookup as Embedding (nothing new to derive),
    it is what GPT-2 uses, and the sequences here never run longer than in training, where the
    sinusoids' one advantage (lengths never seen) would show.

    Parameters
    ----------
    max_len : int, the longest sequence the layer accepts. std : initial N(0, std^2) scale.

    Shapes: x (batch, T, dim) with T <= max_len -> y (same shape); P (max_len, dim).
    """

    grads_in_place = True  # backward writes into grads' arrays (see Layer)

    def __init__(self, max_len, std=0.02, name=None):
        super().__init__(name=name)
        self.max_len = check_positive_int(max_len, "PositionEmbedding max_len")
        self.std = float(std)

    def build(self, input_shape, rng=None):
        if len(input_shape) != 2 or input_shape[0] > self.max_len:
            raise ValueError(f"PositionEmbedding layer '{self.name}' expects inputs of shape "
                             f"(batch, T, dim) with T <= {self.max_len}, got "
                             f"{format_shape(input_shape)}.")
        P = check_rng(rng).normal(0.0, self.std, size=(self.max_len, input_shape[1]))
        self.params = {"P": P.astype("float32")}
        self.grads = {"P": np.zeros_like(self.params["P"])}
        super().build(input_shape, rng)

    def forward(self, x, training=False):
        """x (batch, T, dim) -> x + P[:T] (same shape)."""
        self.cache = x.shape[1]
        return x + self.params["P"][:x.shape[1]]

    def backward(self, dy):
        """dy (batch, T, dim) -> dx = dy; grads['P'][t] is dy summed over the batch."""
        self.grads["P"][...] = 0
        self.grads["P"][:self.cache] = dy.sum(axis=0)
        return dy

    def describe(self):
        return f"PositionEmbedding {self.max_len}"

    def get_config(self):
        return {"name": self.name, "max_len": self.max_len, "std": self.std}
