"""Lesson 04 · backpropagation: a dense layer forward and backward."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

_X = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])                       # (batch 2, in 3)
_W_SQUARE = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 1.0], [0.0, 3.0, -2.0]])  # (3, 3), not symmetric
_W = np.array([[0.5, -1.0, 2.0, 0.0], [1.5, 0.5, -0.5, 1.0], [-1.0, 2.0, 0.0, 0.5]])  # (3, 4)
_X3 = np.array([[1.0, 0.0, -1.0, 2.0], [0.5, 1.0, 0.0, -1.0], [-2.0, 1.0, 1.0, 0.0]])  # (3, 4)
_W42 = np.array([[1.0, -1.0], [0.0, 2.0], [0.5, 0.5], [-1.0, 0.0]])                 # (4, 2)


EXERCISES = [
    Exercise(
        name="dense_forward", lesson="04",
        concept="the linear part of a dense layer, computed for a whole batch of examples at once",
        cases=[case(x=_X, W=_W_SQUARE, b=np.array([1.0, -1.0, 0.5])),
               case(x=_X, W=_W, b=np.array([0.1, -0.2, 0.3, 0.0])),
               case(x=np.array([[2.0, -1.0]]), W=np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]]),
                    b=np.array([0.0, 0.5, -0.5])),
               case(hidden=True, x=_X3, W=_W42, b=np.array([-0.5, 1.0]))],
        dtype="float",
        nudges=("x has shape (batch, in), W has shape (in, out) and b has shape (out,); the result "
                "has shape (batch, out).",
                "One matrix product and one addition: x @ W, then + b (b is added to every row)."),
        mistakes=[
            Mistake(lambda x, W, b: x @ W, "the bias is missing.", "y = x @ W + b."),
            Mistake(lambda x, W, b: x @ W.T + b,
                    "W already has shape (in, out), so it needs no transpose.",
                    "y = x @ W + b, with W as it is."),
            Mistake(lambda x, W, b: np.maximum(x @ W + b, 0),
                    "no activation here: this function is only the linear part of the layer.",
                    "Return x @ W + b without ReLU."),
            Mistake(lambda x, W, b: x @ W - b, "the bias is added, not subtracted.",
                    "y = x @ W + b."),
            Mistake(lambda x, W, b: W @ x + b,
                    "the order of the product: x (batch, in) comes first, so that its in-axis "
                    "meets W's.",
                    "x @ W, not W @ x."),
        ]),
    Exercise(
        name="dense_backward", lesson="04",
        concept="backpropagation through a dense layer's linear part: each gradient has the shape "
                "of what it is the gradient of",
        cases=[case(dy=np.array([[1.0, 0.0, -1.0], [0.5, -0.5, 1.0]]), x=_X, W=_W_SQUARE),
               case(dy=np.array([[1.0, 0.0, -1.0, 2.0], [0.5, -0.5, 1.0, 0.0]]), x=_X, W=_W),
               case(dy=np.array([[1.0, -1.0], [0.5, 2.0], [0.0, -0.5]]), x=_X3, W=_W42),
               case(hidden=True, dy=np.array([[2.0, -1.0, 0.5, 0.0]]), x=np.array([[1.0, 2.0, -1.0]]),
                    W=_W)],
        outputs=("dx", "dW", "db"),
        dtype="float",
        nudges=("Each gradient has the shape of its variable: dx like x (batch, in), dW like W "
                "(in, out), db like b (out,). Let the shapes guide the products.",
                "dx = dy @ W.T, dW = x.T @ dy, db = dy summed over the batch (axis=0)."),
        mistakes=[
            Mistake(lambda dy, x, W: (dy @ W, x.T @ dy, dy.sum(axis=0)),
                    "dx: the gradient flows back through W transposed.",
                    "dx = dy @ W.T: shape (batch, out) @ (out, in) = (batch, in)."),
            Mistake(lambda dy, x, W: (dy @ W.T, dy.T @ x, dy.sum(axis=0)),
                    "dW must have W's shape (in, out); yours is turned round.",
                    "dW = x.T @ dy: (in, batch) @ (batch, out) = (in, out)."),
            Mistake(lambda dy, x, W: (dy @ W.T, x.T @ dy, dy.mean(axis=0)),
                    "db: sum over the batch, don't average; the 1/N is already inside dy.",
                    "db = dy.sum(axis=0)."),
            Mistake(lambda dy, x, W: (dy @ W.T, x.T @ dy / len(x), dy.mean(axis=0)),
                    "don't average over the batch here: the 1/N of the mean loss is already "
                    "inside dy.",
                    "dW = x.T @ dy and db = dy.sum(axis=0), without dividing by the batch size."),
            Mistake(lambda dy, x, W: (dy @ W.T, x.T @ dy, dy),
                    "db must have b's shape (out,): b is shared by every example, so its "
                    "gradient adds up over the batch.",
                    "db = dy.sum(axis=0)."),
            Mistake(lambda dy, x, W: (dy @ W.T, x.T @ dy, dy.sum(axis=1)),
                    "db sums over the wrong axis: b has one entry per output, so sum over the "
                    "batch.",
                    "axis=0 runs over the examples: db = dy.sum(axis=0)."),
        ]),
]
