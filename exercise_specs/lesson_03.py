"""Lesson 03 · activation functions: ReLU, a softmax that never overflows, and whether dead ReLU
units come back."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

EXERCISES = [
    Exercise(
        name="relu", lesson="03", concept="ReLU keeps positive inputs and turns the rest into 0",
        cases=[case(z=np.array([[-2.0, -0.5, 0.5, 3.0]])),
               case(z=np.array([[1.5, -1.0], [0.25, -3.0], [0.0, 7.0]])),
               case(z=np.array([[-1000.0, 1000.0, -1e-3]])),
               case(hidden=True, z=np.array([[2.0, -2.0, 0.1], [-0.1, 4.0, -5.0]]))],
        dtype="float",
        nudges=("ReLU is max(z, 0), taken element by element; the result has z's shape.",
                "np.maximum(z, 0) compares each element with 0 and keeps the larger one."),
        mistakes=[
            Mistake(lambda z: np.max(z, 0), "np.max reduces along an axis, so the shape shrinks.",
                    "np.maximum(z, 0) is the element-by-element version."),
            Mistake(np.abs, "abs makes negatives positive; ReLU turns them into 0.",
                    "Keep z where z > 0, and 0 elsewhere: np.maximum(z, 0)."),
            Mistake(lambda z: np.minimum(z, 0), "you kept the negative part; ReLU keeps the positive.",
                    "np.maximum, not np.minimum."),
            Mistake(lambda z: (z > 0).astype(float), "that is ReLU's slope (0 or 1), not ReLU itself.",
                    "Return the values: z where z > 0, else 0."),
            Mistake(lambda z: np.where(z > 0, z, 0).astype(int), "the values are cut to whole numbers.",
                    "Keep z's floating-point values: np.maximum(z, 0)."),
        ]),
    Exercise(
        name="softmax", lesson="03",
        concept="softmax turns each row of scores into probabilities, stably for large scores",
        cases=[case(z=np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])),
               case(z=np.array([[0.5, -1.0, 2.0, 0.0]])),
               case(z=np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])),
               case(z=np.array([[0.0, 1.0], [745.0, 746.0], [-3.0, 3.0]])),
               case(hidden=True, z=np.array([[-800.0, -801.0, -799.0, -800.5], [3.0, 1.0, 0.2, -2.0]]))],
        dtype="float",
        nudges=("Each row is one example: exponentiate its scores and divide by the row's sum.",
                "Subtract each row's max first, z - z.max(axis=1, keepdims=True), then exp and divide "
                "by the sum along axis=1 with keepdims=True."),
        mistakes=[
            Mistake(lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True),
                    "exp(1000) overflows to inf.",
                    "softmax(z) = softmax(z - c) for any c per row: subtract each row's max before exp."),
            Mistake(lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=1, keepdims=True),
                    "one max for the whole batch is not enough when rows differ a lot.",
                    "Subtract each row's own max: z.max(axis=1, keepdims=True)."),
            Mistake(lambda z: np.exp(z - z.max(axis=1, keepdims=True))
                    / np.exp(z - z.max(axis=1, keepdims=True)).sum(),
                    "the probabilities of each row should sum to 1, not those of the whole batch.",
                    "Divide by the sum along axis=1 with keepdims=True."),
            Mistake(lambda z: np.exp(z - z.max(0)) / np.exp(z - z.max(0)).sum(axis=0),
                    "rows are examples, columns are classes.",
                    "Take the max and the sum along axis=1, not axis=0."),
            Mistake(lambda z: (z - z.min(axis=1, keepdims=True))
                    / (z - z.min(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
                    "softmax exponentiates the scores before normalising.",
                    "np.exp(z - z.max(axis=1, keepdims=True)), then divide by its row sums."),
        ]),
    Exercise(
        name="still_dead", lesson="03", kind="value",
        concept="a ReLU unit that is negative on every input gets no gradient, so its own weights "
                "stop changing",
        exact=True,
        nudges=("What is ReLU's slope for a negative sum, and what does backpropagation multiply "
                "the gradient for a unit's weights by?",
                "The slope is 0 on every input, so the gradient for a dead unit's weights and bias "
                "is exactly 0 and they do not move; only the layer below could change its sums."),
        mistakes=[
            Mistake(0, "more training does not revive them: a dead unit's slope is 0 on every "
                       "input, so every gradient for its weights is multiplied by 0.",
                    "Look at the printout: how far did the dead units' weights move?"),
            Mistake(2, "a dead unit does not get a smaller gradient than a live one, it gets none: "
                       "its slope is exactly 0 on every input.",
                    "No gradient means its weights stay where they are; what could still change "
                    "its sums?"),
            Mistake(1, "a dead unit comes back only if the layer below changes enough to make one "
                       "of its sums positive again.",
                    "Count from the printout: dead before, still dead after."),
            Mistake(3, "a dead unit comes back only if the layer below changes enough to make one "
                       "of its sums positive again.",
                    "Count from the printout: dead before, still dead after."),
        ]),
]
