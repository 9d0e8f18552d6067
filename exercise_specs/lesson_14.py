"""Lesson 14 · convolutional networks: a convolution by hand, max pooling, and a multi-channel
convolutional layer with a planted bug to find (a bias added once per input channel)."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _correlate(image, kernel):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
    return out


def _same_size(image, kernel):
    out = np.zeros(image.shape)
    valid = _correlate(image, kernel)
    out[:valid.shape[0], :valid.shape[1]] = valid
    return out


def _one_short(image, kernel):
    return _correlate(image, kernel)[:-1, :-1]


def _pool(image, size, reduce=np.max, stride=None, ceil=False):
    stride = stride or size
    h, w = image.shape
    if ceil:
        rows, cols = range(0, h, stride), range(0, w, stride)
    else:
        rows, cols = range(0, h - size + 1, stride), range(0, w - size + 1, stride)
    return np.array([[reduce(image[i:i + size, j:j + size]) for j in cols] for i in rows])


def _pool_from_zero(image, size):
    return np.maximum(_pool(image, size), 0.0)


def _layer(x, W, b, bias_per_channel=False, reduce="sum", own_channel=False, flip=False,
           short=False, with_bias=True):
    """Conv2D's output before its activation (valid, stride 1), with one mistake where asked."""
    kh, kw, c_in, c_out = W.shape
    if flip:
        W = W[::-1, ::-1]
    rows, cols = x.shape[0] - kh + 1 - short, x.shape[1] - kw + 1 - short
    out = np.zeros((rows, cols, c_out))
    for f in range(c_out):
        channels = [f % c_in] if own_channel else range(c_in)
        for i in range(rows):
            for j in range(cols):
                per = [np.sum(x[i:i + kh, j:j + kw, c] * W[:, :, c, f]) for c in channels]
                total = {"sum": np.sum, "mean": np.mean, "max": np.max}[reduce](per)
                out[i, j, f] = total + (b[f] * len(per) if bias_per_channel else
                                        b[f] if with_bias else 0.0)
    return out


_r = np.random.default_rng(14)
X3 = np.round(_r.uniform(-1, 1, (5, 4, 3)), 1)                    # 5 x 4 image, 3 channels
W3 = np.round(_r.normal(0, 1, (3, 2, 3, 2)), 1)                    # 3 x 2 filters, 3 in, 2 out
X2 = np.round(_r.uniform(0, 1, (4, 6, 2)), 1)
W2 = np.round(_r.normal(0, 1, (2, 3, 2, 3)), 1)
X1 = np.round(_r.uniform(0, 1, (4, 4, 1)), 1)
W1 = np.round(_r.normal(0, 1, (3, 3, 1, 2)), 1)


IMAGE = np.array([[0.0, 1.0, 2.0, 0.0], [1.0, 3.0, 0.0, -1.0], [0.0, 2.0, 1.0, 1.0],
                  [2.0, 0.0, -1.0, 3.0], [1.0, 1.0, 0.0, 2.0]])
SOBEL = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])

