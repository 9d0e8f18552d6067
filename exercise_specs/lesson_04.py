"""Lesson 04 · backpropagation: a dense layer forward and backward; find the bug in a backward pass
whose input gradient flows along several paths."""
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
                "One matrix product, then the bias: which order of x and W lines up their in "
                "axes, and how does a vector of shape (out,) add to every row?"),
        mistakes=[
            Mistake(lambda x, W, b: x @ W, "the bias is missing.",
                    "Each output neuron adds its own bias, the same for every example."),
            Mistake(lambda x, W, b: x @ W.T + b,
                    "W already has shape (in, out), so it needs no transpose.",
                    "Use W as it is: its rows already match x's columns."),
            Mistake(lambda x, W, b: np.maximum(x @ W + b, 0),
                    "no activation here: this function is only the linear part of the layer.",
                    "Return the weighted sums plus bias, before any activation."),
            Mistake(lambda x, W, b: x @ W - b, "the bias is added, not subtracted.",
                    "Look at the sign in front of b."),
            Mistake(lambda x, W, b: W @ x + b,
                    "the order of the product: x (batch, in) comes first, so that its in-axis "
                    "meets W's.",
                    "Put the batch first: its in axis then meets the in axis of W."),
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
                "Write the shapes down: which product of dy with W (or W turned round) gives "
                "(batch, in)? Which product of x with dy gives (in, out), summing over the batch? "
                "And b is shared by every example of the batch."),
        mistakes=[
            Mistake(lambda dy, x, W: (dy @ W, x.T @ dy, dy.sum(axis=0)),
                    "dx: the gradient flows back through W transposed.",
                    "dx must come out as (batch, in): which arrangement of W turns (batch, out) into that?"),
            Mistake(lambda dy, x, W: (dy @ W.T, dy.T @ x, dy.sum(axis=0)),
                    "dW must have W's shape (in, out); yours is turned round.",
                    "Swap the roles of x and dy in the product so that in comes first and the batch is "
                    "summed over."),
            Mistake(lambda dy, x, W: (dy @ W.T, x.T @ dy, dy.mean(axis=0)),
                    "db: sum over the batch, don't average; the 1/N is already inside dy.",
                    "b is shared by every example: its gradient adds the examples' rows."),
            Mistake(lambda dy, x, W: (dy @ W.T, x.T @ dy / len(x), dy.mean(axis=0)),
                    "don't average over the batch here: the 1/N of the mean loss is already "
                    "inside dy.",
                    "Drop every division by the batch size: the shared weights add the examples' "
                    "contributions."),
            Mistake(lambda dy, x, W: (dy @ W.T, x.T @ dy, dy),
                    "db must have b's shape (out,): b is shared by every example, so its "
                    "gradient adds up over the batch.",
                    "Collapse the batch axis of dy, keeping one number per output."),
            Mistake(lambda dy, x, W: (dy @ W.T, x.T @ dy, dy.sum(axis=1)),
                    "db sums over the wrong axis: b has one entry per output, so sum over the "
                    "batch.",
                    "Which axis runs over the examples? Sum over that one."),
        ]),
]


# Exercise 04.3, find the bug: a tanh layer's backward pass, one example and one unit at a time.
def _tanh_slope(dh, x, W):
    return dh * (1 - np.tanh(x @ W) ** 2)


def _paths_overwritten(dh, x, W):          # the planted bug: = where the paths must add up
    dz = _tanh_slope(dh, x, W)
    dx, dW = np.zeros_like(x), np.zeros_like(W)
    for n in range(len(x)):
        for j in range(W.shape[1]):
            dx[n] = dz[n, j] * W[:, j]
            dW[:, j] += dz[n, j] * x[n]
    return dx, dW


def _examples_overwritten(dh, x, W):       # "fixed" the other line: dW keeps the last example only
    dz = _tanh_slope(dh, x, W)
    dx, dW = np.zeros_like(x), np.zeros_like(W)
    for n in range(len(x)):
        for j in range(W.shape[1]):
            dx[n] += dz[n, j] * W[:, j]
            dW[:, j] = dz[n, j] * x[n]
    return dx, dW


def _paths_averaged(dh, x, W):             # splits the gradient among the paths
    dz = _tanh_slope(dh, x, W)
    return dz @ W.T / W.shape[1], x.T @ dz


def _reset_per_example(dh, x, W):          # starts dx afresh for every example
    dz = _tanh_slope(dh, x, W)
    dx, dW = np.zeros_like(x), np.zeros_like(W)
    for n in range(len(x)):
        dx = np.zeros_like(x)
        for j in range(W.shape[1]):
            dx[n] += dz[n, j] * W[:, j]
            dW[:, j] += dz[n, j] * x[n]
    return dx, dW


def _no_slope(dh, x, W):                   # skips tanh's slope
    return dh @ W.T, x.T @ dh


def _extra_mean(dh, x, W):                 # divides by the batch again
    dz = _tanh_slope(dh, x, W)
    return dz @ W.T / len(x), x.T @ dz / len(x)


