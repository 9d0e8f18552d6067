"""Lesson 00 · welcome: a NumPy warm-up on batches of examples, one row per example."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

EXERCISES = [
    Exercise(
        name="row_means", lesson="00",
        concept="a batch is a 2-D array with one row per example; a reduction along axis=1 "
                "gives one number per example",
        cases=[case(X=np.array([[1.0, 2.0, 3.0], [4.0, 6.0, 8.0]])),
               case(X=np.array([[1.0, 3.0], [2.0, 2.0], [0.0, 5.0], [-1.0, 1.0]])),
               case(X=np.array([[1, 2], [3, 6], [0, 5]])),
               case(X=np.array([[2.0, 4.0, 6.0, 12.0]])),
               case(hidden=True, X=np.array([[0.5, -0.5, 3.0, 1.0, 0.0], [10.0, 0.0, 0.0, 0.0, 0.0]]))],
        dtype="float",
        nudges=("Each row is one example: average the numbers of each row, and return one mean per "
                "row.",
                "X.mean(axis=1) averages along axis 1 (across the columns) and has shape (N,)."),
        mistakes=[
            Mistake(lambda X: X.mean(axis=0),
                    "that is one mean per column (per feature); the exercise asks for one per row "
                    "(per example).",
                    "Axis 0 runs down the rows, axis 1 across the columns: average along axis=1."),
            Mistake(lambda X: X.mean(),
                    "that is one number for the whole batch; every row needs its own mean.",
                    "Tell the mean which axis to average along: axis=1, across each row."),
            Mistake(lambda X: X.sum(axis=1),
                    "those are the row sums; a mean also divides by how many numbers were added.",
                    "X.mean(axis=1), or X.sum(axis=1) divided by the number of columns, X.shape[1]."),
            Mistake(lambda X: X.sum(axis=1) / len(X),
                    "you divided by the number of rows (examples); a row's mean divides by the "
                    "number of columns in it.",
                    "len(X) is X.shape[0], the number of rows: divide by X.shape[1] instead."),
            Mistake(lambda X: X.mean(axis=1, keepdims=True),
                    "the means are right, but the shape is (N, 1): the result should be a flat "
                    "array of shape (N,).",
                    "Leave out keepdims=True (or flatten the result with .ravel())."),
            Mistake(lambda X: X.sum(axis=1) // X.shape[1],
                    "// divides and rounds down to a whole number, so 1.5 becomes 1.",
                    "Use / (true division), or X.mean(axis=1)."),
        ]),
    Exercise(
        name="matmul_shape", lesson="00", kind="value",
        concept="(a, b) @ (b, c) has shape (a, c): the shared size b disappears",
        exact=True,
        nudges=("In A @ B the inner sizes must match and disappear; the result keeps the outer ones.",
                "(a, b) @ (b, c) has a rows (from the left array) and c columns (from the right "
                "one)."),
        mistakes=[
            Mistake((784, 128), "that is the shape of the right-hand array; the result has as "
                                "many rows as the left one.",
                    "(a, b) @ (b, c) -> (a, c): rows from the left array, columns from the right."),
            Mistake((32, 784), "that is the shape of the left-hand array; the product keeps its "
                               "rows but not its columns.",
                    "The 784 is shared by both arrays, and a shared size disappears in @."),
            Mistake((128, 32), "right numbers, wrong order: the rows come from the left array.",
                    "(a, b) @ (b, c) -> (a, c), with a from the left array."),
            Mistake(4096, "4096 = 32 × 128 is how many numbers the result holds; a shape is a "
                          "pair, (rows, columns).",
                    "Write the shape as a tuple: (rows, columns)."),
            Mistake((32, 784, 128), "@ does not keep the shared size: 784 is summed over.",
                    "Each entry of the result is a sum of 784 products, so 784 disappears."),
        ]),
]
