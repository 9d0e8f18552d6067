"""Lesson 13 · skip connections: a residual block's forward pass, why its gradient survives, and
the gradient through a block, derived on paper and verified by finite differences."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case, finite_difference


def _relu(z):
    return np.maximum(z, 0.0)


def _branch(x, W1, b1, W2, b2):
    return _relu(x @ W1 + b1) @ W2 + b2


def _block_case(seed, batch, d, hidden_units, hidden=False):
    """A block's input, weights and upstream gradient, rounded to one decimal, chosen so that no
    pre-activation is within 0.05 of a ReLU's kink (finite differences stay exact there)."""
    r = np.random.default_rng(seed)
    x, W1 = np.round(r.normal(0, 1, (batch, d)), 1), np.round(r.normal(0, 1, (d, hidden_units)), 1)
    b1 = np.round(r.normal(0, 0.5, hidden_units), 1)
    W2, b2 = np.round(r.normal(0, 1, (hidden_units, d)), 1), np.round(r.normal(0, 0.5, d), 1)
    return case(hidden=hidden, x=x, W1=W1, b1=b1, W2=W2, b2=b2,
                dy=np.round(r.normal(0, 1, (batch, d)), 1))


def _block_loss(x, W1, b1, W2, b2, dy):
    """A loss whose gradient with respect to the block's output is dy."""
    return float(np.sum(dy * _relu(x + _branch(x, W1, b1, W2, b2))))


