"""Lesson 13 · skip connections: a residual block's forward pass, and why its gradient survives."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _relu(z):
    return np.maximum(z, 0.0)


def _branch(x, W1, b1, W2, b2):
    return _relu(x @ W1 + b1) @ W2 + b2


X = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])
W1 = np.array([[0.5, -1.0, 2.0, 0.0], [1.5, 0.5, -0.5, 1.0], [-1.0, 2.0, 0.0, 0.5]])
B1 = np.array([0.0, -1.0, 0.5, 0.0])
W2 = np.array([[1.0, 0.0, -1.0], [0.5, 1.0, 0.0], [0.0, -0.5, 1.0], [-1.0, 0.0, 0.5]])
B2 = np.array([1.0, -1.0, 0.5])

EXERCISES = [
    Exercise(
        name="residual_forward", lesson="13",
        concept="what a residual block computes from its input, its branch and its skip",
        cases=[case(x=X, W1=W1, b1=B1, W2=W2, b2=B2),
               case(x=np.array([[2.0, -1.0], [-3.0, 0.5], [0.0, 1.0]]),
                    W1=np.array([[1.0, -2.0, 0.5], [0.5, 1.0, -1.0]]), b1=np.array([0.5, 0.0, -0.5]),
                    W2=np.array([[-1.0, 0.5], [1.0, -1.5], [2.0, 1.0]]), b2=np.array([0.0, 1.0])),
               case(x=X[:1], W1=W1, b1=np.zeros(4), W2=-W2, b2=np.zeros(3)),
               case(hidden=True, x=np.array([[-1.0, 2.0, 1.0], [0.5, -0.5, -2.0], [1.0, 1.0, 1.0],
                                             [0.0, -4.0, 2.0]]),
                    W1=W1[:, :2], b1=np.array([-0.5, 1.0]), W2=W2[:2], b2=np.array([0.0, 0.5, -1.0]))],
        dtype="float",
        nudges=("First the branch F(x): a Dense layer with ReLU, then a Dense layer without. Then add "
                "x back and apply the block's ReLU.",
                "F = relu(x @ W1 + b1) @ W2 + b2, then y = relu(x + F), with relu(z) = "
                "np.maximum(z, 0)."),
        mistakes=[
            Mistake(lambda x, W1, b1, W2, b2: _relu(_branch(x, W1, b1, W2, b2)),
                    "that is a plain two-layer stack: where is the skip connection?",
                    "Add the input back before the last ReLU: relu(x + F)."),
            Mistake(lambda x, W1, b1, W2, b2: x + _relu(_branch(x, W1, b1, W2, b2)),
                    "the skip is added after the ReLU; the block adds first.",
                    "relu(x + F), not x + relu(F)."),
            Mistake(lambda x, W1, b1, W2, b2: x + _branch(x, W1, b1, W2, b2),
                    "the block ends with a ReLU (activation='relu' in nl.Residual).",
                    "Apply ReLU to the sum: np.maximum(x + F, 0)."),
            Mistake(lambda x, W1, b1, W2, b2: _relu(x + (x @ W1 + b1) @ W2 + b2),
                    "the branch F has a ReLU between its two Dense layers.",
                    "F = relu(x @ W1 + b1) @ W2 + b2."),
            Mistake(lambda x, W1, b1, W2, b2: _relu(x + _relu(x @ W1 + b1) @ W2),
                    "the second Dense layer has a bias too.",
                    "F = relu(x @ W1 + b1) @ W2 + b2: add b2 before the skip."),
        ]),
    Exercise(
        name="gradient_scale", lesson="13",
        concept="what the chain rule does to the gradient through a stack of layers, with and "
                "without skips",
        cases=[case(slopes=np.array([0.5, 0.5, 0.5, 0.5]), skip=False),
               case(slopes=np.array([0.5, -0.5, 0.2]), skip=True),
               case(slopes=np.full(10, 0.5), skip=False),
               case(slopes=np.array([0.1, -0.1, 0.05, -0.05, 0.0, 0.2]), skip=True),
               case(hidden=True, slopes=np.array([2.0, -0.5]), skip=True),
               case(hidden=True, slopes=np.array([1.5, -2.0, 0.5]), skip=False)],
        dtype="float",
        nudges=("The chain rule multiplies one factor per layer: dF/dx for a plain layer, "
                "1 + dF/dx for a residual block.",
                "np.prod(slopes) without skips, np.prod(1 + slopes) with them."),
        mistakes=[
            Mistake(lambda slopes, skip: np.sum(1 + slopes) if skip else np.sum(slopes),
                    "the chain rule multiplies the factors of the layers; it does not add them.",
                    "Use np.prod: np.prod(slopes), or np.prod(1 + slopes) with skips."),
            Mistake(lambda slopes, skip: np.mean(1 + slopes) if skip else np.mean(slopes),
                    "an average slope is not what reaches the first layer: the factors multiply.",
                    "Use np.prod: np.prod(slopes), or np.prod(1 + slopes) with skips."),
            Mistake(lambda slopes, skip: np.prod(1 + slopes),
                    "a plain layer has no identity path: its factor is the slope alone.",
                    "Only with skip=True is each factor 1 + slope; without, np.prod(slopes)."),
            Mistake(lambda slopes, skip: np.prod(slopes),
                    "with skip=True each block is y = x + F(x): its factor is 1 + dF/dx.",
                    "With skips return np.prod(1 + slopes)."),
            Mistake(lambda slopes, skip: 1 + np.prod(slopes) if skip else np.prod(slopes),
                    "every block has its own skip, so the 1 enters every factor, not just once.",
                    "Multiply (1 + slope) over the blocks: np.prod(1 + slopes)."),
        ]),
]
