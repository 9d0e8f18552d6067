import numpy as np


def _softmax(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def grad_loop(W, current, following):
    grad = np.zeros_like(W, dtype=float)
    N = len(following)
    for a, b in zip(current, following):
        p = _softmax(W[a][None])[0]
        p[b] -= 1
        grad[a] += p / N
    return grad


def grad_onehot_matmul(W, current, following):
    V, N = W.shape[0], len(following)
    A = np.eye(V)[current]                           # (N, V) one-hot of the current ids
    Y = np.eye(V)[following]
    return A.T @ (_softmax(A @ W) - Y) / N


def grad_counts(W, current, following):
    # the count form: n_a times the row's softmax, minus the counts, over N
    V, N = W.shape[0], len(following)
    counts = np.zeros((V, V))
    np.add.at(counts, (current, following), 1)
    return (counts.sum(axis=1, keepdims=True) * _softmax(W) - counts) / N


def grad_in_place(W, current, following):
    W -= W.max(axis=1, keepdims=True)                # shifts the caller's logits
    return grad_counts(W, current, following)


def grad_overwrite(W, current, following):
    p = _softmax(W[current])
    p[np.arange(len(following)), following] -= 1
    grad = np.zeros(W.shape)
    grad[current] = p / len(following)
    return grad


def grad_sum(W, current, following):
    return grad_counts(W, current, following) * len(following)


def grad_no_target(W, current, following):
    p = _softmax(W[current])
    grad = np.zeros(W.shape)
    np.add.at(grad, current, p / len(following))
    return grad


def grad_target_only(W, current, following):
    p = _softmax(W[current])
    rows = np.zeros_like(p)
    rows[np.arange(len(following)), following] = -(1 - p[np.arange(len(following)), following])
    grad = np.zeros(W.shape)
    np.add.at(grad, current, rows / len(following))
    return grad


def grad_per_row_mean(W, current, following):
    n = np.bincount(current, minlength=W.shape[0]).astype(float)
    return grad_counts(W, current, following) * len(following) / np.maximum(n, 1)[:, None]


def grad_wrt_probability(W, current, following):
    # the chain rule stopped at the probability: -1/p at the target
    p = _softmax(W[current])
    rows = np.zeros_like(p)
    rows[np.arange(len(following)), following] = -1 / p[np.arange(len(following)), following]
    grad = np.zeros(W.shape)
    np.add.at(grad, current, rows / len(following))
    return grad


def grad_softmax_wrong_axis(W, current, following):
    logits = W[current]
    p = np.exp(logits - logits.max(axis=0))
    p /= p.sum(axis=0)                               # normalised over the predictions
    p[np.arange(len(following)), following] -= 1
    grad = np.zeros(W.shape)
    np.add.at(grad, current, p / len(following))
    return grad


def ppl_entropy(probs, targets):
    # e to the mean entropy: the model's own expected perplexity, blind to the targets
    return float(np.exp(-(probs * np.log(probs)).sum(axis=1).mean()))


def ppl_over_all_entries(probs, targets):
    # the mean taken over all N x V entries of probs instead of the N predictions
    return float(np.exp(-np.log(probs[np.arange(len(targets)), targets]).sum() / probs.size))


def _picked(probs, targets):
    return probs[np.arange(len(targets)), targets]


def ppl_loop(probs, targets):
    total = 0.0
    for row, t in zip(probs, targets):
        total += np.log(row[t])
    return float(np.exp(-total / len(targets)))


def ppl_geometric(probs, targets):
    return float(np.prod(1 / _picked(probs, targets)) ** (1 / len(targets)))


def ppl_bits(probs, targets):
    return float(2 ** (-np.log2(_picked(probs, targets)).mean()))


def ppl_in_place(probs, targets):
    np.log(probs, out=probs)                         # overwrites the caller's probabilities
    return float(np.exp(-probs[np.arange(len(targets)), targets].mean()))


WRONG = {
    "bigram_logit_gradient": [
        grad_sum, grad_no_target, lambda W, current, following: -grad_counts(W, current, following),
        grad_overwrite, grad_target_only, grad_per_row_mean,
        lambda W, current, following: grad_counts(W, current, following).T,
        grad_in_place,
        lambda W, current, following: _softmax(W) - np.eye(W.shape[0]),
        lambda W, current, following: None,
        grad_wrt_probability, grad_softmax_wrong_axis],
    "perplexity": [
        lambda probs, targets: float(np.exp(-np.log(_picked(probs, targets)).sum())),
        lambda probs, targets: float(2 ** (-np.log(_picked(probs, targets)).mean())),
        lambda probs, targets: float(np.exp(-np.log2(_picked(probs, targets)).mean())),
        lambda probs, targets: float((1 / _picked(probs, targets)).mean()),
        lambda probs, targets: float(1 / _picked(probs, targets).mean()),
        lambda probs, targets: float(-np.log(_picked(probs, targets)).mean()),
        lambda probs, targets: float(np.exp(-np.log(probs).mean())),
        lambda probs, targets: float(np.exp(np.log(_picked(probs, targets)).mean())),
        ppl_in_place,
        lambda probs, targets: float(np.exp(-np.log(probs.max(axis=1)).mean())),
        lambda probs, targets: float(np.exp(-np.log(_picked(probs, targets)).sum() / probs.shape[1])),
        ppl_entropy, ppl_over_all_entries],
}

RACE = {"small": 2.8707, "large": 2.7340}
RIGHT_RACE = {"prediction": "large", "reason": "b"}
WRONG["smoothing_race"] = [
    ({"prediction": "small", "reason": "a"}, RACE),                # contradicts the run
    ({"prediction": "small", "reason": "b"}, RACE),
    ({"prediction": "large", "reason": "a"}, RACE),
    ({"prediction": "large", "reason": "c"}, RACE),
    ({"prediction": "large", "reason": "d"}, RACE),
    ({"prediction": "large", "reason": "b"}, None),                # the experiment not run
    ({"prediction": "large", "reason": "b"}, {"large": 2.7340}),   # half a measurement
    ({"prediction": "large", "reason": "b"}, {"small": 2.87, "large": float("nan")}),
    ({"prediction": "alpha 1", "reason": "b"}, RACE),
    ({"prediction": "large", "reason": "e"}, RACE),
    ({"prediction": ..., "reason": ...}, RACE)]

RIGHT = {
    "bigram_logit_gradient": [grad_loop, grad_onehot_matmul, grad_counts],
    "perplexity": [ppl_loop, ppl_geometric, ppl_bits],
    "smoothing_race": [(RIGHT_RACE, RACE),
                       (dict(RIGHT_RACE), {"small": 2.95, "large": 2.70}),
                       ({"prediction": "small", "reason": "b"}, {"small": 2.60, "large": 2.61})],
}
