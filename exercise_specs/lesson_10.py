"""Lesson 10 · initialisation and normalisation: He's scale, batch normalisation's forward pass, and
batch norm on a batch of one (predict, then run)."""
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


X = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0], [2.0, 2.0, 0.5], [-2.0, 4.0, 2.0]])

EXERCISES = [
    Exercise(
        name="he_std", lesson="10",
        concept="He's scale for ReLU layers, from the variance argument",
        cases=[case(fan_in=128), case(fan_in=784), case(fan_in=2), case(hidden=True, fan_in=50)],
        dtype="float",
        nudges=("The variance argument gives Var(w) = 2 / fan_in for ReLU layers; you are asked for "
                "a standard deviation.",
                "The standard deviation is the square root of the variance: np.sqrt(2 / fan_in)."),
        mistakes=[
            Mistake(lambda fan_in: 2.0 / fan_in,
                    "that is the variance 2 / fan_in; the standard deviation is its square root.",
                    "np.sqrt(2 / fan_in)."),
            Mistake(lambda fan_in: np.sqrt(1.0 / fan_in),
                    "ReLU zeroes half of its inputs, which halves the variance: He doubles it back.",
                    "np.sqrt(2 / fan_in), not np.sqrt(1 / fan_in)."),
            Mistake(lambda fan_in: 0.01 + 0.0 * fan_in,
                    "a fixed small scale fades over many layers (the `normal 0.01` lines): it must "
                    "shrink with fan_in.",
                    "np.sqrt(2 / fan_in)."),
            Mistake(lambda fan_in: np.sqrt(fan_in / 2.0),
                    "the scale must shrink as fan_in grows: more inputs add up to a larger sum.",
                    "np.sqrt(2 / fan_in): fan_in goes in the denominator."),
            Mistake(lambda fan_in: np.sqrt(2.0) / fan_in,
                    "the root applies to the whole variance 2 / fan_in, fan_in included.",
                    "np.sqrt(2 / fan_in)."),
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
        dtype="float",
        nudges=("Each feature (a column) is standardised over the batch (the rows): subtract its "
                "mean, divide by its standard deviation, then scale by gamma and shift by beta.",
                "mean = x.mean(axis=0); var = x.var(axis=0); "
                "x_hat = (x - mean) / np.sqrt(var + eps); the result is gamma * x_hat + beta."),
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
        ]),
    Exercise(
        name="bn_alone", lesson="10", kind="value",
        concept="batch norm in training mode standardises with the batch's own statistics, which a "
                "batch of one does not have",
        nudges=("In training mode the mean and variance come from the batch itself. What are they "
                "when the batch holds one example?",
                "The mean of one number is that number, so x - mean = 0 and the standardised value "
                "is 0; then the layer scales by gamma and shifts by beta."),
        mistakes=[
            Mistake(3.0, "that is the input unchanged; batch norm subtracts the batch's mean first.",
                    "A batch of one has mean 3.0: the example minus its batch's mean is 0."),
            Mistake(6.5, "that is gamma * x + beta: it skips the standardisation.",
                    "The example is first standardised with its batch's mean (3.0 here), which "
                    "leaves 0; then gamma * 0 + beta."),
            Mistake(0.0, "the standardised value is indeed 0, but the layer then scales and shifts "
                         "it.",
                    "gamma * 0 + beta: beta is what is left."),
            Mistake(2.5, "a standardised value is not always 1: here the spread of the batch is 0, "
                         "and the example equals the mean.",
                    "x - mean = 0, so the standardised value is 0 (eps keeps the division finite); "
                    "gamma * 0 + beta."),
            Mistake(2.0, "that is gamma alone; the standardised value it multiplies is 0.",
                    "gamma * 0 + beta: beta is what is left."),
        ]),
]
