"""Causal multi-head self-attention, forward and backward written out.

Each position asks a question (its query q), every position offers a label (its key k) and a
content (its value v). A position's output is the average of the values, weighted by how well its
query matches each key: a soft lookup. "Causal": position t may only look at positions 0..t, so a
model that predicts the next token cannot read it.

For one head of size d, with X (T, D):
    Q = X Wq, K = X Wk, V = X Wv            (T, d) each
    S = Q K^T / sqrt(d)                     (T, T) scores; the mask sets S[t, s] = -inf for s > t
    A = softmax(S) over each row            (T, T) attention probabilities, rows sum to 1
    O = A V                                 (T, d)
H heads run side by side on D / H columns each; their outputs are put side by side and mixed:
Y = [O_1 ... O_H] Wo + bo.

Why 1 / sqrt(d): with unit-variance entries, q . k sums d products, so its variance is d; dividing
by sqrt(d) keeps the scores near unit scale, where softmax is not saturated and its gradient lives.
"""
import math

import numpy as np

from .._validation import check_positive_int, check_rng
from .base import Layer, format_shape
from .registry import register


@register
class CausalSelfAttention(Layer):
    """Masked (causal) multi-head self-attention.

    Parameters
    ----------
    heads : int, the number of heads; the feature size D must be a multiple of it.

    Shapes: x (batch, T, D) -> y (batch, T, D); Wq, Wk, Wv, Wo (D, D); bo (D,).
    After a forward pass, ``attention_`` holds the probabilities (batch, heads, T, T):
    ``attention_[n, h, t]`` is how position t of example n spread its attention over 0..t.
    """

    grads_in_place = True  # backward writes into grads' arrays (see Layer)

    def __init__(self, heads=1, name=None):
        super().__init__(name=name)
        self.heads = check_positive_int(heads, "CausalSelfAttention heads")
        self.attention_ = None

    def build(self, input_shape, rng=None):
        if len(input_shape) != 2 or input_shape[1] % self.heads:
            raise ValueError(f"CausalSelfAttention layer '{self.name}' expects inputs of shape "
                             f"(batch, T, D) with D a multiple of heads={self.heads}, got "
                             f"{format_shape(input_shape)}.")
        rng, d = check_rng(rng), input_shape[1]
        limit = np.sqrt(6 / (d + d))  # Glorot uniform, as PyTorch's in_proj of MultiheadAttention
        self.params = {k: rng.uniform(-limit, limit, size=(d, d)).astype("float32")
                       for k in ("Wq", "Wk", "Wv", "Wo")}
        self.params["bo"] = np.zeros(d, dtype="float32")
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}
        super().build(input_shape, rng)

    # --- shapes: (batch, T, D) <-> (batch, heads, T, D / heads) ---------------------------------
    def split_heads(self, x):
        n, t, d = x.shape
        return x.reshape(n, t, self.heads, d // self.heads).transpose(0, 2, 1, 3)

    @staticmethod
    def merge_heads(x):
        n, h, t, dh = x.shape
        return x.transpose(0, 2, 1, 3).reshape(n, t, h * dh)

    def forward(self, x, training=False):
        """x (batch, T, D) -> y (batch, T, D); keeps the attention probabilities in attention_."""
        p = self.params
        q, k, v = (self.split_heads(x @ p[w]) for w in ("Wq", "Wk", "Wv"))
        scale = 1 / math.sqrt(q.shape[-1])  # a Python float: keeps float32 arrays float32
        scores = q @ k.transpose(0, 1, 3, 2) * scale             # (batch, heads, T, T)
        t = x.shape[1]
        future = np.triu(np.ones((t, t), dtype=bool), k=1)         # s > t: not yet seen
        scores = np.where(future, -np.inf, scores)
        scores = scores - scores.max(axis=-1, keepdims=True)       # stable softmax over keys
        attn = np.exp(scores)
        attn /= attn.sum(axis=-1, keepdims=True)
        out = self.merge_heads(attn @ v)                           # (batch, T, D)
        self.attention_ = attn
        self.cache = (x, q, k, v, attn, out, scale)
        return out @ p["Wo"] + p["bo"]

    def backward(self, dy):
        """dy (batch, T, D) -> dx (batch, T, D); fills the five grads.

        Notes, per head: dO = dY Wo^T; dA = dO V^T; dV = A^T dO; through the softmax of each row,
        dS = A * (dA - sum(dA * A)) (masked entries have A = 0, so they get no gradient);
        dQ = dS K scale; dK = dS^T Q scale; x feeds Q, K and V, so its gradient is the sum of three."""
        x, q, k, v, attn, out, scale = self.cache
        p, g, d = self.params, self.grads, x.shape[-1]
        g["Wo"][...] = out.reshape(-1, d).T @ dy.reshape(-1, d)
        g["bo"][...] = dy.reshape(-1, d).sum(axis=0)
        d_out = self.split_heads(dy @ p["Wo"].T)
        d_attn = d_out @ v.transpose(0, 1, 3, 2)
        dv = attn.transpose(0, 1, 3, 2) @ d_out
        d_scores = attn * (d_attn - (d_attn * attn).sum(axis=-1, keepdims=True)) * scale
        dq = d_scores @ k
        dk = d_scores.transpose(0, 1, 3, 2) @ q
        flat_x = x.reshape(-1, d)
        dx = 0
        for w, dpart in (("Wq", dq), ("Wk", dk), ("Wv", dv)):
            dpart = self.merge_heads(dpart)
            g[w][...] = flat_x.T @ dpart.reshape(-1, d)
            dx = dx + dpart @ p[w].T
        return dx if self.needs_input_grad else None

    def describe(self):
        return f"CausalSelfAttention {self.heads} head" + "s" * (self.heads != 1)

    def get_config(self):
        return {"name": self.name, "heads": self.heads}