EXERCISES = [
    Exercise(
        name="conv2d", lesson="14",
        concept="what a convolutional layer computes at each position of a one-channel image",
        cases=[case(image=IMAGE[:4], kernel=np.array([[1.0, 2.0], [0.0, -1.0]])),
               case(image=IMAGE, kernel=SOBEL),
               case(image=IMAGE, kernel=np.array([[1.0, -1.0, 2.0], [0.0, 3.0, -2.0]])),
               case(hidden=True, image=IMAGE[:3].T, kernel=np.array([[2.0, -1.0]]))],
        dtype="float",
        nudges=("Output position (i, j) is the kernel laid on the patch whose top-left corner is "
                "(i, j): multiply element by element and add everything up.",
                "Loop over the output's rows and columns; at each, cut out the patch of the kernel's "
                "size that starts there, and reduce patch and kernel to one number."),
        mistakes=[
            Mistake(lambda image, kernel: _correlate(image, np.ones_like(kernel)),
                    "you sum each patch, but the kernel's weights never enter.",
                    "Multiply the patch by the kernel, element by element, before summing."),
            Mistake(lambda image, kernel: _correlate(image, kernel[::-1, ::-1]),
                    "the kernel is flipped: Conv2D (like Keras and PyTorch) slides it as it is.",
                    "Use kernel itself, not kernel[::-1, ::-1]: np.sum(patch * kernel)."),
            Mistake(_same_size,
                    "'valid' means the output holds only the positions where the kernel fits: it "
                    "is smaller than the image.",
                    "Make the output (H - kh + 1, W - kw + 1), not image.shape."),
            Mistake(lambda image, kernel: _correlate(image, kernel).T,
                    "rows and columns are swapped: out[i, j] belongs to row i, column j of the image.",
                    "Slide i over the rows (image.shape[0]) and j over the columns (image.shape[1])."),
            Mistake(_one_short,
                    "the last row and column of positions are missing: the kernel also fits at the "
                    "very end.",
                    "There are H - kh + 1 positions down and W - kw + 1 across: range(H - kh + 1)."),
        ]),
    Exercise(
        name="max_pool2d", lesson="14",
        concept="what max pooling keeps from each window of a feature map, and what it drops at "
                "the edges",
        cases=[case(image=np.array([[1.0, 3.0, 0.0, -1.0, 2.0, 2.0], [4.0, 2.0, 1.0, 0.5, 0.0, 5.0],
                                    [0.0, -2.0, 3.0, 1.0, 1.0, 1.0], [1.0, 6.0, 2.0, 2.0, -1.0, 0.0]]),
                    size=2),
               case(image=np.arange(36.0).reshape(6, 6) % 7 - 3.0, size=3),
               case(image=IMAGE, size=2),
               case(image=-np.array([[1.0, 2.0, 5.0, 3.0], [4.0, 3.0, 1.0, 2.0]]), size=2),
               case(hidden=True, image=IMAGE[:3].T - 1.0, size=3)],
        dtype="float",
        nudges=("Cut the image into size x size windows side by side (they do not overlap) and keep "
                "the largest value of each.",
                "Window (i, j) starts at row i times size and column j times size; there are "
                "H // size windows down and W // size across."),
        mistakes=[
            Mistake(lambda image, size: _pool(image, size, np.mean),
                    "that is average pooling: max pooling keeps the largest value of each window.",
                    "Take .max() of each window, not .mean()."),
            Mistake(lambda image, size: _pool(image, size, np.min),
                    "you kept the smallest value of each window; max pooling keeps the largest.",
                    "Take .max() of each window."),
            Mistake(lambda image, size: _pool(image, size, stride=1),
                    "your windows overlap: they move by one pixel, but MaxPool2D moves them by their "
                    "own size.",
                    "Window (i, j) starts at row i * size and column j * size; the output is "
                    "(H // size, W // size)."),
            Mistake(lambda image, size: _pool(image, size).T,
                    "rows and columns are swapped: out[i, j] belongs to the window in row i, column j.",
                    "Let i run over H // size window rows and j over W // size window columns."),
            Mistake(lambda image, size: _pool(image, size, ceil=True),
                    "leftover rows or columns that do not fill a window are dropped (floor), as "
                    "MaxPool2D and Keras do.",
                    "The output is (H // size, W // size): no partial windows at the edge."),
            Mistake(_pool_from_zero,
                    "a window of negative values has a negative maximum; starting the max at 0 loses "
                    "it.",
                    "Start from the window's own values: image[rows, cols].max()."),
        ]),
    Exercise(
        name="conv_layer", lesson="14", kind="fix",
        concept="what one filter of a convolutional layer computes from an input with several "
                "channels",
        cases=[case(x=X3, W=W3, b=np.array([0.5, -1.0])),
               case(x=X2, W=W2, b=np.array([1.0, 0.0, -0.5])),
               case(x=X1, W=W1, b=np.array([0.3, -0.2])),
               case(hidden=True, x=X3[:4, :3, :2], W=W2[:, :2], b=np.array([-0.7, 0.4, 2.0]))],
        dtype="float", pure=True,
        bug=Mistake(lambda x, W, b: _layer(x, W, b, bias_per_channel=True),
                    "this is the planted bug: the answer is right on one channel and off on several, "
                    "by the same amount at every position of a filter. What does a filter add once?",
                    "A filter holds one bias, added once to its whole sum over all channels (the "
                    "lesson's count: 16 biases for 16 filters on 8 channels). Where in the loops is it "
                    "added now, and how often?"),
        nudges=("Compare your output with the expected one filter by filter: is the difference the "
                "same at every position? Then it is a question of the bias, not of the products.",
                "One output value is the sum over a kh x kw patch in every input channel at once, "
                "plus that filter's one bias; the output has H - kh + 1 rows, W - kw + 1 columns."),
        mistakes=[
            Mistake(lambda x, W, b: _layer(x, W, b, with_bias=False),
                    "the bias is gone altogether: Conv2D adds one bias per filter, once.",
                    "Keep the bias, but add it outside the loop over the input channels."),
            Mistake(lambda x, W, b: _layer(x, W, b, reduce="mean"),
                    "the channels' contributions are averaged: a filter sums its products over all "
                    "input channels, the way a Dense neuron sums over all its inputs.",
                    "Add up the per-channel sums (no division by the number of channels), then add "
                    "the bias once."),
            Mistake(lambda x, W, b: _layer(x, W, b, own_channel=True),
                    "each filter reads one input channel only: in Conv2D every filter spans all "
                    "input channels (W's third axis).",
                    "Loop over every input channel c for every filter f, with W[:, :, c, f]."),
            Mistake(lambda x, W, b: _layer(x, W, b, flip=True),
                    "the kernel is flipped: Conv2D slides its filters as they are (a "
                    "cross-correlation), as in the lesson's first section.",
                    "The planted mistake is elsewhere; use W as it is, not W[::-1, ::-1]."),
            Mistake(lambda x, W, b: _layer(x, W, b, short=True),
                    "one row and one column of positions are missing: the filter also fits at the "
                    "very last position.",
                    "The 'valid' output has H - kh + 1 rows and W - kw + 1 columns."),
            Mistake(lambda x, W, b: np.maximum(_layer(x, W, b), 0.0),
                    "negative values are cut to 0: the function returns what Conv2D computes before "
                    "its activation, as conv2d_out in the cell does.",
                    "The bug is not about the ReLU: leave the sums negative where they are, and look "
                    "at what is added once per filter."),
            Mistake(lambda x, W, b: _layer(x, W, b, reduce="max"),
                    "the channels are combined by their largest response: a filter adds up what it "
                    "finds in all of them.",
                    "Sum the per-channel products over the channels, then add the bias once."),
        ]),
]
