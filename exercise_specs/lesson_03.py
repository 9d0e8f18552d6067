"""Lesson 03 · activation functions: ReLU, a softmax that never overflows, whether training moves a
dead ReLU unit's weights (predict, run, explain), and the sigmoid's slope (derive, then verify)."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case, finite_difference


def _relu_in_place(z):
    z[z < 0] = 0
    return z


def _softmax_shifts_in_place(z):
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)

def _softmax_shift_by_largest_size(z):
    shifted = z - np.abs(z).max(axis=1, keepdims=True)     # <= 0, but can be far below 0
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


EXERCISES = [
    Exercise(
        name="relu", lesson="03",
        concept="an element-wise activation applied to a whole batch, leaving the layer's scores "
                "intact for the backward pass",
        cases=[case(z=np.array([[-2.0, -0.5, 0.5, 3.0]])),
               case(z=np.array([[1.5, -1.0], [0.25, -3.0], [0.0, 7.0]])),
               case(z=np.array([[-1000.0, 1000.0, -1e-3]])),
               case(hidden=True, z=np.array([[2.0, -2.0, 0.1], [-0.1, 4.0, -5.0]]))],
        dtype="float", pure=True,
        nudges=("Each entry on its own: a positive score passes unchanged, a negative one gives 0; "
                "the result has z's shape.",
                "NumPy compares an array with a number entry by entry: look for the function that "
                "keeps the larger of two values at every position (not the one that reduces "
                "along an axis)."),
        mistakes=[
            Mistake(lambda z: np.max(z, 0), "np.max reduces along an axis, so the shape shrinks.",
                    "Look for NumPy's element-by-element version: it compares each entry with 0 and "
                    "keeps the larger one, without reducing any axis."),
            Mistake(np.abs, "abs makes negatives positive; ReLU turns them into 0.",
                    "Keep z where it is positive, and 0 elsewhere."),
            Mistake(lambda z: np.minimum(z, 0), "you kept the negative part; ReLU keeps the positive.",
                    "np.maximum, not np.minimum."),
            Mistake(lambda z: (z > 0).astype(float), "that is ReLU's slope (0 or 1), not ReLU itself.",
                    "Return the values: z where z > 0, else 0."),
            Mistake(lambda z: np.where(z > 0, z, 0).astype(int), "the values are cut to whole numbers.",
                    "Keep z's floating-point values: drop the conversion to int."),
            Mistake(_relu_in_place,
                    "you zeroed the caller's scores: a layer keeps z for its backward pass, where "
                    "the slope is read from z's sign.",
                    "Build a new array (np.maximum makes one) and leave z as it was."),
        ]),
    Exercise(
        name="softmax", lesson="03",
        concept="turning each example's scores into probabilities without overflow",
        cases=[case(z=np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])),
               case(z=np.array([[0.5, -1.0, 2.0, 0.0]])),
               case(z=np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])),
               case(z=np.array([[-1000.0, -999.0, -1001.0]])),
               case(z=np.array([[0.0, 1.0], [745.0, 746.0], [-3.0, 3.0]])),
               case(hidden=True, z=np.array([[-800.0, -801.0, -799.0, -800.5], [3.0, 1.0, 0.2, -2.0]]))],
        dtype="float", pure=True,
        nudges=("Each row is one example: its probabilities are positive and sum to 1, and they "
                "depend only on the differences between the row's scores.",
                "Since only differences matter, you may shift each row by any number of your "
                "choice before exponentiating. Which shift keeps every exponent at most 0?"),
        mistakes=[
            Mistake(lambda z: np.exp(z) / np.exp(z).sum(axis=1, keepdims=True),
                    "exp(1000) overflows to inf.",
                    "Only differences within a row matter, so you may subtract one number from "
                    "each row before exp. Which number makes the row's largest exponent exactly 0?"),
            Mistake(lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=1, keepdims=True),
                    "one max for the whole batch is not enough when rows differ a lot.",
                    "Each row needs its own shift: reduce along the classes axis, and keep the "
                    "result as a column so that it lines up with its row."),
            Mistake(lambda z: np.exp(z - z.max(axis=1, keepdims=True))
                    / np.exp(z - z.max(axis=1, keepdims=True)).sum(),
                    "the probabilities of each row should sum to 1, not those of the whole batch.",
                    "Divide by the sum along axis=1 with keepdims=True."),
            Mistake(lambda z: np.exp(z - z.max(0)) / np.exp(z - z.max(0)).sum(axis=0),
                    "rows are examples, columns are classes.",
                    "Take the max and the sum along axis=1, not axis=0."),
            Mistake(lambda z: (z - z.min(axis=1, keepdims=True))
                    / (z - z.min(axis=1, keepdims=True)).sum(axis=1, keepdims=True),
                    "softmax exponentiates the scores before normalising.",
                    "Exponentiate the shifted scores, then divide each row by its own sum."),
            Mistake(_softmax_shift_by_largest_size,
                    "a row of large negative scores, such as -1000, -999 and -1001, comes out as "
                    "0 / 0: shifting by the largest size |z| pushes every exponent far below 0, so "
                    "every exp underflows to 0.",
                    "The shift should make the row's largest exponent exactly 0, so that at least one "
                    "term of the sum is 1. Which score of the row, not which size, should you subtract?"),
            Mistake(_softmax_shifts_in_place,
                    "you shifted the caller's scores in place: the logits the model computed are "
                    "now changed for everyone who uses them after you.",
                    "Shift a new array (z - ...) instead of z itself (z -= ...)."),
        ]),
    Exercise(
        name="dead_weights", lesson="03", kind="predict",
        concept="how an activation's slope decides whether any gradient reaches a unit's weights",
        options={"dead": "the dead units' weights", "live": "the live units' weights"},
        better="higher",
        reasons={"a": "the dead units: their sums are the furthest from useful, so the loss pushes "
                      "hardest on them",
                 "b": "the live units: a dead unit's slope is 0 on every input, so the gradient "
                      "for its weights is 0 on every example",
                 "c": "neither: the learning rate sets every weight's step alike, so both groups "
                      "move about as far",
                 "d": "the live units: a dead unit's weights have already shrunk to zero, so there "
                      "is nothing left to move"},
        reason="b",
        reason_hints={
            "a": ("Being far from useful does not make a gradient large: the gradient for a "
                  "unit's weights is multiplied by the unit's slope on each example.",
                  "What is ReLU's slope for a negative sum? The loss may be as bad as it likes; "
                  "times that slope, what reaches the dead unit's weights?"),
            "c": ("The learning rate scales a gradient; it does not create one where there is "
                  "none.",
                  "A step is the learning rate times the gradient (Adam's too is built from "
                  "gradients). If the gradient is 0 on every example, how big is the step?"),
            "d": ("Check the weights: a dead unit's weights are not zero. It is dead because its "
                  "weighted sum is negative on every input, which needs non-zero weights or bias.",
                  "Your run shows the dead units' weights barely changed, not that they are 0. "
                  "Why would training leave non-zero weights where they are?")},
        nudges=("Compare the two numbers your run printed: one group moved by less than a "
                "millionth. What does backpropagation multiply a unit's gradient by on each "
                "example, and what is ReLU's slope for a negative sum?",
                "A dead unit is negative on all 400 points, so on every example its slope is 0. "
                "Follow that 0 through the chain rule to the unit's incoming weights, and compare "
                "with a live unit, whose slope is 1 wherever its sum is positive.")),
]


# Exercise 03.4, derive then verify: the sigmoid's slope, checked against finite differences.
def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_total(z):                      # d(sum of sigmoids)/dz_i is the slope at z_i
    return float(_sigmoid(z).sum())


def _slope_of_score(z):                     # the output's formula applied to z instead of sigma(z)
    return z * (1 - z)


def _slope_tanh_form(z):                    # tanh's slope pattern, 1 - f(z)^2
    return 1 - _sigmoid(z) ** 2


def _slope_no_square(z):                    # the outer chain-rule step lost its square
    return np.exp(-z) / (1 + np.exp(-z))


def _slope_sign_flipped(z):                 # the minus of e^(-z)'s derivative lost
    return -np.exp(-z) / (1 + np.exp(-z)) ** 2


def _slope_is_output(z):                    # the activation itself, not its slope
    return _sigmoid(z)


def _slope_squared_output(z):               # sigma(z)^2: right only at z = 0
    return _sigmoid(z) ** 2


def _slope_in_place(z):                     # overwrites the caller's scores
    z[...] = _sigmoid(z)
    z *= 1 - z
    return z


EXERCISES.append(
    Exercise(
        name="sigmoid_slope", lesson="03", kind="derive",
        concept="the slope of a squashing activation, worked out with the chain rule and checked "
                "by nudging its input",
        cases=[case(z=np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])),
               case(z=np.array([[1.0, -1.0], [5.0, -5.0], [0.0, 3.0]])),
               case(z=np.array([[-8.0, 8.0, 0.1], [0.25, -3.0, 1.5]])),
               case(hidden=True, z=np.array([[4.0, -0.2], [-6.0, 0.7], [2.5, -1.5]]))],
        dtype="float", pure=True, rtol=1e-5,
        verify=finite_difference(_sigmoid_total, "z"),
        verify_note="central finite differences of the sigmoid",
        nudges=("Write the sigmoid as 1 / u with u = 1 + e^(-z): the chain rule gives its slope as "
                "(slope of 1 / u) times (slope of u with respect to z). Check your result at z = 0 "
                "against the lesson's printed 0.25.",
                "Each of the two factors has a sign: mind both. Then, to tidy up, try to write the "
                "result with sigma(z) itself; at z = 1 it must give the printed 0.1966."),
        mistakes=[
            Mistake(_slope_of_score,
                    "you applied the slope's pattern to the score z; in that pattern the letter "
                    "stands for the sigmoid's output, a number between 0 and 1, not for z.",
                    "Compute sigma(z) first and use it where your formula has z; at z = 0 the "
                    "output is 0.5 and the slope must come out as 0.25."),
            Mistake(_slope_tanh_form,
                    "that is the pattern of tanh's slope, one minus the output squared; the sigmoid's "
                    "output lies between 0 and 1, and its slope has another form (0.25 at z = 0, "
                    "not 0.75).",
                    "Derive it rather than recall it: differentiate 1 / (1 + e^(-z)) with the chain "
                    "rule, then compare with the printed 0.25 at 0."),
            Mistake(_slope_no_square,
                    "the slope of 1 / u is minus 1 / u squared: your denominator lost its square "
                    "(at z = 0 you give 0.5, the sigmoid's value, not the 0.25 printed).",
                    "Write out the two chain-rule factors separately, the slope of 1 / u and the "
                    "slope of u, before multiplying them."),
            Mistake(_slope_sign_flipped,
                    "every slope came out negative, but the sigmoid rises everywhere: one of the two "
                    "minus signs of the chain rule is missing.",
                    "The slope of 1 / u is negative, and so is the slope of e^(-z): two minus signs, "
                    "and their product is positive."),
            Mistake(_slope_is_output,
                    "that is the sigmoid itself, its value; the exercise asks for its slope, how "
                    "fast the value changes with z.",
                    "Differentiate 1 / (1 + e^(-z)) with respect to z: at z = 0 the value is 0.5, "
                    "the slope 0.25."),
            Mistake(_slope_squared_output,
                    "right at z = 0 only: sigma(z) squared grows towards 1 for large z, where the "
                    "sigmoid goes flat and its slope must go to 0.",
                    "The slope must be small at both ends, large z and very negative z. Which "
                    "product of sigma(z) with something else does that?"),
            Mistake(_slope_in_place,
                    "you overwrote the caller's scores: a layer keeps z for its backward pass.",
                    "Build a new array from z, and leave z as it was."),
        ]))
