"""Attention maps: for one input, each head's attention probabilities (who looks at whom), and the
model's next-token probabilities after the last position. The scene behind
``widgets.attention_explorer``; ``plot_attention`` is its static figure."""
import numpy as np

from .alt_text import describe
from .style import SERIES_COLORS, SMALL_FONTSIZE, pyplot_figure

SHOWN_NEXT = 8  # the most probable next tokens drawn as bars


def attention_layers(model):
    """The layers of ``model`` that hold attention maps (TransformerBlock, CausalSelfAttention), in
    order; nested ones (inside a Residual) are found too."""
    found, stack = [], list(model.layers)[::-1]
    while stack:
        layer = stack.pop()
        if hasattr(layer, "attention_"):
            found.append(layer)
        else:
            stack.extend(list(layer.sublayers())[::-1])
    if not found:
        raise ValueError("this model has no attention layer (TransformerBlock or "
                         "CausalSelfAttention): there are no attention maps to draw.")
    return found


def attention_maps(model, ids):
    """(maps, probs): run ``model`` on ids (L,) (padded with 0 to its input length) and return
    maps (layers, heads, L, L) and probs (V,) the next-token probabilities after position L - 1."""
    ids = np.asarray(ids, dtype=np.int64).ravel()
    width = model.input_shape_[0]
    if not 1 <= len(ids) <= width:
        raise ValueError(f"the model reads 1 to {width} tokens, got {len(ids)}; shorten the input.")
    x = np.zeros((1, width), dtype=np.int64)
    x[0, :len(ids)] = ids
    probs = model.predict(x)[0, len(ids) - 1]
    n = len(ids)
    maps = np.stack([layer.attention_[0, :, :n, :n] for layer in attention_layers(model)])
    return maps, probs


class AttentionScene:
    """Top rows: one heatmap per layer and head (row = the position that looks, column = the
    position looked at; causal, so the upper triangle is empty). Bottom: the next-token
    probabilities after the last position, most probable first. ``update(text=...)``."""

    def __init__(self, fig, model, vocab, text, prefix=None):
        self.fig, self.model, self.vocab = fig, model, vocab
        self.prefix = getattr(vocab, "boundary", "") or "" if prefix is None else prefix
        maps, _ = attention_maps(model, vocab.encode(self.prefix or vocab.itos[0]))
        self.n_layers, self.n_heads = maps.shape[:2]
        grid = fig.add_gridspec(self.n_layers + 1, self.n_heads,
                                height_ratios=[1] * self.n_layers + [0.8])
        self.axes = [[fig.add_subplot(grid[i, j]) for j in range(self.n_heads)]
                     for i in range(self.n_layers)]
        self.ax_next = fig.add_subplot(grid[-1, :])
        self.images = [[ax.imshow(np.zeros((1, 1)), cmap="Blues", vmin=0, vmax=1)
                        for ax in row] for row in self.axes]
        fig.colorbar(self.images[0][0], ax=[ax for row in self.axes for ax in row], shrink=0.8,
                     label="attention", panchor=False)   # maps stay centred, not pushed right
        self.dynamic = []
        self.update(text)

    def readable(self, text):
        """The part of ``text`` the model can read: lower-cased, characters of the vocabulary
        only (not the boundary), at most as long as the model's input allows."""
        known = set(self.vocab.itos) - {self.prefix}
        kept = "".join(c for c in str(text).lower() if c in known)
        return kept[:self.model.input_shape_[0] - len(self.prefix)]

    def update(self, text):
        self.text = self.readable(text)
        self.tokens = list(self.prefix + self.text)
        ids = self.vocab.encode("".join(self.tokens))
        self.maps, self.probs = attention_maps(self.model, ids)
        n = len(self.tokens)
        for i, row in enumerate(self.axes):
            for j, ax in enumerate(row):
                img = self.images[i][j]
                img.set_data(np.ma.masked_array(self.maps[i, j], np.triu(np.ones((n, n)), 1)))
                img.set_extent((-0.5, n - 0.5, n - 0.5, -0.5))
                ax.set_xticks(range(n), self.tokens, fontsize=SMALL_FONTSIZE)
                ax.set_yticks(range(n), self.tokens, fontsize=SMALL_FONTSIZE)
                ax.set_title(f"layer {i + 1}, head {j + 1}", fontsize=9)
                if j == 0:
                    ax.set_ylabel("looking", fontsize=9)
                if i == len(self.axes) - 1:
                    ax.set_xlabel("looked at", fontsize=9)
        order = np.argsort(self.probs)[::-1][:SHOWN_NEXT]
        ax = self.ax_next
        ax.clear()
        labels = [repr(self.vocab.itos[k]) for k in order]
        ax.bar(range(len(order)), self.probs[order], color=SERIES_COLORS[0])
        ax.set_xticks(range(len(order)), labels)
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability")
        ax.set_title(f"next token after {''.join(self.tokens)!r}", fontsize=9)
        return "layout"

    def describe(self):
        parts = []
        for i in range(self.n_layers):
            for j in range(self.n_heads):
                last = self.maps[i, j, -1]
                k = int(np.argmax(last))
                parts.append(f"layer {i + 1} head {j + 1}: the last position puts {last[k]:.2f} on "
                             f"{self.tokens[k]!r} (position {k})")
        best = int(np.argmax(self.probs))
        return (f"Attention maps for {''.join(self.tokens)!r}, one per layer and head; "
                + "; ".join(parts) + f". Most probable next token: {self.vocab.itos[best]!r} "
                f"({self.probs[best]:.2f}).")


def plot_attention(model, vocab, text, prefix=None, figsize=None):
    """Static figure of ``widgets.attention_explorer``: each layer's and head's attention maps for
    ``text`` (after ``prefix``, by default the vocabulary's boundary '.'), and the next-token
    probabilities. ``vocab`` has ``encode(str) -> ids`` and ``itos`` (a datasets.CharVocabulary)."""
    layers = len(attention_layers(model))
    heads = attention_layers(model)[0].heads if hasattr(attention_layers(model)[0], "heads") else 1
    fig = pyplot_figure(figsize or (2.4 * heads + 1.5, 2.3 * layers + 2))
    scene = AttentionScene(fig, model, vocab, text, prefix)
    return describe(fig, scene.describe())
