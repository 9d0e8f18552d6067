"""Lesson 05 · gradient descent: one SGD step, in place."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _sgd_plus(params, grads, lr):
    for key in params:
        params[key] += lr * grads[key]


def _sgd_without_lr(params, grads, lr):
    for key in params:
        params[key] -= grads[key]


def _sgd_divides_by_lr(params, grads, lr):
    for key in params:
        params[key] -= grads[key] / lr


def _sgd_only_w(params, grads, lr):
    params["W"] -= lr * grads["W"]


def _sgd_new_arrays(params, grads, lr):
    # computes the step, but the arrays the model holds never change
    {key: params[key] - lr * grads[key] for key in params}


EXERCISES = [
    Exercise(
        name="sgd_step", lesson="05",
        concept="one step of gradient descent moves every parameter against its gradient, "
                "changing the arrays the model holds",
        cases=[case(params={"W": np.array([[1.0, -2.0], [0.5, 3.0], [-1.0, 0.0]]),
                            "b": np.array([0.5, -0.5])},
                    grads={"W": np.array([[0.2, -0.4], [1.0, 0.0], [0.0, 2.0]]),
                           "b": np.array([-1.0, 2.0])},
                    lr=0.1),
               case(params={"W": np.array([[2.0, 0.0, -1.0]]), "b": np.array([1.0, 0.0, 0.0])},
                    grads={"W": np.array([[1.0, -2.0, 0.5]]), "b": np.array([0.0, 4.0, -1.0])},
                    lr=0.5),
               case(params={"W1": np.array([[1.0, 2.0]]), "b1": np.array([0.0, 1.0]),
                            "W2": np.array([[3.0], [-1.0]]), "b2": np.array([2.0])},
                    grads={"W1": np.array([[10.0, -5.0]]), "b1": np.array([1.0, 0.0]),
                           "W2": np.array([[0.0], [20.0]]), "b2": np.array([-3.0])},
                    lr=0.01),
               case(hidden=True,
                    params={"W": np.array([[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]), "b": np.array([1.0, 1.0, 1.0]),
                            "gamma": np.array([1.0, 2.0])},
                    grads={"W": np.array([[1.0, 0.0, -1.0], [2.0, 0.5, 0.0]]), "b": np.array([3.0, -3.0, 0.0]),
                           "gamma": np.array([0.5, -0.5])},
                    lr=0.2)],
        in_place=True,
        nudges=("For every key of params: move the array against its gradient by lr times the "
                "gradient, changing the array itself.",
                "for key in params: params[key] -= lr * grads[key]   (-= changes the array in "
                "place)."),
        mistakes=[
            Mistake(_sgd_plus, "that step climbs the loss: go against the gradient.",
                    "Subtract: params[key] -= lr * grads[key]."),
            Mistake(_sgd_without_lr, "the step is too big: scale the gradient by the learning "
                                     "rate.",
                    "params[key] -= lr * grads[key]."),
            Mistake(_sgd_divides_by_lr, "multiply the gradient by the learning rate, don't "
                                        "divide by it.",
                    "params[key] -= lr * grads[key]."),
            Mistake(_sgd_only_w, "update every parameter in params, b as well as W.",
                    "Loop over the keys: for key in params: params[key] -= lr * grads[key]."),
            Mistake(_sgd_new_arrays,
                    "the arrays the model holds did not change. Making new arrays (returning them, "
                    "or storing them with params[key] = ...) leaves the model's arrays as they "
                    "were.",
                    "Change each array in place: params[key] -= lr * grads[key] (or "
                    "params[key][...] = new values)."),
        ]),
]
