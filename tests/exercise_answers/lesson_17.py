import numpy as np


def _softmax(S, axis=1):
    A = np.exp(S - S.max(axis=axis, keepdims=True))
    return A / A.sum(axis=axis, keepdims=True)


def head_loop(X, Wq, Wk, Wv, causal=True):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    T, d = len(X), K.shape[1]
    A = np.zeros((T, T))
    for t in range(T):
        seen = t + 1 if causal else T
        s = np.array([Q[t] @ K[j] for j in range(seen)]) / np.sqrt(d)
        w = np.exp(s - s.max())
        A[t, :seen] = w / w.sum()
    return A @ V, A


def head_einsum(X, Wq, Wk, Wv, causal=True):
    Q, K, V = (np.einsum("td,de->te", X, W) for W in (Wq, Wk, Wv))
    S = np.einsum("te,se->ts", Q, K) * Wq.shape[1] ** -0.5
    if causal:
        S[np.triu_indices(len(X), 1)] = -np.inf
    A = _softmax(S)
    return np.einsum("ts,se->te", A, V), A


def head_big_negative(X, Wq, Wk, Wv, causal=True):
    S = (X @ Wq) @ (X @ Wk).T / np.sqrt(Wk.shape[1])
    if causal:
        S = S - 1e30 * np.triu(np.ones_like(S), 1)     # a huge negative number instead of -inf
    A = _softmax(S)
    return A @ (X @ Wv), A


def head_in_place(X, Wq, Wk, Wv, causal=True):
    out, A = head_einsum(X, Wq, Wk, Wv, causal)
    X[:] = 0                                            # overwrites the caller's X
    return out, A


def head_past(X, Wq, Wk, Wv, causal=True):
    S = (X @ Wq) @ (X @ Wk).T / np.sqrt(Wk.shape[1])
    if causal:
        S[np.tril_indices(len(X), -1)] = -np.inf       # hides the past: the wrong triangle
    A = _softmax(S)
    return A @ (X @ Wv), A


def head_hides_itself(X, Wq, Wk, Wv, causal=True):
    S = (X @ Wq) @ (X @ Wk).T / np.sqrt(Wk.shape[1])
    if causal:
        S[np.triu_indices(len(X))] = -np.inf            # k=0: hides the diagonal as well
    A = _softmax(S)
    return A @ (X @ Wv), A


def grad_loop(S, G):
    A = _softmax(np.asarray(S, dtype=float))
    dS = np.zeros_like(A)
    T = A.shape[0]
    for t in range(T):
        for j in range(T):
            for s in range(T):
                dA_dS = A[t, s] * ((s == j) - A[t, j])    # how A[t, s] moves with S[t, j]
                dS[t, j] += G[t, s] * dA_dS
    return dS


def grad_jacobian(S, G):
    A = _softmax(np.asarray(S, dtype=float))
    rows = [(np.diag(a) - np.outer(a, a)) @ g for a, g in zip(A, G)]   # symmetric Jacobian
    return np.array(rows)


def grad_in_place(S, G):
    A = _softmax(S)
    G -= (G * A).sum(axis=1, keepdims=True)             # changes the caller's G
    return A * G


RUN = {"with": 0.0771, "without": 1.9358}                     # seed 0, 3 epochs
RIGHT_PREDICTION = {"prediction": "with", "reason": "a"}

WRONG = {
    "attention_head": [
        lambda X, Wq, Wk, Wv, causal=True: head_einsum(X, Wq * np.sqrt(Wq.shape[1]), Wk, Wv,
                                                       causal),       # no scale
        lambda X, Wq, Wk, Wv, causal=True: head_einsum(X, Wq * np.sqrt(Wq.shape[1] / X.shape[1]),
                                                       Wk, Wv, causal),  # sqrt(D)
        head_past,
        head_hides_itself,
        lambda X, Wq, Wk, Wv, causal=True: head_einsum(X, Wq, Wk, Wv, True),   # always masked
        lambda X, Wq, Wk, Wv, causal=True: head_einsum(X, Wq, Wk, Wv, causal)[::-1],  # (A, out)
        lambda X, Wq, Wk, Wv, causal=True: head_einsum(X, Wq, Wk, Wv, causal)[0],     # out only
        lambda X, Wq, Wk, Wv, causal=True: (head_einsum(X, Wq, Wk, Wv, causal)[0],
                                            head_einsum(X, Wq, Wk, Wv, causal)[1].T),
        lambda X, Wq, Wk, Wv, causal=True: (X @ Wv, np.eye(len(X))),  # attends only to itself
        head_in_place,
        lambda X, Wq, Wk, Wv, causal=True: None,
    ],
    "softmax_scores_gradient": [
        lambda S, G: _softmax(S) * G,
        lambda S, G: _softmax(S) * (1 - _softmax(S)) * G,
        lambda S, G: G - (G * _softmax(S)).sum(axis=1, keepdims=True),
        lambda S, G: _softmax(S) * (G - (G * _softmax(S)).sum(axis=0, keepdims=True)),
        lambda S, G: np.array(G, dtype=float),
        lambda S, G: _softmax(S) * (G + (G * _softmax(S)).sum(axis=1, keepdims=True)),
        lambda S, G: _softmax(S, axis=0) * (G - (G * _softmax(S, axis=0)).sum(axis=0,
                                                                          keepdims=True)),
        lambda S, G: (_softmax(S) * (G - (G * _softmax(S)).sum(axis=1, keepdims=True))).T,
        grad_in_place,
        lambda S, G: None,
    ],
    "position_matters": [
        ({"prediction": "without", "reason": "b"}, RUN),            # contradicts the run
        ({"prediction": "without", "reason": "a"}, RUN),
        ({"prediction": "with", "reason": "b"}, RUN),
        ({"prediction": "with", "reason": "c"}, RUN),
        ({"prediction": "with", "reason": "d"}, RUN),
        ({"prediction": "with", "reason": "a"}, None),               # the experiment not run
        ({"prediction": "with", "reason": "a"}, {"with": 0.0771}),   # half a measurement
        ({"prediction": "with", "reason": "a"}, {"with": 0.0771, "without": float("nan")}),
        ({"prediction": "positions", "reason": "a"}, RUN),
        ({"prediction": "with", "reason": "e"}, RUN),
        ({"prediction": ..., "reason": ...}, RUN)],
}

RIGHT = {
    "attention_head": [head_loop, head_einsum, head_big_negative],
    "position_matters": [(RIGHT_PREDICTION, RUN),
                         (dict(RIGHT_PREDICTION), {"with": 0.34, "without": 1.91}),
                         ({"prediction": "without", "reason": "a"}, {"with": 1.9, "without": 1.8})],
    "softmax_scores_gradient": [grad_loop, grad_jacobian,
                                lambda S, G: _softmax(S) * G - _softmax(S) * (
                                    G * _softmax(S)).sum(axis=1, keepdims=True)],
}
