"""Lesson 02 · data flow: images to rows, and min-max scaling of a table's columns."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _min_max_whole_numbers(X):
    return (X - X.min(axis=0)) // (X.max(axis=0) - X.min(axis=0))


EXERCISES = [
    Exercise(
        name="flatten_images", lesson="02",
        concept="flattening turns each (H, W) image into one row of H × W pixels, read row by row",
        cases=[case(images=np.arange(12.0).reshape(2, 2, 3)),
               case(images=np.array([[[5.0, 0.0, 1.0, 7.0], [2.0, 9.0, 4.0, 3.0]]])),
               case(images=np.array([[[0, 255], [128, 64], [32, 16]],
                                     [[1, 2], [3, 4], [5, 6]],
                                     [[9, 8], [7, 6], [5, 4]]], dtype=np.uint8)),
               case(hidden=True, images=np.arange(30.0).reshape(5, 3, 2) % 7)],
        exact=True,
        nudges=("The result has one row per image (N rows), each holding all H × W pixels of that "
                "image, read row by row.",
                "images.reshape(N, H * W), with N, H, W = images.shape."),
        mistakes=[
            Mistake(lambda images: images.reshape(-1),
                    "that is one long row for the whole batch; keep one row per image.",
                    "Keep the first axis: images.reshape(len(images), -1)."),
            Mistake(lambda images: images.reshape(images.shape[1] * images.shape[2], len(images)),
                    "the shape is turned round: N rows (images) of H × W pixels, not H × W rows "
                    "of N.",
                    "images.reshape(N, H * W): the batch axis comes first."),
            Mistake(lambda images: images.transpose(0, 2, 1).reshape(len(images), -1),
                    "the pixels are read column by column; a flattened image is read row by row, "
                    "as NumPy stores it.",
                    "A plain reshape keeps NumPy's row-by-row order: no transpose needed."),
            Mistake(lambda images: images[:, 0],
                    "that is only the first row of pixels of each image; the row should hold all "
                    "of them.",
                    "Reshape instead of indexing: images.reshape(len(images), -1)."),
            Mistake(lambda images: images.reshape(len(images), 784),
                    "these images are not 28 × 28: take H and W from images.shape instead of "
                    "writing 784.",
                    "N, H, W = images.shape, then images.reshape(N, H * W) (or reshape(N, -1))."),
        ]),
    Exercise(
        name="min_max_scale", lesson="02",
        concept="min-max scaling maps each column (feature) to 0-1 with that column's own "
                "minimum and maximum",
        cases=[case(X=np.array([[150.0, 50.0], [200.0, 100.0], [175.0, 60.0]])),
               case(X=np.array([[0.0, 10.0, -1.0], [5.0, 20.0, 1.0], [10.0, 40.0, 0.0],
                                [2.5, 30.0, 3.0]])),
               case(X=np.array([[0, 51], [255, 102], [102, 255]], dtype=np.uint8)),
               case(hidden=True, X=np.array([[-4.0, 1.0, 100.0, 3.0], [4.0, 2.0, 300.0, 1.0]]))],
        dtype="float",
        nudges=("Scale each column on its own: subtract the column's minimum, then divide by the "
                "column's range (max - min).",
                "Use X.min(axis=0) and X.max(axis=0): one minimum and one maximum per column."),
        mistakes=[
            Mistake(lambda X: (X - X.min()) / (X.max() - X.min()),
                    "that uses one minimum and one maximum for the whole table; each column "
                    "(feature) gets its own.",
                    "X.min(axis=0) and X.max(axis=0) give one value per column."),
            Mistake(lambda X: (X - X.min(axis=1, keepdims=True))
                    / (X.max(axis=1, keepdims=True) - X.min(axis=1, keepdims=True)),
                    "you scaled each row (person); min-max scaling works on each column "
                    "(feature).",
                    "axis=0 runs down the rows, giving each column's minimum and maximum."),
            Mistake(lambda X: X / X.max(axis=0),
                    "dividing by the maximum alone maps a column's smallest value to something "
                    "above 0 unless it is 0.",
                    "Subtract the column minimum first, then divide by max - min."),
            Mistake(lambda X: (X - X.min(axis=0)) / X.max(axis=0),
                    "after subtracting the minimum, the largest value is max - min, so that is "
                    "what to divide by.",
                    "(X - min) / (max - min), with min and max per column."),
            Mistake(_min_max_whole_numbers,
                    "// rounds down to whole numbers; scaled values lie between 0 and 1.",
                    "Use true division, /, which gives floating-point numbers."),
        ]),
]
