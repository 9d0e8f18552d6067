"""Lesson 07 · prediction trace: ReLU's slope, and reading a prediction and its confidence."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

_P = np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.05, 0.9, 0.05]])   # N 4, K 3

EXERCISES = [
    Exercise(
        name="relu_derivative", lesson="07",
        concept="a neuron that ReLU silenced passes no gradient back; one that let its sum "
                "through passes the gradient on unchanged",
        cases=[case(z=np.array([[-2.0, -0.5, 0.5, 3.0]])),
               case(z=np.array([[1.5, -1.0], [0.25, -3.0], [-0.1, 7.0]])),
               case(z=np.array([[-1000.0, 1000.0, -1e-3, 1e-3]])),
               case(hidden=True, z=np.array([[2.0, -2.0, 0.1], [-0.1, 4.0, -5.0]]))],
        dtype="float",
        nudges=("The slope of ReLU is 1 where z > 0 (the output follows the input) and 0 where "
                "z < 0 (the output is stuck at 0).",
                "(z > 0) is True/False per element; turn it into 1.0/0.0 with .astype(float)."),
        mistakes=[
            Mistake(lambda z: np.maximum(z, 0),
                    "that is ReLU itself; its slope is 1 where z > 0 and 0 elsewhere.",
                    "Return 1.0 where z > 0 and 0.0 elsewhere: (z > 0).astype(float)."),
            Mistake(lambda z: (z < 0).astype(float),
                    "the slope is 1 on the positive side, not the negative one.",
                    "Compare with z > 0."),
            Mistake(lambda z: np.sign(z),
                    "for negative z ReLU is flat, so its slope is 0, not -1.",
                    "Keep the 1s where z > 0 and put 0 everywhere else."),
            Mistake(lambda z: np.clip(z, 0, 1),
                    "the slope is 1 for every positive z, however small; values between 0 and 1 "
                    "should not pass through.",
                    "(z > 0).astype(float): exactly 0 or 1."),
            Mistake(lambda z: z > 0,
                    "the right pattern, but as True/False; the gradient is multiplied by these "
                    "numbers, so return 0.0 and 1.0.",
                    "Add .astype(float) to turn True/False into 1.0/0.0."),
        ]),
    Exercise(
        name="predict_with_confidence", lesson="07",
        concept="a prediction is the most probable class of each row; its probability is the "
                "network's confidence",
        cases=[case(p=_P),
               case(p=np.array([[0.1, 0.1, 0.5, 0.2, 0.1], [0.3, 0.05, 0.05, 0.2, 0.4]])),
               case(p=np.array([[0.8, 0.2], [0.35, 0.65], [0.45, 0.55]])),
               case(hidden=True, p=np.array([[0.2, 0.3, 0.1, 0.4], [0.97, 0.01, 0.01, 0.01],
                                             [0.25, 0.25, 0.45, 0.05]]))],
        outputs=("classes", "confidence"),
        exact=True,
        nudges=("For each row: the class is the position of the largest probability, the "
                "confidence is that probability.",
                "p.argmax(axis=1) and p.max(axis=1): one class and one confidence per row."),
        mistakes=[
            Mistake(lambda p: (p.argmax(axis=0), p.max(axis=0)),
                    "rows are examples and columns are classes: look along each row.",
                    "Use axis=1: p.argmax(axis=1) and p.max(axis=1)."),
            Mistake(lambda p: (p.max(axis=1), p.max(axis=1)),
                    "the classes should be class numbers (positions), not probabilities.",
                    "argmax gives the position of the largest value; max gives the value."),
            Mistake(lambda p: (p.argmax(axis=1), p.max()),
                    "that is one confidence for the whole batch; each example has its own.",
                    "p.max(axis=1): the largest probability of each row."),
            Mistake(lambda p: (p.argmax(), p.max()),
                    "that is one answer for the whole batch; every row (example) gets its own "
                    "class.",
                    "Give argmax and max an axis: axis=1, along each row."),
            Mistake(lambda p: (p.argmax(axis=1), p.argmax(axis=1)),
                    "the confidence is the largest probability, not its position.",
                    "p.max(axis=1), or p[np.arange(len(p)), classes]."),
        ]),
]
