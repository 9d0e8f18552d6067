"""Lesson 17 · attention and a tiny transformer: one attention head's forward pass (masked and
not), and the gradient through attention's softmax, derived on paper and verified by finite
differences."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case, finite_difference


def _softmax_rows(S, axis=1):
    A = np.exp(S - S.max(axis=axis, keepdims=True))
    return A / A.sum(axis=axis, keepdims=True)


def _future(T):
    return np.triu(np.ones((T, T), dtype=bool), k=1)


def _head(X, Wq, Wk, Wv, causal=True, scale="sqrt_d", mask="future", axis=1, after=False,
          transpose=False, fill=-np.inf, always=False):
    """One head with one mistake where asked."""
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    d, D = K.shape[1], X.shape[1]
    S = Q @ K.T / {"sqrt_d": np.sqrt(d), "none": 1.0, "sqrt_D": np.sqrt(D), "d": d}[scale]
    T = len(X)
    hide = {"future": _future(T), "past": _future(T).T,
            "self": np.triu(np.ones((T, T), dtype=bool))}[mask]   # "self" hides the diagonal too
    if (causal or always) and not after:
        S = np.where(hide, fill, S)
    A = _softmax_rows(S, axis=axis)
    if (causal or always) and after:
        A = np.where(hide, 0.0, A)                  # zeroed, never renormalised
    if transpose:
        A = A.T
    return A @ V, A


def _attention_loss(S, G):
    """L = sum(G * softmax(S)), the softmax over each row of S (-inf entries get weight 0)."""
    return float((G * _softmax_rows(np.asarray(S, dtype=float))).sum())


def _masked(S):
    return np.where(_future(len(S)), -np.inf, S)


_rng = np.random.default_rng(17)
X1, W1 = _rng.normal(0, 1, (4, 3)), [_rng.normal(0, 1, (3, 2)) for _ in range(3)]
X2, W2 = _rng.normal(0, 1, (5, 4)), [_rng.normal(0, 0.8, (4, 3)) for _ in range(3)]
X3, W3 = _rng.normal(0, 1, (3, 2)), [_rng.normal(0, 1.5, (2, 5)) for _ in range(3)]
X4, W4 = _rng.normal(0, 1, (6, 3)), [_rng.normal(0, 1, (3, 4)) for _ in range(3)]

S1 = _masked(_rng.normal(0, 1, (3, 3)))
S2 = _rng.normal(0, 1.5, (4, 4))
S3 = _masked(np.array([[2.0, 0, 0, 0, 0], [4.0, -1.0, 0, 0, 0], [0.5, 0.5, 3.0, 0, 0],
                       [-2.0, 1.0, 0.0, 6.0, 0], [1.0, -1.0, 2.0, 0.3, -0.5]]))
S4 = _masked(_rng.normal(0, 2, (4, 4)))
G1, G2, G3, G4 = (_rng.normal(0, 1, s.shape) for s in (S1, S2, S3, S4))

EXERCISES = [
    Exercise(
        name="attention_head", lesson="17",
        concept="attention as a soft lookup of values by query-key match, and the causal mask",
        cases=[case(X=X1, Wq=W1[0], Wk=W1[1], Wv=W1[2], causal=True),
               case(X=X2, Wq=W2[0], Wk=W2[1], Wv=W2[2], causal=False),
               case(X=X3, Wq=W3[0], Wk=W3[1], Wv=W3[2], causal=True),
               case(hidden=True, X=X4, Wq=W4[0], Wk=W4[1], Wv=W4[2], causal=True),
               case(hidden=True, X=X4, Wq=W4[1], Wk=W4[2], Wv=W4[0], causal=False)],
        outputs=("out", "A"), dtype="float", pure=True,
        nudges=("Check A first: each row should hold one position's weights, positive and summing "
                "to 1, with nothing on later positions when causal. Then the output is those "
                "weights applied to the values.",
                "Queries, keys and values come from X and the three matrices; the scores compare "
                "every query with every key, scaled for the head size; hide the future (where "
                "asked) before the softmax of each row; the output averages the value rows."),
        mistakes=[
            Mistake(lambda X, Wq, Wk, Wv, causal=True: _head(X, Wq, Wk, Wv, causal, scale="none"),
                    "the scores are not scaled: their spread grows with the head size, and the "
                    "softmax saturates (the lesson's table at d = 64).",
                    "Divide the scores by the square root of the head size before the softmax."),
            Mistake(lambda X, Wq, Wk, Wv, causal=True: _head(X, Wq, Wk, Wv, causal, scale="sqrt_D"),
                    "the scale uses the input width D; a dot product of query and key sums d "
                    "products, d the head size (the columns of Wq), which may differ from D.",
                    "Take the size from the query or key vectors themselves: Wq.shape[1]."),
            Mistake(lambda X, Wq, Wk, Wv, causal=True: _head(X, Wq, Wk, Wv, causal, scale="d"),
                    "the scores are divided by d itself; the spread of q . k grows like the square "
                    "root of d, so that is what brings it back to about 1.",
                    "Use the square root of the head size, not the size."),
            Mistake(lambda X, Wq, Wk, Wv, causal=True: _head(X, Wq, Wk, Wv, causal, axis=0),
                    "the softmax runs down the columns: each column sums to 1. A row is one "
                    "position's query spreading its weight over the keys, so each row sums to 1.",
                    "Take the softmax along axis 1 (over the keys), with keepdims for the "
                    "broadcast."),
            Mistake(lambda X, Wq, Wk, Wv, causal=True: _head(X, Wq, Wk, Wv, causal, mask="past"),
                    "the mask hides the past and lets each position read the future: the wrong "
                    "triangle. Position t may see positions 0 to t.",
                    "Hide the entries above the diagonal (column s > row t): np.triu with k=1."),
            Mistake(lambda X, Wq, Wk, Wv, causal=True: _head(X, Wq, Wk, Wv, causal, mask="self"),
                    "the mask also hides each position from itself. Position t predicts the token "
                    "after it, so its own token is no secret: it may look at 0 to t, itself "
                    "included. Hiding the diagonal leaves row 0 nothing to look at (NaN).",
                    "Hide only the entries strictly above the diagonal (column s > row t)."),
            Mistake(lambda X, Wq, Wk, Wv, causal=True: _head(X, Wq, Wk, Wv, causal, after=True),
                    "the future's weights are zeroed after the softmax, so the rows no longer sum "
                    "to 1: the visible positions lost the share the future had.",
                    "Mask the scores before the softmax, with -inf, so the weights of the visible "
                    "positions sum to 1 by themselves."),
            Mistake(lambda X, Wq, Wk, Wv, causal=True: _head(X, Wq, Wk, Wv, causal, fill=0.0),
                    "hidden scores set to 0 still get weight: exp(0) is 1, not 0, so the future "
                    "still leaks in.",
                    "Give the hidden scores -inf (np.where(future, -np.inf, S)): their weight is "
                    "then exactly 0."),
            Mistake(lambda X, Wq, Wk, Wv, causal=True: _head(X, Wq, Wk, Wv, causal, always=True),
                    "with causal=False every position may look at every other: the mask belongs "
                    "only to the causal case.",
                    "Apply the mask only when causal is True."),
            Mistake(lambda X, Wq, Wk, Wv, causal=True: _head(X, Wq, Wk, Wv, causal, transpose=True),
                    "A is transposed: row t must be what position t looks at (its query against "
                    "every key), and the output of position t averages the values with row t.",
                    "Rows are queries, columns keys: scores Q @ K.T, then A @ V."),
        ]),
    Exercise(
        name="softmax_scores_gradient", lesson="17", kind="derive",
        concept="the chain rule through a softmax, where every weight of a row depends on every "
                "score of that row",
        cases=[case(S=S1, G=G1), case(S=S2, G=G2), case(S=S3, G=G3),
               case(hidden=True, S=S4, G=G4)],
        dtype="float", pure=True,
        verify=finite_difference(_attention_loss, "S"),
        verify_note="central finite differences of the loss",
        nudges=("Work on one row: how does the weight A[t, s] change when the score S[t, j] "
                "changes, both for j = s and for j != s? Then add up what each weight of the row "
                "passes to S[t, j] through G.",
                "Raising one score raises its own weight and lowers every other weight of the same "
                "row (they still sum to 1). So dL/dS[t, j] collects G[t, j] through its own weight "
                "and all of row t's G through the others; rows do not mix."),
        mistakes=[
            Mistake(lambda S, G: _softmax_rows(S) * G,
                    "that treats each weight as if it depended only on its own score; but every "
                    "weight of a row shares the row's denominator, so raising one score lowers the "
                    "others.",
                    "Add the effect through the other weights of the same row: each changes by "
                    "minus its own weight times A[t, j]."),
            Mistake(lambda S, G: _softmax_rows(S) * (1 - _softmax_rows(S)) * G,
                    "A(1 - A) is each weight's slope with respect to its own score only (a sigmoid's "
                    "slope); the other weights of the row move too, by -A[t, s] A[t, j].",
                    "Write the change of every weight of row t for a change of S[t, j], and sum "
                    "G times those changes over the row."),
            Mistake(lambda S, G: G - (G * _softmax_rows(S)).sum(axis=1, keepdims=True),
                    "a factor is missing: every change of a weight is proportional to the weight "
                    "A[t, j] whose score moved. Masked scores must get 0.",
                    "Multiply by A: a score whose weight is 0 (a masked one) cannot change L."),
            Mistake(lambda S, G: _softmax_rows(S) * (G - (G * _softmax_rows(S)).sum(axis=0,
                                                                                  keepdims=True)),
                    "the sum runs down a column; a weight depends only on the scores of its own row "
                    "(one query), so the sum is over that row.",
                    "Sum over axis 1, keepdims=True, one number per row."),
            Mistake(lambda S, G: _softmax_rows(S) * (G - np.where(np.isfinite(S), G, 0).mean(
                axis=1, keepdims=True)),
                    "the plain mean of G over the row is not what the other weights pass on: each "
                    "weight's share counts, so it is G averaged with the weights A.",
                    "Replace the mean of G by the sum over the row of G times A."),
            Mistake(lambda S, G: np.array(G, dtype=float),
                    "that is dL/dA, what you were given; the softmax lies between A and S, and its "
                    "slope has to be multiplied in.",
                    "Go one step further back: how does each weight of the row change with each "
                    "score of the row?"),
            Mistake(lambda S, G: _softmax_rows(S) * (G + (G * _softmax_rows(S)).sum(axis=1,
                                                                                   keepdims=True)),
                    "the other weights of the row move the opposite way: raising one score lowers "
                    "every other weight, so their part enters with a minus sign.",
                    "Check on a row of two: if S[t, 0] rises, A[t, 0] rises and A[t, 1] falls."),
        ]),
]

EXERCISES.append(
    Exercise(
        name="position_matters", lesson="17", kind="predict",
        concept="what tells attention where each token of a sequence sits",
        options={"with": "with the position vectors", "without": "without the position vectors"},
        better="lower",
        reasons={"a": "without position vectors a key says only which digit it holds, not where "
                      "it sits, so the position that must copy digit 2 has no way to find it",
                 "b": "the causal mask already tells each position how far along it is, so the "
                      "position vectors add only weights to train and slow the start",
                 "c": "the position table adds 160 weights, and it is the extra capacity, not the "
                      "order, that lowers the loss",
                 "d": "each digit has its own embedding, so a position can find the digit to copy "
                      "by its value, whatever its place"},
        reason="a",
        reason_hints={
            "b": ("the mask limits what a position may see, but in this one-block model the keys "
                  "are made from the digit embeddings alone: two equal digits at different places "
                  "offer the same key, so the mask cannot say which place holds the digit to copy.",
                  "Ask what the query of position 6 must match: the key of position 2. What in "
                  "that key, without position vectors, differs from the key of position 3?"),
            "c": ("160 weights in a model of 3,754 are a small addition; weights that carry no "
                  "order (more digit features, say) would not tell a position where to look.",
                  "Think about what the task needs that the digits alone do not give: to copy "
                  "digit 4 - i, a position must pick a place, not a value."),
            "d": ("the value is what the position must find out: it does not know which digit "
                  "sits at place 4 - i, so it cannot search for it by value.",
                  "A search by value works when you know the value; here only the place is known. "
                  "What would a key need to carry for a search by place?"),
        },
        nudges=("Your run says otherwise. Look at the two validation losses and accuracies the "
                "experiment prints: which copy learned to reverse in 3 epochs?",
                "Without position vectors, what distinguishes the key of position 2 from the key "
                "of position 3 when both hold the same digit? Then ask how position 6 could find "
                "digit 2."),
    ))
