"""Attention and the pieces of a tiny transformer: float64 gradient checks of every new layer,
closed forms (uniform attention is a running mean; causality; repeated ids add up), the sequence
loss as the flat one, Dense at every position, a whole model's gradient check, save/load, errors,
sampling with temperature and top-k, and PyTorch parity where it is installed."""
import numpy as np
import pytest

import nnlessons as nl
from nnlessons.layers.registry import layer_from_dict, layer_to_dict
from nnlessons.sampling import adjust_probabilities, sample

TOL = 1e-6


def _built(layer, input_shape, seed=0):
    layer.build(input_shape, np.random.default_rng(seed))
    return layer


@pytest.mark.parametrize("heads", [1, 2, 4])
def test_attention_gradients(heads):
    layer = _built(nl.CausalSelfAttention(heads, name="attention"), (5, 8))
    x = np.random.default_rng(1).normal(size=(3, 5, 8))
    assert nl.gradcheck_layer(layer, x) < TOL


def test_position_embedding_gradients():
    layer = _built(nl.PositionEmbedding(7, std=1.0, name="positions"), (5, 4))
    assert nl.gradcheck_layer(layer, np.random.default_rng(1).normal(size=(3, 5, 4))) < TOL


def test_embedding_gradient_adds_up_repeated_ids():
    layer = _built(nl.Embedding(6, 3, name="embedding"), (4,))
    ids = np.array([[1, 1, 1, 0], [5, 1, 0, 0]])
    dy = np.random.default_rng(2).normal(size=(2, 4, 3)).astype("float32")
    y = layer.forward(ids)
    assert np.array_equal(y[0, 0], layer.params["W"][1])
    layer.backward(dy)
    grads = layer.grads["W"]
    assert np.allclose(grads[1], dy[0, 0] + dy[0, 1] + dy[0, 2] + dy[1, 1], atol=1e-6)
    assert np.allclose(grads[0], dy[0, 3] + dy[1, 2] + dy[1, 3], atol=1e-6)
    assert np.all(grads[[2, 3, 4]] == 0)


def test_equal_scores_make_attention_a_running_mean():
    """Wq = 0 gives every score 0, so position t averages the values of positions 0..t."""
    layer = _built(nl.CausalSelfAttention(1, name="attention"), (4, 3))
    layer.astype("float64")
    layer.params["Wq"][...] = 0
    x = np.random.default_rng(3).normal(size=(2, 4, 3))
    y = layer.forward(x)
    running_mean = np.cumsum(x, axis=1) / np.arange(1, 5)[None, :, None]
    expected = running_mean @ layer.params["Wv"] @ layer.params["Wo"] + layer.params["bo"]
    assert np.allclose(y, expected, atol=1e-12)
    assert np.allclose(layer.attention_[0, 0, 2], [1 / 3, 1 / 3, 1 / 3, 0])


def test_attention_is_causal_and_its_rows_are_distributions():
    layer = _built(nl.CausalSelfAttention(2, name="attention"), (6, 4))
    x = np.random.default_rng(4).normal(size=(2, 6, 4)).astype("float32")
    y = layer.forward(x)
    changed = x.copy()
    changed[:, 4:] += 3.0                                      # change the last two positions
    y2 = layer.forward(changed)
    assert np.array_equal(y[:, :4], y2[:, :4])                # earlier outputs cannot see them
    attn = layer.attention_
    assert attn.shape == (2, 2, 6, 6)
    assert np.allclose(attn.sum(axis=-1), 1, atol=1e-6)
    assert np.all(np.triu(attn[0, 0], k=1) == 0)


def test_the_scale_keeps_scores_near_unit_variance():
    """q . k of d unit-variance entries has variance d; times 1/sqrt(d) it has variance 1."""
    rng = np.random.default_rng(5)
    d = 64
    q, k = rng.normal(size=(20000, d)), rng.normal(size=(20000, d))
    raw = (q * k).sum(axis=1)
    assert abs(raw.var() / d - 1) < 0.05 and abs((raw / np.sqrt(d)).var() - 1) < 0.05


def test_sequence_cross_entropy_is_cross_entropy_over_every_position():
    rng = np.random.default_rng(6)
    logits = rng.normal(size=(3, 4, 5))
    p = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    y = rng.integers(0, 5, size=(3, 4))
    seq, flat = nl.SequenceCrossEntropy(), nl.CrossEntropy()
    assert np.isclose(seq.value(p, y), flat.value(p.reshape(-1, 5), y.reshape(-1)))
    assert np.allclose(seq.fused_gradient(p, y).reshape(-1, 5),
                       flat.fused_gradient(p.reshape(-1, 5), y.reshape(-1)))
    assert seq.accuracy_hits(p, y) == np.count_nonzero(p.argmax(-1) == y) / 4
    with pytest.raises(ValueError, match=r"labels of shape \(N, T\).*loss='cross_entropy'"):
        seq.check_targets(np.zeros(3, dtype=int), 5)


