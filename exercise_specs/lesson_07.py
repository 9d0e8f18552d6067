"""Lesson 07 · prediction trace: ReLU's slope, reading a prediction and its confidence, and a
score's gradient with respect to the input, derived on paper and verified by finite differences."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case, finite_difference


def _score(x, W1, b1, w2):
    return float(np.maximum(x @ W1 + b1, 0.0) @ w2)


def _live(x, W1, b1):
    return (x @ W1 + b1 > 0).astype(float)


def _sg_no_mask(x, W1, b1, w2):
    return W1 @ w2                                          # every neuron passes


def _sg_activation(x, W1, b1, w2):
    return W1 @ (np.maximum(x @ W1 + b1, 0.0) * w2)         # ReLU's output, not its slope


def _sg_stops_at_hidden(x, W1, b1, w2):
    return _live(x, W1, b1) * w2                            # ds/dh through ReLU: shape (H,)


def _sg_inked_only(x, W1, b1, w2):
    return (W1 @ (_live(x, W1, b1) * w2)) * (x != 0)        # a pixel at 0 "passes nothing"


def _sg_no_bias(x, W1, b1, w2):
    return W1 @ ((x @ W1 > 0) * w2)                         # the bias left out of the sum


def _sg_descent(x, W1, b1, w2):
    return -(W1 @ (_live(x, W1, b1) * w2))                  # the direction that lowers s


def _sg_times_x(x, W1, b1, w2):
    return x * (W1 @ (_live(x, W1, b1) * w2))               # the weights' gradient pattern

def _relu_slope_in_place(z):
    z[z > 0] = 1.0                          # overwrites the caller's weighted sums
    z[z <= 0] = 0.0
    return z


_P = np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.05, 0.9, 0.05]])   # N 4, K 3

EXERCISES = [
    Exercise(
        name="relu_derivative", lesson="07",
        concept="a neuron that ReLU silenced passes no gradient back; one that let its sum "
                "through passes the gradient on unchanged",
        cases=[case(z=np.array([[-2.0, -0.5, 0.5, 3.0]])),
               case(z=np.array([[1.5, -1.0], [0.0, -3.0], [-0.1, 7.0]])),
               case(z=np.array([[-1000.0, 1000.0, -1e-3, 1e-3]])),
               case(z=np.array([[0.0, 0.0, 2.0], [-0.0, 0.5, 0.0]])),
               case(hidden=True, z=np.array([[2.0, -2.0, 0.0], [-0.1, 4.0, -5.0]]))],
        dtype="float", pure=True,
        nudges=("Ask, entry by entry: if this weighted sum rose a little, how much would ReLU's "
                "output rise? Where the output follows the sum, and where it is stuck at 0.",
                "The answer is one of two numbers per entry, decided by the sign of z; the "
                "corner at exactly 0 goes with the side that passes nothing."),
        mistakes=[
            Mistake(lambda z: np.maximum(z, 0),
                    "that is ReLU's output, the forward value; the backward pass needs its slope: "
                    "how much the output rises per unit the sum rises.",
                    "A slope does not grow with the sum: where the output follows the sum it rises "
                    "one for one, whatever the sum's size."),
            Mistake(lambda z: (z < 0).astype(float),
                    "the slope is 1 on the positive side, not the negative one.",
                    "Compare with z > 0."),
            Mistake(lambda z: np.sign(z),
                    "for negative z ReLU is flat, so its slope is 0, not -1.",
                    "Keep the 1s where z > 0 and put 0 everywhere else."),
            Mistake(lambda z: np.clip(z, 0, 1),
                    "the slope is 1 for every positive z, however small; values between 0 and 1 "
                    "should not pass through.",
                    "Every entry of the slope is exactly 0 or exactly 1."),
            Mistake(lambda z: z > 0,
                    "the right pattern, but as True/False; the gradient is multiplied by these "
                    "numbers, so return 0.0 and 1.0.",
                    "Add .astype(float) to turn True/False into 1.0/0.0."),
            Mistake(lambda z: (z >= 0).astype(float),
                    "right everywhere except the corner: a weighted sum of exactly 0 gives a ReLU "
                    "output of 0, the same as a negative one, and the engine passes no gradient "
                    "back through it.",
                    "Only a strictly positive sum lets the gradient through; compare with > "
                    "rather than >=."),
            Mistake(lambda z: np.where(z == 0, 0.5, (z > 0).astype(float)),
                    "0.5 at the corner is one possible choice, but the prompt fixes the engine's: "
                    "a sum of exactly 0 passes nothing back.",
                    "Use 0 at exactly 0, like every negative sum."),
            Mistake(_relu_slope_in_place,
                    "the slopes are right, but you wrote them into the caller's z: the layer "
                    "still holds those weighted sums for its backward pass, and now they are 0s "
                    "and 1s.",
                    "Build a new array (a comparison or np.where makes one); do not assign into "
                    "z itself."),
        ]),
    Exercise(
        name="predict_with_confidence", lesson="07",
        concept="a prediction is the most probable class of each row; its probability is the "
                "network's confidence",
        cases=[case(p=_P),
               case(p=np.array([[0.1, 0.1, 0.5, 0.2, 0.1], [0.3, 0.05, 0.05, 0.2, 0.4]])),
               case(p=np.array([[0.8, 0.2], [0.35, 0.65], [0.45, 0.55]])),
               case(hidden=True, p=np.array([[0.2, 0.3, 0.1, 0.4], [0.97, 0.01, 0.01, 0.01],
                                             [0.25, 0.25, 0.45, 0.05]]))],
        outputs=("classes", "confidence"),
        exact=True,
        nudges=("For each row: the class is the position of the largest probability, the "
                "confidence is that probability.",
                "One function gives the position of each row's largest value, another the value "
                "itself; both need the axis that runs along a row."),
        mistakes=[
            Mistake(lambda p: (p.argmax(axis=0), p.max(axis=0)),
                    "rows are examples and columns are classes: look along each row.",
                    "Reduce along each row (the class axis), not down the columns."),
            Mistake(lambda p: (p.max(axis=1), p.max(axis=1)),
                    "the classes should be class numbers (positions), not probabilities.",
                    "argmax gives the position of the largest value; max gives the value."),
            Mistake(lambda p: (p.argmax(axis=1), p.max()),
                    "that is one confidence for the whole batch; each example has its own.",
                    "Reduce along each row: one confidence per example."),
            Mistake(lambda p: (p.argmax(), p.max()),
                    "that is one answer for the whole batch; every row (example) gets its own "
                    "class.",
                    "Give argmax and max an axis: axis=1, along each row."),
            Mistake(lambda p: (p.argmax(axis=1), p.argmax(axis=1)),
                    "the confidence is the largest probability, not its position.",
                    "Read the probability at each row's predicted class."),
        ]),
    Exercise(
        name="score_gradient", lesson="07", kind="derive",
        concept="the chain rule through a ReLU layer back to the input, where silenced neurons "
                "pass nothing on",
        cases=[case(x=np.array([1.0, 0.0, 0.5]),
                    W1=np.array([[0.5, -1.0, 0.2, 1.0], [2.0, 0.3, -0.5, 0.1],
                                 [-1.0, 0.4, 1.0, -2.0]]),
                    b1=np.array([0.1, 0.2, -0.3, 0.5]), w2=np.array([1.0, -2.0, 0.5, 3.0])),
               case(x=np.array([0.2, 0.9]), W1=np.array([[1.0, -1.0, 0.5], [0.5, 0.5, -1.0]]),
                    b1=np.array([-0.2, 0.1, 0.4]), w2=np.array([2.0, 1.0, -1.0])),
               case(x=np.array([0.0, 0.3, 1.0, 0.0, 0.6]),
                    W1=np.array([[0.2, -0.4], [1.0, 0.5], [-0.3, 0.8], [0.7, 0.7], [0.5, -1.0]]),
                    b1=np.array([0.3, -0.2]), w2=np.array([-1.5, 2.0])),
               case(hidden=True, x=np.array([0.4, 0.0, 0.8]),
                    W1=np.array([[1.0, -0.5, 0.3], [0.2, 0.2, 0.2], [-0.6, 0.9, 0.5]]),
                    b1=np.array([0.05, 0.1, -0.9]), w2=np.array([0.7, -1.2, 2.5]))],
        dtype="float", pure=True,
        verify=finite_difference(_score, "x"),
        verify_note="central finite differences of the score",
        nudges=("Go one step at a time: how does s change with each hidden value, how does each "
                "hidden value change with its weighted sum, and how does each sum change with "
                "x[d]? Then add up over the paths from x[d] to s.",
                "x[d] reaches s through every hidden neuron, along its weight W1[d, j]; a path "
                "through a neuron ReLU silenced contributes nothing. The result has one number "
                "per input value, shape (D,)."),
        mistakes=[
            Mistake(_sg_no_mask,
                    "that lets every neuron pass the gradient, also the ones ReLU set to 0 for "
                    "this x: nudging x a little does not wake a silenced neuron, so its path adds "
                    "nothing.",
                    "Keep only the neurons whose weighted sum is positive for this x (07.1's "
                    "slope), then go back through W1."),
            Mistake(_sg_activation,
                    "you multiplied by ReLU's output h; the chain rule needs ReLU's slope, 1 for "
                    "a live neuron whatever its size.",
                    "Replace the hidden values by their slopes: 1 where the sum is positive, 0 "
                    "elsewhere."),
            Mistake(_sg_stops_at_hidden,
                    "that is how s changes with each hidden neuron's weighted sum, one number per "
                    "neuron (H); the question asks about each input value x[d], D numbers.",
                    "One more step back: each sum depends on x[d] through the weight W1[d, j]; "
                    "add those paths up for every d."),
            Mistake(_sg_inked_only,
                    "a pixel at 0 gets a weight gradient of 0 in training (this lesson's 71 "
                    "never-inked pixels), but the score still changes if that pixel changes: "
                    "ds/dx does not contain x itself.",
                    "Drop the factor that zeroes the entries where x is 0; the slope of a sum "
                    "with respect to x[d] is its weight."),
            Mistake(_sg_no_bias,
                    "which neurons are live depends on the whole weighted sum, bias included: "
                    "leaving b1 out silences the wrong neurons.",
                    "Decide live or silenced from x @ W1 + b1, as the forward pass does."),
            Mistake(_sg_descent,
                    "the sign is flipped: that is the direction that lowers the score, the one a "
                    "descent step would take.",
                    "The gradient points the way s rises; drop the minus sign."),
            Mistake(_sg_times_x,
                    "multiplying by x gives the pattern of the weights' gradient (each weight "
                    "sees its pixel's value); the input's own gradient has no x in it.",
                    "Leave out the factor x: the sum changes with x[d] by the weight W1[d, j]."),
        ]),
]
