"""Lesson 11 · depth: a sigmoid that never overflows, and the binary cross-entropy loss."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

_STABLE_MORE = ("Compute exp only of -|z|, which is never above 1: for z >= 0 use 1 / (1 + exp(-z)), "
                "for z < 0 use exp(z) / (1 + exp(z)), each only on its own elements (np.where "
                "computes both formulas on every element, so mask first).")

EXERCISES = [
    Exercise(
        name="sigmoid", lesson="11",
        concept="the sigmoid turns a score into a probability, 1 / (1 + exp(-z)), without "
                "overflow for scores such as ±1000",
        cases=[case(z=np.array([[-3.0, -1.0, 0.0, 1.0, 3.0]])),
               case(z=np.array([[-1000.0, -20.0], [-800.0, -0.5]])),
               case(z=np.array([[1000.0, 20.0], [800.0, 0.5]])),
               case(z=np.array([[-1000.0, 1000.0, 0.0]])),
               case(hidden=True, z=np.array([[-745.0, 745.0], [2.0, -2.0], [0.25, -1e4]]))],
        dtype="float",
        nudges=("sigmoid(z) = 1 / (1 + exp(-z)), element by element; it must also work for "
                "z = ±1000, where exp of a large number overflows.",
                _STABLE_MORE),
        mistakes=[
            Mistake(lambda z: 1 / (1 + np.exp(-z)),
                    "the formula is right, but for z = -1000 it computes exp(1000), which "
                    "overflows (it is far larger than the largest float).",
                    _STABLE_MORE),
            Mistake(lambda z: 1 / (1 + np.exp(z)),
                    "that is 1 - sigmoid(z): large positive scores should give probabilities "
                    "close to 1, not 0.",
                    "sigmoid(z) = 1 / (1 + exp(-z)) = exp(z) / (1 + exp(z)): check the sign "
                    "inside exp."),
            Mistake(lambda z: np.exp(z) / (1 + np.exp(z)),
                    "the formula is right, but for z = 1000 it computes exp(1000), which "
                    "overflows (it is far larger than the largest float).",
                    _STABLE_MORE),
            Mistake(np.tanh,
                    "tanh's outputs run from -1 to 1; a probability lies between 0 and 1.",
                    "sigmoid(z) = 1 / (1 + exp(-z)): it runs from 0 (very negative z) to 1."),
            Mistake(lambda z: 1 / np.exp(-z),
                    "the 1 + in the denominator is missing, so the result can exceed 1.",
                    "sigmoid(z) = 1 / (1 + exp(-z))."),
        ]),
    Exercise(
        name="binary_cross_entropy", lesson="11",
        concept="the binary cross-entropy averages -log of the probability given to the true "
                "answer",
        cases=[case(p=np.array([0.9, 0.2, 0.6]), y=np.array([1, 0, 0])),
               case(p=np.array([0.5, 0.99, 0.01, 0.7]), y=np.array([1, 1, 0, 0])),
               case(p=np.array([0.25]), y=np.array([1])),
               case(hidden=True, p=np.array([0.1, 0.8, 0.3, 0.95, 0.5]), y=np.array([0, 1, 1, 1, 0]))],
        dtype="float",
        nudges=("For each example, the loss is -log(p) if y = 1 and -log(1 - p) if y = 0; return "
                "the mean over the examples.",
                "-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))."),
        mistakes=[
            Mistake(lambda p, y: np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)),
                    "the sign: a loss is positive, and the logs of probabilities are negative.",
                    "Put a minus in front: -np.mean(...)."),
            Mistake(lambda p, y: -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)),
                    "that is the total over the batch; the loss is the mean.",
                    "np.mean instead of np.sum (or divide by the number of examples)."),
            Mistake(lambda p, y: -np.mean(y * np.log(p)),
                    "the examples with y = 0 add nothing to your loss; they should add "
                    "-log(1 - p).",
                    "Add the second term: (1 - y) * np.log(1 - p)."),
            Mistake(lambda p, y: -np.mean(y * np.log10(p) + (1 - y) * np.log10(1 - p)),
                    "the logarithm is the natural one (base e), not base 10.",
                    "np.log, not np.log10."),
            Mistake(lambda p, y: np.mean(p - y),
                    "that is the average of p - y (it appears in the loss's gradient); the loss "
                    "itself takes logarithms.",
                    "-log(p) for y = 1 and -log(1 - p) for y = 0, averaged."),
        ]),
]
