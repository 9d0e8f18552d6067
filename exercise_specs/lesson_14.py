"""Lesson 14 · convolutional networks: a convolution by hand, and max pooling."""
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


IMAGE = np.array([[0.0, 1.0, 2.0, 0.0], [1.0, 3.0, 0.0, -1.0], [0.0, 2.0, 1.0, 1.0],
                  [2.0, 0.0, -1.0, 3.0], [1.0, 1.0, 0.0, 2.0]])
SOBEL = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])

EXERCISES = [
    Exercise(
        name="conv2d", lesson="14",
        concept="a 'valid' convolution slides the kernel over every position where it fits and sums "
                "the products",
        cases=[case(image=IMAGE[:4], kernel=np.array([[1.0, 2.0], [0.0, -1.0]])),
               case(image=IMAGE, kernel=SOBEL),
               case(image=IMAGE, kernel=np.array([[1.0, -1.0, 2.0], [0.0, 3.0, -2.0]])),
               case(hidden=True, image=IMAGE[:3].T, kernel=np.array([[2.0, -1.0]]))],
        dtype="float",
        nudges=("Output position (i, j) is the kernel laid on the patch whose top-left corner is "
                "(i, j): multiply element by element and add everything up.",
                "out has shape (H - kh + 1, W - kw + 1); out[i, j] = np.sum(image[i:i + kh, j:j + kw] "
                "* kernel)."),
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
        concept="max pooling keeps the largest value of each non-overlapping window",
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
                "out has shape (H // size, W // size); out[i, j] = image[i*size:(i+1)*size, "
                "j*size:(j+1)*size].max()."),
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
]
