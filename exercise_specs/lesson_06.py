"""Lesson 06 · a first network on MNIST: the cross-entropy gradient, accuracy, and a loss with a
planted indexing bug to find (kind "fix")."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _one_hot(y, k):
    return np.eye(k)[y]


def _indexed_the_wrong_way(p, y):
    grad = p.copy()
    grad[y, np.arange(len(y))] -= 1        # rows and columns swapped
    return grad / len(p)


def _gradient_in_place(p, y):
    p[np.arange(len(y)), y] -= 1.0     # overwrites the caller's probabilities
    p /= len(p)
    return p


def _n(y):
    return np.arange(len(y))


def _softmax_again(p, y):
    e = np.exp(p - p.max(axis=1, keepdims=True))       # p is already a softmax output
    return (e / e.sum(axis=1, keepdims=True) - _one_hot(y, p.shape[1])) / len(p)


def _ce_log_of_mean(p, y):
    return float(-np.log(np.mean(p[_n(y), y])))          # the log of the mean probability


def _ce_every_pair(p, y):
    return float(-np.mean(np.log(p[:, y])))          # the planted bug: an (N, N) block


def _ce_all_entries(p, y):
    return float(-np.mean(np.log(p)))


def _ce_sum(p, y):
    return float(-np.sum(np.log(p[_n(y), y])))


def _ce_swapped(p, y):
    return float(-np.mean(np.log(p[y, _n(y)])))


def _ce_sign(p, y):
    return float(np.mean(np.log(p[_n(y), y])))


def _ce_top_class(p, y):
    return float(-np.mean(np.log(p.max(axis=1))))


def _ce_one_hot_mean(p, y):
    return float(-np.mean(np.eye(p.shape[1])[y] * np.log(p)))


def _ce_no_log(p, y):
    return float(-np.mean(p[_n(y), y]))


_P1 = np.array([[0.1, 0.6, 0.2, 0.1], [0.25, 0.25, 0.4, 0.1]])                  # N 2, K 4
_P2 = np.array([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4], [0.2, 0.8]])                 # N 4, K 2
_P3 = np.array([[0.1, 0.2, 0.3, 0.2, 0.2], [0.5, 0.1, 0.1, 0.2, 0.1],
                [0.05, 0.05, 0.1, 0.2, 0.6]])                                    # N 3, K 5
_P4 = np.array([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3],
                [0.25, 0.25, 0.5]])                                               # N 5, K 3

EXERCISES = [
    Exercise(
        name="cross_entropy_gradient", lesson="06",
        concept="how softmax and the mean cross-entropy combine into one gradient with respect to "
                "the scores, as sigmoid and binary cross-entropy did in lesson 04",
        cases=[case(p=_P2, y=np.array([0, 0, 0, 1])),
               case(p=_P1, y=np.array([1, 3])),
               case(p=_P3, y=np.array([4, 0, 4])),
               case(hidden=True, p=_P4, y=np.array([2, 0, 1, 1, 2]))],
        dtype="float", pure=True,
        nudges=("Work out one example and one class: how does the loss of example i change when "
                "its score for class k rises, for the true class and for another one? Then: the "
                "loss is a mean over the batch.",
                "Raising a wrong class's score takes probability from the true class, so that "
                "entry of one example's gradient is positive, the true class's negative; what "
                "exactly is each? Then ask what the 1/N of the mean does to every row."),
        mistakes=[
            Mistake(lambda p, y: p - _one_hot(y, p.shape[1]),
                    "the loss is a mean over the batch, so its gradient carries a 1/N.",
                    "Divide by N, the number of examples: len(p) (or p.shape[0])."),
            Mistake(lambda p, y: (p - _one_hot(y, p.shape[1])) / p.shape[1],
                    "you divided by the number of classes K; the mean is over the N examples.",
                    "N is p.shape[0] (rows); K is p.shape[1] (columns)."),
            Mistake(lambda p, y: (p - _one_hot(y, p.shape[1])) / 3,
                    "you divided by a fixed 3; the batch size changes from call to call.",
                    "Divide by len(p), the number of examples in this batch."),
            Mistake(_indexed_the_wrong_way,
                    "the indexing is turned round: rows are examples and columns are classes.",
                    "Example i's true class sits in row i, column y[i]: index the rows with the "
                    "example numbers and the columns with the labels."),
            Mistake(lambda p, y: (_one_hot(y, p.shape[1]) - p) / len(p),
                    "the sign is flipped: the gradient is p minus the one-hot labels.",
                    "Raising a wrong class's score raises the loss, so its entry of the gradient "
                    "is positive."),
            Mistake(lambda p, y: (p - y[:, None]) / len(p),
                    "the labels are class numbers: turn each into a one-hot row before "
                    "subtracting.",
                    "np.eye(K)[y] has a 1 in row i at column y[i]."),
            Mistake(_softmax_again,
                    "p already holds the softmax's probabilities: applying the softmax to them "
                    "again gives other numbers, flatter than the network's output.",
                    "Work with p as it is; the scores z never appear in the answer."),
            Mistake(_gradient_in_place,
                    "the numbers are right, but you wrote them into the caller's p: whoever "
                    "passed p in (the model, a plot, the next check) now holds a gradient instead "
                    "of probabilities.",
                    "Work on a copy or build a new array; do not subtract into p itself."),
        ]),
    Exercise(
        name="accuracy", lesson="06",
        concept="accuracy is the fraction of examples whose most probable class is the true one",
        cases=[case(p=np.array([[0.2, 0.7, 0.1], [0.6, 0.1, 0.3], [0.7, 0.1, 0.2]]),
                    y=np.array([1, 0, 2])),
               case(p=_P2, y=np.array([0, 0, 0, 1])),
               case(p=_P3, y=np.array([4, 1, 4])),
               case(p=np.array([[0.3, 0.7]]), y=np.array([1])),
               case(p=np.array([[0.4, 0.3, 0.3], [0.2, 0.45, 0.35], [0.1, 0.3, 0.6]]),
                    y=np.array([0, 1, 0])),
               case(hidden=True, p=_P4, y=np.array([1, 0, 2, 0, 2]))],
        dtype="float",
        nudges=("Find each example's predicted class (the column with the largest probability in "
                "its row), compare with its label, and return the fraction that match.",
                "The position of each row's largest entry is its predicted class; comparing with "
                "y gives True/False per example, and the mean of those is a fraction."),
        mistakes=[
            Mistake(lambda p, y: np.mean(p.argmax(axis=0) == y),
                    "rows are examples and columns are classes: the predicted class is the "
                    "largest entry of each row.",
                    "Take the position of the largest entry along each row: one class per "
                    "example."),
            Mistake(lambda p, y: np.sum(p.argmax(axis=1) == y),
                    "that is how many examples are right; accuracy is the fraction of them.",
                    "Divide by the number of examples, or take the mean of the matches."),
            Mistake(lambda p, y: np.mean(p.max(axis=1) == y),
                    "max gives the largest probability itself; the predicted class is where it "
                    "is.",
                    "argmax returns the position (the class), max returns the value."),
            Mistake(lambda p, y: np.mean(p[np.arange(len(y)), y]),
                    "that is the average probability given to the true class; accuracy counts "
                    "whether the top class is the true one.",
                    "Find each row's top class first, then count how often it equals the label."),
            Mistake(lambda p, y: np.mean(p[np.arange(len(y)), y] >= 0.5),
                    "that asks whether the true class got at least half of the probability; with "
                    "ten classes an answer is right whenever the true class is the most probable "
                    "one, even at 0.4.",
                    "No threshold: compare each row's most probable class with its label."),
            Mistake(lambda p, y: 100 * np.mean(p.argmax(axis=1) == y),
                    "that is a percentage; the accuracy here is a fraction between 0 and 1.",
                    "Leave out the factor 100."),
        ]),
    Exercise(
        name="mean_cross_entropy", lesson="06", kind="fix",
        concept="picking each example's own true-class probability out of a batch, rows as "
                "examples and columns as classes",
        cases=[case(p=_P1, y=np.array([1, 3])),
               case(p=_P2, y=np.array([0, 0, 0, 1])),
               case(p=_P3, y=np.array([4, 0, 4])),
               case(p=np.array([[0.7, 0.2, 0.1]]), y=np.array([0])),
               case(hidden=True, p=_P4, y=np.array([2, 0, 1, 1, 2]))],
        dtype="float",
        nudges=("Compare your number with the loss worked out by hand for the first case: one "
                "log per example, of that example's probability of its own label.",
                "For each row i you need exactly one entry of p, the one in column y[i]; count "
                "how many entries your indexing picks, and from which rows."),
        bug=Mistake(_ce_every_pair,
                    "that is the buggy version unchanged: p[:, y] does not pick one entry per "
                    "example. It takes, for every example, the columns of every label in the "
                    "batch, an N x N block, so most of the logs belong to other examples' labels.",
                    "Look at the shape of p[:, y] for N examples: you want N numbers, example i's "
                    "probability of its own class y[i], so the row index must move together "
                    "with the label."),
        mistakes=[
            Mistake(_ce_all_entries,
                    "that averages the log of every probability in p, the wrong classes' too: the "
                    "loss only looks at the probability of each example's true class.",
                    "Keep one entry per row, the one in its label's column, before taking the "
                    "logs."),
            Mistake(_ce_sum,
                    "that is the total over the batch: the loss model.evaluate reports is a mean, "
                    "so it does not grow with the batch size.",
                    "Average over the N examples instead of adding them up."),
            Mistake(_ce_swapped,
                    "the row and the column are turned round: rows are examples, columns are "
                    "classes, so the label says which column to read.",
                    "Row index: the example's number; column index: its label."),
            Mistake(_ce_sign,
                    "the logs of probabilities are negative, so this loss is negative: the "
                    "cross-entropy is minus their mean.",
                    "Put a minus sign in front of the mean."),
            Mistake(_ce_top_class,
                    "that uses each example's largest probability, the network's own guess; the "
                    "loss asks about the true label, whatever the guess was.",
                    "Read the probability in the label's column, even when it is small."),
            Mistake(_ce_one_hot_mean,
                    "multiplying by one-hot rows picks the right entries, but the mean then "
                    "divides by all N x K entries, most of them zeros: the loss comes out K times "
                    "too small.",
                    "Sum each row first (one number per example), then average over the N "
                    "examples."),
            Mistake(_ce_log_of_mean,
                    "that is the log of the average probability; the loss is the average of one "
                    "log per example, so a single very unsure example weighs far more.",
                    "Take the log of each picked probability first, then average the logs."),
            Mistake(_ce_no_log,
                    "that is the mean probability of the true class, a score between 0 and 1; "
                    "the cross-entropy takes the log of each probability first.",
                    "Take the log of each picked probability, then minus the mean."),
        ]),
]
