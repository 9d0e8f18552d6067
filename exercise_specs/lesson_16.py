"""Lesson 16 · language models: the gradient of a bigram network's NLL with respect to its logit
table, derived on paper and verified by finite differences; and a perplexity with a planted bug
(the sum of the log-probabilities where their mean belongs); and a prediction of how much
smoothing a table counted from 200 names needs, judged against the learner's own run."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case, finite_difference


def _softmax_rows(W, current):
    logits = W[current]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


def _nll(W, current, following):
    """The mean negative log-likelihood of a bigram network with logit table W."""
    p = _softmax_rows(np.asarray(W, dtype=np.float64), current)
    return float(-np.log(p[np.arange(len(following)), following]).mean())


def _grad(W, current, following, mean=True, target=True, sign=1, accumulate=True, per_row=False,
          only_target=False):
    """dL/dW with one mistake where asked."""
    p = _softmax_rows(W, current)
    onehot = np.zeros_like(p)
    onehot[np.arange(len(following)), following] = 1
    rows = sign * (p - onehot if target else p)
    if only_target:
        rows = -(1 - p) * onehot
    if mean:
        rows = rows / len(following)
    grad = np.zeros(W.shape)
    if accumulate:
        np.add.at(grad, current, rows)
    else:
        grad[current] = rows                       # a repeated id keeps only its last row
    if per_row:
        n = np.bincount(current, minlength=W.shape[0]).astype(float)
        grad = grad * len(following) / np.maximum(n, 1)[:, None]
    return grad


def _grad_wrt_probability(W, current, following):
    """dL/dp of the target's probability, put where the logit gradient belongs."""
    p = _softmax_rows(W, current)
    rows = np.zeros_like(p)
    picked = np.arange(len(following)), following
    rows[picked] = -1 / p[picked] / len(following)
    grad = np.zeros(W.shape)
    np.add.at(grad, current, rows)
    return grad


def _bigram_case(seed, V, N, hidden=False):
    r = np.random.default_rng(seed)
    current = r.integers(0, V - 1, N)              # the last id never occurs as the current one
    current[:2] = current[0]                       # a repeated current id in every case
    return case(hidden=hidden, W=np.round(r.normal(0, 1, (V, V)), 1), current=current,
                following=r.integers(0, V, N))


def _picked(probs, targets):
    return probs[np.arange(len(targets)), targets]


def _probs(seed, N, V):
    r = np.random.default_rng(seed)
    p = r.dirichlet(np.full(V, 1.5), N)
    return np.round(p / p.sum(axis=1, keepdims=True), 12)


PROBS1 = np.array([[0.5, 0.25, 0.25], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6], [0.7, 0.1, 0.2]])
PROBS2, PROBS3 = _probs(2, 9, 3), _probs(3, 4, 5)

