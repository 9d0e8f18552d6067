"""Lesson 17 · playground: counting a network's parameters, and comparing two settings seed by seed."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _pairs(sizes):
    return list(zip(sizes[:-1], sizes[1:]))


def _interval(values, t, ddof=1, root=True, times_t=True, variance=False):
    values = np.asarray(values, dtype=float)
    spread = values.var(ddof=ddof) if variance else values.std(ddof=ddof)
    n = len(values)
    return float(values.mean()), float((t if times_t else 1.0) * spread / (np.sqrt(n) if root else n))


A = np.array([0.97, 0.96, 0.98, 0.95, 0.97])   # one setting's result per seed
B = np.array([0.93, 0.90, 0.96, 0.86, 0.95])   # another's, the same seeds

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
        name="paired_interval", lesson="17",
        concept="two settings run with the same seeds are compared by the interval of their "
                "per-seed differences",
        cases=[case(a=A, b=B, t=2.776),
               case(a=np.array([0.62, 0.55, 0.70, 0.58]), b=np.array([0.60, 0.56, 0.64, 0.51]), t=3.182),
               case(a=np.array([1.0, 3.0]), b=np.array([0.0, 0.0]), t=12.706),
               case(a=B, b=A, t=2.776),
               case(hidden=True, a=np.array([0.25, 0.35, 0.3, 0.4, 0.2, 0.3]),
                    b=np.array([0.2, 0.3, 0.3, 0.3, 0.25, 0.2]), t=2.571)],
        outputs=("mean_difference", "half_width"), dtype="float",
        nudges=("Work with one number per seed: the difference a[i] - b[i]. Its mean is the "
                "estimate; the interval is the usual interval of a mean, computed on those "
                "differences.",
                "d = a - b; return d.mean(), t * d.std(ddof=1) / np.sqrt(len(d))."),
        mistakes=[
            Mistake(lambda a, b, t: (float(np.mean(a) - np.mean(b)),
                                     float(t * np.sqrt(np.var(a, ddof=1) / len(a)
                                                       + np.var(b, ddof=1) / len(b)))),
                    "that interval treats the two settings as unrelated runs; with the same seeds, "
                    "what the seeds share cancels in each difference. Use the spread of the "
                    "differences.",
                    "d = a - b, then the interval of d's mean."),
            Mistake(lambda a, b, t: _interval(b - a, t),
                    "you computed b - a; the task asks for a - b (positive when a is higher).",
                    "d = a - b."),
            Mistake(lambda a, b, t: _interval(a - b, t, ddof=0),
                    "the seeds are a sample: the standard deviation divides by n - 1, not by n.",
                    "np.std(d, ddof=1)."),
            Mistake(lambda a, b, t: _interval(a - b, t, root=False),
                    "the standard error of a mean shrinks with the square root of n, not with n.",
                    "Divide the standard deviation by np.sqrt(len(d))."),
            Mistake(lambda a, b, t: _interval(a - b, t, times_t=False),
                    "that is the standard error; the 95% interval reaches t standard errors either "
                    "side.",
                    "Multiply by t."),
            Mistake(lambda a, b, t: (float(np.mean(a - b)), float(np.std(a - b, ddof=1))),
                    "that is how far one seed's difference moves; the interval is for the mean of "
                    "n of them.",
                    "t * np.std(d, ddof=1) / np.sqrt(len(d))."),
        ]),
]