def _no_transpose(dh, x, W):               # vectorised, with W the wrong way round
    dz = _tanh_slope(dh, x, W)
    return dz @ W, x.T @ dz


_XA = np.array([[0.5, -1.0], [-1.0, 0.8], [0.2, 0.4], [0.9, 0.1]])        # (batch 4, in 2)
_WA = np.array([[0.1, -0.3, 0.6], [0.4, 0.2, -0.5]])                      # (in 2, out 3)
_XB = np.array([[1.0, 0.0, -0.5], [0.3, -0.7, 0.2]])                      # (batch 2, in 3)
_WB = np.array([[0.2, -0.4], [0.5, 0.1], [-0.3, 0.6]])                    # (in 3, out 2)

EXERCISES.append(
    Exercise(
        name="two_paths_backward", lesson="04", kind="fix",
        concept="a value that feeds several operations collects the gradient of every one of them",
        cases=[case(dh=np.array([[1.0, -0.5, 0.2], [0.3, 2.0, -1.0], [0.0, 0.5, 1.5], [-0.8, 0.4, 0.6]]),
                    x=_XA, W=_WA),
               case(dh=np.array([[0.5, -1.0], [2.0, 0.25]]), x=_XB, W=_WB),
               case(dh=np.array([[1.0, 0.0, -2.0]]), x=np.array([[0.4, -0.2, 0.1, 0.3]]),
                    W=np.array([[0.3, -0.1, 0.2], [0.0, 0.5, -0.4], [0.6, 0.2, 0.1],
                                [-0.2, 0.4, 0.3]])),
               case(hidden=True, dh=np.array([[1.0], [-2.0], [0.5], [0.3]]), x=_XA,
                    W=np.array([[0.7], [-0.5]])),
               case(hidden=True, dh=np.array([[0.2, -0.1, 0.4, 1.0, -0.3], [1.0, 0.5, 0.0, -0.5, 0.2],
                                              [-0.6, 0.3, 0.8, 0.1, 0.0], [0.4, -0.2, 0.1, 0.3, 0.9]]),
                    x=np.array([[0.1, 0.2, -0.3], [0.5, -0.4, 0.0], [-0.2, 0.3, 0.6], [0.0, 0.1, -0.1]]),
                    W=np.array([[0.2, -0.1, 0.4, 0.0, 0.3], [-0.5, 0.2, 0.1, 0.3, -0.2],
                                [0.1, 0.6, -0.3, 0.2, 0.4]]))],
        outputs=("dx", "dW"), dtype="float", pure=True,
        nudges=("Run a gradient check on your version: which of dx and dW agrees with the finite "
                "differences? Each input x[n, i] feeds every output unit of the layer.",
                "Count the paths from one input entry to the loss: one through each output unit. "
                "The chain rule's answer for that entry is the total over all of them; does your "
                "dx total them, for every example?"),
        bug=Mistake(_paths_overwritten,
                    "dx comes out as the share of the last output unit only: each input feeds every "
                    "unit, and the loop keeps only the latest path's share instead of collecting "
                    "them all.",
                    "The same slip as '=' in the Value graph above, where a.grad came out 3 instead "
                    "of 7. Compare the line that builds dx with the one that builds dW, which the "
                    "gradient check passes."),
        mistakes=[
            Mistake(_examples_overwritten,
                    "dx is right now, but dW keeps only the last example's contribution: W is used "
                    "by every example of the batch, so its gradient collects all of them too.",
                    "Both dx and dW are sums over several uses: dx over the output units an input "
                    "feeds, dW over the examples that use W. The line for dW was right before."),
            Mistake(_paths_averaged,
                    "the paths' shares are added, not averaged: each path carries its full share "
                    "of the gradient back to the input.",
                    "In the Value graph, a.grad was 1 + 3 + 3 = 7, not their mean. Drop the "
                    "division by the number of output units."),
            Mistake(_reset_per_example,
                    "only the last example's row of dx is filled: dx starts at zero once, before "
                    "the loops, and every example writes its own row.",
                    "Where does your dx get reset to zeros? Move that out of the loop over the "
                    "examples."),
            Mistake(_no_slope,
                    "the gradient from above must pass through tanh's slope before it splits into "
                    "the paths to x and W.",
                    "Keep the first step of the buggy version as it was: it multiplies dh by the "
                    "slope of tanh at the layer's sums."),
            Mistake(_extra_mean,
                    "don't divide by the batch size here: the mean's 1/N is already inside dh, as "
                    "in exercise 04.2.",
                    "The bug is not a missing average. Remove the division and look at how dx "
                    "collects its shares."),
            Mistake(_no_transpose,
                    "dx has x's shape (batch, in) and dz has shape (batch, out): W, of shape "
                    "(in, out), must enter the product turned round.",
                    "Check the shapes: dz is (batch, out) and W is (in, out). Which arrangement of "
                    "W gives (batch, in)?"),
        ]))
