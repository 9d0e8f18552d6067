"""Lesson 02 · data flow: images to rows, min-max scaling of a table's columns, and a scaling of
training and test rows with one planted bug (find it)."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _min_max_whole_numbers(X):
    return (X - X.min(axis=0)) // (X.max(axis=0) - X.min(axis=0))


def _min_max_in_place(X):
    X -= X.min(axis=0)
    X /= X.max(axis=0)
    return X


def _buggy_scale_splits(X_train, X_test):
    """The planted bug, as the lesson shows it: the scaling is fitted on both tables."""
    both = np.concatenate([X_train, X_test])
    low, high = both.min(axis=0), both.max(axis=0)
    return (X_train - low) / (high - low), (X_test - low) / (high - low)


def _each_own_range(X_train, X_test):
    def scale(X):
        return (X - X.min(axis=0)) / (X.max(axis=0) - X.min(axis=0))
    return scale(X_train), scale(X_test)


def _fitted_on_train(X_train):
    low, high = X_train.min(axis=0), X_train.max(axis=0)
    return lambda X: (X - low) / (high - low)


def _test_clipped(X_train, X_test):
    scale = _fitted_on_train(X_train)
    return scale(X_train), np.clip(scale(X_test), 0, 1)


def _one_range_for_the_table(X_train, X_test):
    low, high = X_train.min(), X_train.max()
    return (X_train - low) / (high - low), (X_test - low) / (high - low)


def _test_left_raw(X_train, X_test):
    return _fitted_on_train(X_train)(X_train), X_test.astype(float)


def _scaled_in_place(X_train, X_test):
    low, high = X_train.min(axis=0), X_train.max(axis=0)
    for X in (X_train, X_test):
        X -= low
        X /= high - low
    return X_train, X_test


def _each_row(X_train, X_test):
    def scale(X):
        return (X - X.min(axis=1, keepdims=True)) / np.ptp(X, axis=1, keepdims=True)
    return scale(X_train), scale(X_test)


EXERCISES = [
    Exercise(
        name="flatten_images", lesson="02",
        concept="flattening keeps one row per image and every pixel, in reading order",
        cases=[case(images=np.arange(12.0).reshape(2, 2, 3)),
               case(images=np.array([[[5.0, 0.0, 1.0, 7.0], [2.0, 9.0, 4.0, 3.0]]])),
               case(images=np.array([[[0, 255], [128, 64], [32, 16]],
                                     [[1, 2], [3, 4], [5, 6]],
                                     [[9, 8], [7, 6], [5, 4]]], dtype=np.uint8)),
               case(hidden=True, images=np.arange(30.0).reshape(5, 3, 2) % 7)],
        exact=True,
        nudges=("The result has one row per image (N rows), each holding all H × W pixels of that "
                "image, read row by row.",
                "A reshape keeps NumPy's row-by-row reading order; take the sizes it needs from "
                "images.shape rather than typing them."),
        mistakes=[
            Mistake(lambda images: images.reshape(-1),
                    "that is one long row for the whole batch; keep one row per image.",
                    "Keep the first axis, the batch: one row per image."),
            Mistake(lambda images: images.reshape(images.shape[1] * images.shape[2], len(images)),
                    "the shape is turned round: N rows (images) of H × W pixels, not H × W rows "
                    "of N.",
                    "The batch axis comes first: N rows, each of all the pixels of one image."),
            Mistake(lambda images: images.transpose(0, 2, 1).reshape(len(images), -1),
                    "the pixels are read column by column; a flattened image is read row by row, "
                    "as NumPy stores it.",
                    "A plain reshape keeps NumPy's row-by-row order: no transpose needed."),
            Mistake(lambda images: images[:, 0],
                    "that is only the first row of pixels of each image; the row should hold all "
                    "of them.",
                    "Reshape instead of indexing: every pixel of an image belongs in its row."),
            Mistake(lambda images: images.reshape(len(images), -1) / 255,
                    "the rows have the right shape, but you also divided by 255: flattening only "
                    "moves the pixels, it never changes their values.",
                    "Scaling is a stage of its own in the pipeline (Normalize); this function does "
                    "the Flatten stage alone."),
            Mistake(lambda images: images.reshape(len(images), 784),
                    "these images are not 28 × 28: take H and W from images.shape instead of "
                    "writing 784.",
                    "Take the sizes from images.shape; a reshape can also work out one size by itself."),
        ]),
    Exercise(
        name="min_max_scale", lesson="02",
        concept="scaling each feature (column) by its own range, so that no column's units "
                "dominate",
        cases=[case(X=np.array([[150.0, 50.0], [200.0, 100.0], [175.0, 60.0]])),
               case(X=np.array([[0.0, 10.0, -1.0], [5.0, 20.0, 1.0], [10.0, 40.0, 0.0],
                                [2.5, 30.0, 3.0]])),
               case(X=np.array([[0, 51], [255, 102], [102, 255]], dtype=np.uint8)),
               case(hidden=True, X=np.array([[-4.0, 1.0, 100.0, 3.0], [4.0, 2.0, 300.0, 1.0]]))],
        dtype="float", pure=True,
        nudges=("Scale each column on its own: subtract the column's minimum, then divide by the "
                "column's range (max - min).",
                "Each column needs its own smallest and largest value: reduce along the axis that "
                "runs down the rows."),
        mistakes=[
            Mistake(lambda X: (X - X.min()) / (X.max() - X.min()),
                    "that uses one minimum and one maximum for the whole table; each column "
                    "(feature) gets its own.",
                    "Reduce along the axis that runs down the rows: one minimum and one maximum per "
                    "column."),
            Mistake(lambda X: (X - X.min(axis=1, keepdims=True))
                    / (X.max(axis=1, keepdims=True) - X.min(axis=1, keepdims=True)),
                    "you scaled each row (person); min-max scaling works on each column "
                    "(feature).",
                    "axis=0 runs down the rows, giving each column's minimum and maximum."),
            Mistake(lambda X: X / X.max(axis=0),
                    "dividing by the maximum alone maps a column's smallest value to something "
                    "above 0 unless it is 0.",
                    "Subtract the column minimum first; then ask what the largest value has become."),
            Mistake(lambda X: (X - X.min(axis=0)) / X.max(axis=0),
                    "after subtracting the minimum, the largest value is max - min, so that is "
                    "what to divide by.",
                    "After subtracting the minimum, what is the largest value of a column? That is what "
                    "maps to 1."),
            Mistake(_min_max_whole_numbers,
                    "// rounds down to whole numbers; scaled values lie between 0 and 1.",
                    "Use true division, /, which gives floating-point numbers."),
            Mistake(_min_max_in_place,
                    "you scaled the caller's table in place: whoever passed X (the training rows of "
                    "a pipeline) now holds scaled numbers without asking for them.",
                    "Compute the result into a new array and leave X as it was: X - low makes a "
                    "new array, X -= low does not."),
        ]),
    Exercise(
        name="scale_splits", lesson="02", kind="fix",
        concept="which rows may decide a scaling, and which only receive it",
        cases=[case(X_train=np.array([[150.0, 50.0], [200.0, 100.0], [175.0, 60.0]]),
                    X_test=np.array([[210.0, 40.0], [160.0, 80.0]])),
               case(X_train=np.array([[0.0, 10.0, -1.0], [5.0, 20.0, 1.0], [10.0, 40.0, 0.0],
                                      [2.5, 30.0, 3.0]]),
                    X_test=np.array([[4.0, 25.0, 2.0]])),
               case(X_train=np.array([[1.0, 200.0], [3.0, 400.0], [2.0, 100.0], [5.0, 300.0],
                                      [4.0, 250.0]]),
                    X_test=np.array([[0.0, 500.0], [6.0, 150.0], [2.5, 50.0]])),
               case(hidden=True, X_train=np.array([[-4.0, 1.0, 100.0], [4.0, 2.0, 300.0]]),
                    X_test=np.array([[-8.0, 1.5, 200.0], [0.0, 3.0, 400.0], [2.0, 0.0, 0.0]]))],
        outputs=("train_scaled", "test_scaled"), dtype="float", pure=True,
        bug=Mistake(_buggy_scale_splits,
                    "the scaling is fitted on the training and test rows together, so the test "
                    "people help decide how the training people are scaled: the test set leaks "
                    "into training.",
                    "Which rows may decide each column's smallest and largest value? The others "
                    "only receive the scaling those rows decided."),
        nudges=("Both tables go through one and the same scaling, and only the training rows "
                "decide it; compare your numbers with that.",
                "After the repair the training columns run exactly from 0 to 1, whatever the "
                "test rows hold; a test value may land outside 0-1."),
        mistakes=[
            Mistake(_each_own_range,
                    "each table got its own minimum and maximum, so the same height becomes a "
                    "different number in the test rows than in the training rows.",
                    "The network learned on the training rows' scale: the test rows must be put "
                    "on that same scale, not on one of their own."),
            Mistake(_test_clipped,
                    "you clipped the test values to 0-1; a test value outside the training range "
                    "is fine, and clipping makes different people look the same.",
                    "Leave test values where the training rows' scaling puts them, even below 0 "
                    "or above 1."),
            Mistake(_one_range_for_the_table,
                    "that uses one minimum and one maximum for the whole table; each column "
                    "(feature) has its own range.",
                    "Take the smallest and largest value of each column of the training rows."),
            Mistake(_test_left_raw,
                    "the test rows are left unscaled: the network would get numbers on a scale it "
                    "never saw in training.",
                    "Test rows are only checked, but they must go through the same scaling as the "
                    "training rows."),
            Mistake(_scaled_in_place,
                    "you scaled the caller's tables in place: the raw training and test rows are "
                    "gone for whoever passed them in.",
                    "Build the scaled tables as new arrays (X - low makes one, X -= low does not) "
                    "and leave the inputs as they were."),
            Mistake(_each_row,
                    "you scaled each row (person); min-max scaling works on each column "
                    "(feature).",
                    "The smallest and largest value of a column are taken down the rows of the "
                    "training table."),
        ]),
]
