"""Lesson 18 · playground: predicting what a one-neuron first layer allows, and comparing two settings
seed by seed."""
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
        name="seeds_reaching_90", lesson="18", kind="value",
        concept="a one-neuron first layer passes on one number per point, the same along every "
                "straight line where its weighted sum is constant, so no later layer can separate "
                "those points",
        exact=True,
        nudges=("Give a count of seeds from 0 to 5. Then think about what the 8 neurons of the "
                "second layer receive for each point.",
                "They receive one number, tanh(w1*x1 + w2*x2 + b), which is the same for every "
                "point on a straight line where w1*x1 + w2*x2 is constant."),
        mistakes=[
            Mistake(5, "the 8 neurons after the first can bend only what they receive, and they "
                       "receive one number per point: the one neuron's tanh(w1*x1 + w2*x2 + b).",
                    "Which points get the same number from that one neuron? Whatever the later "
                    "layers decide for one of them, they decide for all of them."),
            Mistake(4, "this is not a matter of luck: the limit is in what the one neuron can pass "
                       "on, so every seed meets it.",
                    "Every point on a straight line where w1*x1 + w2*x2 is constant gets the same "
                    "number; can a ring be told from the disc inside it along such lines?"),
            Mistake(3, "this is not a matter of luck: the limit is in what the one neuron can pass "
                       "on, so every seed meets it.",
                    "Every point on a straight line where w1*x1 + w2*x2 is constant gets the same "
                    "number; can a ring be told from the disc inside it along such lines?"),
            Mistake(2, "this is not a matter of luck: the limit is in what the one neuron can pass "
                       "on, so every seed meets it.",
                    "Every point on a straight line where w1*x1 + w2*x2 is constant gets the same "
                    "number; can a ring be told from the disc inside it along such lines?"),
            Mistake(1, "this is not a matter of luck: the limit is in what the one neuron can pass "
                       "on, so every seed meets it.",
                    "Every point on a straight line where w1*x1 + w2*x2 is constant gets the same "
                    "number; can a ring be told from the disc inside it along such lines?"),
        ]),
    Exercise(
        name="paired_interval", lesson="18",
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
