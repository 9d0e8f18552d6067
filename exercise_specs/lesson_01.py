"""Lesson 01 · neurons and layers: one ReLU neuron on a batch, a layer's parameter count, and a
layer computed one example at a time with one planted bug (find it)."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

def _buggy_layer_forward(X, W, b):
    """The planted bug, as the lesson shows it: neuron j gets the bias of example i."""
    batch, neurons = X.shape[0], W.shape[1]
    out = np.zeros((batch, neurons))
    for i in range(batch):
        for j in range(neurons):
            out[i, j] = max(X[i] @ W[:, j] + b[i], 0.0)
    return out


def _one_bias_for_all(X, W, b):
    return np.maximum(X @ W + b[0], 0)             # silences the symptom: one bias for the layer


def _bias_dropped(X, W, b):
    return np.maximum(X @ W, 0)                    # no index to get wrong, and no bias


def _bias_after_relu(X, W, b):
    return np.maximum(X @ W, 0) + b


def _weights_as_rows(X, W, b):
    return np.maximum(X @ W.T + b, 0)              # neuron j's weights read from row j of W


def _one_column_per_example(X, W, b):
    return np.maximum(X @ W + b, 0).T              # out[j, i]: (neurons, batch)


def _relu_dropped(X, W, b):
    return X @ W + b


EXERCISES = [
    Exercise(
        name="neuron_forward", lesson="01",
        concept="a neuron is a weighted sum plus a bias, passed through an activation (here ReLU)",
        cases=[case(x=np.array([[1.0, 0.5], [0.0, 2.0], [2.0, -1.0]]), w=np.array([0.8, -0.4]), b=0.1),
               case(x=np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]]), w=np.array([0.5, 1.0, -0.25]),
                    b=-0.5),
               case(x=np.array([[-2.0], [-0.5], [0.5], [3.0]]), w=np.array([2.0]), b=1.0),
               case(hidden=True, x=np.array([[1.0, -1.0, 2.0, 0.5], [0.0, 3.0, -1.0, 1.0]]),
                    w=np.array([1.0, 0.5, -2.0, 4.0]), b=0.25)],
        dtype="float",
        nudges=("For each example (row of x): multiply its inputs by the weights, add them up, add "
                "the bias, then apply ReLU.",
                "One matrix product gives the weighted sums of the whole batch at once, one per "
                "row; the bias and then ReLU apply to each of them."),
        mistakes=[
            Mistake(lambda x, w, b: np.maximum(x @ w, 0),
                    "the bias is missing.",
                    "The neuron adds its bias to the weighted sum, before the activation."),
            Mistake(lambda x, w, b: x @ w + b,
                    "negative sums should come out as 0: the activation is missing.",
                    "ReLU keeps a positive sum and turns a negative one into 0: apply it last."),
            Mistake(lambda x, w, b: np.maximum(x @ w, 0) + b,
                    "the bias is added after ReLU; it belongs inside, before the activation.",
                    "The activation acts on the whole sum, bias included."),
            Mistake(lambda x, w, b: np.maximum(x * w + b, 0),
                    "you multiplied each input by its weight but did not add the products up: one "
                    "row should give one number.",
                    "A matrix product multiplies and sums in one step: one number per row."),
            Mistake(lambda x, w, b: np.max(x @ w + b, 0),
                    "np.max(a, 0) is a reduction: the largest sum of the batch, one number. ReLU "
                    "compares each sum with 0 on its own.",
                    "np.max takes the largest value along an axis; the element-wise comparison of "
                    "every entry with 0 is a different NumPy function."),
            Mistake(lambda x, w, b: np.maximum(w @ x + b, 0),
                    "the order of the product: x has shape (batch, inputs) and w has shape "
                    "(inputs,).",
                    "The inputs axis of x has to meet w: which operand goes first?"),
        ]),
    Exercise(
        name="layer_params", lesson="01", kind="value",
        concept="counting what a Dense layer stores: its weights and its biases",
        exact=True,
        nudges=("Count the weights (one per input for every neuron) and the biases (one per neuron).",
                "Count for one neuron first: how many weights does it need for 784 inputs, and how "
                "many biases? Then count the neurons."),
        mistakes=[
            Mistake(784 * 128, "those are the weights only; every neuron also has a bias.",
                    "Every neuron also has one bias: how many neurons are there?"),
            Mistake(128, "that is one number per neuron; each neuron also has a weight for every "
                         "input.",
                    "Each of the 128 neurons has a weight for each of the 784 inputs, and a bias."),
            Mistake(784 * 128 + 784 + 128, "the inputs have no biases: only the neurons do.",
                    "Biases belong to neurons only: one per neuron, none per input."),
            Mistake(784 + 128, "that counts inputs and neurons, not the connections between "
                               "them: every input reaches every neuron.",
                    "Every input reaches every neuron, with a weight on each connection: count the "
                    "connections, then the biases."),
            Mistake(784 * 128 + 1, "each neuron has its own bias, not one for the whole layer.",
                    "Each of the 128 neurons has a bias of its own."),
        ]),
    Exercise(
        name="layer_forward", lesson="01", kind="fix",
        concept="which of a layer's numbers belong to a neuron and which to an example",
        cases=[case(X=np.array([[1.0, 2.0], [0.5, -1.0], [-2.0, 1.0]]),
                    W=np.array([[0.5, -1.0, 0.2], [0.3, 0.8, -0.6]]), b=np.array([0.1, 0.4, -0.2])),
               case(X=np.array([[1.0, 1.0], [2.0, -1.0]]),
                    W=np.array([[1.0, -1.0, 0.5, 0.0], [0.5, 2.0, -1.0, 1.0]]),
                    b=np.array([-0.5, 0.25, 1.0, -2.0])),
               case(X=np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0], [3.0, 1.0, 0.0], [-1.0, 2.0, 1.0],
                                [0.5, 0.5, 0.5]]),
                    W=np.array([[0.2, -0.5], [1.0, 0.3], [-0.4, 0.6]]), b=np.array([0.3, -0.1])),
               case(X=np.array([[1.0, -1.0, 0.5], [2.0, 0.0, 1.0], [0.0, 3.0, -1.0]]),
                    W=np.array([[0.5, 1.0, -1.0], [-0.5, 0.25, 2.0], [1.5, 0.0, 0.5]]),
                    b=np.array([0.2, -0.3, 0.1])),
               case(hidden=True, X=np.array([[2.0, 1.0], [1.0, 3.0], [-1.0, 0.5], [0.0, 2.0]]),
                    W=np.array([[1.0, -0.5, 0.25], [-1.0, 0.5, 2.0]]), b=np.array([1.0, -1.0, 0.5]))],
        dtype="float",
        bug=Mistake(_buggy_layer_forward,
                    "each bias belongs to a neuron, but here example i gets bias i: the same example "
                    "is treated differently depending on where it sits in the batch, and a batch "
                    "larger than the layer runs out of biases.",
                    "b has one entry per neuron, like the columns of W. Which loop variable counts "
                    "the neurons?"),
        nudges=("For each example and each neuron: that neuron's weights (one column of W) against "
                "the example's inputs, plus that neuron's bias, then ReLU. The result has one row "
                "per example and one column per neuron.",
                "Check each index: which arrays have an axis that counts examples, and which have "
                "one that counts neurons?"),
        mistakes=[
            Mistake(_one_bias_for_all,
                    "one bias for the whole layer hides the symptom (equal examples now give equal "
                    "rows), but every neuron has a bias of its own.",
                    "b has as many entries as W has columns: neuron j adds entry j."),
            Mistake(_bias_dropped,
                    "the bias is gone: the out-of-range index disappears with it, but each neuron "
                    "still adds its own bias before ReLU.",
                    "Keep the bias, with the index that counts the neurons."),
            Mistake(_bias_after_relu,
                    "the bias is added after ReLU; it belongs to the weighted sum, before the "
                    "activation decides whether the neuron is on.",
                    "A silent neuron outputs exactly 0: add each neuron's bias before ReLU."),
            Mistake(_weights_as_rows,
                    "you read each neuron's weights from a row of W; in this lesson's layers W has "
                    "shape (inputs, neurons), one column per neuron.",
                    "Neuron j's weights are W[:, j], a column; rows of W belong to inputs."),
            Mistake(_one_column_per_example,
                    "your result has one row per neuron and one column per example; a layer's "
                    "output has one row per example, shape (batch, neurons).",
                    "Keep out[i, j] with i the example and j the neuron, as in the buggy version."),
            Mistake(_relu_dropped,
                    "negative sums should come out as 0: the ReLU got lost in the repair.",
                    "Apply ReLU to each neuron's sum after adding its bias."),
        ]),
]
