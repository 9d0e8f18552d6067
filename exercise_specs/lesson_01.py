"""Lesson 01 · neurons and layers: one ReLU neuron on a batch, and a layer's parameter count."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

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
                "x @ w gives one weighted sum per row; add b, then np.maximum(..., 0)."),
        mistakes=[
            Mistake(lambda x, w, b: np.maximum(x @ w, 0),
                    "the bias is missing.",
                    "Add b to the weighted sum before ReLU: np.maximum(x @ w + b, 0)."),
            Mistake(lambda x, w, b: x @ w + b,
                    "negative sums should come out as 0: the activation is missing.",
                    "Pass the weighted sum plus bias through ReLU: np.maximum(..., 0)."),
            Mistake(lambda x, w, b: np.maximum(x @ w, 0) + b,
                    "the bias is added after ReLU; it belongs inside, before the activation.",
                    "z = x @ w + b first, then relu(z)."),
            Mistake(lambda x, w, b: np.maximum(x * w + b, 0),
                    "you multiplied each input by its weight but did not add the products up: one "
                    "row should give one number.",
                    "x @ w multiplies and sums in one step, giving shape (batch,)."),
            Mistake(lambda x, w, b: np.maximum(w @ x + b, 0),
                    "the order of the product: x has shape (batch, inputs) and w has shape "
                    "(inputs,).",
                    "Put x first, x @ w, so that the inputs axis of x meets w."),
        ]),
    Exercise(
        name="layer_params", lesson="01", kind="value",
        concept="a Dense layer holds inputs × neurons weights plus one bias per neuron",
        exact=True,
        nudges=("Count the weights (one per input for every neuron) and the biases (one per neuron).",
                "A layer with n inputs and m neurons holds n × m weights and m biases."),
        mistakes=[
            Mistake(784 * 128, "those are the weights only; every neuron also has a bias.",
                    "Add one bias per neuron: 784 × 128 + 128."),
            Mistake(128, "that is one number per neuron; each neuron also has a weight for every "
                         "input.",
                    "Weights: 784 per neuron, for 128 neurons; then add 128 biases."),
            Mistake(784 * 128 + 784 + 128, "the inputs have no biases: only the neurons do.",
                    "784 × 128 weights + 128 biases."),
            Mistake(784 + 128, "that counts inputs and neurons, not the connections between "
                               "them: every input reaches every neuron.",
                    "784 × 128 weights (one per connection) + 128 biases."),
            Mistake(784 * 128 + 1, "each neuron has its own bias, not one for the whole layer.",
                    "784 × 128 weights + 128 biases."),
        ]),
]
