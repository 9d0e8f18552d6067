"""Lesson 05 · gradient descent: one SGD step, in place; the updates of a training run; predict,
run, explain: small or large batches in a fixed budget of epochs."""
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
        concept="what one step of gradient descent does to the arrays a model holds",
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
        nudges=("For every key of params: move the array a step against its gradient, scaled "
                "by the learning rate, changing the array itself.",
                "Loop over the keys. An augmented assignment such as -= writes into the array the "
                "model holds; params[key] = ... only puts a new array in the dict."),
        mistakes=[
            Mistake(_sgd_plus, "that step climbs the loss: go against the gradient.",
                    "The gradient points to where the loss grows fastest; a step that lowers the "
                    "loss goes the other way."),
            Mistake(_sgd_without_lr, "the step is too big: scale the gradient by the learning "
                                     "rate.",
                    "lr sets the step's size: the step is the gradient scaled by it."),
            Mistake(_sgd_divides_by_lr, "multiply the gradient by the learning rate, don't "
                                        "divide by it.",
                    "A smaller learning rate must give a smaller step; dividing by it does the "
                    "opposite."),
            Mistake(_sgd_only_w, "update every parameter in params, b as well as W.",
                    "Loop over the keys of params rather than naming them: the third check has "
                    "W1, b1, W2 and b2."),
            Mistake(_sgd_new_arrays,
                    "the arrays the model holds did not change. Making new arrays (returning them, "
                    "or storing them with params[key] = ...) leaves the model's arrays as they "
                    "were.",
                    "Change each array in place: an augmented assignment such as -= (or writing "
                    "into params[key][...]) changes the array itself."),
        ]),
    Exercise(
        name="count_updates", lesson="05",
        concept="how epochs, batches and updates relate in a training run",
        cases=[case(n_examples=1000, batch_size=64, epochs=5),
               case(n_examples=54000, batch_size=64, epochs=1),
               case(n_examples=640, batch_size=64, epochs=3),
               case(n_examples=10, batch_size=32, epochs=4),
               case(hidden=True, n_examples=60000, batch_size=128, epochs=2),
               case(hidden=True, n_examples=7, batch_size=2, epochs=3),
               case(hidden=True, n_examples=400, batch_size=1, epochs=20)],
        dtype="int", exact=True, vary=("n_examples", "batch_size", "epochs"),
        nudges=("Count the batches of one epoch first (is the last, smaller batch a step too?), "
                "then the epochs.",
                "Count the batches of one epoch so that a last, smaller batch is a step too (the "
                "division rounds up, not down); every epoch starts afresh with its own batches."),
        mistakes=[
            Mistake(_updates_floor, "the last batch of an epoch can be smaller than batch_size, "
                                    "and fit still takes a step with it.",
                    "Round the batches per epoch up, not down, then count the epochs."),
            Mistake(_updates_float, "a step is a whole thing: count batches, not a fraction.",
                    "Batches per epoch are a whole number: round up, so that the last, smaller batch "
                    "counts."),
            Mistake(_updates_across_epochs, "an epoch does not run on into the next: each epoch "
                                            "starts with a new order and its own batches.",
                    "Count the batches of one epoch, rounded up, then multiply by epochs."),
            Mistake(_updates_one_epoch, "that is one epoch: the run has epochs of them.",
                    "Multiply the batches per epoch by epochs."),
            Mistake(_updates_per_example, "one step per batch, not per example.",
                    "Divide the examples into batches of batch_size (the last may be smaller)."),
            Mistake(_updates_rounded, "rounding to the nearest can drop the last, smaller batch.",
                    "Round up, so that any left-over examples make one more batch."),
        ]),
]

EXERCISES.append(
    Exercise(
        name="batch_race", lesson="05", kind="predict",
        concept="what a fixed budget of epochs buys at a small and at a large batch size",
        options={"small": "batches of 8", "large": "batches of 256"},
        better="lower",
        reasons={"a": "batch 256: its gradient averages 32 times more examples, so each step points "
                      "closer to the true direction and it gets further",
                 "b": "batch 8: its noisy gradients shake it out of local minima where batch 256 "
                      "gets stuck",
                 "c": "batch 8: it takes many more steps in the same 5 epochs, and at the same "
                      "rate the number of steps decides how far it gets",
                 "d": "batch 256: its gradient adds up 256 examples, so each of its steps is 32 "
                      "times larger"},
        reason="c",
        reason_hints={
            "a": ("A better direction per step does not help much if there are few steps: count "
                  "how many updates each run takes in 5 epochs.",
                  "The lesson found that per update 32 examples gave as good a step as all 400 "
                  "(both ended at 0.4632 after 260 updates). What does that say about 256 against "
                  "8, and how many updates does each get here?"),
            "b": ("One sigmoid neuron with cross-entropy has no local minima to get stuck in: its "
                  "loss is a single bowl.",
                  "The full batch and batches of 32 reached the same loss after the same number of "
                  "updates; noise was not what decided it. What differs between 8 and 256 in 5 "
                  "epochs?"),
            "d": ("The batch loss is a mean, not a sum (lesson 04's 1/N): a larger batch does not "
                  "make the step larger.",
                  "With the mean, a batch of 256 and a batch of 8 give steps of the same size on "
                  "average. So what else differs between them in a budget of 5 epochs?")},
        nudges=("Compare the two numbers your run printed, and count the updates: how many steps "
                "does each batch size take in 5 epochs of 400 rows?",
                "Exercise 05.2 counts them. The lesson measured that, at the same rate, runs with "
                "the same number of updates ended at the same loss; here the numbers of updates "
                "differ a lot.")))
