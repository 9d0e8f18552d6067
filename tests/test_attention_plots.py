"""The attention figure and explorer: maps per layer and head for a typed text, the next-token
bars, a text alternative from the data, unknown characters skipped, no widget errors."""
import matplotlib
import numpy as np
import pytest

import nnlessons as nl

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def model_and_vocab():
    vocab = nl.datasets.CharVocabulary(["abc", "cab", "bca"])
    model = nl.Sequential([nl.Embedding(len(vocab), 8, input_length=6), nl.PositionEmbedding(6),
                           nl.TransformerBlock(2), nl.TransformerBlock(2), nl.LayerNorm(),
                           nl.Dense(len(vocab), activation="softmax")], rng=0)
    return model.compile(loss="sequence_cross_entropy"), vocab


def test_attention_maps_have_a_row_per_position_and_sum_to_one(model_and_vocab):
    from nnlessons.plots import attention_maps
    model, vocab = model_and_vocab
    maps, probs = attention_maps(model, vocab.encode(".ab"))
    assert maps.shape == (2, 2, 3, 3) and probs.shape == (4,)
    assert np.allclose(maps.sum(axis=-1), 1, atol=1e-5) and np.isclose(probs.sum(), 1, atol=1e-5)
    assert np.all(np.triu(maps[0, 0], 1) == 0)


def test_the_figure_describes_each_head_and_the_next_token(model_and_vocab):
    from nnlessons import plots
    model, vocab = model_and_vocab
    fig = plots.plot_attention(model, vocab, "ab")
    text = plots.description(fig)
    assert text.startswith("Attention maps for '.ab'") and "layer 2 head 2" in text
    assert "Most probable next token" in text and len(fig.axes) == 4 + 1 + 1   # maps, bars, colour bar


def test_the_explorer_redraws_for_typed_text_and_skips_unknown_characters(model_and_vocab):
    from nnlessons import widgets
    model, vocab = model_and_vocab
    w = widgets.attention_explorer(model, vocab, "a")
    w.text.value = "B?c.abcabc"
    assert w.errors == [] and w.scene.text == "bcabc" and w.render_count >= 2


def test_a_model_without_attention_is_refused():
    from nnlessons.plots import attention_maps
    model = nl.Sequential([nl.Dense(2, input_dim=3)])
    model.build((3,))
    with pytest.raises(ValueError, match="no attention layer"):
        attention_maps(model, [0])
