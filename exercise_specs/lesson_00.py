"""Lesson 00 · welcome: a NumPy warm-up on batches of examples, one row per example, and a first
predict-run-explain experiment with the neuron of the explorer."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

EXERCISES = [
    Exercise(
        name="row_means", lesson="00",
        concept="a batch holds one example per row, and a reduction can give one number per "
                "example",
        cases=[case(X=np.array([[1.0, 2.0, 3.0], [4.0, 6.0, 8.0]])),
               case(X=np.array([[1.0, 3.0], [2.0, 2.0], [0.0, 5.0], [-1.0, 1.0]])),
               case(X=np.array([[1, 2], [3, 6], [0, 5]])),
               case(X=np.array([[2.0, 4.0, 6.0, 12.0]])),
               case(hidden=True, X=np.array([[0.5, -0.5, 3.0, 1.0, 0.0], [10.0, 0.0, 0.0, 0.0, 0.0]]))],
        dtype="float",
        nudges=("Each row is one example: average the numbers of each row, and return one mean per "
                "row.",
                "Averaging along an axis removes that axis from the shape: which of the two axes "
                "has to go to leave one number per row, shape (N,)?"),
        mistakes=[
            Mistake(lambda X: X.mean(axis=0),
                    "that is one mean per column (per feature); the exercise asks for one per row "
                    "(per example).",
                    "Axis 0 runs down the rows, axis 1 across the columns: which one runs along a single "
                    "example?"),
            Mistake(lambda X: X.mean(),
                    "that is one number for the whole batch; every row needs its own mean.",
                    "Tell the mean which axis to average along: the one that runs across each row."),
            Mistake(lambda X: X.sum(axis=1),
                    "those are the row sums; a mean also divides by how many numbers were added.",
                    "A mean divides a sum by how many numbers went into it: how many numbers does one "
                    "row hold?"),
            Mistake(lambda X: X.sum(axis=1) / len(X),
                    "you divided by the number of rows (examples); a row's mean divides by the "
                    "number of columns in it.",
                    "len(X) counts the rows; how many numbers does each row hold, and where in X.shape "
                    "is that?"),
            Mistake(lambda X: X.mean(axis=1, keepdims=True),
                    "the means are right, but the shape is (N, 1): the result should be a flat "
                    "array of shape (N,).",
                    "Leave out keepdims=True (or flatten the result with .ravel())."),
            Mistake(lambda X: X.sum(axis=1) // X.shape[1],
                    "the means came out as whole numbers: // (or a cast to int) rounds 1.5 down "
                    "to 1.",
                    "A mean keeps its fraction: divide with /, and keep the floating-point result."),
        ]),
    Exercise(
        name="matmul_shape", lesson="00", kind="value",
        concept="reading the shape of a matrix product from the shapes of its two arrays",
        exact=True,
        nudges=("In A @ B the inner sizes must match and disappear; the result keeps the outer ones.",
                "Each entry of the result pairs one row of the left array with one column of the "
                "right one: how many rows and columns can be paired?"),
        mistakes=[
            Mistake((784, 128), "that is the shape of the right-hand array; the result has as "
                                "many rows as the left one.",
                    "Which array gives the result its rows, and which its columns?"),
            Mistake((32, 784), "that is the shape of the left-hand array; the product keeps its "
                               "rows but not its columns.",
                    "The 784 is shared by both arrays, and a shared size disappears in @."),
            Mistake((128, 32), "right numbers, wrong order: the rows come from the left array.",
                    "Which of the two arrays gives the result its rows?"),
            Mistake(4096, "4096 = 32 × 128 is how many numbers the result holds; a shape is a "
                          "pair, (rows, columns).",
                    "Write the shape as a tuple: (rows, columns)."),
            Mistake((32, 784, 128), "@ does not keep the shared size: 784 is summed over.",
                    "Each entry of the result is a sum of 784 products, so 784 disappears."),
        ]),
    Exercise(
        name="neuron_switch", lesson="00", kind="predict",
        concept="how a neuron's weights and bias decide where in the plane it switches on",
        options={"bias": "the bias raised from 0.2 to 1.0",
                 "weights": "both weights doubled, to 2.0 and -1.0"},
        better="higher",
        reasons={"a": "doubling both weights makes every weighted sum twice as large, so more "
                      "points of the square end up with a sum above 0",
                 "b": "the line sits where the sum is 0: a larger bias pushes it away from the "
                      "origin, larger weights pull it back towards it",
                 "c": "the bias is one number added once, so raising it by 0.8 moves the output "
                      "less than doubling two weights at once does",
                 "d": "the weights only turn the line about the origin and the bias alone shifts "
                      "it, so only the raised bias can change the share"},
        reason="b",
        reason_hints={
            "a": ("Doubling the weights doubles the negative sums too: a sum below 0 only gets "
                  "further below 0, so that alone switches no point on.",
                  "What does not double is the bias. Compare it with the now larger weighted sums: "
                  "near the dashed line, which side do the points end up on?"),
            "c": ("The share counts where the output is above 0, not how large it is; and the "
                  "bias shifts the sum of every point of the square at once.",
                  "Compare both measured shares with the figure's neuron: which change moved the "
                  "dashed line further, and towards which side?"),
            "d": ("Your own run shows the doubled weights changing the share too, although the "
                  "direction of the weight arrow stayed the same: so the line moved.",
                  "The line is where the weighted sum plus the bias is 0. With doubled weights, "
                  "how far along the weight arrow must you go from the origin to get there?")},
        nudges=("Look at the dashed line in the figure, where the output switches from 0 to "
                "above 0, and ask which way each change moves it.",
                "At the origin (0, 0) the sum is just the bias, 0.2, so the origin is on the "
                "bright side. Work out how far the dashed line lies from the origin before and "
                "after each change.")),
]
