"""Lesson 12 · depth: a sigmoid that never overflows, and how far each layer's weights moved."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

_STABLE_MORE = ("Compute exp only of -|z|, which is never above 1: for z >= 0 use 1 / (1 + exp(-z)), "
                "for z < 0 use exp(z) / (1 + exp(z)), each only on its own elements (np.where "
                "computes both formulas on every element, so mask first).")

EXERCISES = [
    Exercise(
        name="sigmoid", lesson="12",
        concept="turning any score into a probability with the sigmoid, without overflow even "
                "for scores such as ±1000",
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
        name="weight_change", lesson="12",
        concept="how far each layer's weights moved in training, relative to where they started",
        cases=[case(before=[np.array([[1.0, -2.0], [0.5, 2.0]]), np.array([[3.0], [4.0]])],
                    after=[np.array([[1.5, -2.0], [0.5, 3.0]]), np.array([[3.0], [-4.0]])]),
               case(before=[np.array([[2.0, 0.0, -1.0]])], after=[np.array([[2.0, 0.0, -1.0]])]),
               case(before=[np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.5, -0.5, 1.0]])],
                    after=[np.array([[1.0, 2.0], [3.0, 4.0001]]), np.array([[-0.5, 0.5, 2.0]])]),
               case(hidden=True, before=[np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([[2.0]]),
                                         np.array([[0.3, -0.4]])],
                    after=[np.array([[1.0, 1.2], [0.9, 1.0]]), np.array([[-2.0]]),
                           np.array([[0.3, -0.4]])])],
        dtype="float", rtol=1e-6,
        nudges=("For each layer: the size of (after - before), divided by the size of before, where "
                "a matrix's size is the square root of the sum of its squared entries. Return one "
                "number per layer, as an array.",
                "np.array([np.linalg.norm(a - b) / np.linalg.norm(b) for b, a in zip(before, "
                "after)]): np.linalg.norm of a matrix is that size (the Frobenius norm)."),
        mistakes=[
            Mistake(lambda before, after: np.array([np.linalg.norm(a - b) / np.linalg.norm(a)
                                                    for b, a in zip(before, after)]),
                    "you divided by the size of the weights after training; the change is measured "
                    "relative to where they started.",
                    "Divide by np.linalg.norm(before[k])."),
            Mistake(lambda before, after: np.array([np.linalg.norm(a - b)
                                                    for b, a in zip(before, after)]),
                    "that is how far each layer moved, not how far relative to its size: a layer "
                    "of large weights would look as if it moved a lot.",
                    "Divide each change by the size of that layer's starting weights."),
            Mistake(lambda before, after: np.array([abs(np.linalg.norm(a) - np.linalg.norm(b))
                                                    / np.linalg.norm(b)
                                                    for b, a in zip(before, after)]),
                    "you compared the sizes of the two matrices, not the matrices: a layer whose "
                    "weights only change sign keeps its size but has moved a lot.",
                    "Take the size of the difference, np.linalg.norm(after[k] - before[k])."),
            Mistake(lambda before, after: np.array([np.sum((a - b) ** 2) / np.sum(b ** 2)
                                                    for b, a in zip(before, after)]),
                    "those are squared sizes: the size of a matrix is the square root of the sum "
                    "of its squared entries.",
                    "Take the square roots, or use np.linalg.norm for both."),
            Mistake(lambda before, after: np.array([np.abs(a - b).sum() / np.abs(b).sum()
                                                    for b, a in zip(before, after)]),
                    "you added up absolute values; the size here is the square root of the sum of "
                    "squares.",
                    "np.linalg.norm(matrix) computes sqrt((matrix ** 2).sum())."),
        ]),
]
