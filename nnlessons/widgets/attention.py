"""attention_explorer(model, vocab): type a word (or a digit string) and see every head's attention
map and the next-token probabilities. Its static counterpart is ``plot_attention``."""
import ipywidgets as widgets

from ..plots.attention import AttentionScene, attention_layers
from .base import FigureWidget, widget_figure


def attention_explorer(model, vocab, text="", prefix=None, figsize=None, dpi=80):
    """Explore a trained transformer's attention.

    Parameters
    ----------
    model : a Sequential with TransformerBlock (or CausalSelfAttention) layers, trained on ids.
    vocab : what encodes its text: ``encode(str) -> ids`` and ``itos`` (a datasets.CharVocabulary).
    text : the first text shown. prefix : put before the text (default: the vocabulary's boundary).
    Controls: ``text`` (a text box; characters the model does not know are skipped)."""
    layers = attention_layers(model)
    heads = getattr(layers[0], "heads", 1)
    figsize = figsize or (2.4 * heads + 1.5, 2.3 * len(layers) + 2)
    scene = AttentionScene(widget_figure(figsize, dpi), model, vocab, text, prefix)
    box = widgets.Text(value=scene.text, description="text", continuous_update=True,
                       style={"description_width": "initial"})
    return FigureWidget(scene, {"text": box})