def test_dense_applies_the_same_weights_at_every_position():
    layer = _built(nl.Dense(3, activation="tanh", name="dense"), (4, 5))
    x = np.random.default_rng(7).normal(size=(2, 4, 5))
    y = layer.forward(x.astype("float32"))
    assert y.shape == (2, 4, 3)
    assert np.allclose(y[1, 2], layer.forward(x[1:2, 2].astype("float32"))[0], atol=1e-6)
    layer = _built(nl.Dense(3, activation="tanh", name="dense"), (4, 5))
    assert nl.gradcheck_layer(layer, x) < TOL


def test_images_fed_straight_to_dense_still_ask_for_flatten():
    model = nl.Sequential([nl.Dense(4), nl.Dense(2, activation="softmax")]).compile()
    with pytest.raises(ValueError, match=r"Flatten\(\)"):
        model.build((28, 28))


def tiny_transformer(vocab=5, length=6, dim=8, heads=2, rng=0, dtype="float32", blocks=1):
    return nl.Sequential([nl.Embedding(vocab, dim, input_length=length), nl.PositionEmbedding(length),
                          *[nl.TransformerBlock(heads) for _ in range(blocks)], nl.LayerNorm(),
                          nl.Dense(vocab, activation="softmax")], rng=rng, dtype=dtype)


def test_a_transformer_block_is_the_two_residual_branches_by_hand():
    rng = np.random.default_rng(12)
    block = _built(nl.TransformerBlock(2, name="block"), (5, 8))
    block.astype("float64")
    x = rng.normal(size=(3, 5, 8))
    attention, mlp = block.branches
    h = x + attention.layers[1].forward(attention.layers[0].forward(x))
    m = mlp.layers[2].forward(mlp.layers[1].forward(mlp.layers[0].forward(h)))
    assert np.allclose(block.forward(x), h + m, atol=1e-12)
    assert block.attention_.shape == (3, 2, 5, 5)
    assert nl.gradcheck_layer(block, x) < TOL


def test_without_skips_a_block_is_its_branches_in_a_row():
    rng = np.random.default_rng(16)
    block = _built(nl.TransformerBlock(2, skip=False, name="block"), (5, 8))
    block.astype("float64")
    x = rng.normal(size=(2, 5, 8))
    attention, mlp = block.branches
    h = attention.layers[1].forward(attention.layers[0].forward(x))
    m = mlp.layers[2].forward(mlp.layers[1].forward(mlp.layers[0].forward(h)))
    assert np.allclose(block.forward(x), m, atol=1e-12)
    assert nl.gradcheck_layer(block, x) < TOL


def test_a_whole_transformer_passes_the_gradient_check():
    rng = np.random.default_rng(8)
    X = rng.integers(0, 5, size=(6, 6))
    model = tiny_transformer(dtype="float64", blocks=2).compile(loss="sequence_cross_entropy")
    assert nl.gradcheck(model, X, np.roll(X, -1, axis=1)) < 1e-5


def test_a_transformer_learns_to_copy_the_previous_token():
    rng = np.random.default_rng(9)
    X = rng.integers(0, 5, size=(1200, 6))
    y = np.concatenate([X[:, :1], X[:, :-1]], axis=1)           # y_t = x_{t-1}: look one back
    model = tiny_transformer(dim=16).compile(loss="sequence_cross_entropy", optimizer=nl.Adam(3e-3))
    history = model.fit(X, y, epochs=6, batch_size=64, validation_split=0.1, verbose=0)
    assert history.val_accuracy[-1] > 0.95
    attn = model.layers[2].attention_                             # the last batch's attention maps
    assert attn.shape[1:] == (2, 6, 6)


def test_the_new_layers_save_and_load():
    for layer in (nl.Embedding(5, 3, input_length=4), nl.PositionEmbedding(9),
                  nl.CausalSelfAttention(2), nl.TransformerBlock(2, mlp_ratio=2)):
        again = layer_from_dict(layer_to_dict(layer))
        assert type(again) is type(layer) and again.get_config() == layer.get_config()


@pytest.mark.parametrize("ids, error, match", [
    (np.array([[0.5, 1, 2, 3]]), TypeError, "whole-number ids"),
    (np.array([[0, 1, 2, 5]]), ValueError, r"5 rows \(ids 0 to 4\), got id 5"),
    (np.array([[0, -1, 2, 3]]), ValueError, "got id -1"),
])
def test_embedding_errors_say_what_was_expected(ids, error, match):
    layer = _built(nl.Embedding(5, 3, name="embedding"), (4,))
    with pytest.raises(error, match=match):
        layer.forward(ids)


def test_a_saved_transformer_predicts_the_same_after_loading(tmp_path):
    X = np.random.default_rng(13).integers(0, 5, size=(4, 6))
    model = tiny_transformer(blocks=2).compile(loss="sequence_cross_entropy")
    model.save(tmp_path / "lm.npz")
    again = nl.load_model(tmp_path / "lm.npz")
    assert np.array_equal(model.predict(X), again.predict(X))


