"""Choosing the next token from a model's probabilities: temperature and top-k, seeded.

Temperature T divides the logits before the softmax, which on probabilities is p^(1/T)
renormalised: T < 1 sharpens the distribution towards the most probable token (T -> 0 is argmax),
T > 1 flattens it towards uniform. Top-k keeps the k most probable tokens and renormalises, so a
long tail of unlikely tokens cannot be drawn.
"""
import numpy as np

from ._validation import check_rng


def adjust_probabilities(probs, temperature=1.0, top_k=None):
    """probs (V,) or (N, V), rows summing to 1 -> the distribution sampling draws from (same shape)."""
    p = np.asarray(probs, dtype=np.float64)
    if p.ndim not in (1, 2) or (p < 0).any() or not np.allclose(p.sum(axis=-1), 1, atol=1e-4):
        raise ValueError(f"probs must be probabilities of shape (V,) or (N, V), rows summing to 1, "
                         f"got shape {p.shape}. Pass the model's softmax output, e.g. "
                         "model.predict(x)[:, -1].")
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature!r}; use a small value such "
                         "as 0.01 for (almost) always the most probable token.")
    logp = np.log(np.maximum(p, np.finfo(np.float64).tiny)) / temperature
    if top_k is not None:
        if not (isinstance(top_k, (int, np.integer)) and 1 <= top_k <= p.shape[-1]):
            raise ValueError(f"top_k must be a whole number from 1 to {p.shape[-1]}, got {top_k!r}.")
        kth = np.sort(logp, axis=-1)[..., -top_k, None]
        logp = np.where(logp >= kth, logp, -np.inf)
    e = np.exp(logp - logp.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def sample(probs, temperature=1.0, top_k=None, rng=None):
    """Draw one token id per row of probs (V,) -> int, or (N, V) -> ids (N,), from the adjusted
    distribution, with the generator ``rng`` (a seed or np.random.Generator)."""
    p = adjust_probabilities(probs, temperature, top_k)
    rng = check_rng(rng)
    rows = np.atleast_2d(p)
    u = rng.random((len(rows), 1))
    ids = np.minimum((rows.cumsum(axis=-1) < u).sum(axis=-1), rows.shape[-1] - 1)
    return int(ids[0]) if p.ndim == 1 else ids


def generate(model, vocab, n=10, temperature=1.0, top_k=None, rng=0, max_letters=20):
    """``n`` new words from a character-level model, each begun at the boundary "." and ended
    when the model draws "." again (or after ``max_letters``).

    ``model`` is either a window model (ids (N, context) -> probabilities (N, V), the context
    read from its input shape) or a sequence model (ids (N, T) -> probabilities (N, T, V): the
    word grows along the T positions, so at most T - 1 letters). ``vocab`` is the
    ``datasets.CharVocabulary`` the model was trained with. Returns a list of strings."""
    rng = check_rng(rng)
    width = model.input_shape_[0]
    sequence = len(model.output_shape_) == 2
    steps = min(max_letters, width - 1) if sequence else max_letters
    ids = np.zeros((n, width), dtype=np.int64)          # all boundary: every word starts here
    letters = np.zeros((n, steps), dtype=np.int64)
    done = np.zeros(n, dtype=bool)
    for i in range(steps):
        probs = model.predict(ids)
        probs = probs[:, i] if sequence else probs
        nxt = sample(probs, temperature, top_k, rng)
        nxt[done] = 0
        letters[:, i] = nxt
        done |= nxt == 0
        if done.all():
            break
        if sequence:
            ids[:, i + 1] = nxt
        else:
            ids = np.concatenate([ids[:, 1:], nxt[:, None]], axis=1)
    return [vocab.decode(row).split(vocab.boundary)[0] for row in letters]
