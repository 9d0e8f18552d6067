"""Lesson 10 · initialisation and normalisation: the variance through a leaky ReLU stack (derive, then
verify), batch normalisation's forward pass, and batch norm on a batch of one (predict, then run)."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case


def _bn(x, gamma, beta, eps, axis=0, ddof=0, eps_outside=False, scale=True, by_variance=False):
    mean = x.mean(axis=axis, keepdims=True)
    var = x.var(axis=axis, ddof=ddof, keepdims=True)
    if by_variance:
        spread = var + eps
    elif eps_outside:
        spread = np.sqrt(var) + eps
    else:
        spread = np.sqrt(var + eps)
    x_hat = (x - mean) / spread
    return gamma * x_hat + beta if scale else x_hat


def _bn_in_place(x, gamma, beta, eps):
    x -= x.mean(axis=0)                   # standardises the caller's array
    x /= np.sqrt(x.var(axis=0) + eps)
    return gamma * x + beta


def _stack(var_x, fan_in, var_w, depth, slope, first_through=False, kept="right", fan=True):
    """The last pre-activation's variance, with knobs for the typical mistakes."""
    share = {"right": (1 + slope ** 2) / 2, "slope": (1 + slope) / 2, "none": 1.0,
             "variance": (1 + slope ** 2) / 2 - (1 - slope) ** 2 / (2 * np.pi)}[kept]
    factor = (fan_in if fan else 1) * var_w
    first = factor * var_x * (share if first_through else 1.0)
    return first * (factor * share) ** (depth - 1)


def _mean_square_through(slope, var_z, points=200001):
    """E[leaky_relu(z)²] for z ~ N(0, var_z), by the trapezoid rule on each half of the line."""
    spread, total = np.sqrt(var_z), 0.0
    for z, scale in ((np.linspace(0, 12 * spread, points), 1.0),
                     (np.linspace(-12 * spread, 0, points), slope)):
        f = (scale * z) ** 2 * np.exp(-z ** 2 / (2 * var_z)) / np.sqrt(2 * np.pi * var_z)
        total += np.sum((f[1:] + f[:-1]) / 2 * np.diff(z))
    return total


def _layer_by_layer(var_x, fan_in, var_w, depth, slope):
    """The verification: a sum of fan_in independent products per layer, and between layers the
    mean square leaky ReLU passes on, integrated numerically rather than in closed form."""
    variance = fan_in * var_w * var_x
    for _ in range(depth - 1):
        variance = fan_in * var_w * _mean_square_through(slope, variance)
    return variance


X = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0], [2.0, 2.0, 0.5], [-2.0, 4.0, 2.0]])

