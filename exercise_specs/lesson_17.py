"""Lesson 17 · playground: counting a network's parameters, and the interval over seeds."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _pairs(sizes):
    return list(zip(sizes[:-1], sizes[1:]))


def _interval(values, t, ddof=1, root=True, times_t=True, variance=False):
    values = np.asarray(values, dtype=float)
    spread = values.var(ddof=ddof) if variance else values.std(ddof=ddof)
    n = len(values)
    return float(values.mean()), float((t if times_t else 1.0) * spread / (np.sqrt(n) if root else n))


EXERCISES = [
    Exercise(
        name="count_params", lesson="17",
        concept="a Dense layer from n_in to n_out holds n_in * n_out weights and n_out biases",
        cases=[case(sizes=[2, 4, 4, 3]),
               case(sizes=[784, 128, 10]),
               case(sizes=[3, 1]),
               case(sizes=[5, 7, 2, 9, 1]),
               case(hidden=True, sizes=[10, 20, 30, 40, 50, 60])],
        exact=True,
        nudges=("Count layer by layer: each pair of neighbouring widths (n_in, n_out) is one Dense "
                "layer, with its weights and its biases.",
                "sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))."),
        mistakes=[
            Mistake(lambda sizes: sum(a * b for a, b in _pairs(sizes)),
                    "every neuron also has a bias: add n_out for each layer.",
                    "Each layer holds n_in * n_out + n_out parameters."),
            Mistake(lambda sizes: sum(sizes),
                    "that counts the neurons; count the connections between layers and the biases.",
                    "Each layer holds n_in * n_out weights plus n_out biases."),
            Mistake(lambda sizes: sum(a * b + a for a, b in _pairs(sizes)),
                    "the biases belong to the layer's outputs, one per neuron it computes.",
                    "Add n_out biases per layer, not n_in."),
            Mistake(lambda sizes: sum(a * b + 1 for a, b in _pairs(sizes)),
                    "each neuron has its own bias, not one per layer.",
                    "Add n_out biases per layer: n_in * n_out + n_out."),
            Mistake(lambda sizes: sum(a * b for a, b in _pairs(sizes)) + sum(sizes),
                    "the input values are not neurons: they have no bias.",
                    "Add biases for every layer's outputs only: n_out per layer."),
        ]),
    Exercise(
        name="mean_and_interval", lesson="17",
        concept="the 95% interval of a mean over seeds is mean ± t · s / √n, with s the sample "
                "standard deviation",
        cases=[case(values=np.array([0.90, 0.92, 0.94, 0.96, 0.98]), t=2.776),
               case(values=np.array([1.0, 3.0]), t=12.706),
               case(values=np.array([0.5, 0.8, 0.6, 0.9, 0.7, 0.4, 0.6, 0.7, 0.8, 0.95]), t=2.262),
               case(hidden=True, values=np.array([0.25, 0.35, 0.3]), t=4.303)],
        outputs=("mean", "half_width"), dtype="float",
        nudges=("The half-width is t times the standard error of the mean; the standard error uses "
                "the sample standard deviation (n - 1 in its denominator) divided by √n.",
                "mean = values.mean(); half_width = t * values.std(ddof=1) / np.sqrt(len(values))."),
        mistakes=[
            Mistake(lambda values, t: _interval(values, t, ddof=0),
                    "the seeds are a sample: its standard deviation divides by n - 1, not by n.",
                    "values.std(ddof=1)."),
            Mistake(lambda values, t: _interval(values, t, root=False),
                    "the standard error of a mean shrinks with √n, not with n.",
                    "Divide the standard deviation by np.sqrt(len(values))."),
            Mistake(lambda values, t: _interval(values, t, times_t=False),
                    "that is the standard error; the 95% interval reaches t standard errors either "
                    "side.",
                    "Multiply by t: t * values.std(ddof=1) / np.sqrt(n)."),
            Mistake(lambda values, t: (float(np.mean(values)), float(np.std(values, ddof=1))),
                    "the standard deviation says how far one seed's result moves; the interval is "
                    "for the mean of n of them.",
                    "half_width = t * values.std(ddof=1) / np.sqrt(len(values))."),
            Mistake(lambda values, t: _interval(values, t, variance=True),
                    "that uses the variance; the interval needs the standard deviation, its square "
                    "root.",
                    "values.std(ddof=1), not values.var(ddof=1)."),
        ]),
]
