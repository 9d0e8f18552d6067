"""Lesson 04 · backpropagation: a dense layer forward and backward, and one SGD step in place."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

_X = np.array([[1.0, -2.0, 0.5], [0.0, 3.0, -1.0]])                       # (batch 2, in 3)
_W_SQUARE = np.array([[1.0, 2.0, 0.0], [-1.0, 0.5, 1.0], [0.0, 3.0, -2.0]])  # (3, 3), not symmetric
_W = np.array([[0.5, -1.0, 2.0, 0.0], [1.5, 0.5, -0.5, 1.0], [-1.0, 2.0, 0.0, 0.5]])  # (3, 4)
_X3 = np.array([[1.0, 0.0, -1.0, 2.0], [0.5, 1.0, 0.0, -1.0], [-2.0, 1.0, 1.0, 0.0]])  # (3, 4)
_W42 = np.array([[1.0, -1.0], [0.0, 2.0], [0.5, 0.5], [-1.0, 0.0]])                 # (4, 2)


def _sgd_plus(params, grads, lr):
    for key in params:
        params[key] += lr * grads[key]


def _sgd_without_lr(params, grads, lr):
    for key in params:
        params[key] -= grads[key]


def _sgd_divides_by_lr(params, grads, lr):
    for key in params:
        params[key] -= grads[key] / lr


def _sgd_only_w(params, grads, lr):
    params["W"] -= lr * grads["W"]


def _sgd_new_arrays(params, grads, lr):
    # computes the step, but the arrays the model holds never change
    {key: params[key] - lr * grads[key] for key in params}


EXERCISES = [
    Exercise(
        name="dense_forward", lesson="04",
        concept="a dense layer computes y = x @ W + b for a whole batch at once",
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
        concept="backpropagation through y = x @ W + b: each gradient has the shape of what it "
                "is the gradient of",
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
    Exercise(
        name="sgd_step", lesson="04",
        concept="one step of gradient descent moves every parameter against its gradient, "
                "changing the arrays the model holds",
        cases=[case(params={"W": np.array([[1.0, -2.0], [0.5, 3.0], [-1.0, 0.0]]),
                            "b": np.array([0.5, -0.5])},
                    grads={"W": np.array([[0.2, -0.4], [1.0, 0.0], [0.0, 2.0]]),
                           "b": np.array([-1.0, 2.0])},
                    lr=0.1),
               case(params={"W": np.array([[2.0, 0.0, -1.0]]), "b": np.array([1.0, 0.0, 0.0])},
                    grads={"W": np.array([[1.0, -2.0, 0.5]]), "b": np.array([0.0, 4.0, -1.0])},
                    lr=0.5),
               case(params={"W1": np.array([[1.0, 2.0]]), "b1": np.array([0.0, 1.0]),
                            "W2": np.array([[3.0], [-1.0]]), "b2": np.array([2.0])},
                    grads={"W1": np.array([[10.0, -5.0]]), "b1": np.array([1.0, 0.0]),
                           "W2": np.array([[0.0], [20.0]]), "b2": np.array([-3.0])},
                    lr=0.01),
               case(hidden=True,
                    params={"W": np.array([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]), "b": np.array([1.0, 1.0, 1.0]),
                            "gamma": np.array([1.0, 2.0])},
                    grads={"W": np.array([[1.0, 0.0, -1.0], [2.0, 0.5, 0.0]]), "b": np.array([3.0, -3.0, 0.0]),
                           "gamma": np.array([0.5, -0.5])},
                    lr=0.2)],
        in_place=True,
        nudges=("For every key of params: move the array against its gradient by lr times the "
                "gradient, changing the array itself.",
                "for key in params: params[key] -= lr * grads[key]   (-= changes the array in "
                "place)."),
        mistakes=[
            Mistake(_sgd_plus, "that step climbs the loss: go against the gradient.",
                    "Subtract: params[key] -= lr * grads[key]."),
            Mistake(_sgd_without_lr, "the step is too big: scale the gradient by the learning "
                                     "rate.",
                    "params[key] -= lr * grads[key]."),
            Mistake(_sgd_divides_by_lr, "multiply the gradient by the learning rate, don't "
                                        "divide by it.",
                    "params[key] -= lr * grads[key]."),
            Mistake(_sgd_only_w, "update every parameter in params, b as well as W.",
                    "Loop over the keys: for key in params: params[key] -= lr * grads[key]."),
            Mistake(_sgd_new_arrays,
                    "the arrays the model holds did not change. Making new arrays (returning them, "
                    "or storing them with params[key] = ...) leaves the model's arrays as they "
                    "were.",
                    "Change each array in place: params[key] -= lr * grads[key] (or "
                    "params[key][...] = new values)."),
        ]),
]