def _grads(x, W1, b1, W2, b2, dy, out_mask=True, hid_mask=True, skip_mask=True, branch_mask=False):
    """(the skip's share, the branch's share) of dL/dx, with a mask left out where asked."""
    z1 = x @ W1 + b1
    s = (_branch(x, W1, b1, W2, b2) if branch_mask else x + _branch(x, W1, b1, W2, b2))
    ds = dy * (s > 0) if out_mask else dy
    dz1 = ds @ W2.T * ((z1 > 0) if hid_mask else 1.0)
    return (ds if skip_mask else dy), dz1 @ W1.T


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
        dtype="float", pure=True,
        nudges=("First the branch F(x): a Dense layer with ReLU, then a Dense layer without. Then "
                "bring in the skip and apply the block's own activation.",
                "Three stages, in this order: the branch's first layer (with its ReLU), its second "
                "layer (no activation), then the block's ReLU of what the skip and the branch give "
                "together; relu is np.maximum(z, 0)."),
        mistakes=[
            Mistake(lambda x, W1, b1, W2, b2: _relu(_branch(x, W1, b1, W2, b2)),
                    "that is a plain two-layer stack: where is the skip connection?",
                    "The block's input must reach its output around the branch, and the block's "
                    "ReLU comes after they meet."),
            Mistake(lambda x, W1, b1, W2, b2: x + _relu(_branch(x, W1, b1, W2, b2)),
                    "the skip is added after the ReLU; the block adds first.",
                    "The block's ReLU acts on what the skip and the branch give together, not on "
                    "the branch alone."),
            Mistake(lambda x, W1, b1, W2, b2: x + _branch(x, W1, b1, W2, b2),
                    "the block ends with a ReLU (activation='relu' in nl.Residual).",
                    "Apply the block's ReLU as its very last step."),
            Mistake(lambda x, W1, b1, W2, b2: _relu(x + (x @ W1 + b1) @ W2 + b2),
                    "the branch F has a ReLU between its two Dense layers.",
                    "Apply the ReLU to the first layer's output before the second layer reads it."),
            Mistake(lambda x, W1, b1, W2, b2: _relu(x + _relu(x @ W1 + b1) @ W2),
                    "the second Dense layer has a bias too.",
                    "Add b2 to the second layer's output, before the skip joins in."),
        ]),
    Exercise(
        name="gradient_scale", lesson="13",
        concept="what the chain rule does to the gradient through a stack of layers, with and "
                "without skips",
        cases=[case(slopes=np.array([0.5, 0.5, 0.5, 0.5]), skip=False),
               case(slopes=np.array([0.5, -0.5, 0.2]), skip=True),
               case(slopes=np.full(10, 0.5), skip=False),
               case(slopes=np.array([0.1, -0.1, 0.05, -0.05, 0.0, 0.2]), skip=True),
               case(slopes=np.array([0.5, -2.0, 1.5]), skip=False),
               case(hidden=True, slopes=np.array([2.0, -0.5]), skip=True),
               case(hidden=True, slopes=np.array([1.5, -2.0, 0.5]), skip=False)],
        dtype="float", pure=True,
        nudges=("The chain rule gives one factor per layer, and the factors multiply. What is one "
                "layer's factor without a skip, and what does the identity path add to a block's?",
                "Multiply one factor per layer (a loop, or np.prod). Without skips a layer's factor is "
                "its slope alone; differentiate y = x + F(x) once to get a block's."),
        mistakes=[
            Mistake(lambda slopes, skip: np.sum(1 + slopes) if skip else np.sum(slopes),
                    "the chain rule multiplies the factors of the layers; it does not add them.",
                    "A gradient passed through two layers is scaled by the first factor and then by "
                    "the second: a product (np.prod or a loop)."),
            Mistake(lambda slopes, skip: np.mean(1 + slopes) if skip else np.mean(slopes),
                    "an average slope is not what reaches the first layer: the factors multiply.",
                    "Ten layers of slope 0.5 shrink a gradient to about 0.001, not to 0.5: multiply "
                    "the factors."),
            Mistake(lambda slopes, skip: np.prod(1 + slopes),
                    "a plain layer has no identity path: its factor is the slope alone.",
                    "Only with skip=True does each block have an identity path; without skips the "
                    "factors are the slopes alone."),
            Mistake(lambda slopes, skip: np.prod(slopes),
                    "with skip=True each block is y = x + F(x): its factor is 1 + dF/dx.",
                    "Differentiate y = x + F(x): the x contributes to every block's factor."),
            Mistake(lambda slopes, skip: np.prod(np.abs(1 + slopes if skip else slopes)),
                    "a factor keeps its sign: a negative slope flips the gradient's direction, and "
                    "two negative slopes flip it back.",
                    "Multiply the factors as they are, without taking their size first; the result "
                    "may be negative."),
            Mistake(lambda slopes, skip: 1 + np.prod(slopes) if skip else np.prod(slopes),
                    "every block has its own skip, so the 1 enters every factor, not just once.",
                    "Write one block's factor first, then multiply one such factor per block."),
        ]),
    Exercise(
        name="residual_input_gradient", lesson="13", kind="derive",
        concept="how the gradient flows back through a residual block, along the skip and through "
                "the branch",
        cases=[_block_case(0, 2, 3, 4), _block_case(6, 3, 2, 3), _block_case(2, 4, 3, 2),
               _block_case(1, 1, 4, 3, hidden=True)],
        dtype="float", pure=True,
        verify=finite_difference(_block_loss, "x", eps=1e-4),
        verify_note="central finite differences of the loss",
        nudges=("Go backwards through the forward pass: the block's ReLU first, then split the "
                "gradient between the two paths that leave x, and add what comes back along each.",
                "Draw the graph: x feeds the branch and, by the skip, the sum s = x + F(x), which "
                "the block's ReLU reads. Backwards, that ReLU comes first; from s the gradient "
                "reaches x along both paths, the branch's taken layer by layer as in lesson 04, "
                "and the chain rule adds what each path brings back."),
        mistakes=[
            Mistake(lambda x, W1, b1, W2, b2, dy: _grads(x, W1, b1, W2, b2, dy)[1],
                    "that is the gradient of a plain two-layer stack: the skip is a second path from "
                    "x to the output, and its gradient is missing.",
                    "x enters the sum twice, directly and through F: the chain rule adds the "
                    "gradients of both paths."),
            Mistake(lambda x, W1, b1, W2, b2, dy: _grads(x, W1, b1, W2, b2, dy)[0],
                    "only the skip's share: the branch also depends on x and sends its own gradient "
                    "back.",
                    "The identity path keeps the gradient alive, but it does not replace the branch's "
                    "term: add the gradient that comes back through W2, the hidden ReLU and W1."),
            Mistake(lambda x, W1, b1, W2, b2, dy: sum(_grads(x, W1, b1, W2, b2, dy, out_mask=False)),
                    "the block's own ReLU is missing from your backward pass: units where x + F(x) "
                    "is negative output 0 and pass no gradient.",
                    "Before splitting the gradient between the paths, multiply dy by the slope of the "
                    "block's ReLU at x + F(x) (1 where it is positive, else 0)."),
            Mistake(lambda x, W1, b1, W2, b2, dy: sum(_grads(x, W1, b1, W2, b2, dy, hid_mask=False)),
                    "inside the branch, the hidden ReLU blocks the gradient of units that were off; "
                    "your branch gradient passes through all of them.",
                    "After passing the gradient back through W2, multiply it by the hidden ReLU's "
                    "slope at x @ W1 + b1."),
            Mistake(lambda x, W1, b1, W2, b2, dy: sum(_grads(x, W1, b1, W2, b2, dy, skip_mask=False)),
                    "the skip goes around the branch, not around the block's ReLU: the identity path "
                    "also runs through that ReLU.",
                    "The skip joins before the block's ReLU, so mask dy with its slope first and send "
                    "the masked gradient along both paths."),
            Mistake(lambda x, W1, b1, W2, b2, dy: sum(_grads(x, W1, b1, W2, b2, dy, branch_mask=True)),
                    "the block's ReLU acts on x + F(x), not on F(x) alone: its slope depends on the "
                    "sum.",
                    "Take the ReLU's slope where x + F(x) > 0."),
        ]),
]