def test_attention_errors_say_what_was_expected():
    with pytest.raises(ValueError, match=r"D a multiple of heads=3"):
        nl.CausalSelfAttention(3, name="attention").build((5, 8))
    with pytest.raises(ValueError, match=r"T <= 4"):
        nl.PositionEmbedding(4, name="positions").build((5, 8))


def test_temperature_and_top_k_reshape_the_distribution():
    p = np.array([0.1, 0.2, 0.3, 0.4])
    assert np.allclose(adjust_probabilities(p, 1.0), p)
    cold, hot = adjust_probabilities(p, 0.5), adjust_probabilities(p, 2.0)
    assert np.allclose(cold, p ** 2 / (p ** 2).sum()) and np.allclose(hot, p ** 0.5 / (p ** 0.5).sum())
    assert np.allclose(adjust_probabilities(p, top_k=2), [0, 0, 3 / 7, 4 / 7])
    draws = sample(np.tile(p, (20000, 1)), rng=0)
    assert np.allclose(np.bincount(draws, minlength=4) / 20000, p, atol=0.01)
    assert sample(p, temperature=0.01, rng=1) == 3
    assert sample(p, rng=5) == sample(p, rng=5)
    with pytest.raises(ValueError, match="temperature must be > 0"):
        sample(p, temperature=0)
    with pytest.raises(ValueError, match="top_k must be a whole number from 1 to 4"):
        sample(p, top_k=9)


def test_attention_matches_pytorch():
    torch = pytest.importorskip("torch")
    layer = _built(nl.CausalSelfAttention(2, name="attention"), (5, 8))
    layer.astype("float64")
    x = np.random.default_rng(10).normal(size=(3, 5, 8))
    y = layer.forward(x)
    p = {k: torch.tensor(v) for k, v in layer.params.items()}
    xt = torch.tensor(x, requires_grad=True)

    def heads(t):
        return t.reshape(3, 5, 2, 4).transpose(1, 2)
    q, k, v = heads(xt @ p["Wq"]), heads(xt @ p["Wk"]), heads(xt @ p["Wv"])
    out = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True)
    yt = out.transpose(1, 2).reshape(3, 5, 8) @ p["Wo"] + p["bo"]
    assert np.allclose(y, yt.detach().numpy(), atol=1e-10)
    r = np.random.default_rng(11).normal(size=y.shape)
    (yt * torch.tensor(r)).sum().backward()
    assert np.allclose(layer.backward(r), xt.grad.numpy(), atol=1e-10)


def test_padding_positions_are_left_out_of_the_sequence_loss():
    rng = np.random.default_rng(14)
    logits = rng.normal(size=(2, 3, 4))
    p = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    y = np.array([[1, 0, -1], [2, -1, -1]])
    loss = nl.SequenceCrossEntropy()
    counted = [(0, 0), (0, 1), (1, 0)]
    expected = -np.mean([np.log(p[n, t, y[n, t]]) for n, t in counted])
    assert np.isclose(loss.value(p, y), expected)
    dz = loss.fused_gradient(p, y)
    assert np.all(dz[0, 2] == 0) and np.all(dz[1, 1:] == 0)
    assert np.allclose(dz[0, 0], (p[0, 0] - np.eye(4)[1]) / 3)
    assert np.isclose(loss.accuracy_hits(p, y) / 2, np.mean([p[n, t].argmax() == y[n, t] for n, t in counted]))


def test_attention_keeps_float32_float32():
    model = tiny_transformer(blocks=2).compile(loss="sequence_cross_entropy")
    X = np.random.default_rng(15).integers(0, 5, size=(4, 6))
    assert model.predict(X).dtype == np.float32
    model.train_step(*model.check_data(X, np.roll(X, -1, axis=1)))
    assert all(g.dtype == np.float32 for layer in model.layers for g in layer.grads.values())


@pytest.mark.parametrize("kind", ["window", "sequence"])
def test_generate_draws_words_until_the_boundary(kind):
    from nnlessons.datasets import CharVocabulary
    from nnlessons.sampling import generate
    vocab = CharVocabulary(["ab", "ba"])
    if kind == "window":
        model = nl.Sequential([nl.Embedding(3, 4, input_length=2), nl.Flatten(),
                               nl.Dense(3, activation="softmax")], rng=0)
    else:
        model = tiny_transformer(vocab=3, length=6)
    model.compile(loss="cross_entropy" if kind == "window" else "sequence_cross_entropy")
    words = generate(model, vocab, n=5, rng=3)
    assert len(words) == 5 and all(set(w) <= {"a", "b"} for w in words)
    assert words == generate(model, vocab, n=5, rng=3)
    assert all(len(w) <= 5 for w in words) if kind == "sequence" else True
