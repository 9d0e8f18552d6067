"""Lesson 05 · gradient descent: one SGD step, in place; the updates of a training run."""
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


def _updates_floor(n_examples, batch_size, epochs):
    return n_examples // batch_size * epochs          # drops the last, smaller batch


def _updates_float(n_examples, batch_size, epochs):
    return n_examples / batch_size * epochs           # a fraction of a step


def _updates_across_epochs(n_examples, batch_size, epochs):
    return -(-n_examples * epochs // batch_size)      # batches that run on into the next epoch


def _updates_one_epoch(n_examples, batch_size, epochs):
    return -(-n_examples // batch_size)               # forgets the epochs


def _updates_per_example(n_examples, batch_size, epochs):
    return n_examples * epochs                        # one step per example


def _updates_rounded(n_examples, batch_size, epochs):
    return round(n_examples / batch_size) * epochs    # rounds instead of counting


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
    Exercise(
        name="count_updates", lesson="05",
        concept="an epoch is one pass over the data in batches; the number of updates follows "
                "from how many batches that pass takes, the last one possibly smaller",
        cases=[case(n_examples=1000, batch_size=64, epochs=5),
               case(n_examples=54000, batch_size=64, epochs=1),
               case(n_examples=640, batch_size=64, epochs=3),
               case(n_examples=10, batch_size=32, epochs=4),
               case(hidden=True, n_examples=60000, batch_size=128, epochs=2),
               case(hidden=True, n_examples=7, batch_size=2, epochs=3),
               case(hidden=True, n_examples=400, batch_size=1, epochs=20)],
        dtype="int", exact=True,
        nudges=("Count the batches of one epoch first (is the last, smaller batch a step too?), "
                "then the epochs.",
                "One epoch takes ceil(n_examples / batch_size) steps, e.g. "
                "-(-n_examples // batch_size); every epoch starts afresh, so multiply by epochs."),
        mistakes=[
            Mistake(_updates_floor, "the last batch of an epoch can be smaller than batch_size, "
                                    "and fit still takes a step with it.",
                    "Round the batches per epoch up: -(-n_examples // batch_size), then times "
                    "epochs."),
            Mistake(_updates_float, "a step is a whole thing: count batches, not a fraction.",
                    "Batches per epoch: -(-n_examples // batch_size), a whole number."),
            Mistake(_updates_across_epochs, "an epoch does not run on into the next: each epoch "
                                            "starts with a new order and its own batches.",
                    "Count the batches of one epoch, rounded up, then multiply by epochs."),
            Mistake(_updates_one_epoch, "that is one epoch: the run has epochs of them.",
                    "Multiply the batches per epoch by epochs."),
            Mistake(_updates_per_example, "one step per batch, not per example.",
                    "Divide the examples into batches of batch_size (the last may be smaller)."),
            Mistake(_updates_rounded, "rounding to the nearest can drop the last, smaller batch.",
                    "Round up: -(-n_examples // batch_size)."),
        ]),
]