EXERCISES = [
    Exercise(
        name="leaky_stack_variance", lesson="10", kind="derive",
        concept="how the variance of a layer's pre-activations follows from its fan-in, the spread "
                "of its weights and what the activation before it passes on, compounded over the "
                "depth",
        cases=[case(var_x=1.0, fan_in=128, var_w=2 / 128, depth=1, slope=0.0),
               case(var_x=1.0, fan_in=128, var_w=2 / 128, depth=10, slope=0.0),
               case(var_x=1.0, fan_in=128, var_w=1 / 128, depth=5, slope=0.0),
               case(var_x=2.0, fan_in=64, var_w=1 / 64, depth=3, slope=1.0),
               case(var_x=1.0, fan_in=100, var_w=0.02, depth=4, slope=0.2),
               case(hidden=True, var_x=0.5, fan_in=256, var_w=0.01, depth=6, slope=0.5),
               case(hidden=True, var_x=3.0, fan_in=50, var_w=0.04, depth=2, slope=0.0)],
        dtype="float",
        verify=_layer_by_layer,
        verify_note="a layer-by-layer numerical integration of what each activation passes on",
        nudges=("Follow one pre-activation from the input to the last layer: what does a sum of "
                "fan_in independent products do to the variance, and how much of its input's "
                "second moment does the activation between two layers pass on?",
                "Three pieces: the first layer sees the centred input itself, with no activation "
                "before it; every later layer sees activations, and what counts there is their "
                "mean square, not their variance; for leaky ReLU, work out the positive and the "
                "negative half of a symmetric z separately."),
        mistakes=[
            Mistake(lambda var_x, fan_in, var_w, depth, slope:
                    _stack(var_x, fan_in, var_w, depth, slope, first_through=True),
                    "the input goes straight into the first layer: no activation acts on it, so "
                    "nothing of its variance is lost there.",
                    "Count the activations: a stack of depth layers has depth - 1 of them before "
                    "the last pre-activation."),
            Mistake(lambda var_x, fan_in, var_w, depth, slope:
                    _stack(var_x, fan_in, var_w, depth, slope, kept="slope"),
                    "a negative input is multiplied by the slope, so its square is multiplied by "
                    "the slope squared.",
                    "Split the second moment into the positive half of z (passed on whole) and "
                    "the negative half (scaled by the slope, then squared)."),
            Mistake(lambda var_x, fan_in, var_w, depth, slope:
                    _stack(var_x, fan_in, var_w, depth, slope, kept="variance"),
                    "the next layer's variance needs the mean square of the activations, not "
                    "their variance: with weights of mean 0, a nonzero mean of the inputs adds "
                    "to the spread of z as much as their variance does.",
                    "Each product w·x has variance Var(w) times the mean square of x; ReLU's "
                    "outputs have a mean above 0, and it counts."),
            Mistake(lambda var_x, fan_in, var_w, depth, slope:
                    _stack(var_x, fan_in, var_w, depth, slope, kept="none"),
                    "the activations between the layers change the second moment: ReLU sets half "
                    "of a symmetric z to 0.",
                    "Work out what share of E[z²] leaky ReLU passes on, for slope 0 and for "
                    "slope 1 first."),
            Mistake(lambda var_x, fan_in, var_w, depth, slope: fan_in * var_w * var_x,
                    "that is the first layer only; every further layer multiplies the variance "
                    "by its own factor.",
                    "The factor of one layer, compounded over the depth - 1 layers after the "
                    "first."),
            Mistake(lambda var_x, fan_in, var_w, depth, slope:
                    np.sqrt(_stack(var_x, fan_in, var_w, depth, slope)),
                    "that is a standard deviation; the question asks for a variance.",
                    "Variances of independent terms add; standard deviations do not. Keep the "
                    "whole derivation in variances."),
            Mistake(lambda var_x, fan_in, var_w, depth, slope:
                    _stack(var_x, fan_in, var_w, depth, slope, fan=False),
                    "each pre-activation is a sum of fan_in products, and the variances of "
                    "independent terms add up.",
                    "One layer's factor grows with fan_in: the lesson's measurement had 128 "
                    "inputs per unit."),
        ]),
    Exercise(
        name="batch_norm_forward", lesson="10",
        concept="batch normalisation in training mode: each feature standardised over the batch, "
                "then scaled and shifted",
        cases=[case(x=X, gamma=np.array([1.0, 1.0, 1.0]), beta=np.array([0.0, 0.0, 0.0]), eps=1e-5),
               case(x=X, gamma=np.array([2.0, 0.5, -1.0]), beta=np.array([0.0, 1.0, -0.5]), eps=1e-5),
               case(x=X[:2, :2].T * 10, gamma=np.array([1.0, 3.0]), beta=np.array([0.5, 0.0]),
                    eps=0.01),
               case(x=X[:, :1] * 0 + 5.0, gamma=np.array([1.5]), beta=np.array([0.25]), eps=0.001),
               case(hidden=True, x=X.T.copy(), gamma=np.array([1.0, -2.0, 0.5, 1.0]),
                    beta=np.array([0.1, 0.2, 0.3, 0.4]), eps=1e-3)],
        dtype="float", pure=True,
        nudges=("Each feature (a column) is standardised over the batch (the rows): subtract its "
                "mean, divide by its standard deviation, then scale by gamma and shift by beta.",
                "Work down each column: its mean and its variance over the rows (dividing by the "
                "batch size), eps inside the root; then gamma and beta act feature by feature. "
                "Build the result as a new array: x belongs to the layer before."),
        mistakes=[
            Mistake(lambda x, gamma, beta, eps: _bn(x, gamma, beta, eps, axis=1),
                    "each feature is a column: take its mean and variance over the batch, down the "
                    "rows.",
                    "x.mean(axis=0) and x.var(axis=0)."),
            Mistake(lambda x, gamma, beta, eps: _bn(x, gamma, beta, eps, ddof=1),
                    "in training BatchNorm uses the batch's own (biased) variance: the mean of the "
                    "squared deviations, divided by the batch size.",
                    "x.var(axis=0), which has ddof=0, not ddof=1."),
            Mistake(lambda x, gamma, beta, eps: _bn(x, gamma, beta, eps, by_variance=True),
                    "dividing by the variance does not give spread 1; divide by the standard "
                    "deviation.",
                    "(x - mean) / np.sqrt(var + eps)."),
            Mistake(lambda x, gamma, beta, eps: _bn(x, gamma, beta, eps, scale=False),
                    "after standardising, each feature is scaled by gamma and shifted by beta.",
                    "Scale and shift each feature: gamma * x_hat + beta."),
            Mistake(lambda x, gamma, beta, eps: _bn(x, gamma, beta, eps, eps_outside=True),
                    "eps is added to the variance, inside the square root.",
                    "np.sqrt(var + eps), not np.sqrt(var) + eps."),
            Mistake(_bn_in_place,
                    "your function standardised the caller's x in place: the layer before still "
                    "holds that array, and its backward pass needs it as it was.",
                    "Compute into a new array (x - mean creates one; x -= mean does not)."),
        ]),
    Exercise(
        name="bn_alone", lesson="10", kind="value",
        concept="batch norm in training mode standardises with the batch's own statistics, which a "
                "batch of one does not have",
        nudges=("In training mode the mean and variance come from the batch itself. What are they "
                "when the batch holds one example?",
                "What is the mean of a batch that holds one number, and so what is left after "
                "subtracting it? The layer's learned scale and shift then act on what is left."),
        mistakes=[
            Mistake(3.0, "that is the input unchanged; batch norm subtracts the batch's mean first.",
                    "A batch of one has mean 3.0: the example minus its batch's mean is 0."),
            Mistake(6.5, "that is gamma * x + beta: it skips the standardisation.",
                    "The example is first standardised with its own batch's mean (3.0 here): what "
                    "is left of it? Only then do gamma and beta act."),
            Mistake(0.0, "the standardised value is indeed 0, but the layer then scales and shifts "
                         "it.",
                    "Apply the layer's two learned numbers to that 0, in the order the layer "
                    "does: which of them can change a 0?"),
            Mistake(2.5, "a standardised value is not always 1: here the spread of the batch is 0, "
                         "and the example equals the mean.",
                    "x - mean = 0, so the standardised value is 0 (eps keeps the division finite); "
                    "now apply the layer's scale and shift to that 0."),
            Mistake(2.0, "that is gamma alone; the standardised value it multiplies is 0.",
                    "gamma only scales; the layer has a second learned number, added after the "
                    "scaling."),
        ]),
]
