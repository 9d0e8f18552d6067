"""Lesson 06 · a first network on MNIST: the cross-entropy gradient, and accuracy."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _one_hot(y, k):
    return np.eye(k)[y]


def _indexed_the_wrong_way(p, y):
    grad = p.copy()
    grad[y, np.arange(len(y))] -= 1        # rows and columns swapped
    return grad / len(p)


_P1 = np.array([[0.1, 0.6, 0.2, 0.1], [0.25, 0.25, 0.4, 0.1]])                  # N 2, K 4
_P2 = np.array([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4], [0.2, 0.8]])                 # N 4, K 2
_P3 = np.array([[0.1, 0.2, 0.3, 0.2, 0.2], [0.5, 0.1, 0.1, 0.2, 0.1],
                [0.05, 0.05, 0.1, 0.2, 0.6]])                                    # N 3, K 5
_P4 = np.array([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3],
                [0.25, 0.25, 0.5]])                                               # N 5, K 3

EXERCISES = [
    Exercise(
        name="cross_entropy_gradient", lesson="06",
        concept="softmax and the mean cross-entropy combine into a simple gradient with respect "
                "to the scores, as sigmoid and binary cross-entropy did in lesson 04",
        cases=[case(p=_P1, y=np.array([1, 3])),
               case(p=_P2, y=np.array([0, 0, 0, 1])),
               case(p=_P3, y=np.array([4, 0, 4])),
               case(hidden=True, p=_P4, y=np.array([2, 0, 1, 1, 2]))],
        dtype="float",
        nudges=("Start from p, subtract 1 at each example's true class, and remember that the "
                "loss is a mean over the N examples.",
                "(p - one_hot) / N, where one_hot has a 1 in row i at column y[i]: "
                "np.eye(K)[y] with K = p.shape[1]."),
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
                    "Example i's true class is at row i, column y[i]: grad[np.arange(N), y] -= 1."),
            Mistake(lambda p, y: (_one_hot(y, p.shape[1]) - p) / len(p),
                    "the sign is flipped: the gradient is p minus the one-hot labels.",
                    "(p - one_hot) / N: raising a wrong class's score raises the loss."),
            Mistake(lambda p, y: (p - y[:, None]) / len(p),
                    "the labels are class numbers: turn each into a one-hot row before "
                    "subtracting.",
                    "np.eye(K)[y] has a 1 in row i at column y[i]."),
        ]),
    Exercise(
        name="accuracy", lesson="06",
        concept="accuracy is the fraction of examples whose most probable class is the true one",
        cases=[case(p=np.array([[0.2, 0.7, 0.1], [0.6, 0.1, 0.3], [0.7, 0.1, 0.2]]),
                    y=np.array([1, 0, 2])),
               case(p=_P2, y=np.array([0, 0, 0, 1])),
               case(p=_P3, y=np.array([4, 1, 4])),
               case(p=np.array([[0.3, 0.7]]), y=np.array([1])),
               case(hidden=True, p=_P4, y=np.array([1, 0, 2, 0, 2]))],
        dtype="float",
        nudges=("Find each example's predicted class (the column with the largest probability in "
                "its row), compare with its label, and return the fraction that match.",
                "np.mean(p.argmax(axis=1) == y)."),
        mistakes=[
            Mistake(lambda p, y: np.mean(p.argmax(axis=0) == y),
                    "rows are examples and columns are classes: the predicted class is the "
                    "largest entry of each row.",
                    "p.argmax(axis=1) gives one predicted class per example."),
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
                    "Compare p.argmax(axis=1) with y and take the mean of the matches."),
            Mistake(lambda p, y: 100 * np.mean(p.argmax(axis=1) == y),
                    "that is a percentage; the accuracy here is a fraction between 0 and 1.",
                    "Leave out the factor 100."),
        ]),
]
