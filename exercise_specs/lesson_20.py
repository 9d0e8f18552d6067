"""Lesson 20 · playground: predicting where a one-neuron layer limits a network (predict, run,
explain), and comparing two settings seed by seed."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _interval(values, t, ddof=1, root=True, times_t=True, variance=False):
    values = np.asarray(values, dtype=float)
    spread = values.var(ddof=ddof) if variance else values.std(ddof=ddof)
    n = len(values)
    return float(values.mean()), float((t if times_t else 1.0) * spread / (np.sqrt(n) if root else n))


A = np.array([0.97, 0.96, 0.98, 0.95, 0.97])   # one setting's result per seed
B = np.array([0.93, 0.90, 0.96, 0.86, 0.95])   # another's, the same seeds

EXERCISES = [
    Exercise(
        name="bottleneck_position", lesson="20", kind="predict",
        concept="what a layer can pass on to the layers after it, and whether the position of a "
                "one-neuron layer matters",
        options={"first": "the one neuron first (2-1-8-2)", "second": "the one neuron second (2-8-1-2)"},
        better="higher",
        reasons={"a": "a one-neuron layer right before the output hands it one number to build both "
                      "class scores from; first in line, 8 neurons after it can make up for it",
                 "b": "one neuron first in line gives all points on a straight line the same number, "
                      "and no later layer can split them again; second in line, it gets what 8 "
                      "neurons bent",
                 "c": "a single tanh neuron saturates and blocks the gradient to every layer before "
                      "it, so the network with no layer before its one neuron trains better",
                 "d": "neither position matters: both shapes have 37 parameters and can draw the "
                      "same boundaries, so with five seeds either wins about as often, by luck"},
        reason="b",
        reason_hints={
            "a": ("one number is enough for an output layer to tell classes apart (in Experiment 4, "
                  "seed 4 laid three spiral arms along one number). What matters is which points "
                  "arrive with the same number.",
                  "Think about what the 8 neurons after a first-in-line single neuron receive for "
                  "each point: how many numbers, and which points get the same one?"),
            "c": ("saturation would hurt 2-8-1-2 in training, yet look at the training accuracies: "
                  "it is 2-1-8-2 that stays low on its own points, so its limit is what it can "
                  "draw, not how its gradient flows.",
                  "The experiment prints the first layer of 2-1-8-2 as tanh of a weighted sum of x1 "
                  "and x2: which points share the same value of that sum?"),
            "d": ("the run says otherwise: the paired difference is positive on every seed, far "
                  "outside what luck gives five seeds. The same parameter count does not mean the "
                  "same boundaries: the limit is built into one of the two shapes.",
                  "Luck would scatter the winners; look instead at what a single neuron first in "
                  "line can pass on about a point of the plane."),
        },
        nudges=("Compare the two networks' training accuracies as well as their test accuracies: "
                "one of them cannot even fit its own points.",
                "A single neuron first in line sees x1 and x2 and passes on one number per point. "
                "Which points get the same number, and can anything after it separate them again?")),
    Exercise(
        name="paired_interval", lesson="20",
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
                "The half-width is t standard errors of the mean of the differences, with the "
                "sample standard deviation (n - 1 in its denominator) and n the number of seeds."),
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
                    "How much less does the mean of n seeds' differences move than one difference "
                    "does? That smaller spread is what t multiplies."),
        ]),
]