EXERCISES = [
    Exercise(
        name="bigram_logit_gradient", lesson="16", kind="derive",
        concept="how the negative log-likelihood pulls a bigram network's logits towards the "
                "counted shares",
        cases=[_bigram_case(0, 4, 8), _bigram_case(1, 3, 6), _bigram_case(2, 5, 12),
               _bigram_case(3, 4, 10, hidden=True)],
        dtype="float", pure=True,
        verify=finite_difference(_nll, "W"),
        verify_note="central finite differences of the mean NLL",
        nudges=("Take one prediction first: its loss depends on one row of W only, through a "
                "softmax and a log. Differentiate that, then add up the predictions, mean included.",
                "For one prediction after character a, write the loss as minus the target's logit "
                "plus the log of the sum of exponentials of row a; differentiate with respect to "
                "each entry of that row. Then think about which rows of W a whole batch touches, "
                "and what happens when the same character is the current one several times."),
        mistakes=[
            Mistake(lambda W, current, following: _grad(W, current, following, mean=False),
                    "your gradient is N times too large: the loss is the mean over the N "
                    "predictions, not their sum.",
                    "Each prediction contributes its gradient divided by the number of predictions."),
            Mistake(lambda W, current, following: _grad(W, current, following, target=False),
                    "only the softmax's part is there: the loss also has the target's own logit, "
                    "with a minus sign, and its derivative is missing.",
                    "Minus the log of a softmax probability is minus the target's logit plus a "
                    "log-sum-exp: differentiate both terms."),
            Mistake(lambda W, current, following: _grad(W, current, following, sign=-1),
                    "the sign is flipped: that is the direction that raises the loss. Raising the "
                    "target's logit should lower the NLL, so its derivative is negative.",
                    "Check one entry: a larger logit for the character that came makes the loss "
                    "smaller, so the gradient there must be below 0."),
            Mistake(lambda W, current, following: _grad(W, current, following, accumulate=False),
                    "rows of a character that is the current one several times overwrite each "
                    "other: every prediction adds its share to that character's row.",
                    "W[current] = rows keeps only the last prediction per character; add them up "
                    "(np.add.at, or a loop with +=)."),
            Mistake(lambda W, current, following: _grad(W, current, following, only_target=True),
                    "only the target's entry moves in your gradient, but the softmax ties the row "
                    "together: every logit of the row changes every probability, so the other "
                    "entries get a gradient too.",
                    "Differentiate the log-sum-exp with respect to a logit that is not the "
                    "target's: it is not 0."),
            Mistake(lambda W, current, following: _grad(W, current, following, per_row=True),
                    "each row is averaged over its own predictions; the loss averages over all N "
                    "predictions, so a frequent character's row counts more.",
                    "Divide by the total number of predictions, the same N for every row."),
            Mistake(lambda W, current, following: _grad(W, current, following).T,
                    "rows and columns are swapped: row a of W holds the logits used after "
                    "character a, so its gradient goes into row a.",
                    "Put each prediction's gradient into the row of its current character."),
            Mistake(_grad_wrt_probability,
                    "that is the derivative with respect to the probability of the character that "
                    "came, not with respect to the logits: W holds logits, and each logit moves "
                    "every probability of its row through the softmax.",
                    "Write the loss of one prediction in terms of the logits of its row first (the "
                    "softmax inside the log), then differentiate it with respect to each logit."),
        ]),
    Exercise(
        name="perplexity", lesson="16", kind="fix",
        concept="what perplexity measures: the effective number of choices per symbol",
        cases=[case(probs=PROBS1, targets=np.array([0, 1, 2, 1])),
               case(probs=PROBS2, targets=np.array([2, 2, 0, 1, 0, 2, 1, 1, 0])),
               case(probs=np.full((5, 4), 0.25), targets=np.array([0, 1, 2, 3, 0])),
               case(hidden=True, probs=PROBS3, targets=np.array([4, 0, 2, 2]))],
        pure=True,
        bug=Mistake(lambda probs, targets: float(np.exp(-np.log(_picked(probs, targets)).sum())),
                    "this is the planted bug: the perplexity grows with the number of predictions "
                    "scored, so it measures the length of the text, not how sure the model is per "
                    "symbol. A uniform guess over 4 symbols should score 4 on any length.",
                    "Perplexity is per symbol: the exponential of the average surprise of one "
                    "prediction, not of the whole text's."),
        nudges=("Try the uniform case by hand: 5 predictions of 0.25 each. What should the "
                "effective number of choices be?",
                "Perplexity is the exponential of the negative log-likelihood as the lesson "
                "defines it; check each step against that definition."),
        mistakes=[
            Mistake(lambda probs, targets: float(2 ** (-np.log(_picked(probs, targets)).mean())),
                    "the logarithm and the exponential have different bases: natural log, then "
                    "2 to that power.",
                    "Use the same base for both: e with the natural log (or 2 with log2)."),
            Mistake(lambda probs, targets: float(np.exp(-np.log2(_picked(probs, targets)).mean())),
                    "the logarithm and the exponential have different bases: log2, then e to that "
                    "power.",
                    "Use the same base for both: e with the natural log (or 2 with log2)."),
            Mistake(lambda probs, targets: float((1 / _picked(probs, targets)).mean()),
                    "that averages each prediction's own 1/p: one unlikely symbol then dominates. "
                    "Perplexity averages the log-probabilities first, then exponentiates.",
                    "The mean belongs inside the exponential, over the logs: a geometric mean of "
                    "1/p, not an arithmetic one."),
            Mistake(lambda probs, targets: float(1 / _picked(probs, targets).mean()),
                    "one over the mean probability is not the perplexity: the average must be "
                    "taken over the log-probabilities.",
                    "Average the logs, then undo the log with the exponential."),
            Mistake(lambda probs, targets: float(-np.log(_picked(probs, targets)).mean()),
                    "that is the negative log-likelihood itself; perplexity is its exponential.",
                    "One more step: e to the mean NLL."),
            Mistake(lambda probs, targets: float(np.exp(-np.log(probs).mean())),
                    "that averages over every probability of every row; only the probability of "
                    "the symbol that actually came counts.",
                    "Pick each row's probability at its target, as the buggy version does."),
            Mistake(lambda probs, targets: float(np.exp(np.log(_picked(probs, targets)).mean())),
                    "the sign is lost: that is one over the perplexity, a number below 1.",
                    "The surprise of a prediction is minus the log of its probability."),
            Mistake(lambda probs, targets: float(np.exp(-(probs * np.log(probs)).sum(1).mean())),
                    "that is e to the mean entropy of the rows: the perplexity the model "
                    "expects on symbols drawn from its own predictions, like the lesson's "
                    "first-letter perplexity. It never looks at the targets: the perplexity of "
                    "these predictions on this text scores the symbols that actually came.",
                    "Use only each row's probability of its target, as the buggy version does."),
            Mistake(lambda probs, targets: float(np.exp(-np.log(probs.max(axis=1)).mean())),
                    "that scores each row's most probable symbol, not the one that came: a model "
                    "sure of the wrong symbol would look perfect.",
                    "Pick each row's probability at its target, as the buggy version does."),
        ]),
    Exercise(
        name="smoothing_race", lesson="16", kind="predict",
        concept="how the right amount of smoothing depends on how much was counted",
        options={"small": "smoothing 0.01", "large": "smoothing 1"}, better="lower",
        reasons={"a": "with only 200 names every count matters: a smoothing of 0.01 stays closer "
                      "to the counted shares, the maximum-likelihood answer, and that fits best",
                 "b": "200 names leave many pairs uncounted and the validation names hit some; a "
                      "tiny smoothing gives those almost no probability, each a large surprise",
                 "c": "the best smoothing belongs to the 27-symbol alphabet, not to the data: the "
                      "choice validated on 20,000 names carries over as it is to any number of "
                      "names",
                 "d": "a larger smoothing adds made-up counts to all 729 cells, so the table has "
                      "more data to learn from and predicts better on every row"},
        reason="b",
        reason_hints={
            "a": ("the counted shares are the best fit to the names that were counted, the "
                  "training names; the validation names contain pairs those 200 names never had.",
                  "Look at the first line the experiment prints: how many of the 729 pairs were "
                  "never counted? What probability does a tiny smoothing give them, and what does "
                  "one such pair cost in the validation NLL?"),
            "c": ("the smoothing trades the counted shares against the pairs not counted, and how "
                  "many pairs go uncounted depends on how many names were counted.",
                  "Compare the number of pairs never counted in 200 names (the experiment's first "
                  "line) with the 95 of the 20,000-name table."),
            "d": ("made-up counts are not data: they pull every row towards uniform, which hurts "
                  "the well-counted rows, as the lesson's smoothing of 100 showed on 20,000 names.",
                  "Ask what the larger smoothing helps with specifically: which validation "
                  "predictions would be very expensive without it?"),
        },
        nudges=("Your run says otherwise. Look at the experiment's first line: how many of the "
                "729 pairs did 200 names never count?",
                "A pair the table never counted gets a probability of about the smoothing over "
                "the row's total. With a smoothing of 0.01, what is minus the log of that, and "
                "how often do the validation names hit such a pair?"),
        ),
]
